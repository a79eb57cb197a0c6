#!/usr/bin/env bash
# Browser tests of the erpsync admin pages: Debian's headless Chromium (/usr/bin/chromium) driven by playwright-core,
# against the real WordPress 6.5.5 + WooCommerce + erpsync site (table prefix wc_, tests/wp/install.sh) served by
# `php -S 127.0.0.1:8089` with the extension loaded. Needs a WooCommerce plugin directory in $WC_DIR
# (docs/testing.md); without one it skips. Last line: "N passed, N failed".
#   tests/browser/run.sh [tests/browser/x.test.mjs ...]     (default: every tests/browser/*.test.mjs)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
port=${ERPSYNC_WP_PORT:-8089}   # wp-config.php (tests/wp/install.sh) pins WP_HOME/WP_SITEURL to this port; set ERPSYNC_WP_PORT for parallel checkouts
export ERPSYNC_BROWSER_BASE_URL="http://127.0.0.1:$port"
logs="$root/.work/logs/browser"

if [ -z "${WC_DIR:-}" ] || [ ! -f "$WC_DIR/woocommerce.php" ]; then
	echo "skipped: the browser tests need WooCommerce: set WC_DIR to a WooCommerce plugin directory (holding woocommerce.php), see docs/testing.md"
	echo "0 passed, 0 failed, $(cat tests/browser/*.test.mjs | grep -c '^test(') skipped"
	exit 0
fi

mkdir -p "$logs"
rm -f "$logs"/*.png "$logs"/*.console.log

[ -f modules/erpsync.so ] || scripts/build-ext.sh > "$logs/build.log" 2>&1 || { cat "$logs/build.log"; echo "0 passed, 1 failed"; exit 1; }
if [ ! -x /usr/bin/chromium ]; then
	DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium > "$logs/apt.log" 2>&1 \
		|| { tail -20 "$logs/apt.log"; echo "apt-get install chromium failed"; echo "0 passed, 1 failed"; exit 1; }
fi
if [ ! -f tests/browser/node_modules/playwright-core/package.json ]; then
	( cd tests/browser && npm ci --no-audit --no-fund --silent > "$logs/npm.log" 2>&1 ) \
		|| { cat "$logs/npm.log"; echo "npm ci (playwright-core) failed"; echo "0 passed, 1 failed"; exit 1; }
fi

server_pid=""
children_of() { # pids whose parent is $1 (no procps needed)
	local f rest
	for f in /proc/[0-9]*/stat; do
		read -r rest 2>/dev/null < "$f" || continue
		rest=${rest##*) }                     # after "pid (comm) ": "state ppid ..."
		set -- "$1" $rest
		[ "$3" = "$1" ] && { f=${f#/proc/}; echo "${f%/stat}"; }
	done
}
cleanup() {
	if [ -n "$server_pid" ]; then
		# With PHP_CLI_SERVER_WORKERS the server is a parent and its forked workers; SIGTERM to the parent alone
		# leaves the workers running (and listening on the port): end the workers first, then the parent.
		kill $(children_of "$server_pid") 2>/dev/null || true
		kill "$server_pid" 2>/dev/null || true
		wait "$server_pid" 2>/dev/null || true
	fi
	[ -n "${sim_pid:-}" ] && kill "$sim_pid" 2>/dev/null || true
	tests/wp/mariadb.sh stop
}
trap cleanup EXIT

# WordPress + WooCommerce + erpsync on the wc_ site (starts the private MariaDB; idempotent).
ERPSYNC_WP_PREFIX=wc_ tests/wp/install.sh > "$logs/install.log" 2>&1 \
	|| { cat "$logs/install.log"; echo "tests/wp/install.sh failed"; echo "0 passed, 1 failed"; exit 1; }
# The playground's wp-6.5.zip that install.sh unpacks holds WordPress's PHP but not its static files (wp-admin/css,
# wp-admin/js, most of wp-includes/js, ...: the playground fetches those separately). The same npm package ships them
# in public/wp-6.5/: add them, never overwriting (-n), and never its wp-content/database (a SQLite file).
static="$root/.work/npm/node_modules/@wp-playground/wordpress-builds/public/wp-6.5"
if [ ! -f .work/wordpress/wp-admin/css/common.min.css ]; then
	[ -d "$static/wp-admin" ] || { echo "no WordPress static files in $static"; echo "0 passed, 1 failed"; exit 1; }
	for d in wp-admin wp-includes wp-content/themes; do
		if [ -d "$static/$d" ]; then mkdir -p ".work/wordpress/$d"; cp -rn "$static/$d/." ".work/wordpress/$d/"; fi
	done
fi

# Deterministic queue for the tests: Action Scheduler's async runner (a loopback request after admin page loads)
# would otherwise work through the test site's backlog (WooCommerce analytics imports of every test order) and
# hold php -S workers while a test logs in. Tests run queued actions from Scheduled Actions instead.
mkdir -p .work/wordpress/wp-content/mu-plugins
cat > .work/wordpress/wp-content/mu-plugins/erpsync-browser-tests.php <<'PHP'
<?php
// Written by tests/browser/run.sh for the browser tests only.
add_filter( 'action_scheduler_allow_async_request_runner', '__return_false' );
PHP
trap 'rm -f .work/wordpress/wp-content/mu-plugins/erpsync-browser-tests.php; cleanup' EXIT

if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
	echo "port $port on 127.0.0.1 is already in use (another php -S?): WordPress is pinned to it"
	echo "0 passed, 1 failed"; exit 1
fi
# PHP_CLI_SERVER_WORKERS: the browser fetches scripts, styles and XHRs in parallel; one worker would serialise them.
ERPSYNC_WP_PREFIX=wc_ PHP_CLI_SERVER_WORKERS=4 php -S "127.0.0.1:$port" -t .work/wordpress \
	-d "extension=$root/modules/erpsync.so" -d memory_limit=512M -d display_errors=stderr -d opcache.enable_cli=1 \
	tests/browser/router.php > "$logs/php-server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
	(exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
	kill -0 "$server_pid" 2>/dev/null || break
	sleep 0.1
done
if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
	tail -20 "$logs/php-server.log"; echo "php -S did not start on 127.0.0.1:$port"; echo "0 passed, 1 failed"; exit 1
fi

# The back-office simulator the admin pages talk to (Test connection, exports run from fixtures.php).
php tests/sim/server.php --port 0 > "$logs/sim.out" 2>&1 &
sim_pid=$!
for _ in $(seq 1 100); do grep -q listening "$logs/sim.out" 2>/dev/null && break; sleep 0.05; done
ERPSYNC_SIM_URL=$(sed -n 's/^listening //p' "$logs/sim.out")
[ -n "$ERPSYNC_SIM_URL" ] || { cat "$logs/sim.out"; echo "the simulator did not start"; echo "0 passed, 1 failed"; exit 1; }
export ERPSYNC_SIM_URL ERPSYNC_WP_PREFIX=wc_

node tests/browser/run-tests.mjs "$@"
