#!/usr/bin/env bash
# Builds the erpsync extension in place: phpize && ./configure && make.
# Usage: scripts/build-ext.sh [--dev] [--clean]    (--dev adds -Werror to -Wall -Wextra)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dev=""; clean=0
for a in "$@"; do
	case "$a" in
		--dev) dev="--enable-erpsync-dev" ;;
		--clean) clean=1 ;;
		*) echo "unknown option $a" >&2; exit 2 ;;
	esac
done
if [ $clean = 1 ] || [ ! -f Makefile ] || [ config.m4 -nt Makefile ] || \
   [ -n "$(for f in ext/*.c ext/*/*.c; do grep -q "${f%.c}.lo:" Makefile.objects 2>/dev/null || echo new; done)" ]; then
	[ -f Makefile ] && make -s distclean >/dev/null 2>&1 || true
	phpize >/dev/null
	./configure --enable-erpsync $dev >/dev/null
fi
make -j"$(nproc)" >/dev/null
echo "built $root/modules/erpsync.so"
