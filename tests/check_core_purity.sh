#!/bin/sh
# Fails if any source under DIR includes CLI11 or <iostream>, prints (std::cout/cerr/clog,
# printf and friends, fmt::print) or exits the process (exit, _exit, quick_exit).
# The core reports through interfaces and returns values; only cli/ talks to the terminal.
# Usage: check_core_purity.sh DIR
set -eu

dir=${1:?usage: check_core_purity.sh DIR}
pattern='#[[:space:]]*include[[:space:]]*[<"](CLI/|iostream)'
pattern="$pattern|std::(cout|cerr|clog)|fmt::print"
pattern="$pattern|(^|[^[:alnum:]_])(printf|fprintf|puts|fputs|perror|exit|_exit|_Exit|quick_exit)[[:space:]]*\\("

hits=$(grep -rnE --include='*.hpp' --include='*.cpp' --include='*.h' "$pattern" "$dir" || true)
if [ -n "$hits" ]; then
  count=$(printf '%s\n' "$hits" | wc -l)
  printf '%s\n' "$hits"
  echo "check_core_purity: found $count forbidden use(s) in $dir: the core must not use CLI11, print or exit" >&2
  exit 1
fi
echo "check_core_purity: $dir is clean"
