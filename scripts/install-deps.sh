#!/usr/bin/env bash
# Installs every Debian 12 package that Phonon's build and tests need. Idempotent: packages
# already present are skipped, so a machine that has them all runs no apt at all.
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config python3
  llvm-19-dev llvm-19-tools clang-19 libclang-rt-19-dev
  zlib1g-dev libzstd-dev libedit-dev libxml2-dev libffi-dev libcurl4-openssl-dev
  antlr4 libantlr4-runtime-dev
  libsndfile1-dev libsamplerate0-dev portaudio19-dev
  libgtest-dev libgmock-dev libbenchmark-dev libfftw3-dev nlohmann-json3-dev
  jackd2 # a JACK dummy server: phonon play runs 2 s without xruns (play-tests)
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
