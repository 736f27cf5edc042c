# `cmake --install BUILD --prefix TMP` puts the binary, the man page, the completions and the
# examples in their usual places under TMP, and the installed binary runs.
# Usage: install_test.sh TASKER SOURCE_DIR CMAKE BUILD_DIR
. "$(dirname "$0")/testlib.sh"

cmake=${3:?usage: install_test.sh TASKER SOURCE_DIR CMAKE BUILD_DIR}
build=${4:?usage: install_test.sh TASKER SOURCE_DIR CMAKE BUILD_DIR}
prefix=$tmp/prefix

"$cmake" --install "$build" --prefix "$prefix" >"$tmp/install.log" 2>&1 || {
  cat "$tmp/install.log" >&2
  fail "cmake --install failed"
}

for file in \
  bin/tasker \
  share/man/man1/tasker.1.gz \
  share/doc/tasker/copyright \
  share/doc/tasker/changelog.gz \
  share/bash-completion/completions/tasker \
  share/zsh/vendor-completions/_tasker \
  share/fish/vendor_completions.d/tasker.fish \
  share/doc/tasker/README.md \
  share/doc/tasker/examples/ci-checks.txt \
  share/doc/tasker/examples/mirrors.txt \
  share/doc/tasker/examples/health-check.sh \
  share/doc/tasker/examples/wait-for-port.sh; do
  [ -f "$prefix/$file" ] || fail "cmake --install did not install $file"
done
for file in bin/tasker share/doc/tasker/examples/health-check.sh \
  share/doc/tasker/examples/wait-for-port.sh; do
  [ -x "$prefix/$file" ] || fail "$file is installed without its execute permission"
done
cmp -s "$SOURCE_DIR/share/completions/tasker.bash" "$prefix/share/bash-completion/completions/tasker" ||
  fail "the installed bash completion is not share/completions/tasker.bash"

# The installed binary runs, and says which version it is.
version=$("$prefix/bin/tasker" --version) || fail "the installed tasker --version failed"
expected=$("$TASKER" --version)
[ "$version" = "$expected" ] || fail "the installed tasker says '$version', expected '$expected'"
out=$("$prefix/bin/tasker" -q gather 'echo installed') || fail "the installed tasker cannot run a task"
[ "$out" = "#0 | installed" ] || fail "the installed tasker printed '$out'"

# man finds the page where it was installed.
if command -v man >/dev/null 2>&1; then
  found=$(MANPATH=$prefix/share/man man -w tasker 2>/dev/null) || fail "man -w tasker finds no page"
  [ "$found" = "$prefix/share/man/man1/tasker.1.gz" ] || fail "man -w tasker found $found"
fi
echo "installed and ran $version from $prefix"
