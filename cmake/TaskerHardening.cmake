# TASKER_HARDENING: Debian's hardening flags, those `DEB_BUILD_MAINT_OPTIONS=hardening=+all
# dpkg-buildflags` gives on Debian 12 (tests/share/package_test.sh checks that they still match),
# for every target, as a Debian package build passes them in CXXFLAGS and LDFLAGS. GCC on
# Debian builds position-independent executables already.
if(NOT TASKER_HARDENING)
  return()
endif()

add_compile_options(-fstack-protector-strong -Wformat -Werror=format-security)
# _FORTIFY_SOURCE only where the build type optimises: without -O it checks nothing (Debian 12's
# glibc ignores it; older ones warn, an error under -Werror). -U first: some compilers define it.
set(_tasker_optimised "$<CONFIG:Release,RelWithDebInfo,MinSizeRel>")
add_compile_options("$<${_tasker_optimised}:-U_FORTIFY_SOURCE>"
                    "$<${_tasker_optimised}:-D_FORTIFY_SOURCE=2>")
# Full RELRO: the GOT is resolved at start and then made read-only.
add_link_options(LINKER:-z,relro LINKER:-z,now)
message(STATUS "tasker: hardening flags enabled")
