#!/usr/bin/env bash
# Builds llama.cpp's llama-bench from the llama.cpp source that node-llama-cpp ships (a git bundle),
# into the gitignored .cache/llama.cpp. About 10 minutes on 2 cores; later runs reuse the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=.cache/llama.cpp
bin=$dest/build/bin/llama-bench
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
bundle=node_modules/node-llama-cpp/llama/gitRelease.bundle
[ -f "$bundle" ] || { echo "no llama.cpp source bundle at $bundle" >&2; exit 1; }
command -v cmake >/dev/null || { echo "cmake is needed to build llama-bench" >&2; exit 1; }
rm -rf "$dest"
mkdir -p .cache
git clone -q "$bundle" "$dest"
cmake -S "$dest" -B "$dest/build" -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF \
  -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_SERVER=OFF >&2
cmake --build "$dest/build" --target llama-bench -j "$(nproc)" >&2
echo "$bin"
