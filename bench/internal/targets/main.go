// Command targets reads the output of the benchmarks in the bench module and
// prints one line per performance target of docs/benchmarks.md: the measured
// ratio or time, the limit, and ok or MISSED. Then it prints the floors of
// two targets, measured the same way, and the middleware against its floor.
// Each benchmark's value is the median of its runs, as benchstat reports it.
//
// Usage:
//
//	go run ./internal/targets FILE
//
// The exit status is 0 even when a target is missed, because benchmarks are
// measurements, not tests; it is 1 when FILE lacks a benchmark that a
// target needs.
package main

import (
	"fmt"
	"os"
	"slices"
	"strings"

	"golang.org/x/perf/benchfmt"
)

// allocsAllowed is the allocation limit of Parse on the fixture: one per
// string or slice value in its claims, plus 2. The fixture has 8 strings
// (iss, sub, uid, tenant, jti, the aud element, two roles) and 2 slices
// (aud, roles); scp decodes into a bit set.
const allocsAllowed = 8 + 2 + 2

// target is one line of the report.
type target struct {
	name string
	// value computes the measured figure from the medians.
	value func(m medians) (float64, error)
	// limit is the largest value that passes.
	limit float64
	// unit formats value and limit: "x" for ratios, "ns", "allocs".
	unit string
}

var targets = []target{
	{"Parse HS256 / golang-jwt ParseWithClaims", ratio("Parse/generated", "Parse/golang-jwt"), 0.2, "x"},
	{"Parse HS256 / floor (HMAC + base64url + JSON scan)", ratio("Parse/generated", "Floor/hmac+base64+json"), 1.5, "x"},
	{"Parse HS256 allocations", single("Parse/generated", "allocs/op"), allocsAllowed, "allocs"},
	{"Issue HS256 / golang-jwt SignedString", ratio("Issue/generated", "Issue/golang-jwt"), 0.35, "x"},
	{"Parse XC20P / Parse HS256", ratio("ParseEncrypted/generated", "Parse/generated"), 1.3, "x"},
	{"Parse XC20P / go-jose nested decrypt and parse", ratio("ParseEncrypted/generated", "ParseEncrypted/go-jose"), 0.15, "x"},
	{"Parse ES256 / (verify + decode floor)", overFloor("ParseAsymmetric/es256", "Floor/es256-verify"), 1.1, "x"},
	{"Parse EdDSA / (verify + decode floor)", overFloor("ParseAsymmetric/eddsa", "Floor/eddsa-verify"), 1.1, "x"},
	{"Reject forged HS256 / Parse HS256", ratio("ParseForged", "Parse/generated"), 0.5, "x"},
	{"Scopes.Has", single("Scopes/has", "sec/op"), 10e-9, "ns"},
	{"Scopes.HasAll of 3", single("Scopes/has-all", "sec/op"), 10e-9, "ns"},
	{"Three-rule guard", single("Scopes/guard", "sec/op"), 20e-9, "ns"},
	{"Scope checks and guard allocations", sum("allocs/op", "Scopes/has", "Scopes/has-all", "Scopes/guard"), 0, "allocs"},
	{"Authenticate + Protect, less baseline / Parse HS256", lessBaseline("Middleware/protected"), 1.1, "x"},
	{"Parse per KiB, 4-8 KiB / 1-4 KiB", growth, 1.25, "x"},
	{"Parse with 1,000 scopes / with 4 scopes", ratio("SchemaSize/scopes=1000", "SchemaSize/scopes=4"), 1.1, "x"},
}

// floors are figures without a limit, printed after the targets. Two are
// floors: what the standard library and golang.org/x/crypto alone cost for
// the work of a target, over the same baseline as that target. The third
// compares the middleware with its floor.
var floors = []target{
	{"Parse HS256 + Request.WithContext / Parse HS256", lessBaseline("Middleware/parse-context"), 0, "x"},
	{"Authenticate + Protect / (Parse + Request.WithContext)", ratio("Middleware/protected", "Middleware/parse-context"), 0, "x"},
	{"(Parse HS256 + XC20P open floor) / Parse HS256", encryptedFloor, 0, "x"},
}

// medians maps a benchmark name, without the Benchmark prefix and the
// GOMAXPROCS suffix, and a unit to the median of its values.
type medians map[string]map[string]float64

func (m medians) get(name, unit string) (float64, error) {
	v, ok := m[name][unit]
	if !ok {
		return 0, fmt.Errorf("no %s for benchmark %s", unit, name)
	}
	return v, nil
}

func ratio(num, den string) func(medians) (float64, error) {
	return func(m medians) (float64, error) {
		a, err := m.get(num, "sec/op")
		if err != nil {
			return 0, err
		}
		b, err := m.get(den, "sec/op")
		if err != nil {
			return 0, err
		}
		return a / b, nil
	}
}

func single(name, unit string) func(medians) (float64, error) {
	return func(m medians) (float64, error) { return m.get(name, unit) }
}

