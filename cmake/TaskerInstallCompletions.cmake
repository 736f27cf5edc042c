# Installs the bash, zsh and fish completions where each shell looks for the prefix installed to.
# It runs at install time (install(SCRIPT) in TaskerInstall.cmake), because only then is the
# prefix known: `cmake --install --prefix`, or /usr when CPack builds the .deb. What Debian 12's
# shells search:
# - bash-completion: share/bash-completion/completions under each of XDG_DATA_DIRS, by default
#   /usr/local/share and /usr/share, and next to the command's bin/;
# - zsh: /usr/local/share/zsh/site-functions and, for packages, /usr/share/zsh/vendor-completions
#   (`zsh -fc 'print -l $fpath'`; /usr/share/zsh/site-functions is not in it);
# - fish: /usr/share/fish/vendor_completions.d, ~/.local/share/fish/vendor_completions.d and the
#   administrator's /etc/fish/completions, and share/fish/vendor_completions.d under XDG_DATA_DIRS
#   only when that is set (`fish -c 'printf "%s\n" $fish_complete_path'`). So an install into
#   /usr/local, the administrator's, puts the fish file in /etc/fish/completions.
# TaskerInstall.cmake sets tasker_completions_dir (share/completions in the source tree) and
# tasker_datadir (GNUInstallDirs' DATADIR).
set(_prefix "${CMAKE_INSTALL_PREFIX}")
if(IS_ABSOLUTE "${tasker_datadir}")
  set(_data "${tasker_datadir}")
else()
  set(_data "${_prefix}/${tasker_datadir}")
endif()

if(_prefix STREQUAL "/usr")
  set(_zsh_dir "${_data}/zsh/vendor-completions")
else()
  set(_zsh_dir "${_data}/zsh/site-functions")
endif()
if(_prefix STREQUAL "/usr/local")
  set(_fish_dir "/etc/fish/completions")
else()
  set(_fish_dir "${_data}/fish/vendor_completions.d")
endif()

# file(INSTALL) honours DESTDIR and adds each file to install_manifest.txt.
file(INSTALL "${tasker_completions_dir}/tasker.bash"
     DESTINATION "${_data}/bash-completion/completions" RENAME tasker)
file(INSTALL "${tasker_completions_dir}/_tasker" DESTINATION "${_zsh_dir}")
file(INSTALL "${tasker_completions_dir}/tasker.fish" DESTINATION "${_fish_dir}")
