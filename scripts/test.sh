#!/usr/bin/env bash
# Does all set-up on a fresh Debian machine and runs every test of erpsync:
#   - checks of the tree (generated arginfo in step with the stub, package.xml lists every source)
#   - the extension's .phpt suite (run-tests.php) against the back-office simulator, and once more against an
#     ASan + UBSan build of the extension (scripts/test-phpt-asan.sh)
#   - a smoke run of each libFuzzer harness (tests/fuzz/run --smoke, ~20 s each)
#   - the simulator's self-test
#   - the plugin's PHPUnit suite on real WordPress + MariaDB (+ WooCommerce where installable)
#   - browser tests of the admin pages (headless Chromium)
# and ends with one line: "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mkdir -p .work/logs
start=$(date +%s)
# WooCommerce cannot come from a registry here (docs/testing.md): $WC_DIR, ../woocommerce beside this checkout, or the
# built WooCommerce 9.4.3 in ../shared/vendor extracted into .work/ (scripts/wc-dir.sh); suites say why when none.
WC_DIR=$(scripts/wc-dir.sh); export WC_DIR
[ -n "$WC_DIR" ] || unset WC_DIR
echo "WooCommerce for the plugin suites: ${WC_DIR:-none (those tests are skipped)}"

passed=0; failed=0; skipped=0
declare -a report=()
add() { # suite passed failed skipped
	passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + ${4:-0}))
	report+=("$(printf '%-28s %5d passed %5d failed %5d skipped' "$1" "$2" "$3" "${4:-0}")")
}

echo "== set-up"
t0=$(date +%s)
setup_args=""; [ -x tests/wp/run-phpunit.sh ] && setup_args="--with-wordpress"
if ! scripts/setup.sh $setup_args > .work/logs/setup.log 2>&1; then
	cat .work/logs/setup.log
	echo "setup failed"; echo "0 passed, 1 failed"; exit 1
fi
scripts/build-ext.sh --dev --clean > .work/logs/build.log 2>&1 || { cat .work/logs/build.log; echo "0 passed, 1 failed"; exit 1; }
# The plugin's translation template, generated from the code (scripts/make-pot.php).
php scripts/make-pot.php >> .work/logs/build.log 2>&1 || { echo "make-pot failed"; echo "0 passed, 1 failed"; exit 1; }
echo "set-up and build: $(( $(date +%s) - t0 ))s"

echo "== tree checks"
if php scripts/check-tree.php; then add "tree checks" 1 0; else add "tree checks" 0 1; fi

echo "== plugin coding standards (WPCS)"
if scripts/lint-plugin.sh > .work/logs/lint.log 2>&1; then add "plugin WPCS + php -l" 1 0; else tail -30 .work/logs/lint.log; add "plugin WPCS + php -l" 0 1; fi

echo "== .phpt suite"
t0=$(date +%s)
scripts/test-phpt.sh > .work/logs/phpt.log 2>&1
p=$(grep -E '^Tests passed' .work/logs/phpt.log | grep -oE '[0-9]+' | head -1)
f=$(grep -E '^Tests failed' .work/logs/phpt.log | grep -oE '[0-9]+' | head -1)
w=$(grep -E '^Tests warned' .work/logs/phpt.log | grep -oE '[0-9]+' | head -1)
s=$(grep -E '^Tests skipped' .work/logs/phpt.log | grep -oE '[0-9]+' | head -1)
grep -E '^(FAIL|SKIP|WARN|LEAK|BORK)' .work/logs/phpt.log | head -40
add ".phpt (extension)" "${p:-0}" $(( ${f:-1} + ${w:-0} )) "${s:-0}"
echo ".phpt: $(( $(date +%s) - t0 ))s"

