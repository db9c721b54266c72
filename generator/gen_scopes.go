package generator

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"
)

// genScopes emits the Scope type, its constants and the Scopes set.
func genScopes(f *jen.File, p *plan) {
	genScopeType(f, p)
	genScopeString(f, p)
	genParseScope(f, p)
	genScopesType(f, p)
	genScopesQueries(f)
	genScopesAdd(f)
	genScopesNames(f)
}

// genScopeType emits
//
//	type Scope uint16
//	const (
//		ScopeReadOrders Scope = iota + 1
//		ScopeWriteOrders
//	)
//	const scopeCount = 2
//	func (s Scope) valid() bool { return s >= 1 && s <= scopeCount }
func genScopeType(f *jen.File, p *plan) {
	f.Line()
	addComment(f, "Scope is a scope declared in the schema. Use the constants, because a string cannot be used as a Scope. The zero Scope is invalid.")
	f.Type().Id(scopeType).Uint16()

	if len(p.scopes) > 0 {
		f.Line()
		genScopeConsts(f, p)
	}

	f.Line()
	f.Comment("scopeCount is the number of declared scopes, the highest valid Scope.")
	f.Const().Id(scopeCountName).Op("=").Lit(len(p.scopes))

	f.Line()
	f.Comment("valid reports whether s is a declared scope.")
	f.Func().Params(jen.Id("s").Id(scopeType)).Id("valid").Params().Bool().Block(
		jen.Return(jen.Id("s").Op(">=").Lit(1).Op("&&").Id("s").Op("<=").Id(scopeCountName)),
	)
}

// genScopeConsts emits the Scope constants, numbered from 1.
func genScopeConsts(f *jen.File, p *plan) {
	f.Const().DefsFunc(func(g *jen.Group) {
		for i, sc := range p.scopes {
			addScopeDoc(g, sc)
			if i == 0 {
				g.Id(sc.ident).Id(scopeType).Op("=").Iota().Op("+").Lit(1)
				continue
			}
			g.Id(sc.ident)
		}
	})
}

// genScopeString emits
//
//	func (s Scope) String() string {
//		switch s {
//		case ScopeReadOrders:
//			return "read:orders"
//		}
//		return "Scope(" + strconv.Itoa(int(s)) + ")"
//	}
func genScopeString(f *jen.File, p *plan) {
	f.Line()
	addComment(f, `String returns the scope's name in the schema, or "Scope(n)" for a value that is not a declared scope.`)
	f.Func().Params(jen.Id("s").Id(scopeType)).Id("String").Params().String().Block(
		jen.Do(func(s *jen.Statement) {
			if len(p.scopes) == 0 {
				return
			}
			s.Switch(jen.Id("s")).BlockFunc(func(g *jen.Group) {
				for _, sc := range p.scopes {
					g.Case(jen.Id(sc.ident)).Block(jen.Return(jen.Lit(sc.scope.Name)))
				}
			})
		}),
		jen.Return(jen.Lit("Scope(").Op("+").Qual(strconvPackage, "Itoa").Call(jen.Int().Call(jen.Id("s"))).Op("+").Lit(")")),
	)
}

// genParseScope emits
//
//	func ParseScope(name string) (Scope, error) {
//		if s := lookupScope([]byte(name)); s != 0 {
//			return s, nil
//		}
//		return 0, fmt.Errorf("unknown scope %q: ...", name)
//	}
//	func lookupScope(name []byte) Scope {
//		switch string(name) {
//		case "read:orders":
//			return ScopeReadOrders
//		}
//		return 0
//	}
func genParseScope(f *jen.File, p *plan) {
	f.Line()
	addComment(f, "ParseScope returns the scope with the given name in the schema. The error for an unknown name lists the declared scopes.")
	f.Func().Id(parseScopeFunc).Params(jen.Id("name").String()).Params(jen.Id(scopeType), jen.Error()).Block(
		jen.If(jen.Id("s").Op(":=").Id(lookupScopeFn).Call(jen.Index().Byte().Call(jen.Id("name"))), jen.Id("s").Op("!=").Lit(0)).Block(
			jen.Return(jen.Id("s"), jen.Nil()),
		),
		jen.Return(jen.Lit(0), jen.Qual(fmtPackage, "Errorf").Call(jen.Lit(unknownScopeFormat(p)), jen.Id("name"))),
	)

	f.Line()
	addComment(f, "lookupScope returns the scope named name, or 0 for an unknown name. It takes bytes so that decoding the scp claim does not allocate.")
	f.Func().Id(lookupScopeFn).Params(jen.Id("name").Index().Byte()).Id(scopeType).Block(
		jen.Do(func(s *jen.Statement) {
			if len(p.scopes) == 0 {
				return
			}
			s.Switch(jen.String().Call(jen.Id("name"))).BlockFunc(func(g *jen.Group) {
				for _, sc := range p.scopes {
					g.Case(jen.Lit(sc.scope.Name)).Block(jen.Return(jen.Id(sc.ident)))
				}
			})
		}),
		jen.Return(jen.Lit(0)),
	)
}

