package generator

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"slices"
	"strings"
	"testing"
	"time"
)

// allFive is the set of registered claims that require and verify default
// to.
func allFive() map[RegisteredClaim]bool {
	return map[RegisteredClaim]bool{ClaimExp: true, ClaimNbf: true, ClaimIat: true, ClaimAud: true, ClaimIss: true}
}

// noneOfFive is require: [] as Load fills it.
func noneOfFive() map[RegisteredClaim]bool {
	return map[RegisteredClaim]bool{ClaimExp: false, ClaimNbf: false, ClaimIat: false, ClaimAud: false, ClaimIss: false}
}

// claim builds a custom claim whose JSON name is its key.
func claim(key string, typ ClaimType) *Claim {
	return &Claim{Key: key, JSONName: key, Type: typ}
}

// ordersSchema is the schema of the design document, built by hand.
func ordersSchema() *Schema {
	plan := claim("plan", TypeString)
	plan.Enum = []*EnumValue{{Value: "free"}, {Value: "pro"}}
	quota := claim("quota", TypeInt64)
	quota.JSONName = "q"
	limits := claim("limits", TypeObject)
	limits.Claims = []*Claim{claim("rps", TypeInt)}
	tenant := claim("tenant", TypeString)
	tenant.Required = true
	tenant.Doc = "Tenant the user belongs to."
	return &Schema{
		File:    "testdata/orders/tokens.yaml",
		Version: 1,
		Package: "authz",
		Scopes: []*Scope{
			{Name: "read:orders", Doc: "Read orders"},
			{Name: "write:orders", Doc: "Create and change orders"},
			{Name: "admin", Doc: "Everything"},
		},
		Tokens: []*Token{{
			Name:            "Access",
			Doc:             "Sent with every API call.",
			Lifespan:        15 * time.Minute,
			Issuer:          "https://auth.example.test",
			Audience:        []string{"orders-api"},
			Algorithm:       "HS256",
			Leeway:          30 * time.Second,
			Require:         allFive(),
			Verify:          allFive(),
			VerifySignature: true,
			Claims: []*Claim{
				tenant, claim("roles", TypeStrings), plan, quota, claim("login_at", TypeTime), limits,
			},
		}},
	}
}

// minimalSchema has one HS512 token kind without custom claims or scopes.
func minimalSchema() *Schema {
	return &Schema{
		File:    "tokens.yaml",
		Version: 1,
		Tokens: []*Token{{
			Name:            "Session",
			Lifespan:        time.Hour,
			Algorithm:       "HS512",
			Require:         noneOfFive(),
			Verify:          allFive(),
			VerifySignature: true,
		}},
	}
}

func TestGenerateHeader(t *testing.T) {
	got, err := Generate(ordersSchema(), Options{})
	if err != nil {
		t.Fatalf("Generate(orders) error: %v", err)
	}
	wantStart := HeaderLine + "\n// source: tokens.yaml\n\npackage authz\n"
	if !bytes.HasPrefix(got, []byte(wantStart)) {
		t.Errorf("Generate(orders) starts with\n%s\nwant\n%s", firstLines(got, 4), wantStart)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "tokens.go", got, parser.ParseComments)
	if err != nil {
		t.Fatalf("parse generated code: %v", err)
	}
	if !ast.IsGenerated(f) {
		t.Errorf("ast.IsGenerated(generated file) = false, want true")
	}
}

// firstLines returns the first n lines of b.
func firstLines(b []byte, n int) string {
	lines := strings.SplitN(string(b), "\n", n+1)
	if len(lines) > n {
		lines = lines[:n]
	}
	return strings.Join(lines, "\n")
}

// withClaims returns the minimal schema with a package and the given
// claims on its Session kind.
func withClaims(claims ...*Claim) *Schema {
	s := minimalSchema()
	s.Package = "session"
	s.Tokens[0].Claims = claims
	return s
}

