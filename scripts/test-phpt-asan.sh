#!/usr/bin/env bash
# Runs the .phpt suite once against an AddressSanitizer + UndefinedBehaviorSanitizer build of the extension.
# Usage: scripts/test-phpt-asan.sh [path under tests/phpt ...]     (docs/testing.md, "Sanitizers")
#
# The instrumented build goes to .work/asan/erpsync-asan.ext (named so that `make clean` of the phpize build,
# which deletes every *.so below the tree, leaves it alone) (gcc -fsanitize=address,undefined, the same sources
# and flags as config.m4; modules/erpsync.so is left alone). PHP loads extensions with RTLD_DEEPBIND, which
# the sanitizer runtime refuses, so tests/asan/no_deepbind.c is preloaded first and drops that flag; the
# ASan runtime comes second (verify_asan_link_order=0). USE_ZEND_ALLOC=0 makes PHP use malloc so ASan sees
# its allocations too; leak checking is off (PHP frees its own structures at shutdown only partly).
# Any sanitizer report ends the test process with exit code 86 (the test then FAILs or BORKs).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
out=.work/asan
mkdir -p "$out"
cc=${CC:-gcc}
inc=$(php-config --includes)
cflags=(-g -O1 -D_GNU_SOURCE -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -fPIC -shared
        -Wall -Wextra -DZEND_ENABLE_STATIC_TSRMLS_CACHE=1 -DCOMPILE_DL_ERPSYNC=1 -DZEND_COMPILE_DL_EXT=1)
srcs=$(ls ext/*.c ext/*/*.c | LC_ALL=C sort)
newest=$(ls -t $srcs ext/*.h ext/*/*.h "$0" | head -1)
if [ ! -f "$out/erpsync-asan.ext" ] || [ "$newest" -nt "$out/erpsync-asan.ext" ]; then
	# shellcheck disable=SC2086
	$cc "${cflags[@]}" $inc -I. -Iext $(pkg-config --cflags libcurl json-c zlib) $srcs -o "$out/erpsync-asan.ext" \
		$(pkg-config --libs libcurl json-c zlib)
fi
$cc -shared -fPIC -O1 tests/asan/no_deepbind.c -o "$out/no_deepbind.preload" -ldl
asan_rt=$($cc -print-file-name=libasan.so)
ubsan_rt=$($cc -print-file-name=libubsan.so)
[ -f "$asan_rt" ] || { echo "no ASan runtime ($asan_rt): install gcc's libasan" >&2; exit 1; }

runner=run-tests.php
[ -f "$runner" ] || runner="/usr/lib/php/$(php -r 'echo basename(PHP_EXTENSION_DIR);')/build/run-tests.php"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(tests/phpt)
extdir=$(php -r 'echo PHP_EXTENSION_DIR;')
extra=""
[ -f "$extdir/yaml.so" ] && extra="-d extension=yaml"
export TEST_PHP_EXECUTABLE=${TEST_PHP_EXECUTABLE:-$(command -v php)}
export NO_INTERACTION=1 REPORT_EXIT_STATUS=1
# Only the PHP under test gets the sanitizers: run-tests.php itself and the simulator run without them
# (the simulator is started with PHP_BINARY -n, which inherits the environment: the preload is harmless there
# but slows it, so TEST_PHP_EXTRA_ENV-style per-test env is not available; the whole run carries it).
export ERPSYNC_ASAN_PRELOAD="$root/$out/no_deepbind.preload:$asan_rt:$ubsan_rt"
export ASAN_OPTIONS="verify_asan_link_order=0:detect_leaks=0:abort_on_error=0:exitcode=86:halt_on_error=1:detect_odr_violation=0"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=86"
export USE_ZEND_ALLOC=0
# shellcheck disable=SC2086
LD_PRELOAD="$ERPSYNC_ASAN_PRELOAD" php -n -d "extension=$root/$out/erpsync-asan.ext" -r 'exit(extension_loaded("erpsync") ? 0 : 1);' \
	|| { echo "the ASan build of erpsync does not load" >&2; exit 1; }
# shellcheck disable=SC2086
LD_PRELOAD="$ERPSYNC_ASAN_PRELOAD" php -n "$runner" -n -d "extension=$root/$out/erpsync-asan.ext" -d extension=sockets -d extension=posix \
	-d extension=mbstring $extra -j"${PHPT_JOBS:-2}" -q --show-diff ${PHPT_ARGS:-} "${targets[@]}"
