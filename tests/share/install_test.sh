# `cmake --install BUILD --prefix PREFIX` puts the binary, the man page, the licence, the
# changelog and the examples in their usual places under PREFIX, and the completions where each
# shell looks for that prefix: /usr/local (the README's default), /usr (the .deb's) or another.
# `--strip` installs the binary without its debug information, and the installed binary runs.
# Every install goes into DESTDIR=$tmp/root/..., so nothing is written outside $tmp.
# Usage: install_test.sh TASKER SOURCE_DIR CMAKE BUILD_DIR
. "$(dirname "$0")/testlib.sh"

cmake=${3:?usage: install_test.sh TASKER SOURCE_DIR CMAKE BUILD_DIR}
build=${4:?usage: install_test.sh TASKER SOURCE_DIR CMAKE BUILD_DIR}
expected_version=$("$TASKER" --version)

# install_into PREFIX [ARGS...]: cmake --install into $root$PREFIX, root being a new DESTDIR.
install_into() {
  prefix=$1
  shift
  root=$tmp/root$(echo "$prefix" | tr / _)
  DESTDIR=$root "$cmake" --install "$build" --prefix "$prefix" "$@" >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log" >&2
    fail "cmake --install --prefix $prefix $* failed"
  }
}

# check_common: the files every prefix gets, and the installed binary runs.
check_common() {
  for file in \
    bin/tasker \
    share/man/man1/tasker.1.gz \
    share/bash-completion/completions/tasker \
    share/doc/tasker/README.md \
    share/doc/tasker/copyright \
    share/doc/tasker/changelog.gz \
    share/doc/tasker/examples/ci-checks.txt \
    share/doc/tasker/examples/mirrors.txt \
    share/doc/tasker/examples/tasker.toml \
    share/tasker/tasker-report.schema.json \
    share/doc/tasker/examples/health-check.sh \
    share/doc/tasker/examples/wait-for-port.sh; do
    [ -f "$root$prefix/$file" ] || fail "cmake --install --prefix $prefix did not install $file"
  done
  for file in bin/tasker share/doc/tasker/examples/health-check.sh \
    share/doc/tasker/examples/wait-for-port.sh; do
    [ -x "$root$prefix/$file" ] || fail "$file is installed without its execute permission"
  done
  cmp -s "$SOURCE_DIR/share/completions/tasker.bash" \
    "$root$prefix/share/bash-completion/completions/tasker" ||
    fail "the installed bash completion is not share/completions/tasker.bash"
  version=$("$root$prefix/bin/tasker" --version) || fail "the installed tasker --version failed"
  [ "$version" = "$expected_version" ] ||
    fail "the installed tasker says '$version', expected '$expected_version'"
  out=$("$root$prefix/bin/tasker" -q gather 'echo installed') ||
    fail "the installed tasker cannot run a task"
  [ "$out" = "#0 | installed" ] || fail "the installed tasker printed '$out'"
}

# check_completions ZSH_DIR FISH_DIR: the zsh and fish files are in these directories (without
# DESTDIR), and nowhere else under the root.
check_completions() {
  [ -f "$root$1/_tasker" ] || fail "--prefix $prefix: no _tasker in $1"
  [ -f "$root$2/tasker.fish" ] || fail "--prefix $prefix: no tasker.fish in $2"
  [ "$(find "$root" -name _tasker | wc -l)" -eq 1 ] || fail "--prefix $prefix: several _tasker"
  [ "$(find "$root" -name tasker.fish | wc -l)" -eq 1 ] ||
    fail "--prefix $prefix: several tasker.fish"
}

# searched_by SHELL DIR: the shell, as installed here and with no configuration of its own,
# looks for completions in DIR (zsh: $fpath; fish: $fish_complete_path, XDG_DATA_DIRS unset).
searched_by() {
  case $1 in
    zsh) zsh -fc 'print -l $fpath' >"$tmp/searched" ;;
    fish)
      mkdir -p "$tmp/home"
      HOME=$tmp/home env -u XDG_DATA_DIRS -u XDG_CONFIG_HOME -u XDG_DATA_HOME \
        fish -c 'printf "%s\n" $fish_complete_path' >"$tmp/searched"
      ;;
  esac
  grep -qxF "$2" "$tmp/searched" || {
    cat "$tmp/searched" >&2
    fail "$1 does not look for completions in $2, where --prefix $prefix installs them"
  }
}

