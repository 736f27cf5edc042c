# `cmake --install` and `cpack -G DEB`: where tasker's files go, in the usual places under the
# prefix (GNUInstallDirs), and the Debian package made of them. `cmake --install --strip`
# installs the binary without its debug information, as the .deb holds it.
include(GNUInstallDirs)

install(TARGETS tasker RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# Debian installs manual pages and changelogs compressed with `gzip -9n` (no name or time
# stamp, so the same bytes every build). Built with tasker, so that `--target tasker` is enough
# for `cmake --install`.
find_program(TASKER_GZIP gzip REQUIRED)
set(_tasker_gzip_dir ${PROJECT_BINARY_DIR}/gzip)
set(_tasker_gzipped)
foreach(_source share/man/tasker.1 share/debian/changelog)
  get_filename_component(_name ${_source} NAME)
  set(_output ${_tasker_gzip_dir}/${_name}.gz)
  add_custom_command(OUTPUT ${_output}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${_tasker_gzip_dir}
    COMMAND ${CMAKE_COMMAND} -E copy ${PROJECT_SOURCE_DIR}/${_source} ${_tasker_gzip_dir}/${_name}
    COMMAND ${TASKER_GZIP} -9nf ${_tasker_gzip_dir}/${_name}
    DEPENDS ${PROJECT_SOURCE_DIR}/${_source}
    COMMENT "Compressing ${_source}"
    VERBATIM)
  list(APPEND _tasker_gzipped ${_output})
endforeach()
add_custom_target(tasker_gzipped_docs DEPENDS ${_tasker_gzipped})
add_dependencies(tasker tasker_gzipped_docs)

install(FILES ${_tasker_gzip_dir}/tasker.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Each shell looks in other places for /usr and for /usr/local: chosen at install time.
install(CODE "set(tasker_completions_dir \"${PROJECT_SOURCE_DIR}/share/completions\")
  set(tasker_datadir \"${CMAKE_INSTALL_DATADIR}\")")
install(SCRIPT cmake/TaskerInstallCompletions.cmake)

# The changelog of a native Debian package (its version has no Debian revision) is changelog.gz.
install(FILES README.md share/debian/copyright ${_tasker_gzip_dir}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES share/examples/ci-checks.txt share/examples/mirrors.txt share/examples/tasker.toml
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(PROGRAMS share/examples/health-check.sh share/examples/wait-for-port.sh
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
# The JSON report's schema, where other programs look for a package's data.
install(FILES share/schema/tasker-report.schema.json DESTINATION ${CMAKE_INSTALL_DATADIR}/tasker)

# --- Debian package: cpack -G DEB in a release build ------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tasker)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "tasker maintainers <tasker@users.noreply.github.com>")
# For CPack's other generators (cpack -G RPM, STGZ); a .deb names it in its copyright file.
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_RPM_PACKAGE_LICENSE ${TASKER_LICENSE})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "run shell commands in parallel, periodically or after a delay")
# Lines within 80 columns: Debian's tools show the description as it is written.
set(CPACK_PACKAGE_DESCRIPTION
    "tasker runs shell commands in parallel (gather, list, any), periodically
(every) or once after a delay (after), and combines their outcomes with the
semantics of Twisted's Deferred, DeferredList and gatherResults. It prints
each task's output as it comes, prefixed or grouped, cancels what is no
longer needed, and writes JSON and JUnit reports and an exit status for
scripts and CI jobs.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# tasker_0.1.0_amd64.deb, with the architecture dpkg reports.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends: what dpkg-shlibdeps finds the binary needs (needs dpkg-dev). The release preset links
# libstdc++ and libgcc in and uses fmt header-only, so that is libc6 alone; without
# TASKER_STATIC_RUNTIME it adds libfmt9, libstdc++6 and libgcc-s1.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
# Install with the prefix /usr itself, into DESTDIR, so that TaskerInstallCompletions.cmake sees
# the prefix the package installs to (without DESTDIR, CPack's prefix is a staging directory).
set(CPACK_SET_DESTDIR ON)
set(CPACK_INSTALL_PREFIX /usr)
include(CPack)
