#!/usr/bin/env bash
# Installs what erpsync needs on a fresh Debian (bookworm) machine and builds the extension.
# Idempotent: packages already present are not reinstalled. Run as root (or with sudo available).
# Usage: scripts/setup.sh [--with-wordpress]   (also installs MariaDB, PHP's mysql module, PHPUnit, npm)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

pkgs=(php8.2-cli php8.2-dev php8.2-curl php8.2-mbstring php8.2-xml php8.2-intl php8.2-zip php8.2-yaml
      libcurl4-openssl-dev libjson-c-dev zlib1g-dev pkg-config make gcc autoconf valgrind git unzip curl openssl composer
      clang-14 libclang-rt-14-dev llvm-14)   # libFuzzer + ASan/UBSan runtimes for tests/fuzz and the ASan .phpt run
if [ "${1:-}" = "--with-wordpress" ]; then
	pkgs+=(mariadb-server mariadb-client php8.2-mysql phpunit nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# Composer and npm may come from elsewhere than Debian on this machine: only install when absent.
if command -v composer >/dev/null 2>&1; then missing=("${missing[@]/composer}"); fi
if command -v npm >/dev/null 2>&1; then missing=("${missing[@]/npm}"); missing=("${missing[@]/nodejs}"); fi
clean=()
for p in "${missing[@]}"; do [ -n "$p" ] && clean+=("$p"); done
if [ ${#clean[@]} -gt 0 ]; then
	SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
	echo "setup: installing ${clean[*]}"
	$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${clean[@]}" >/dev/null
fi

scripts/build-ext.sh
