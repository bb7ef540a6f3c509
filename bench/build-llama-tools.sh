#!/usr/bin/env bash
# Builds llama.cpp's own llama-bench and llama-server from the llama.cpp source that node-llama-cpp ships
# (node_modules/node-llama-cpp/llama/gitRelease.bundle), into a cache outside the clone keyed by the bundle's hash:
# ${INKSTONE_LLAMA_CACHE:-~/.cache/inkstone/llama.cpp}/<hash>/bin. About 15-20 minutes on 2 cores the first time;
# later runs (any clone, same machine) print the cached folder at once. Prints the bin folder on stdout;
# with --check, only prints it when already built (exit 3 otherwise).
# Used by bench:engine (llama-bench, llama-server) and the remote-engine tests (llama-server).
set -euo pipefail
cd "$(dirname "$0")/.."
bundle=node_modules/node-llama-cpp/llama/gitRelease.bundle
[ -f "$bundle" ] || { echo "no llama.cpp source bundle at $bundle (run npm install)" >&2; exit 1; }
hash=$(sha256sum "$bundle" | cut -c1-16)
root=${INKSTONE_LLAMA_CACHE:-$HOME/.cache/inkstone/llama.cpp}
dest=$root/$hash
bin=$dest/bin
if [ -x "$bin/llama-server" ] && [ -x "$bin/llama-bench" ]; then echo "$bin"; exit 0; fi
if [ "${1:-}" = "--check" ]; then echo "llama.cpp's tools are not built yet: run bash bench/build-llama-tools.sh (~15-20 min)" >&2; exit 3; fi
command -v cmake >/dev/null || { echo "cmake is needed to build llama.cpp's tools" >&2; exit 1; }
mkdir -p "$root"
# one build at a time per machine: a second caller waits for the first, then reuses its result
exec 9>"$root/.lock-$hash"
flock 9
if [ -x "$bin/llama-server" ] && [ -x "$bin/llama-bench" ]; then echo "$bin"; exit 0; fi
work=$(mktemp -d "$root/build-$hash.XXXXXX")
trap 'rm -rf "$work"' EXIT
git clone -q "$bundle" "$work/src" 2>/dev/null
# no network at build time: no prebuilt web UI download, no OpenSSL/curl; the server is for loopback tests
cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DBUILD_SHARED_LIBS=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=ON -DLLAMA_BUILD_SERVER=ON \
  -DLLAMA_BUILD_UI=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_OPENSSL=OFF -DLLAMA_BUILD_APP=OFF >&2
cmake --build "$work/build" --target llama-bench llama-server -j "$(nproc)" >&2
mkdir -p "$dest.tmp/bin"
cp "$work/build/bin/llama-bench" "$work/build/bin/llama-server" "$dest.tmp/bin/"
rm -rf "$dest"
mv "$dest.tmp" "$dest"
echo "$bin"
