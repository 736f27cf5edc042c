# `cpack -G DEB` builds tasker_VERSION_ARCH.deb, and lintian reports no error and no warning on
# it. Its control fields name the package, version and maintainer, and Depends names exactly the
# packages of the shared libraries the binary needs. It holds the binary, stripped and built
# with Debian's hardening flags, the compressed man page, the completions where Debian's shells
# look, the copyright file and the changelog under /usr, and the binary it holds runs.
# Usage: package_test.sh TASKER SOURCE_DIR CPACK BUILD_DIR VERSION
. "$(dirname "$0")/testlib.sh"

cpack=${3:?usage: package_test.sh TASKER SOURCE_DIR CPACK BUILD_DIR VERSION}
build=${4:?usage: package_test.sh TASKER SOURCE_DIR CPACK BUILD_DIR VERSION}
version=${5:?usage: package_test.sh TASKER SOURCE_DIR CPACK BUILD_DIR VERSION}
command -v dpkg-deb >/dev/null 2>&1 || skip "no dpkg-deb"
command -v dpkg-shlibdeps >/dev/null 2>&1 || skip "no dpkg-shlibdeps (dpkg-dev)"
command -v readelf >/dev/null 2>&1 || skip "no readelf (binutils)"
# Checking the package with lintian is the point of this test: install it rather than skip.
if ! command -v lintian >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get install -y --no-install-recommends lintian >"$tmp/apt.log" 2>&1 || {
      cat "$tmp/apt.log" >&2
      fail "lintian is not installed and apt-get could not install it"
    }
  else
    fail "lintian is not installed (apt-get install lintian, as root)"
  fi
fi

(cd "$build" && "$cpack" -G DEB -B "$tmp/out") >"$tmp/cpack.log" 2>&1 || {
  cat "$tmp/cpack.log" >&2
  fail "cpack -G DEB failed"
}
arch=$(dpkg --print-architecture)
deb=$tmp/out/tasker_${version}_${arch}.deb
[ -f "$deb" ] || fail "no $deb; cpack made: $(ls "$tmp/out")"

# --- lintian: no E: and no W: lines (I: and P: are shown, not fatal) -------------------------
lintian --display-info "$deb" >"$tmp/lintian" 2>"$tmp/lintian.err" || true
cat "$tmp/lintian"
if grep -qE '^[EW]: ' "$tmp/lintian"; then
  fail "lintian reports errors or warnings on $(basename "$deb")"
fi
# lintian ran and read the package (an unreadable package prints no tags, but an error).
grep -qvE 'running with root privileges' "$tmp/lintian.err" && {
  cat "$tmp/lintian.err" >&2
  fail "lintian failed on $(basename "$deb")"
}

# --- Control fields ---------------------------------------------------------------------------
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = tasker ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), expected $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
maintainer=$(field Maintainer)
case $maintainer in
  *' <'*@*.*'>') ;;
  *) fail "Maintainer: '$maintainer' is not 'name <address>'" ;;
esac
case $maintainer in
  *.example'>' | *example.com'>' | *.invalid'>')
    fail "Maintainer: '$maintainer' is a placeholder"
    ;;
esac
[ -n "$(field Description)" ] || fail "no Description"

dpkg-deb -x "$deb" "$tmp/root"
binary=$tmp/root/usr/bin/tasker

