#!/usr/bin/env bash
# The plugin's PHPUnit suites on real WordPress 6.5.5 and a private MariaDB, with the erpsync extension loaded:
#   1. core         — site wp_, WordPress without WooCommerce
#   2. woocommerce  — site wc_, WooCommerce from $WC_DIR + erpsync active, orders in HPOS tables
#   3. woocommerce  — the same with HPOS off (orders as posts), group hpos
# Without $WC_DIR the woocommerce suite runs on site wp_ and every test reports itself skipped with the reason.
# Ends with "PHPUnit total: N passed, N failed, N skipped".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
[ -f modules/erpsync.so ] || scripts/build-ext.sh
trap 'tests/wp/mariadb.sh stop' EXIT
command -v phpunit >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq phpunit >/dev/null
tests/wp/install.sh || { echo "PHPUnit total: 0 passed, 1 failed, 0 skipped"; exit 1; }
# Exact decimals for the money property test's own oracle (brick/math from Composer; the Packagist copy here serves 1.0.0).
if [ ! -f .work/testlib/vendor/autoload.php ]; then
	mkdir -p .work/testlib
	( cd .work/testlib && echo '{}' > composer.json && COMPOSER_ALLOW_SUPERUSER=1 composer require --quiet --no-interaction "brick/math:^1.0" ) \
		|| { echo "composer require brick/math failed"; echo "PHPUnit total: 0 passed, 1 failed, 0 skipped"; exit 1; }
fi
php_run() { php -d memory_limit=512M -d "extension=$root/modules/erpsync.so" "$@"; }

P=0; F=0; S=0
pass() { # label; environment in ENVV, phpunit arguments in ARGS
	local label=$1
	local out; out=$(mktemp)
	echo "--- PHPUnit: $label"
	( "${ENVV[@]}" php -d memory_limit=512M -d "extension=$root/modules/erpsync.so" "$(command -v phpunit)" -c tests/phpunit/phpunit.xml "${ARGS[@]}" ) 2>&1 | tee "$out"
	local sum; sum=$(grep -E '^(OK \(|Tests: )' "$out" | tail -1)
	if [[ "$sum" =~ ^OK\ \(([0-9]+)\ test ]]; then
		P=$((P + BASH_REMATCH[1]))
	elif [[ "$sum" =~ Tests:\ ([0-9]+) ]]; then
		local tot=${BASH_REMATCH[1]} fl=0 sk=0 n
		for n in $(echo "$sum" | grep -oE '(Failures|Errors): [0-9]+' | grep -oE '[0-9]+'); do fl=$((fl + n)); done
		for n in $(echo "$sum" | grep -oE '(Skipped|Incomplete|Risky): [0-9]+' | grep -oE '[0-9]+'); do sk=$((sk + n)); done
		P=$((P + tot - fl - sk)); F=$((F + fl)); S=$((S + sk))
	else
		F=$((F + 1))
	fi
	rm -f "$out"
}

ENVV=(env ERPSYNC_WP_PREFIX=wp_); ARGS=(--testsuite core); pass "core (WordPress without WooCommerce)"
if [ -n "${WC_DIR:-}" ] && [ -f "${WC_DIR}/woocommerce.php" ]; then
	ERPSYNC_WP_PREFIX=wc_ tests/wp/install.sh || { F=$((F + 1)); echo "PHPUnit total: $P passed, $F failed, $S skipped"; exit 1; }
	ERPSYNC_WP_PREFIX=wc_ php_run tests/wp/hpos.php on
	ENVV=(env ERPSYNC_WP_PREFIX=wc_ ERPSYNC_HPOS=1); ARGS=(--testsuite woocommerce); pass "woocommerce, HPOS on"
	ERPSYNC_WP_PREFIX=wc_ php_run tests/wp/hpos.php off
	ENVV=(env ERPSYNC_WP_PREFIX=wc_ ERPSYNC_HPOS=0); ARGS=(--testsuite woocommerce --group hpos); pass "woocommerce, HPOS off (orders as posts)"
else
	ENVV=(env ERPSYNC_WP_PREFIX=wp_); ARGS=(--testsuite woocommerce); pass "woocommerce (skipped: no WC_DIR)"
fi
echo "PHPUnit total: $P passed, $F failed, $S skipped"
[ "$F" = 0 ]
