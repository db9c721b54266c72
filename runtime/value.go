package runtime

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// MaxJSONBody is the size limit, in bytes, of a request body that a
// JSONValue reads: 1 MiB. A rule reading a larger body fails.
const MaxJSONBody = 1 << 20

// maxFormMemory is the part of a multipart form kept in memory, the same
// 32 MiB that Request.FormValue uses, so a FormValue parses the form as the
// handler's own FormValue call would.
const maxFormMemory = 32 << 20

// valueSource is the origin of a Value.
type valueSource uint8

const (
	sourceClaim valueSource = iota + 1
	sourceClaimList
	sourcePath
	sourceQuery
	sourceHeader
	sourceForm
	sourceJSON
)

// Value is a value that HasValue and MatchValues compare: a claim of the
// token or a part of the HTTP request. Build one with ClaimValue,
// ClaimList, PathValue, QueryValue, HeaderValue, FormValue or JSONValue.
// The zero Value is invalid, and rules panic when given one.
//
// An empty string counts as a missing value, so two empty values never
// match. A request value sent more than once (two query parameters or
// headers of the same name) makes the rule fail, because the handler might
// read the other one.
type Value[C any] struct {
	source  valueSource
	name    string   // claim name, path wildcard, parameter, canonical header or form field
	pointer []string // reference tokens of a JSONValue's pointer, unescaped
	desc    string
	claim   func(c *C) (string, bool)
	list    func(c *C) ([]string, bool)
}

// ClaimValue is the claim with JSON name name, read by get, which returns
// the claim's value and whether the token has it. Generated code passes
// accessors of its claims types. For a claim that is not a string, get
// formats it: an int64 in decimal, a bool as true or false.
func ClaimValue[C any](name string, get func(c *C) (string, bool)) Value[C] {
	if get == nil {
		panic("runtime: ClaimValue " + strconv.Quote(name) + " has a nil accessor")
	}
	return Value[C]{source: sourceClaim, name: name, desc: "claim " + name, claim: get}
}

// ClaimList is the list claim with JSON name name, read by get, which
// returns the claim's elements and whether the token has it. HasValue
// passes when an element equals the value; MatchValues passes when an
// element equals the other values.
func ClaimList[C any](name string, get func(c *C) ([]string, bool)) Value[C] {
	if get == nil {
		panic("runtime: ClaimList " + strconv.Quote(name) + " has a nil accessor")
	}
	return Value[C]{source: sourceClaimList, name: name, desc: "claim " + name, list: get}
}

// PathValue is the value of the wildcard name in the pattern of the
// ServeMux route that matched the request, as returned by
// Request.PathValue: "user_id" in "GET /users/{user_id}/orders".
func PathValue[C any](name string) Value[C] {
	return Value[C]{source: sourcePath, name: name, desc: "path value " + name}
}

// QueryValue is the URL query parameter name.
func QueryValue[C any](name string) Value[C] {
	return Value[C]{source: sourceQuery, name: name, desc: "query parameter " + name}
}

// HeaderValue is the request header name, matched case-insensitively.
func HeaderValue[C any](name string) Value[C] {
	key := textproto.CanonicalMIMEHeaderKey(name)
	return Value[C]{source: sourceHeader, name: key, desc: "header " + key}
}

// FormValue is the field name of a form in the request body
// (application/x-www-form-urlencoded or multipart/form-data), not of the
// URL query. The rule parses the form with Request.ParseForm or
// Request.ParseMultipartForm, which consume the body, so the handler reads
// the form from Request.Form, Request.PostForm or Request.FormValue.
func FormValue[C any](name string) Value[C] {
	return Value[C]{source: sourceForm, name: name, desc: "form field " + name}
}

// JSONValue is the member of a JSON request body that pointer addresses
// (RFC 6901): "/order/user_id", or "/items/0/id" for an array element.
//
// The rule reads at most MaxJSONBody bytes and then puts the body back, so
// the handler can still read all of it from Request.Body. The value must
// be a string, compared by its decoded text, a number, compared by its
// literal text as sent (so 42 equals the string "42" but 42.0 and 4.2e1 do
// not), or true or false. A JSON null counts as missing. An object or
// array, a body that is not valid JSON, and a member name on the pointer's
// path that occurs twice in its object make the rule fail.
//
// JSONValue panics when pointer is not a valid JSON pointer.
func JSONValue[C any](pointer string) Value[C] {
	tokens, err := parseJSONPointer(pointer)
	if err != nil {
		panic("runtime: JSONValue: " + err.Error())
	}
	return Value[C]{source: sourceJSON, name: pointer, pointer: tokens, desc: "JSON body " + pointer}
}

// String describes the value: "claim uid", "path value user_id",
// "query parameter user_id", "header X-User-Id", "form field user_id" or
// "JSON body /user_id".
func (v Value[C]) String() string {
	if v.source == 0 {
		return "invalid value"
	}
	return v.desc
}

