# Command templates against the real GNU parallel: the same template over the same tricky inputs
# through both, each command printing the words it was given, one per line, as printf '[%s]'.
# The two tools quote differently; what the shell hands the command must be the same.
# Skipped (125) when parallel is not installed (apt-get install -y parallel).
. "$(dirname "$0")/testlib.sh"

command -v parallel >/dev/null 2>&1 || skip "GNU parallel is not installed"
# parallel asks once for a citation: --will-cite, and a HOME of our own for its ~/.parallel.
export HOME="$tmp/home"
mkdir -p "$HOME"
# parallel runs the user's shell, tasker /bin/sh: the same shell for both.
export PARALLEL_SHELL=/bin/sh SHELL=/bin/sh

# Inputs that have broken templates elsewhere: spaces, quotes, `;`, command substitutions, names
# with dots and slashes in the places {.} {/} {//} find hard, an empty one, and `/`.
set -- 'a b' "it's" 'x;y' '$(echo pwned)' '`id`' '.bashrc' 'dir/' 'dir/.hidden' 'a.tar.gz' \
  '' '/' 'a"b' 'back\slash' '*' '~root' 'a=b' '-n' 'tab	x' 'd.ir/f' 'a..b' 'x.' '//a' 'a//b/' \
  'ü.txt' '{}' '  lead'
printf '%s\n' "$@" >"$tmp/inputs"

compare() {
  what=$1
  shift
  # Options, the template and the sources, as both tools take them; `::::` is parallel's
  # --args.
  parallel --will-cite -j 1 -k "$@" >"$tmp/parallel.out" 2>"$tmp/parallel.err" ||
    fail "$what: parallel failed: $(cat "$tmp/parallel.err")"
  # The same words, with `::::` spelled --args: each word goes round to the end once.
  for word in "$@"; do
    shift
    [ "$word" = "::::" ] && word=--args
    set -- "$@" "$word"
  done
  "$TASKER" gather -q --output raw -j 1 "$@" >"$tmp/tasker.out" 2>"$tmp/tasker.err" ||
    fail "$what: tasker failed: $(cat "$tmp/tasker.err")"
  [ -s "$tmp/parallel.out" ] || fail "$what: parallel printed nothing"
  cmp -s "$tmp/parallel.out" "$tmp/tasker.out" || {
    diff "$tmp/parallel.out" "$tmp/tasker.out" >&2 || true
    fail "$what: tasker's commands saw other words than parallel's (< parallel, > tasker)"
  }
}

show="printf '[%s]\\n' @"

compare "every placeholder" "$show {} {.} {/} {//} {/.} {#}" ::: "$@"
compare "inputs appended" "$show" ::: "$@"
compare "inside the template's quotes" "$show \"{}\" x{}x" ::: 'a b' 'c' '$HOME'
compare "two sources" "$show {1} {2} {} {1/} {2.} {-1} {1//} {2/.}" ::: "$@" ::: 'x y.z' 'o/p.q'
compare "appended from two sources" "$show" ::: a 'b c' ::: 'd e' f
compare "--link" --link "$show {1} {2}" ::: a 'b c' '' ::: 1 2 3
compare "lines of a file, blank ones too" "$show {} {.}" :::: "$tmp/inputs"
compare "a file and a list" "$show {2} {1}" :::: "$tmp/inputs" ::: 'p q' r
compare "literal brace words" "$show {foo} { } {x}{} {{}} {-}" ::: 'a b'
exit 0
