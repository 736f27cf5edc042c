#!/bin/sh
# Fails, listing them, when C++ files are not as clang-format 14 writes them with the
# repository's .clang-format. Checks every tracked .cpp and .hpp under the given folder (the
# repository root by default), or every one there when the folder is not in a git checkout.
# tests/fixtures/ is left out: its files are wrong on purpose. Exits 125 (a CTest skip) when
# clang-format 14 is missing: another version formats differently.
set -eu

root=${1:-$(dirname "$0")/..}
cd "$root"

clang_format=
for candidate in clang-format-14 clang-format; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" --version | grep -q 'version 14\.'; then
    clang_format=$candidate
    break
  fi
done
if [ -z "$clang_format" ]; then
  echo "check_format: clang-format 14 is needed (apt-get install clang-format-14)" >&2
  exit 125
fi

list=$(mktemp)
trap 'rm -f "$list"' EXIT
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z -- '*.cpp' '*.hpp' ':!:tests/fixtures/' >"$list"
else
  find . \( -name build -o -name .git -o -path ./tests/fixtures \) -prune -o \
    \( -name '*.cpp' -o -name '*.hpp' \) -print0 >"$list"
fi

if [ ! -s "$list" ]; then
  echo "check_format: no .cpp or .hpp file under $root" >&2
  exit 1
fi

# One clang-format for all files; each violation is a "file:line:col: error:" line.
bad=$(xargs -0 -r "$clang_format" --dry-run --Werror <"$list" 2>&1 |
      sed -n 's/^\(.*\):[0-9]*:[0-9]*: error: code should be clang-formatted.*/\1/p' |
      sort -u)
if [ -n "$bad" ]; then
  echo "check_format: $(echo "$bad" | wc -l) file(s) not clang-formatted; fix with" \
       "$clang_format -i FILE:"
  echo "$bad"
  exit 1
fi
echo "check_format: $(tr -cd '\0' <"$list" | wc -c) files clang-formatted"
