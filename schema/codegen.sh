#!/usr/bin/env bash
# Regenerates schema/generated/ from the .fbs files with flatc (Debian: flatbuffers-compiler).
# `bash schema/codegen.sh --check` fails when the committed code differs from a fresh run.
set -euo pipefail
cd "$(dirname "$0")"
command -v flatc >/dev/null || { echo "codegen: flatc not found (apt-get install flatbuffers-compiler)" >&2; exit 1; }
out=generated
if [ "${1:-}" = "--check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out" "$out.tmp"' EXIT
fi
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
flatc --ts -o "$out.tmp" common.fbs chart.fbs catalog.fbs ranking.fbs weekly.fbs tops.fbs
if [ "${1:-}" = "--check" ]; then
  diff -r generated "$out.tmp" && echo "codegen: generated code is up to date"
  rm -rf "$out.tmp"
else
  rm -rf "$out" && mv "$out.tmp" "$out"
  echo "codegen: wrote schema/$out"
fi
