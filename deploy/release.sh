#!/usr/bin/env bash
# Release build: static komek binaries for Linux, Windows and macOS, with the
# version stamped from git, their archives (README, LICENSE, the deploy
# files) and a SHA256SUMS file, in dist/.
#
#   bash deploy/release.sh
#   KOMEK_RELEASE_TARGETS="linux/amd64" bash deploy/release.sh     (one target)
#
# Settings (environment variables):
#   KOMEK_RELEASE_TARGETS  GOOS/GOARCH pairs, spaces or commas between them
#                          (default: linux/amd64 linux/arm64 windows/amd64
#                          darwin/amd64 darwin/arm64)
#   KOMEK_VERSION          the version to stamp (default: git describe --tags
#                          --always --dirty; tag a release first: git tag v1.2.0)
#   KOMEK_DIST             output folder (default: dist)
#   SOURCE_DATE_EPOCH      the time written into the archives (default: the
#                          last commit's), so the same source gives the same bytes
#
# It needs Go and nothing else, and no network: modules come from the module
# cache (GOPROXY=off); on a machine whose cache is empty, run "go mod download"
# once first. Why a script and not goreleaser: goreleaser is a large program
# to install and keep up to date, its configuration is one more language to
# learn, and its strengths (publishing, signing, package repositories) are not
# needed yet; this script is the same "go build" a developer runs, readable
# top to bottom. The archives are made by deploy/pack.go (Go's standard
# library), so the result does not depend on which zip or tar is installed.
set -euo pipefail
cd "$(dirname "$0")/.."

# GOTOOLCHAIN=auto: build with the Go release go.mod names (its toolchain line,
# with the standard library's security fixes); it is used from the module cache.
export CGO_ENABLED=0 GOPROXY=off GOTOOLCHAIN=auto
export GOFLAGS="${GOFLAGS:-} -mod=readonly"

version="${KOMEK_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || true)}"
if [ -z "$version" ] || [[ "$version" =~ [^A-Za-z0-9._+-] ]]; then
	echo "release: no usable version (got \"$version\"): run it in a git clone, or set KOMEK_VERSION=v1.2.0" >&2
	exit 1
fi
targets="${KOMEK_RELEASE_TARGETS:-linux/amd64 linux/arm64 windows/amd64 darwin/amd64 darwin/arm64}"
targets="${targets//,/ }"
dist="${KOMEK_DIST:-dist}"
mtime="${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}"

mkdir -p "$dist"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
rm -f "$dist/komek_${version}_"* "$dist/SHA256SUMS"

for target in $targets; do
	os="${target%/*}" arch="${target#*/}"
	if [ -z "$os" ] || [ -z "$arch" ] || [ "$os/$arch" != "$target" ]; then
		echo "release: bad target \"$target\": write GOOS/GOARCH, as in linux/amd64" >&2
		exit 2
	fi
	name="komek_${version}_${os}_${arch}"
	exe=""
	[ "$os" = windows ] && exe=".exe"
	echo "== $name$exe"
	if ! GOOS="$os" GOARCH="$arch" go build -trimpath -ldflags "-s -w -X main.version=$version" \
		-o "$dist/$name$exe" ./cmd/komek; then
		echo "release: the build for $target failed (an empty module cache? run: go mod download)" >&2
		exit 1
	fi

	# The archive: one folder with the program and what a coordinator needs
	# beside it.
	mkdir -p "$stage/$name/deploy"
	cp "$dist/$name$exe" "$stage/$name/komek$exe"
	cp README.md LICENSE NOTICE "$stage/$name/"
	cp deploy/komek.service deploy/komek.env.example deploy/komek-backup.service deploy/komek-backup.timer "$stage/$name/deploy/"
	if [ "$os" = windows ]; then
		go run deploy/pack.go archive "$dist/$name.zip" "$mtime" "$stage/$name"
	else
		go run deploy/pack.go archive "$dist/$name.tar.gz" "$mtime" "$stage/$name"
	fi
done

go run deploy/pack.go sums "$dist" "komek_${version}_"
echo "== $dist/SHA256SUMS"
cat "$dist/SHA256SUMS"