// addScopeDoc adds the doc comment of a Scope constant: one line when the
// scope's description fits on it.
func addScopeDoc(g *jen.Group, sc *scopePlan) {
	summary := fmt.Sprintf("%s is the scope %q", sc.ident, sc.scope.Name)
	doc := strings.TrimSpace(sc.scope.Doc)
	if doc == "" || strings.Contains(doc, "\n") {
		addDoc(g, summary+".", doc)
		return
	}
	addComment(g, summary+": "+doc)
}

// unknownScopeFormat returns ParseScope's error format, which lists the
// declared scopes.
func unknownScopeFormat(p *plan) string {
	if len(p.scopes) == 0 {
		return "unknown scope %q: the schema declares no scopes"
	}
	names := make([]string, len(p.scopes))
	for i, sc := range p.scopes {
		names[i] = sc.scope.Name
	}
	list := strings.ReplaceAll(strings.Join(names, ", "), "%", "%%")
	return "unknown scope %q: declared scopes are " + list
}

// genScopesType emits
//
//	type Scopes struct {
//		bits [1]uint64
//	}
//	func NewScopes(scopes ...Scope) Scopes {
//		var s Scopes
//		s.Add(scopes...)
//		return s
//	}
func genScopesType(f *jen.File, p *plan) {
	f.Line()
	addComment(f, "Scopes is a set of scopes. The zero value is the empty set. Of its methods, only List allocates.")
	f.Type().Id(scopesType).Struct(
		jen.Comment("bit i-1 is set when Scope i is in the set"),
		jen.Id("bits").Index(jen.Lit(p.scopeWords)).Uint64(),
	)

	f.Line()
	addComment(f, "NewScopes returns the set of the given scopes. Values that are not declared scopes are left out.")
	f.Func().Id(newScopesFunc).Params(jen.Id("scopes").Op("...").Id(scopeType)).Id(scopesType).Block(
		jen.Var().Id("s").Id(scopesType),
		jen.Id("s").Dot("Add").Call(jen.Id("scopes").Op("...")),
		jen.Return(jen.Id("s")),
	)
}

// genScopesQueries emits Has, HasAll, HasAny and List, which walks the set
// with eachScopeLoop:
//
//	func (s Scopes) Has(scope Scope) bool {
//		if !scope.valid() {
//			return false
//		}
//		i := scope - 1
//		return s.bits[i/64]&(1<<(i%64)) != 0
//	}
func genScopesQueries(f *jen.File) {
	recv := jen.Id("s").Id(scopesType)
	f.Line()
	f.Comment("Has reports whether scope is in s.")
	f.Func().Params(recv.Clone()).Id("Has").Params(jen.Id("scope").Id(scopeType)).Bool().Block(
		jen.If(jen.Op("!").Id("scope").Dot("valid").Call()).Block(jen.Return(jen.False())),
		jen.Id("i").Op(":=").Id("scope").Op("-").Lit(1),
		jen.Return(jen.Id("s").Dot("bits").Index(jen.Id("i").Op("/").Lit(64)).Op("&").
			Parens(jen.Lit(1).Op("<<").Parens(jen.Id("i").Op("%").Lit(64))).Op("!=").Lit(0)),
	)

	f.Line()
	addComment(f, "HasAll reports whether every one of scopes is in s. It is true when scopes is empty.")
	f.Func().Params(recv.Clone()).Id("HasAll").Params(jen.Id("scopes").Op("...").Id(scopeType)).Bool().Block(
		scopesLoop(jen.Op("!"), jen.False()),
		jen.Return(jen.True()),
	)

	f.Line()
	addComment(f, "HasAny reports whether at least one of scopes is in s. It is false when scopes is empty.")
	f.Func().Params(recv.Clone()).Id("HasAny").Params(jen.Id("scopes").Op("...").Id(scopeType)).Bool().Block(
		scopesLoop(jen.Null(), jen.True()),
		jen.Return(jen.False()),
	)

	f.Line()
	f.Comment("List returns the scopes in s in schema order, or nil for the empty set.")
	f.Func().Params(recv.Clone()).Id("List").Params().Index().Id(scopeType).Block(
		jen.Var().Id("list").Index().Id(scopeType),
		eachScopeLoop(jen.Id("list").Op("=").Append(jen.Id("list"), jen.Id("scope"))),
		jen.Return(jen.Id("list")),
	)
}

