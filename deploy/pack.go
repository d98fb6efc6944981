//go:build ignore

// Pack makes the release archives and the SHA256SUMS file for
// deploy/release.sh with Go's standard library only, so a release needs
// nothing but Go (no zip, no sha256sum, the same on Linux, macOS and
// Windows), and the archives are the same bytes every time for the same
// source: entries sorted, one fixed time, no owner names.
//
//	go run deploy/pack.go archive OUT.tar.gz|OUT.zip UNIXTIME DIR
//	go run deploy/pack.go sums DIR PREFIX
//
// archive packs DIR with its own name as the top folder; sums writes
// DIR/SHA256SUMS for the files of DIR whose names start with PREFIX, in the
// format "sha256sum -c" reads.
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"
)

func main() {
	var err error
	switch {
	case len(os.Args) == 5 && os.Args[1] == "archive":
		err = archive(os.Args[2], os.Args[3], os.Args[4])
	case len(os.Args) == 4 && os.Args[1] == "sums":
		err = sums(os.Args[2], os.Args[3])
	default:
		err = fmt.Errorf("usage: pack archive OUT UNIXTIME DIR | pack sums DIR PREFIX")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pack:", err)
		os.Exit(1)
	}
}

// entry is one file or folder of an archive.
type entry struct {
	name string // slash-separated, under the top folder
	path string // on disk
	dir  bool
	mode int64 // 0755 or 0644
}

func walk(dir string) ([]entry, error) {
	var es []entry
	parent := filepath.Dir(filepath.Clean(dir))
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(parent, p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		mode := int64(0o644)
		if d.IsDir() || info.Mode()&0o111 != 0 || strings.HasSuffix(p, ".exe") {
			mode = 0o755
		}
		es = append(es, entry{name: filepath.ToSlash(rel), path: p, dir: d.IsDir(), mode: mode})
		return nil
	})
	sort.Slice(es, func(i, j int) bool { return es[i].name < es[j].name })
	return es, err
}

func archive(out, unix, dir string) error {
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		return fmt.Errorf("time %q: %w", unix, err)
	}
	mtime := time.Unix(sec, 0).UTC()
	es, err := walk(dir)
	if err != nil {
		return err
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	if strings.HasSuffix(out, ".zip") {
		err = writeZip(f, es, mtime)
	} else {
		err = writeTarGz(f, es, mtime)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

func writeZip(w io.Writer, es []entry, mtime time.Time) error {
	zw := zip.NewWriter(w)
	for _, e := range es {
		h := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
		h.SetMode(fs.FileMode(e.mode))
		if e.dir {
			h.Name += "/"
			h.Method = zip.Store
			h.SetMode(fs.ModeDir | 0o755)
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if !e.dir {
			if err := copyFile(fw, e.path); err != nil {
				return err
			}
		}
	}
	return zw.Close()
}

func writeTarGz(w io.Writer, es []entry, mtime time.Time) error {
	gw := gzip.NewWriter(w)
	tw := tar.NewWriter(gw)
	for _, e := range es {
		h := &tar.Header{Name: e.name, Mode: e.mode, ModTime: mtime, Typeflag: tar.TypeReg, Format: tar.FormatPAX}
		if e.dir {
			h.Name += "/"
			h.Typeflag = tar.TypeDir
		} else {
			info, err := os.Stat(e.path)
			if err != nil {
				return err
			}
			h.Size = info.Size()
		}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if !e.dir {
			if err := copyFile(tw, e.path); err != nil {
				return err
			}
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gw.Close()
}

func copyFile(w io.Writer, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	_, err = io.Copy(w, f)
	return err
}

func sums(dir, prefix string) error {
	des, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	var b strings.Builder
	for _, d := range des { // ReadDir sorts by name
		if d.IsDir() || !strings.HasPrefix(d.Name(), prefix) {
			continue
		}
		h := sha256.New()
		if err := copyFile(h, filepath.Join(dir, d.Name())); err != nil {
			return err
		}
		fmt.Fprintf(&b, "%x  %s\n", h.Sum(nil), d.Name())
	}
	return os.WriteFile(filepath.Join(dir, "SHA256SUMS"), []byte(b.String()), 0o644)
}
