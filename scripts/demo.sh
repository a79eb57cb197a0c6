#!/usr/bin/env bash
# The main job on a fresh Debian machine: all set-up, then one pass of erpsync against the built-in
# back-office simulator, or against real back-offices when ERPSYNC_CONFIG names a settings file.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
scripts/setup.sh
ext="-d extension=$root/modules/erpsync.so"
if [ -z "${ERPSYNC_CONFIG:-}" ]; then
	mkdir -p .work
	php tests/sim/server.php --port 0 > .work/demo-sim.out 2>&1 &
	simpid=$!
	trap 'kill $simpid 2>/dev/null || true' EXIT
	for _ in $(seq 1 100); do grep -q listening .work/demo-sim.out 2>/dev/null && break; sleep 0.05; done
	url=$(sed -n 's/^listening //p' .work/demo-sim.out)
	[ -n "$url" ] || { cat .work/demo-sim.out; echo "the simulator did not start" >&2; exit 1; }
	curl -s -X POST "$url/_sim/seed" -d '{"api":"vasco","products":2500,"partners":50,"seed":1}' > /dev/null
	curl -s -X POST "$url/_sim/seed" -d '{"api":"sors","database":"Demo2","products":1200,"customers":20,"seed":1}' > /dev/null
	curl -s -X POST "$url/_sim/seed" -d '{"api":"sitoo","products":3000,"seed":1}' > /dev/null
	export ERPSYNC_SIM_URL=$url
fi
# shellcheck disable=SC2086
php $ext scripts/demo.php

# The plugin on real WordPress + WooCommerce (WooCommerce from scripts/wc-dir.sh: no registry here serves it,
# docs/testing.md).
WC_DIR=$(scripts/wc-dir.sh); export WC_DIR   # $WC_DIR, ../woocommerce, or ../shared/vendor's WooCommerce 9.4.3
if [ -z "${ERPSYNC_CONFIG:-}" ] && [ -n "${WC_DIR:-}" ] && [ -f "$WC_DIR/woocommerce.php" ]; then
	echo; echo "== THE PLUGIN (WordPress + WooCommerce from $WC_DIR, queue on Action Scheduler)"
	scripts/setup.sh --with-wordpress > .work/demo-setup.log 2>&1 || { cat .work/demo-setup.log; exit 1; }
	trap 'kill $simpid 2>/dev/null || true; tests/wp/mariadb.sh stop' EXIT
	ERPSYNC_WP_PREFIX=wc_ tests/wp/install.sh > .work/demo-install.log 2>&1 || { cat .work/demo-install.log; exit 1; }
	# shellcheck disable=SC2086
	ERPSYNC_WP_PREFIX=wc_ php $ext scripts/demo-plugin.php
	echo "  wp erpsync queue run:"; tests/wp/wp-cli.sh erpsync queue run | sed 's/^/    /'
	echo "  wp erpsync queue run (again: nothing left to send):"; tests/wp/wp-cli.sh erpsync queue run | sed 's/^/    /'
	echo "  wp erpsync status:"; tests/wp/wp-cli.sh erpsync status | sed 's/^/    /'
fi