func TestGenerateErrors(t *testing.T) {
	required := func(c *Claim) *Claim { c.Required = true; return c }
	enum := func(c *Claim, values ...string) *Claim {
		for _, v := range values {
			c.Enum = append(c.Enum, &EnumValue{Value: v})
		}
		return c
	}
	object := func(c *Claim, claims ...*Claim) *Claim { c.Claims = claims; return c }
	renamed := func(c *Claim, jsonName string) *Claim { c.JSONName = jsonName; return c }
	twoScopes := withClaims()
	twoScopes.Scopes = []*Scope{{Name: "read:orders"}, {Name: "read-orders"}}

	tests := []struct {
		desc    string
		schema  *Schema
		opts    Options
		wantErr string
	}{
		{"nil schema", nil, Options{}, "schema is nil"},
		{"no package", minimalSchema(), Options{}, "no package name: the schema sets no package and Options.Package is empty"},
		{"invalid option package", minimalSchema(), Options{Package: "my-authz"}, `invalid package name "my-authz": it must be a Go identifier other than _`},
		{"blank package", minimalSchema(), Options{Package: "_"}, `invalid package name "_"`},
		{"scopes with one Go name", twoScopes, Options{}, `scope "read:orders" and scope "read-orders" both get the Go name ScopeReadOrders; rename one of them in the schema`},
		{"claim named like uid's field", withClaims(claim("user_id", TypeString)), Options{}, `the uid claim's field SessionClaims.UserID and claim "user_id" of Session both get the Go name UserID`},
		{"claim named like a promoted field", withClaims(claim("issuer", TypeString)), Options{}, `the promoted field SessionClaims.Issuer and claim "issuer" of Session both get the Go name Issuer`},
		{"object type named like the handler", withClaims(object(claim("handler", TypeObject), claim("x", TypeInt))), Options{}, `the Session handler type and claim "handler" of Session (its object type) both get the Go name SessionHandler`},
		{"enum values with one Go name", withClaims(enum(claim("mode", TypeString), "read-only", "read_only")), Options{}, `enum value "read-only" of claim "mode" of Session and enum value "read_only" of claim "mode" of Session both get the Go name SessionModeReadOnly`},
		{"claim key without a Go name", withClaims(claim("2fa", TypeBool)), Options{}, `claim "2fa" of Session gets the Go name "2fa", which is not a valid identifier`},
		{"nested claims with one Go name", withClaims(object(renamed(claim("device", TypeObject), "dev"), claim("os_name", TypeString), claim("osName", TypeString))), Options{}, `claim "device.os_name" of Session and claim "device.osName" of Session both get the Go name OsName`},
		{"required claims with one parameter", withClaims(required(claim("api_url", TypeString)), required(claim("apiurl", TypeString))), Options{}, `claim "api_url" of Session (its constructor parameter) and claim "apiurl" of Session (its constructor parameter) both get the Go name apiurl`},
	}
	for _, tt := range tests {
		t.Run(tt.desc, func(t *testing.T) {
			got, err := Generate(tt.schema, tt.opts)
			if err == nil {
				t.Fatalf("Generate(%s) = %d bytes, nil; want error %q", tt.desc, len(got), tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Generate(%s) error:\n%v\nwant it to contain:\n%s", tt.desc, err, tt.wantErr)
			}
		})
	}
}

func TestGeneratePackageName(t *testing.T) {
	tests := []struct {
		desc          string
		schemaPackage string
		optsPackage   string
		wantClause    string
	}{
		{"option only", "", "session", "package session\n"},
		{"schema only", "authz", "", "package authz\n"},
		{"schema over option", "authz", "session", "package authz\n"},
	}
	for _, tt := range tests {
		s := minimalSchema()
		s.Package = tt.schemaPackage
		got, err := Generate(s, Options{Package: tt.optsPackage})
		if err != nil {
			t.Fatalf("Generate(%s): %v", tt.desc, err)
		}
		if !bytes.Contains(got, []byte("\n"+tt.wantClause)) {
			t.Errorf("Generate(%s) has no line %q", tt.desc, tt.wantClause)
		}
	}
}

func TestGenerateSchemaDocs(t *testing.T) {
	s := withClaims(claim("note", TypeString))
	s.Tokens[0].Doc = "First line.\n/* not a block comment */\n// not a directive\n\nLast paragraph."
	s.Tokens[0].Claims[0].Doc = "A note.\n*/ still a comment"
	s.Scopes = []*Scope{{Name: "a", Doc: "One line"}, {Name: "b", Doc: "Two\nlines"}, {Name: "c"}}
	got, err := Generate(s, Options{})
	if err != nil {
		t.Fatalf("Generate: %v", err)
	}
	for _, want := range []string{
		"// SessionClaims are the claims of Session tokens.\n//\n// First line.\n// /* not a block comment */\n// // not a directive\n//\n// Last paragraph.\ntype SessionClaims struct",
		"\t// Note is the note claim, optional: nil means absent.\n\t// A note.\n\t// */ still a comment\n\tNote *string",
		"\t// ScopeA is the scope \"a\": One line\n",
		"\t// ScopeB is the scope \"b\".\n\t//\n\t// Two\n\t// lines\n",
		"\t// ScopeC is the scope \"c\".\n",
	} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("Generate output lacks:\n%s", want)
		}
	}
}

