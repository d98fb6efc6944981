package main

import (
	"fmt"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func versionString() string {
	rev := ""
	v := version
	if info, ok := debug.ReadBuildInfo(); ok {
		if m := info.Main.Version; v == "dev" && m != "" && m != "(devel)" {
			v = m // go install …@v1.2.3
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				rev = s.Value[:12]
			}
		}
	}
	if rev == "" {
		return fmt.Sprintf("komek %s (%s)", v, runtime.Version())
	}
	return fmt.Sprintf("komek %s (%s, %s)", v, rev, runtime.Version())
}
