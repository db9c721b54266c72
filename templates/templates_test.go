package templates_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/tokengen/tokengen/generator"
	"github.com/tokengen/tokengen/templates"
)

// TestStarterLoads checks that the starter schema is valid and declares what
// the documentation of Starter lists.
func TestStarterLoads(t *testing.T) {
	s, err := generator.Load("tokens.yaml", templates.Starter())
	if err != nil {
		t.Fatalf("Load(\"tokens.yaml\", Starter()) failed:\n%v", err)
	}

	var scopes []string
	for _, scope := range s.Scopes {
		scopes = append(scopes, scope.Name)
	}
	if want := []string{"read:orders", "write:orders", "admin"}; !slices.Equal(scopes, want) {
		t.Errorf("starter scopes = %q, want %q", scopes, want)
	}

	if len(s.Tokens) != 1 {
		t.Fatalf("starter has %d token kinds, want 1", len(s.Tokens))
	}
	access := s.Tokens[0]
	if access.Name != "Access" {
		t.Errorf("starter token kind = %q, want \"Access\"", access.Name)
	}
	if access.Lifespan == 0 {
		t.Errorf("starter Access lifespan is not set, want one")
	}
	if access.Issuer == "" {
		t.Errorf("starter Access issuer is empty, want one")
	}
	if len(access.Audience) == 0 {
		t.Errorf("starter Access audience is empty, want one")
	}
	var claims []string
	for _, c := range access.Claims {
		claims = append(claims, c.Key)
	}
	if want := []string{"tenant", "roles", "plan"}; !slices.Equal(claims, want) {
		t.Errorf("starter Access claims = %q, want %q", claims, want)
	}
}

func TestStarterGenerates(t *testing.T) {
	s, err := generator.Load("tokens.yaml", templates.Starter())
	if err != nil {
		t.Fatalf("Load(\"tokens.yaml\", Starter()) failed:\n%v", err)
	}
	if _, err := generator.Generate(s, generator.Options{Package: "authz"}); err != nil {
		t.Errorf("Generate(starter, {Package: \"authz\"}) failed:\n%v", err)
	}
}

func TestStarterReturnsCopy(t *testing.T) {
	first := templates.Starter()
	want := bytes.Clone(first)
	first[0] = 'X'
	if got := templates.Starter(); !bytes.Equal(got, want) {
		t.Errorf("Starter() after changing an earlier result starts with %q, want %q", got[:20], want[:20])
	}
}

// TestStarterNamesJSONSchema checks that the starter's first line points
// editors at the JSON Schema of this repository, and that the schema and
// the line name the same URL.
func TestStarterNamesJSONSchema(t *testing.T) {
	const prefix = "# yaml-language-server: $schema="
	first, _, _ := strings.Cut(string(templates.Starter()), "\n")
	url, ok := strings.CutPrefix(first, prefix)
	if !ok {
		t.Fatalf("starter's first line = %q, want it to start with %q", first, prefix)
	}

	const repoURL = "https://raw.githubusercontent.com/tokengen/tokengen/main/"
	path, ok := strings.CutPrefix(url, repoURL)
	if !ok {
		t.Fatalf("starter's JSON Schema URL %q is not a file of %s", url, repoURL)
	}
	data, err := os.ReadFile(filepath.Join("..", filepath.FromSlash(path)))
	if err != nil {
		t.Fatalf("starter names %s, which the repository lacks: %v", path, err)
	}
	var schema struct {
		ID string `json:"$id"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		t.Fatalf("%s is not JSON: %v", path, err)
	}
	if schema.ID != url {
		t.Errorf("%s has $id %q, want the starter's URL %q", path, schema.ID, url)
	}
}