// found is the result of a Value's lookup: one string, or the elements of
// a list claim.
type found struct {
	one    string
	list   []string
	isList bool
}

// lookup returns the value that v names. The error reports a missing
// value or, wrapped in an indeterminateError, a value that could not be
// read.
func (v Value[C]) lookup(c *C, r *http.Request) (found, error) {
	switch v.source {
	case sourceClaim, sourceClaimList:
		return v.lookupClaim(c)
	case 0:
		return found{}, indeterminate(errors.New("invalid value"))
	}
	if r == nil {
		return found{}, indeterminate(fmt.Errorf("%s: %w", v.desc, ErrNoRequest))
	}

	var (
		s   string
		err error
	)
	switch v.source {
	case sourcePath:
		s = r.PathValue(v.name)
	case sourceQuery:
		s, err = v.single(queryValues(r, v.name))
	case sourceHeader:
		s, err = v.single(r.Header[v.name])
	case sourceForm:
		s, err = v.lookupForm(r)
	case sourceJSON:
		s, err = v.lookupJSON(r)
	}
	if err != nil {
		return found{}, err
	}
	if s == "" {
		return found{}, v.missing()
	}
	return found{one: s}, nil
}

func (v Value[C]) lookupClaim(c *C) (found, error) {
	if c == nil {
		return found{}, indeterminate(fmt.Errorf("%s: %w", v.desc, errNoClaims))
	}
	if v.source == sourceClaimList {
		list, ok := v.list(c)
		if !ok {
			return found{}, v.missing()
		}
		return found{list: list, isList: true}, nil
	}
	s, ok := v.claim(c)
	if !ok || s == "" {
		return found{}, v.missing()
	}
	return found{one: s}, nil
}

func (v Value[C]) missing() error {
	return fmt.Errorf("%s is missing", v.desc)
}

// single returns the only element of values, "" for none, and an
// indeterminate error for more than one.
func (v Value[C]) single(values []string) (string, error) {
	switch len(values) {
	case 0:
		return "", nil
	case 1:
		return values[0], nil
	}
	return "", indeterminate(fmt.Errorf("%s is sent %d times, want once", v.desc, len(values)))
}

// queryValues returns the values of the query parameter name, parsed as
// URL.Query does.
func queryValues(r *http.Request, name string) []string {
	if r.URL == nil {
		return nil
	}
	return r.URL.Query()[name]
}

func (v Value[C]) lookupForm(r *http.Request) (string, error) {
	if r.PostForm == nil {
		if err := parseForm(r); err != nil {
			return "", indeterminate(fmt.Errorf("%s: invalid form: %w", v.desc, err))
		}
	}
	return v.single(r.PostForm[v.name])
}

// parseForm parses the request body as a form, as Request.FormValue would.
func parseForm(r *http.Request) error {
	mediaType, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mediaType == "multipart/form-data" {
		return r.ParseMultipartForm(maxFormMemory)
	}
	return r.ParseForm()
}

func (v Value[C]) lookupJSON(r *http.Request) (string, error) {
	data, err := readJSONBody(r)
	if err != nil {
		return "", indeterminate(fmt.Errorf("%s: %w", v.desc, err))
	}
	s, err := findJSON(data, v.pointer)
	if err != nil {
		if errors.Is(err, errJSONMissing) {
			return "", v.missing()
		}
		return "", indeterminate(fmt.Errorf("%s: %w", v.desc, err))
	}
	return s, nil
}

