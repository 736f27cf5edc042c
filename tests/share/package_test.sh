# `cpack -G DEB` builds tasker_VERSION_ARCH.deb: its control fields name the package, version,
# maintainer and the libraries it needs (libfmt9), it holds the binary, the man page and the
# completions under /usr, and the binary it holds runs.
# Usage: package_test.sh TASKER SOURCE_DIR CPACK BUILD_DIR VERSION
. "$(dirname "$0")/testlib.sh"

cpack=${3:?usage: package_test.sh TASKER SOURCE_DIR CPACK BUILD_DIR VERSION}
build=${4:?usage: package_test.sh TASKER SOURCE_DIR CPACK BUILD_DIR VERSION}
version=${5:?usage: package_test.sh TASKER SOURCE_DIR CPACK BUILD_DIR VERSION}
command -v dpkg-deb >/dev/null 2>&1 || skip "no dpkg-deb"
command -v dpkg-shlibdeps >/dev/null 2>&1 || skip "no dpkg-shlibdeps (dpkg-dev)"

(cd "$build" && "$cpack" -G DEB -B "$tmp/out") >"$tmp/cpack.log" 2>&1 || {
  cat "$tmp/cpack.log" >&2
  fail "cpack -G DEB failed"
}
arch=$(dpkg --print-architecture)
deb=$tmp/out/tasker_${version}_${arch}.deb
[ -f "$deb" ] || fail "no $deb; cpack made: $(ls "$tmp/out")"

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = tasker ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), expected $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"
depends=$(field Depends)
case $depends in
  *libfmt9*) ;;
  *) fail "Depends: '$depends' does not name libfmt9" ;;
esac
# Every dependency is a package dpkg knows of on this machine (the binary was linked here).
for package in $(echo "$depends" | tr ',' '\n' | sed 's/(.*//; s/|.*//'); do
  dpkg-query -W "$package" >/dev/null 2>&1 || fail "Depends names $package, which is not installed"
done

dpkg-deb -c "$deb" | awk '{ print $6 }' >"$tmp/contents"
for file in ./usr/bin/tasker ./usr/share/man/man1/tasker.1 \
  ./usr/share/bash-completion/completions/tasker ./usr/share/zsh/vendor-completions/_tasker \
  ./usr/share/fish/vendor_completions.d/tasker.fish ./usr/share/doc/tasker/examples/mirrors.txt; do
  grep -qxF "$file" "$tmp/contents" || fail "the package lacks $file"
done

dpkg-deb -x "$deb" "$tmp/root"
out=$("$tmp/root/usr/bin/tasker" --version) || fail "the packaged tasker does not run"
[ "$out" = "tasker $version" ] || fail "the packaged tasker says '$out'"
"$tmp/root/usr/bin/tasker" -q any 'exit 3' 'echo packaged' >"$tmp/run" ||
  fail "the packaged tasker cannot run tasks"
expect_contains "$tmp/run" "packaged"
echo "$(basename "$deb"): Depends: $depends"
