# share/completions: each file offers every command and every option `--help` lists, and, in each
# shell that is installed, completes commands, options and their values (--output, --color,
# --stdin, --on-fire), the command line that every and after run, chain's steps and their values,
# and the task names of run's task file.
. "$(dirname "$0")/testlib.sh"
here=$(cd "$(dirname "$0")" && pwd)

dir=$SOURCE_DIR/share/completions
bash_file=$dir/tasker.bash
zsh_file=$dir/_tasker
fish_file=$dir/tasker.fish

# --- Every command and option is in every file ------------------------------------------------
for command in "" $TASKER_COMMANDS; do
  # shellcheck disable=SC2086 # "" is no command: tasker --help
  for option in $(help_options $command); do
    for file in "$bash_file" "$zsh_file"; do
      grep -qF -- "$option" "$file" || fail "$(basename "$file") lacks ${command:-tasker} $option"
    done
    case $option in
      --*) pattern="-l ${option#--}" ;;
      *) pattern="-s ${option#-}" ;;
    esac
    grep -qF -- "$pattern" "$fish_file" || fail "tasker.fish lacks ${command:-tasker} $option"
  done
  for file in "$bash_file" "$zsh_file" "$fish_file"; do
    [ -z "$command" ] || grep -qw -- "$command" "$file" || fail "$(basename "$file") lacks $command"
  done
done

# --- What each shell offers -------------------------------------------------------------------
# Each case: the command line typed so far, then the words that must be offered for it.
cat >"$tmp/cases" <<'CASES'
tasker |gather list any every after chain run report
tasker --output |prefixed grouped raw quiet
tasker --color |auto always never
tasker --stdin |null inherit
tasker --shell al|always
tasker gather --on-fire |cancel wait
tasker list --fire|--fire-on-one-callback --fire-on-one-errback
tasker gather --con|--consume-errors
tasker gather --ar|--args
tasker any --li|--link
tasker any -|--jobs --timeout --retries --retry-delay --names --from --grace --on-fire --output --json
tasker every 5s --cou|--count
tasker every 5s --keep|--keep-going
tasker every 5s --count 3 --ch|--changes
tasker after 1s --t|--timeout
tasker every 5s --count 3 ech|echo
tasker every 5s -- ech|echo
tasker after 1s ech|echo
tasker chain --|--grace --json --output
tasker chain ech|echo
tasker chain true --|--then --catch --both --finally --callbacks --timeout --retries --retry-delay --name
tasker chain true --catch false --tr|--trap
tasker chain true --catch false --trap |timeout signal
tasker chain true --then ech|echo
tasker chain true --callbacks true ech|echo
tasker chain true --then false --retry-delay |250ms 1s
tasker run -|--file --list --dry-run --json
tasker run |build deploy-site
tasker run build |deploy-site
tasker run -f other.toml |nightly
tasker run --file other.toml |nightly
tasker report -|--markdown --html
tasker gather --no-step|--no-step-summary
CASES

# run completes the names `tasker run --list` prints, so the shells run in a folder with a task
# file (and another one for -f) and find this tasker first on their PATH.
mkdir "$tmp/bin" "$tmp/project"
ln -s "$TASKER" "$tmp/bin/tasker"
PATH=$tmp/bin:$PATH
cat >"$tmp/project/tasker.toml" <<'TOML'
[tasks.build]
desc = "compile"
run = "true"

[tasks.deploy-site]
run = "true"
TOML
cat >"$tmp/project/other.toml" <<'TOML'
[tasks.nightly]
desc = "the nightly checks"
run = "true"
TOML
cd "$tmp/project"

# check SHELL OFFERED_FILE: every case's words are in its line of OFFERED_FILE.
check() {
  n=0
  while IFS='|' read -r line expected; do
    n=$((n + 1))
    offered=$(sed -n "${n}p" "$2")
    for word in $expected; do
      case " $offered " in
        *" $word "*) ;;
        *) fail "$1: '$line' offers '$offered', not '$word'" ;;
      esac
    done
  done <"$tmp/cases"
  echo "$1: $n cases passed"
}

# bash, with and without the bash-completion package's helpers.
command -v bash >/dev/null 2>&1 || skip "no bash"
bash -n "$bash_file" || fail "tasker.bash does not parse"
cat >"$tmp/complete.bash" <<'BASH'
[ "$1" = with-helpers ] && . /usr/share/bash-completion/bash_completion
. "$2"
while IFS='|' read -r line expected; do
  read -ra COMP_WORDS <<<"$line"
  [ "${line% }" != "$line" ] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE=$line
  COMP_POINT=${#line}
  COMPREPLY=()
  _tasker 2>/dev/null
  echo "${COMPREPLY[*]}"
done <"$3"
BASH
bash "$tmp/complete.bash" without-helpers "$bash_file" "$tmp/cases" >"$tmp/bash.out"
check bash "$tmp/bash.out"
if [ -r /usr/share/bash-completion/bash_completion ]; then
  bash "$tmp/complete.bash" with-helpers "$bash_file" "$tmp/cases" >"$tmp/bash-helpers.out"
  check "bash (bash-completion)" "$tmp/bash-helpers.out"
fi

# zsh: completion runs in a zsh on a pseudo-terminal, with compadd recording what it is given.
if command -v zsh >/dev/null 2>&1; then
  zsh -n "$zsh_file" || fail "_tasker does not parse"
  if zsh -fc 'zmodload zsh/zpty' 2>/dev/null; then
    timeout 60 zsh -f "$here/zsh_complete.zsh" "$dir" "$tmp/cases" >"$tmp/zsh.out"
    check zsh "$tmp/zsh.out"
  fi
fi

# fish: `complete -C` prints what fish would offer.
if command -v fish >/dev/null 2>&1; then
  fish -n "$fish_file" || fail "tasker.fish does not parse"
  while IFS='|' read -r line expected; do
    fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$fish_file" "$line" | cut -f1 |
      tr '\n' ' '
    echo
  done <"$tmp/cases" >"$tmp/fish.out"
  check fish "$tmp/fish.out"
fi