// equalValues reports whether a and b are equal, in time that depends on
// their lengths only.
func equalValues(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// contains reports whether one of list equals s. Every element is
// compared, so the time does not tell which one matched.
func contains(list []string, s string) bool {
	match := 0
	for _, e := range list {
		if e != "" {
			match |= subtle.ConstantTimeCompare([]byte(e), []byte(s))
		}
	}
	return match == 1
}

// replayBody is a request body that a JSONValue read and put back. It
// returns the bytes read and then whatever was left unread, so the handler
// reads the whole body, and it lets later JSONValues reuse the bytes.
type replayBody struct {
	r        *bytes.Reader
	data     []byte
	rest     io.ReadCloser // the original body
	complete bool          // data is the whole body
	err      error         // the reason data is not the whole body
}

func (b *replayBody) Read(p []byte) (int, error) {
	if b.complete || b.r.Len() > 0 {
		return b.r.Read(p)
	}
	return b.rest.Read(p)
}

func (b *replayBody) Close() error { return b.rest.Close() }

// readJSONBody returns the request body, at most MaxJSONBody bytes, and
// replaces r.Body with a replayBody so that the handler can read it again.
func readJSONBody(r *http.Request) ([]byte, error) {
	if rb, ok := r.Body.(*replayBody); ok && rb.r.Len() == len(rb.data) {
		return rb.data, rb.err
	}
	if r.Body == nil || r.Body == http.NoBody {
		return nil, errors.New("request body is empty")
	}

	data, err := io.ReadAll(io.LimitReader(r.Body, MaxJSONBody+1))
	rb := &replayBody{r: bytes.NewReader(data), data: data, rest: r.Body}
	switch {
	case err != nil:
		rb.err = fmt.Errorf("reading request body: %w", err)
	case len(data) == 0:
		rb.err = errors.New("request body is empty")
	case len(data) > MaxJSONBody:
		rb.err = fmt.Errorf("request body is larger than %d bytes", MaxJSONBody)
	default:
		rb.complete = true
	}
	r.Body = rb
	if rb.err != nil {
		return nil, rb.err
	}
	return data, nil
}

// errJSONMissing is the error of a pointer that addresses no member, or a
// null.
var errJSONMissing = errors.New("no such member")

// parseJSONPointer splits an RFC 6901 JSON pointer into its unescaped
// reference tokens.
func parseJSONPointer(pointer string) ([]string, error) {
	if pointer == "" {
		return nil, nil
	}
	if pointer[0] != '/' {
		return nil, fmt.Errorf("invalid JSON pointer %q: it must be empty or start with /", pointer)
	}
	tokens := strings.Split(pointer[1:], "/")
	for i, tok := range tokens {
		for j := 0; j < len(tok); j++ {
			if tok[j] == '~' && (j+1 == len(tok) || (tok[j+1] != '0' && tok[j+1] != '1')) {
				return nil, fmt.Errorf("invalid JSON pointer %q: ~ must be followed by 0 or 1", pointer)
			}
		}
		// Order matters: "~01" is "~1" unescaped, not "/".
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
	}
	return tokens, nil
}

// findJSON returns the scalar that the reference tokens address in the
// JSON document data, as text: a string decoded, a number as written,
// true or false. A missing member or a null returns errJSONMissing.
func findJSON(data []byte, tokens []string) (string, error) {
	// json.Valid rejects trailing data and nesting beyond encoding/json's
	// depth limit, so the recursive walk below stays shallow.
	if !json.Valid(data) {
		return "", errors.New("request body is not valid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return walkJSON(dec, tokens)
}

// walkJSON reads exactly one value from dec and returns the scalar at
// tokens inside it.
func walkJSON(dec *json.Decoder, tokens []string) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return walkObject(dec, tokens)
		}
		return walkArray(dec, tokens)
	case nil:
		return "", errJSONMissing
	}
	if len(tokens) > 0 {
		return "", errJSONMissing
	}
	switch t := tok.(type) {
	case string:
		return t, nil
	case json.Number:
		return string(t), nil
	case bool:
		return strconv.FormatBool(t), nil
	}
	return "", fmt.Errorf("unexpected JSON token %v", tok)
}

// walkObject reads the members of an object whose opening brace dec has
// read, and the closing brace.
func walkObject(dec *json.Decoder, tokens []string) (string, error) {
	result, resultErr := "", errJSONMissing
	if len(tokens) == 0 {
		resultErr = errors.New("the value is an object, want a string, number or boolean")
	}
	seen := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		name, _ := tok.(string)
		if len(tokens) == 0 || name != tokens[0] {
			if err := skipJSON(dec); err != nil {
				return "", err
			}
			continue
		}
		if seen {
			return "", fmt.Errorf("member %q occurs twice", name)
		}
		seen = true
		result, resultErr = walkJSON(dec, tokens[1:])
		if resultErr != nil && !errors.Is(resultErr, errJSONMissing) {
			return "", resultErr
		}
	}
	if _, err := dec.Token(); err != nil {
		return "", err
	}
	return result, resultErr
}

// walkArray reads the elements of an array whose opening bracket dec has
// read, and the closing bracket.
func walkArray(dec *json.Decoder, tokens []string) (string, error) {
	result, resultErr := "", errJSONMissing
	index := -1
	if len(tokens) == 0 {
		resultErr = errors.New("the value is an array, want a string, number or boolean")
	} else {
		index = arrayIndex(tokens[0])
	}
	for i := 0; dec.More(); i++ {
		if i != index {
			if err := skipJSON(dec); err != nil {
				return "", err
			}
			continue
		}
		result, resultErr = walkJSON(dec, tokens[1:])
		if resultErr != nil && !errors.Is(resultErr, errJSONMissing) {
			return "", resultErr
		}
	}
	if _, err := dec.Token(); err != nil {
		return "", err
	}
	return result, resultErr
}

// arrayIndex returns the array index that the reference token tok names,
// or -1: RFC 6901 allows decimal digits without leading zeros only.
func arrayIndex(tok string) int {
	if tok == "" || (len(tok) > 1 && tok[0] == '0') {
		return -1
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < '0' || tok[i] > '9' {
			return -1
		}
	}
	n, err := strconv.Atoi(tok)
	if err != nil {
		return -1
	}
	return n
}

func skipJSON(dec *json.Decoder) error {
	var raw json.RawMessage
	return dec.Decode(&raw)
}