// eachScopeLoop emits a loop that runs body for each scope in s, in schema
// order. It visits only the bits that are set, so its cost does not grow
// with the number of scopes in the schema:
//
//	for i, word := range s.bits {
//		for word != 0 {
//			scope := Scope(i*64 + bits.TrailingZeros64(word) + 1)
//			<body>
//			word &= word - 1
//		}
//	}
func eachScopeLoop(body jen.Code) jen.Code {
	return jen.For(jen.List(jen.Id("i"), jen.Id("word")).Op(":=").Range().Id("s").Dot("bits")).Block(
		jen.For(jen.Id("word").Op("!=").Lit(0)).Block(
			jen.Id("scope").Op(":=").Id(scopeType).Call(
				jen.Id("i").Op("*").Lit(64).Op("+").Qual(bitsPackage, "TrailingZeros64").Call(jen.Id("word")).Op("+").Lit(1)),
			body,
			jen.Id("word").Op("&=").Id("word").Op("-").Lit(1),
		),
	)
}

// scopesLoop emits
//
//	for _, scope := range scopes {
//		if <negate>s.Has(scope) {
//			return <result>
//		}
//	}
func scopesLoop(negate jen.Code, result jen.Code) jen.Code {
	return jen.For(jen.List(jen.Id("_"), jen.Id("scope")).Op(":=").Range().Id("scopes")).Block(
		jen.If(jen.Add(negate).Id("s").Dot("Has").Call(jen.Id("scope"))).Block(jen.Return(result)),
	)
}

// genScopesAdd emits
//
//	func (s *Scopes) Add(scopes ...Scope) {
//		for _, scope := range scopes {
//			if scope.valid() {
//				i := scope - 1
//				s.bits[i/64] |= 1 << (i % 64)
//			}
//		}
//	}
func genScopesAdd(f *jen.File) {
	f.Line()
	f.Comment("Add adds scopes to s. Values that are not declared scopes are ignored.")
	f.Func().Params(jen.Id("s").Op("*").Id(scopesType)).Id("Add").Params(jen.Id("scopes").Op("...").Id(scopeType)).Block(
		jen.For(jen.List(jen.Id("_"), jen.Id("scope")).Op(":=").Range().Id("scopes")).Block(
			jen.If(jen.Id("scope").Dot("valid").Call()).Block(
				jen.Id("i").Op(":=").Id("scope").Op("-").Lit(1),
				jen.Id("s").Dot("bits").Index(jen.Id("i").Op("/").Lit(64)).Op("|=").
					Lit(1).Op("<<").Parens(jen.Id("i").Op("%").Lit(64)),
			),
		),
	)
}

// bitsPackage is the import path of math/bits, which appendNames uses.
const bitsPackage = "math/bits"

// genScopesNames emits the helpers of the scp claim's codec:
//
//	func (s Scopes) appendNames(names []string) []string {
//		for i, word := range s.bits {
//			... (eachScopeLoop)
//				names = append(names, scope.String())
//		}
//		return names
//	}
//	func (s *Scopes) addName(name []byte) {
//		s.Add(lookupScope(name))
//	}
func genScopesNames(f *jen.File) {
	f.Line()
	addComment(f, "appendNames appends the names of the scopes in s to names, in schema order, as the scp claim carries them.")
	f.Func().Params(jen.Id("s").Id(scopesType)).Id("appendNames").Params(jen.Id("names").Index().String()).Index().String().Block(
		eachScopeLoop(jen.Id("names").Op("=").Append(jen.Id("names"), jen.Id("scope").Dot("String").Call())),
		jen.Return(jen.Id("names")),
	)

	f.Line()
	addComment(f, "addName adds the scope named name. An unknown name is skipped, not an error, so that tokens from an issuer that declares more scopes still parse.")
	f.Func().Params(jen.Id("s").Op("*").Id(scopesType)).Id("addName").Params(jen.Id("name").Index().Byte()).Block(
		jen.Id("s").Dot("Add").Call(jen.Id(lookupScopeFn).Call(jen.Id("name"))),
	)
}
