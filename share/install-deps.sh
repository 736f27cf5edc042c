#!/usr/bin/env bash
# Installs the Debian 12 packages tasker builds against, and only those that are missing, so it
# is safe to run before every build.
set -euo pipefail

packages=(
  g++
  cmake
  ninja-build
  libcli11-dev
  libboost-dev
  libfmt-dev
  libgtest-dev
  libgmock-dev
  nlohmann-json3-dev
  # Task files: a well-kept TOML 1.0 parser, used header-only (no run-time dependency).
  libtomlplusplus-dev
  # cpack -G DEB: dpkg-shlibdeps writes the package's Depends.
  dpkg-dev
  # The tsan and fuzz presets: Clang, and its libFuzzer and sanitizer runtimes.
  clang
  libclang-rt-14-dev
  # The format check (tests/check_format.sh) and the tidy preset: version 14, as Clang's.
  clang-format-14
  clang-tidy-14
  # For the test suite only: the real engines of the SSH and Slurm executors, which
  # tests/engines/start.sh starts on this machine (an sshd on 127.0.0.1, a one-node Slurm
  # cluster). The auth/none, cred/none and proctrack/pgid plugins its slurm.conf names are in
  # slurm-wlm-basic-plugins; munge comes as a dependency but is not used.
  openssh-server
  openssh-client
  slurmctld
  slurmd
  slurm-client
  slurm-wlm-basic-plugins
  # For the test suite only: the real tools the share tests check tasker's files against, so
  # that on a bare machine they run instead of skipping. lintian (the .deb), the three shells
  # and bash-completion (the completions), groff and man-db (the man page), jq and curl (the
  # README's scenarios), Twisted (the rules, compared with the real Deferred), jsonschema (the
  # report schema) and xmllint (JUnit against its schema).
  lintian
  zsh
  fish
  bash-completion
  groff
  man-db
  jq
  curl
  python3
  python3-twisted
  python3-jsonschema
  libxml2-utils
  # For the test suite only: GNU parallel, whose placeholders, job log and -S hosts tasker's are
  # checked against.
  parallel
  # For the test suite only: the HTML timeline page is loaded in a real browser, headless.
  chromium
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  if [[ "$status" != "install ok installed" ]]; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "install-deps: not root and no sudo; install these packages: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install-deps: installing ${missing[*]}"
"${sudo[@]}" apt-get update
"${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
echo "install-deps: installed ${missing[*]}"