func sum(unit string, names ...string) func(medians) (float64, error) {
	return func(m medians) (float64, error) {
		total := 0.0
		for _, name := range names {
			v, err := m.get(name, unit)
			if err != nil {
				return 0, err
			}
			total += v
		}
		return total, nil
	}
}

// overFloor returns the time of parse over the signature check verify plus
// the decoding floor: base64url decoding of every part and one JSON scan.
func overFloor(parse, verify string) func(medians) (float64, error) {
	return func(m medians) (float64, error) {
		p, err1 := m.get(parse, "sec/op")
		v, err2 := m.get(verify, "sec/op")
		d, err3 := m.get("Floor/base64+json", "sec/op")
		if err := firstError(err1, err2, err3); err != nil {
			return 0, err
		}
		return p / (v + d), nil
	}
}

// lessBaseline returns the time of the Middleware benchmark name, less the
// time of the empty handler alone, over Parse measured next to them.
// "Middleware/protected" runs Authenticate and Protect, and
// "Middleware/parse-context" the least that middleware passing claims in
// the context can do.
func lessBaseline(name string) func(medians) (float64, error) {
	return func(m medians) (float64, error) {
		t, err1 := m.get(name, "sec/op")
		b, err2 := m.get("Middleware/baseline", "sec/op")
		parse, err3 := m.get("Middleware/parse", "sec/op")
		if err := firstError(err1, err2, err3); err != nil {
			return 0, err
		}
		return (t - b) / parse, nil
	}
}

// encryptedFloor returns the signed Parse plus the decryption floor over
// the signed Parse: the least that the ratio of encrypted to signed Parse
// can be with the standard base64 decoder and x/crypto's XChaCha20-Poly1305.
func encryptedFloor(m medians) (float64, error) {
	parse, err1 := m.get("Parse/generated", "sec/op")
	open, err2 := m.get("Floor/xc20p-open", "sec/op")
	if err := firstError(err1, err2); err != nil {
		return 0, err
	}
	return (parse + open) / parse, nil
}

// growth returns the cost per KiB of Parse between 4 and 8 KiB over that
// between 1 and 4 KiB: about 1 when time grows linearly with token size.
func growth(m medians) (float64, error) {
	t1, err1 := m.get("TokenSize/1KiB", "sec/op")
	t4, err2 := m.get("TokenSize/4KiB", "sec/op")
	t8, err3 := m.get("TokenSize/8KiB", "sec/op")
	if err := firstError(err1, err2, err3); err != nil {
		return 0, err
	}
	return ((t8 - t4) / 4) / ((t4 - t1) / 3), nil
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./internal/targets FILE")
		os.Exit(2)
	}
	m, err := readMedians(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "targets:", err)
		os.Exit(1)
	}

	failed := false
	for _, t := range targets {
		v, err := t.value(m)
		if err != nil {
			fmt.Fprintf(os.Stderr, "targets: %s: %v\n", t.name, err)
			failed = true
			continue
		}
		verdict := "ok"
		if v > t.limit {
			verdict = "MISSED"
		}
		fmt.Printf("%-55s %12s  (limit %s)  %s\n", t.name, format(v, t.unit), format(t.limit, t.unit), verdict)
	}
	fmt.Println()
	for _, t := range floors {
		v, err := t.value(m)
		if err != nil {
			fmt.Fprintf(os.Stderr, "targets: %s: %v\n", t.name, err)
			failed = true
			continue
		}
		fmt.Printf("%-55s %12s  (no limit)\n", t.name, format(v, t.unit))
	}
	if failed {
		os.Exit(1)
	}
}

func format(v float64, unit string) string {
	switch unit {
	case "ns":
		return fmt.Sprintf("%.2f ns", v*1e9)
	case "allocs":
		return fmt.Sprintf("%g allocs", v)
	}
	return fmt.Sprintf("%.3f x", v)
}

// readMedians reads the benchmark results in file.
func readMedians(file string) (medians, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()

	values := map[string]map[string][]float64{}
	r := benchfmt.NewReader(f, file)
	for r.Scan() {
		res, ok := r.Result().(*benchfmt.Result)
		if !ok {
			continue
		}
		name := benchName(res.Name)
		if values[name] == nil {
			values[name] = map[string][]float64{}
		}
		for _, v := range res.Values {
			values[name][v.Unit] = append(values[name][v.Unit], v.Value)
		}
	}
	if err := r.Err(); err != nil {
		return nil, err
	}

	m := medians{}
	for name, units := range values {
		m[name] = map[string]float64{}
		for unit, list := range units {
			m[name][unit] = median(list)
		}
	}
	return m, nil
}

// benchName returns name without a GOMAXPROCS suffix such as "-2".
func benchName(name benchfmt.Name) string {
	base, parts := name.Parts()
	var b strings.Builder
	b.Write(base)
	for _, p := range parts {
		if p[0] == '-' {
			continue
		}
		b.Write(p)
	}
	return b.String()
}

func median(list []float64) float64 {
	s := slices.Sorted(slices.Values(list))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
