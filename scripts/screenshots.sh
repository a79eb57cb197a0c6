#!/usr/bin/env bash
# Refreshes docs/screenshots/*.png: the browser walk of WooCommerce → ERP Sync (tests/browser/erpsync-dashboard.test.mjs)
# and the VASCO product push from the products list (tests/browser/vasco-push.test.mjs: vasco-push.png)
# and the Sitoo settings section (tests/browser/sitoo-settings.test.mjs: settings-sitoo.png) and a finished Sitoo Complete Sync
# (tests/browser/sitoo-complete-sync.test.mjs: sitoo-complete-sync.png) and the Sitoo stock views (tests/browser/sitoo-stock-view.test.mjs:
# sitoo-stock-order.png, sitoo-stock-unknown.png, sitoo-stock-settled.png, sitoo-stock-stopped.png, sitoo-stock-retried.png)
# on a seeded shop (tests/browser/fixtures.php seed-shop), saving each screen there instead of .work/logs/browser/screens/.
# Needs what tests/browser/run.sh needs (WC_DIR or ../shared/vendor's WooCommerce, Chromium); ERPSYNC_WP_PORT as usual.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ -z "${WC_DIR:-}" ] && [ -f .work/woocommerce/woocommerce.php ]; then export WC_DIR="$root/.work/woocommerce"; fi
ERPSYNC_SCREENSHOTS_DIR=docs/screenshots tests/browser/run.sh tests/browser/erpsync-dashboard.test.mjs tests/browser/vasco-push.test.mjs tests/browser/sitoo-settings.test.mjs tests/browser/sitoo-complete-sync.test.mjs tests/browser/sitoo-stock-view.test.mjs
ls -1 docs/screenshots/