echo "== .phpt suite under ASan + UBSan"
t0=$(date +%s)
scripts/test-phpt-asan.sh > .work/logs/phpt-asan.log 2>&1
p=$(grep -E '^Tests passed' .work/logs/phpt-asan.log | grep -oE '[0-9]+' | head -1)
f=$(grep -E '^Tests failed' .work/logs/phpt-asan.log | grep -oE '[0-9]+' | head -1)
w=$(grep -E '^Tests warned' .work/logs/phpt-asan.log | grep -oE '[0-9]+' | head -1)
s=$(grep -E '^Tests skipped' .work/logs/phpt-asan.log | grep -oE '[0-9]+' | head -1)
grep -E '^(FAIL|SKIP|WARN|LEAK|BORK)' .work/logs/phpt-asan.log | head -40
grep -E 'ERROR: AddressSanitizer|runtime error' .work/logs/phpt-asan.log | head -10
[ -n "$p" ] || tail -20 .work/logs/phpt-asan.log
add ".phpt (ASan + UBSan)" "${p:-0}" $(( ${f:-1} + ${w:-0} )) "${s:-0}"
echo ".phpt under ASan: $(( $(date +%s) - t0 ))s"

echo "== fuzz smoke (libFuzzer + ASan + UBSan, ${ERPSYNC_FUZZ_SMOKE_SECONDS:-20} s per harness)"
t0=$(date +%s)
tests/fuzz/run --smoke "${ERPSYNC_FUZZ_SMOKE_SECONDS:-20}" > .work/logs/fuzz.log 2>&1
cat .work/logs/fuzz.log | grep -vE '^[0-9]+ passed' | head -40
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' .work/logs/fuzz.log | tail -1)
[ -n "$line" ] || line="0 passed, 1 failed"
add "fuzz smoke" "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3)"
echo "fuzz smoke: $(( $(date +%s) - t0 ))s"

if [ -f tests/sim/selftest.php ]; then
	echo "== simulator self-test"
	php tests/sim/selftest.php > .work/logs/sim.log 2>&1
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' .work/logs/sim.log | tail -1)
	[ -n "$line" ] || { tail -20 .work/logs/sim.log; line="0 passed, 1 failed"; }
	echo "$line"
	add "simulator self-test" "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3)"
fi

if [ -x tests/wp/run-phpunit.sh ]; then
	echo "== plugin PHPUnit (WordPress + MariaDB)"
	t0=$(date +%s)
	tests/wp/run-phpunit.sh > .work/logs/phpunit.log 2>&1
	rc=$?
	grep -E '^(--- PHPUnit|OK \(|Tests: |PHPUnit total|[0-9]+\) )' .work/logs/phpunit.log
	sum=$(grep -E '^PHPUnit total: ' .work/logs/phpunit.log | tail -1)
	if [[ "$sum" =~ ([0-9]+)\ passed,\ ([0-9]+)\ failed,\ ([0-9]+)\ skipped ]]; then
		add "plugin PHPUnit" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[3]}"
	else
		add "plugin PHPUnit" 0 1
	fi
	[ $rc = 0 ] || [ "$failed" -gt 0 ] || add "plugin PHPUnit exit code" 0 1
	echo "PHPUnit: $(( $(date +%s) - t0 ))s"
fi

if [ -x tests/browser/run.sh ]; then
	echo "== browser tests (headless Chromium)"
	tests/browser/run.sh > .work/logs/browser.log 2>&1
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' .work/logs/browser.log | tail -1)
	[ -n "$line" ] || { tail -20 .work/logs/browser.log; line="0 passed, 1 failed"; }
	echo "$line"
	sk=$(echo "$line" | sed -n 's/.* \([0-9][0-9]*\) skipped.*/\1/p')
	add "browser" "$(echo "$line" | cut -d' ' -f1)" "$(echo "$line" | cut -d' ' -f3 | tr -d ,)" "${sk:-0}"
fi

echo "== summary ($(( $(date +%s) - start ))s, logs in .work/logs/)"
for r in "${report[@]}"; do echo "  $r"; done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" = 0 ]
