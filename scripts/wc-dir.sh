#!/usr/bin/env bash
# Prints the WooCommerce plugin directory the plugin suites and the demo use: $WC_DIR, else ../woocommerce beside the
# checkout, else the built WooCommerce 9.4.3 kept in ../shared/vendor (its README), extracted once into .work/.
# Prints nothing when there is none.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${WC_DIR:-}" ] && [ -f "$WC_DIR/woocommerce.php" ]; then echo "$WC_DIR"; exit 0; fi
if [ -f "$root/../woocommerce/woocommerce.php" ]; then echo "$root/../woocommerce"; exit 0; fi
tgz="$root/../shared/vendor/woocommerce-9.4.3.tgz"
if [ -f "$tgz" ]; then
	if [ ! -f "$root/.work/woocommerce/woocommerce.php" ]; then
		mkdir -p "$root/.work" && rm -rf "$root/.work/woocommerce" && tar -xzf "$tgz" -C "$root/.work/"
	fi
	[ -f "$root/.work/woocommerce/woocommerce.php" ] && echo "$root/.work/woocommerce"
fi
exit 0
