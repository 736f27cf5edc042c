# `cmake --install` and `cpack -G DEB`: where tasker's files go, in the usual places under the
# prefix (GNUInstallDirs), and the Debian package made of them.
include(GNUInstallDirs)

install(TARGETS tasker RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(FILES share/man/tasker.1 DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Where bash-completion, Debian's zsh and fish look for completions shipped by packages.
install(FILES share/completions/tasker.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME tasker)
install(FILES share/completions/_tasker
        DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES share/completions/tasker.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES share/examples/ci-checks.txt share/examples/mirrors.txt
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(PROGRAMS share/examples/health-check.sh share/examples/wait-for-port.sh
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# --- Debian package: cpack -G DEB in a release build ------------------------------------------
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME tasker)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "tasker maintainers <maintainers@users.noreply.r-seed-ac78a71e.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "run shell commands in parallel, periodically or after a delay")
set(CPACK_PACKAGE_DESCRIPTION
    "tasker runs shell commands in parallel (gather, list, any), periodically (every) or once
after a delay (after), and combines their outcomes with the semantics of Twisted's Deferred,
DeferredList and gatherResults. It prints each task's output as it comes, prefixed or grouped,
cancels what is no longer needed, and writes JSON and JUnit reports and an exit status for
scripts and CI jobs.")
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# tasker_0.1.0_amd64.deb, with the architecture dpkg reports.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
# Depends: from the libraries the binary links (libfmt9, libstdc++6, libc6, libgcc-s1), as
# dpkg-shlibdeps finds them; needs dpkg-dev.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
include(CPack)
