#!/usr/bin/env bash
# Installs the Debian 12 packages the build and the tests need; does nothing when all are present.
# Idempotent and quiet, so `make run` and `make test` can call it every time.
set -euo pipefail

# Usage: install-deps.sh [build]. `build`: only what compiling the server and the tool needs (the
# container image's build stage); without it, everything the tests need too.
build_packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libsoci-dev libboost-dev libsqlite3-dev libpq-dev libssl-dev
  libcli11-dev nlohmann-json3-dev libxml2-dev libcpp-httplib-dev tzdata
)
test_packages=(
  libgtest-dev libgmock-dev postgresql sqlite3 clang-format clang-tidy clang-14
  libclang-rt-14-dev python3 python3-venv nodejs npm openssl chromium fonts-dejavu-core
  openjdk-17-jdk-headless maven nghttp2-client poppler-utils
)
packages=("${build_packages[@]}")
[ "${1:-}" = build ] || packages+=("${test_packages[@]}")

missing=()
for p in "${packages[@]}"; do
  # A package counts as present when dpkg knows it installed, or when a command it provides exists
  # (nodejs/npm/python3 may come from outside Debian on developer machines).
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then continue; fi
  case "$p" in
    nodejs) command -v node >/dev/null && continue ;;
    npm) command -v npm >/dev/null && continue ;;
    python3) command -v python3 >/dev/null && continue ;;
    python3-venv) python3 -c 'import venv, ensurepip' 2>/dev/null && continue ;;
    openjdk-17-jdk-headless) command -v javac >/dev/null && continue ;;
    maven) command -v mvn >/dev/null && continue ;;
  esac
  missing+=("$p")
done

[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "install-deps: installing ${missing[*]}"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
