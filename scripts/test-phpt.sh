#!/usr/bin/env bash
# Runs the extension's .phpt tests with PHP's run-tests.php against modules/erpsync.so.
# Usage: scripts/test-phpt.sh [path under tests/phpt ...]   (default: all of tests/phpt)
# Extra run-tests.php flags can be passed in PHPT_ARGS (e.g. PHPT_ARGS="-m" for valgrind).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -f modules/erpsync.so ] || scripts/build-ext.sh
runner=run-tests.php
[ -f "$runner" ] || runner="/usr/lib/php/$(php -r 'echo basename(PHP_EXTENSION_DIR);')/build/run-tests.php"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(tests/phpt)
export TEST_PHP_EXECUTABLE=${TEST_PHP_EXECUTABLE:-$(command -v php)}
export NO_INTERACTION=1 REPORT_EXIT_STATUS=1
extdir=$(php -r 'echo PHP_EXTENSION_DIR;')
extra=""
[ -f "$extdir/yaml.so" ] && extra="-d extension=yaml"   # OpenAPI contract tests (php8.2-yaml)
# shellcheck disable=SC2086
php "$runner" -n -d "extension=$root/modules/erpsync.so" -d extension=sockets -d extension=posix -d extension=mbstring $extra \
	-j"${PHPT_JOBS:-2}" -q --show-diff ${PHPT_ARGS:-} "${targets[@]}"
