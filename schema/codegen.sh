#!/usr/bin/env bash
# Regenerates schema/generated/ from the .fbs files with flatc (Debian: flatbuffers-compiler).
# `bash schema/codegen.sh --check` fails when the committed code differs from a fresh run.
set -euo pipefail
usage="usage: npm run codegen [-- --check]  (npm run codegen:check is the same with --check)"
check=
for arg in "$@"; do
  case "$arg" in
    -h|--help) printf '%s\n\n%s\n' "$usage" "Regenerates schema/generated/ from schema/*.fbs with flatc; --check writes nothing and fails when the committed code differs from a fresh run." ; exit 0 ;;
    --check) check=1 ;;
    *) printf "codegen: unknown option '%s'\n%s\n" "$arg" "$usage" >&2; exit 2 ;;
  esac
done
cd "$(dirname "$0")"
command -v flatc >/dev/null || { echo "codegen: flatc not found (apt-get install flatbuffers-compiler)" >&2; exit 1; }
out=generated
if [ -n "$check" ]; then
  out=$(mktemp -d)
  trap 'rm -rf "$out" "$out.tmp"' EXIT
fi
rm -rf "$out.tmp" && mkdir -p "$out.tmp"
flatc --ts -o "$out.tmp" common.fbs chart.fbs catalog.fbs ranking.fbs weekly.fbs tops.fbs answers.fbs
# flatc makes its directories 0750: readable by all, like the rest of the tree (a server run as
# another user imports them)
chmod -R a+rX "$out.tmp"
if [ -n "$check" ]; then
  diff -r generated "$out.tmp" && echo "codegen: generated code is up to date"
  rm -rf "$out.tmp"
else
  rm -rf "$out" && mv "$out.tmp" "$out"
  echo "codegen: wrote schema/$out"
fi