func TestGenerateExportedDocs(t *testing.T) {
	for _, dir := range goldenDirs(t) {
		if isErrorCase(dir) {
			continue
		}
		src := generateGolden(t, dir, loadGolden(t, dir))
		f, err := parser.ParseFile(token.NewFileSet(), "want.go", src, parser.ParseComments)
		if err != nil {
			t.Fatalf("parse %s output: %v", dir, err)
		}
		for _, missing := range undocumented(f) {
			t.Errorf("%s: exported %s has no doc comment", dir, missing)
		}
	}
}

// undocumented lists the exported declarations and struct fields of f that
// have no doc comment. A constant may take its group's doc.
func undocumented(f *ast.File) []string {
	var missing []string
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && d.Doc == nil {
				missing = append(missing, "func "+d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				missing = append(missing, undocumentedSpec(d, spec)...)
			}
		}
	}
	return missing
}

// undocumentedSpec lists what undocumented finds in one spec of decl.
func undocumentedSpec(decl *ast.GenDecl, spec ast.Spec) []string {
	var missing []string
	switch s := spec.(type) {
	case *ast.TypeSpec:
		if s.Name.IsExported() && decl.Doc == nil && s.Doc == nil {
			missing = append(missing, "type "+s.Name.Name)
		}
		if st, ok := s.Type.(*ast.StructType); ok {
			for _, field := range st.Fields.List {
				for _, name := range field.Names {
					if name.IsExported() && field.Doc == nil {
						missing = append(missing, "field "+s.Name.Name+"."+name.Name)
					}
				}
			}
		}
	case *ast.ValueSpec:
		for _, name := range s.Names {
			if name.IsExported() && decl.Doc == nil && s.Doc == nil {
				missing = append(missing, "value "+name.Name)
			}
		}
	}
	return missing
}

