#!/usr/bin/env bash
# tests/bench/run checkout [--orders N]: the plugin's cost in the step that makes a paid order "processing", on the
# real WordPress + WooCommerce site bn_ (tests/bench/drain.sh's), plugin hooks on vs off, interleaved, medians.
# One line: checkout plugin_ms=… baseline_ms=… extra_queries=…
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
orders=200
while [ $# -gt 0 ]; do
	case "$1" in
		--orders) orders=$2; shift 2 ;;
		*) echo "unknown option $1" >&2; exit 2 ;;
	esac
done
WC_DIR=$("$root/scripts/wc-dir.sh"); export WC_DIR
[ -n "$WC_DIR" ] || { echo "no WooCommerce (docs/testing.md)" >&2; exit 1; }
export ERPSYNC_WP_PREFIX=bn_
wp="${ERPSYNC_WP_DIR:-$root/.work/wordpress}"   # ERPSYNC_WP_DIR: a copy of the tree with another plugin version (before/after)
"$root/tests/wp/install.sh" >/dev/null
php_wp() { php -d memory_limit=1G -d "extension=$root/modules/erpsync.so" "$@"; }
# The shop and VASCO enabled (orders are only queued: no back-office is called at checkout).
php_wp "$root/tests/bench/drain_site.php" "$wp" setup 0 0 "http://127.0.0.1:9/vasco" >/dev/null
php_wp "$root/tests/bench/checkout_site.php" "$wp" "$orders"
