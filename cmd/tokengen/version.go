package main

import "runtime/debug"

// modulePath is the path of the module that contains tokengen.
const modulePath = "github.com/tokengen/tokengen"

// moduleVersion returns the version of the tokengen module in the binary's
// build information, or "(devel)" when it has none: when tokengen was built
// inside its own repository, or from a module replaced by a local folder.
// The module is the main module after `go install` and a dependency when
// tokengen runs through `go tool`.
func moduleVersion(info *debug.BuildInfo, ok bool) string {
	const devel = "(devel)"
	if !ok {
		return devel
	}

	var mod *debug.Module
	if info.Main.Path == modulePath {
		mod = &info.Main
	}
	for _, dep := range info.Deps {
		if mod == nil && dep.Path == modulePath {
			mod = dep
		}
	}
	if mod == nil {
		return devel
	}
	if mod.Replace != nil {
		mod = mod.Replace
	}
	if mod.Version == "" {
		return devel
	}
	return mod.Version
}