# --- /usr/local, the default, stripped --------------------------------------------------------
install_into /usr/local --strip
check_common
check_completions /usr/local/share/zsh/site-functions /etc/fish/completions
command -v zsh >/dev/null 2>&1 && searched_by zsh /usr/local/share/zsh/site-functions
command -v fish >/dev/null 2>&1 && searched_by fish /etc/fish/completions
# bash-completion looks under each of XDG_DATA_DIRS, by default /usr/local/share:/usr/share;
# it finds and loads the installed file there.
if [ -r /usr/share/bash-completion/bash_completion ] && command -v bash >/dev/null 2>&1; then
  XDG_DATA_DIRS=$root/usr/local/share HOME=$tmp/home bash --norc --noprofile -c \
    '. /usr/share/bash-completion/bash_completion; __load_completion tasker && complete -p tasker' \
    >"$tmp/bash.out" 2>&1 || {
    cat "$tmp/bash.out" >&2
    fail "bash-completion does not load the installed completion"
  }
  expect_contains "$tmp/bash.out" "complete -F _tasker tasker"
fi
# man finds the page where it was installed.
if command -v man >/dev/null 2>&1; then
  manpath=$root/usr/local/share/man
  found=$(MANPATH=$manpath man -w tasker 2>/dev/null) || fail "man -w tasker finds no page"
  [ "$found" = "$manpath/man1/tasker.1.gz" ] || fail "man -w tasker found $found"
fi
stripped=$root/usr/local/bin/tasker

# --- /usr, as the .deb ------------------------------------------------------------------------
install_into /usr
check_common
check_completions /usr/share/zsh/vendor-completions /usr/share/fish/vendor_completions.d
command -v zsh >/dev/null 2>&1 && searched_by zsh /usr/share/zsh/vendor-completions
command -v fish >/dev/null 2>&1 && searched_by fish /usr/share/fish/vendor_completions.d

# --- Another prefix: the shells' conventional places under it, not stripped -----------------
install_into /opt/tasker
check_common
check_completions /opt/tasker/share/zsh/site-functions /opt/tasker/share/fish/vendor_completions.d
cmp -s "$TASKER" "$root/opt/tasker/bin/tasker" ||
  fail "without --strip, the installed binary is not the built one"

# --- --strip removes the debug information and the symbol table ------------------------------
if command -v readelf >/dev/null 2>&1; then
  if readelf -SW "$TASKER" | grep -q '\.debug_info'; then
    readelf -SW "$stripped" | grep -qE '\.debug_info|\.symtab' &&
      fail "cmake --install --strip left debug information or symbols in bin/tasker"
    [ "$(wc -c <"$stripped")" -lt "$(wc -c <"$TASKER")" ] ||
      fail "the stripped binary is no smaller than the built one"
  else
    echo "the built tasker has no debug information: --strip is not checked"
  fi
fi

# --- The licence and the changelog -----------------------------------------------------------
copyright=$root$prefix/share/doc/tasker/copyright
cmp -s "$SOURCE_DIR/share/debian/copyright" "$copyright" ||
  fail "the installed copyright is not share/debian/copyright"
# The text of its stand-alone License paragraph is LICENSE's (DEP-5: indented by one space, "."
# for a blank line).
awk 'on { print } previous == "" && $0 == "License: Expat" { on = 1 } { previous = $0 }' \
  "$copyright" | sed 's/^ //; s/^\.$//' >"$tmp/dep5-licence"
sed -n '/^Permission is hereby granted/,$p' "$SOURCE_DIR/LICENSE" >"$tmp/licence"
[ -s "$tmp/licence" ] || fail "LICENSE has no MIT permission notice"
cmp -s "$tmp/licence" "$tmp/dep5-licence" || {
  diff "$tmp/licence" "$tmp/dep5-licence" >&2 || true
  fail "share/debian/copyright's licence text is not LICENSE's"
}
notice=$(sed -n 's/^Copyright (c) //p' "$SOURCE_DIR/LICENSE")
grep -qxF "Copyright: $notice" "$copyright" || fail "copyright lacks 'Copyright: $notice'"
# The changelog's newest entry is this version.
gzip -dc "$root$prefix/share/doc/tasker/changelog.gz" | head -n 1 >"$tmp/changelog"
expect_contains "$tmp/changelog" "tasker (${expected_version#tasker }) "

echo "installed and ran $version under /usr/local (stripped), /usr and /opt/tasker"