func TestUnexported(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"Access", "access"},
		{"APIKey", "apiKey"},
		{"ID", "id"},
		{"IDToken", "idToken"},
		{"A", "a"},
		{"access", "access"},
		{"HTTPServer2", "httpServer2"},
	}
	for _, tt := range tests {
		if got := unexported(tt.name); got != tt.want {
			t.Errorf("unexported(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParamName(t *testing.T) {
	tests := []struct {
		field string
		want  string
	}{
		{"Tenant", "tenant"},
		{"LoginAt", "loginAt"},
		{"APIURL", "apiurl"},
		{"Type", "type_"},
		{"Time", "time_"},
		{"String", "string_"},
		{"True", "true_"},
		{"Runtime", "runtime_"},
		{"Len", "len_"},
	}
	for _, tt := range tests {
		if got := paramName(tt.field); got != tt.want {
			t.Errorf("paramName(%q) = %q, want %q", tt.field, got, tt.want)
		}
	}
}

func TestDurationExpr(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{15 * time.Minute, "15 * time.Minute"},
		{90 * time.Minute, "90 * time.Minute"},
		{2 * time.Hour, "2 * time.Hour"},
		{1500 * time.Millisecond, "1500 * time.Millisecond"},
		{30 * time.Second, "30 * time.Second"},
		{3 * time.Microsecond, "3 * time.Microsecond"},
		{7, "time.Duration(7)"},
	}
	for _, tt := range tests {
		if got := fmt.Sprintf("%#v", durationExpr(tt.d)); got != tt.want {
			t.Errorf("durationExpr(%v) = %s, want %s", tt.d, got, tt.want)
		}
	}
}

func TestShortDuration(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{time.Hour, "1h"},
		{720 * time.Hour, "720h"},
		{15 * time.Minute, "15m"},
		{90 * time.Minute, "1h30m"},
		{time.Hour + time.Second, "1h0m1s"},
		{1500 * time.Millisecond, "1.5s"},
		{30 * time.Second, "30s"},
	}
	for _, tt := range tests {
		if got := shortDuration(tt.d); got != tt.want {
			t.Errorf("shortDuration(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestFormatSourceError(t *testing.T) {
	_, err := formatSource("tokens.yaml", []byte("package x\n\nfunc {\n"))
	if err == nil {
		t.Fatal("formatSource(invalid Go) succeeded, want an error")
	}
	for _, want := range []string{
		"generated code for tokens.yaml is not valid Go: 3:6:",
		"    1  package x\n",
		"    3  func {",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("formatSource(invalid Go) error:\n%v\nwant it to contain %q", err, want)
		}
	}
}

func TestSourceName(t *testing.T) {
	tests := []struct {
		file string
		want string
	}{
		{"tokens.yaml", "tokens.yaml"},
		{"api/auth/tokens.yaml", "tokens.yaml"},
		{"", ""},
		{"bad\nname.yaml", `"bad\nname.yaml"`},
	}
	for _, tt := range tests {
		if got := sourceName(tt.file); got != tt.want {
			t.Errorf("sourceName(%q) = %q, want %q", tt.file, got, tt.want)
		}
	}
}

func TestWrapWords(t *testing.T) {
	tests := []struct {
		line  string
		width int
		want  []string
	}{
		{"a bb ccc", 4, []string{"a bb", "ccc"}},
		{"a bb ccc", 8, []string{"a bb ccc"}},
		{"averylongword x", 4, []string{"averylongword", "x"}},
		{"", 4, nil},
	}
	for _, tt := range tests {
		if got := wrapWords(tt.line, tt.width); !slices.Equal(got, tt.want) {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tt.line, tt.width, got, tt.want)
		}
	}
}

// FuzzGenerateText checks that no text the schema passes through to the
// generated file (docs, scope descriptions, JSON names, enum values,
// issuer and audience) can make the file invalid Go.
func FuzzGenerateText(f *testing.F) {
	f.Add("Tenant the user belongs to.", "q", "pro", "https://auth.example.test")
	f.Add("*/ /* // \x00 \ufeff \r\n", "a\nb", "%w %q", "\"\\`")
	f.Add("\xff\xfe", "%", "free plan", "\n")
	f.Fuzz(func(t *testing.T, doc, jsonName, enumValue, issuer string) {
		c := claim("note", TypeString)
		c.Doc, c.JSONName = doc, jsonName
		c.Enum = []*EnumValue{{Value: "known"}, {Value: enumValue}}
		s := withClaims(c)
		s.Scopes = []*Scope{{Name: "read", Doc: doc}}
		s.Tokens[0].Doc, s.Tokens[0].Issuer = doc, issuer
		s.Tokens[0].Audience = []string{issuer, jsonName}

		_, err := Generate(s, Options{})
		if err != nil && strings.Contains(err.Error(), "not valid Go") {
			t.Fatalf("Generate(doc %q, JSON name %q, enum value %q, issuer %q) gave invalid Go:\n%v", doc, jsonName, enumValue, issuer, err)
		}
	})
}
