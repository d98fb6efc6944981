//go:build komekprofile

package main

// Built with -tags komekprofile (the load tests' -load.profile does), komek
// profiles its CPU from the start, and on SIGUSR1 writes the profile to
// the file named by KOMEK_CPU_PROFILE (through a temporary file, so the
// profile appears whole). Release builds lack this file.

import (
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
)

func init() {
	path := os.Getenv("KOMEK_CPU_PROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGUSR1)
	go func() {
		<-stop
		pprof.StopCPUProfile()
		if f.Close() == nil {
			_ = os.Rename(path+".tmp", path)
		}
	}()
}