# Depends names the package of each shared library the binary needs, and no other package: the
# release preset links the C++ runtime in, so that is libc6 alone (README, Install).
depends=$(field Depends)
echo "$depends" | tr ',' '\n' | sed 's/(.*//; s/|.*//; s/ //g' | grep . | sort -u >"$tmp/depends"
readelf -dW "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' >"$tmp/needed"
[ -s "$tmp/needed" ] || fail "readelf finds no NEEDED library in the packaged tasker"
ldd "$binary" >"$tmp/ldd" || fail "ldd cannot read the packaged tasker"
: >"$tmp/owners"
while read -r soname; do
  path=$(awk -v name="$soname" '
    $1 == name && $2 == "=>" { print $3; exit }
    $1 ~ ("/" name "$") { print $1; exit }' "$tmp/ldd")
  [ -n "$path" ] || fail "ldd does not resolve $soname"
  owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(readlink -f "$path")" 2>/dev/null) ||
    fail "no installed package holds $path ($soname)"
  owner=${owner%%:*}
  echo "$owner" >>"$tmp/owners"
  grep -qxF "$owner" "$tmp/depends" || fail "Depends: '$depends' lacks $owner, which has $soname"
done <"$tmp/needed"
while read -r package; do
  grep -qxF "$package" "$tmp/owners" ||
    fail "Depends names $package; the binary needs only $(tr '\n' ' ' <"$tmp/needed")"
done <"$tmp/depends"

# --- Contents -------------------------------------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $6 }' >"$tmp/contents"
for file in ./usr/bin/tasker ./usr/share/man/man1/tasker.1.gz \
  ./usr/share/bash-completion/completions/tasker ./usr/share/zsh/vendor-completions/_tasker \
  ./usr/share/fish/vendor_completions.d/tasker.fish ./usr/share/doc/tasker/copyright \
  ./usr/share/doc/tasker/changelog.gz ./usr/share/doc/tasker/examples/mirrors.txt; do
  grep -qxF "$file" "$tmp/contents" || fail "the package lacks $file"
done
grep -vE '^\./(usr/(bin|share)/.*)?$|^\./usr/$' "$tmp/contents" >"$tmp/elsewhere" &&
  fail "the package installs outside /usr/bin and /usr/share: $(tr '\n' ' ' <"$tmp/elsewhere")"
cmp -s "$SOURCE_DIR/share/debian/copyright" "$tmp/root/usr/share/doc/tasker/copyright" ||
  fail "the packaged copyright is not share/debian/copyright"
top=$(gzip -dc "$tmp/root/usr/share/doc/tasker/changelog.gz" | dpkg-parsechangelog -l- -S Version)
[ "$top" = "$version" ] || fail "the changelog's newest entry is $top, the package $version"

# --- Stripped and hardened --------------------------------------------------------------------
readelf -SW "$binary" | grep -qE '\.debug_info|\.symtab' &&
  fail "the packaged tasker has debug information or a symbol table"
readelf -dW "$binary" | grep -qE '\(FLAGS\).*BIND_NOW|\(FLAGS_1\).*NOW' ||
  fail "the packaged tasker is not linked with -z now"
readelf -lW "$binary" | grep -q GNU_RELRO || fail "the packaged tasker is not linked with -z relro"
readelf --dyn-syms -W "$binary" | grep -qE ' __[a-z0-9_]+_chk(@|$)' ||
  fail "the packaged tasker calls no fortified function (_FORTIFY_SOURCE)"
# The compile flags are those dpkg-buildflags gives today, less optimisation, debug information
# and path mapping, which the build type and the build directory decide.
flags=$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CPPFLAGS)
flags="$flags $(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get CXXFLAGS)"
grep -F '/cli/main.cpp' "$build/compile_commands.json" | grep -F '"command"' >"$tmp/compile" ||
  fail "no compile command for cli/main.cpp in $build/compile_commands.json"
for flag in $flags; do
  case $flag in
    -g | -O* | -ffile-prefix-map=* | -fdebug-prefix-map=* | -Wdate-time) continue ;;
  esac
  grep -qF -- " $flag " "$tmp/compile" || fail "cli/main.cpp is compiled without $flag"
done

# --- The packaged binary runs -----------------------------------------------------------------
out=$("$binary" --version) || fail "the packaged tasker does not run"
[ "$out" = "tasker $version" ] || fail "the packaged tasker says '$out'"
"$binary" -q any 'exit 3' 'echo packaged' >"$tmp/run" || fail "the packaged tasker cannot run tasks"
expect_contains "$tmp/run" "packaged"
echo "$(basename "$deb"): Depends: $depends; lintian: no error, no warning"
