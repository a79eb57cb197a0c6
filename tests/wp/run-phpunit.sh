#!/usr/bin/env bash
# The plugin's PHPUnit suite on real WordPress 6.5.5 and a private MariaDB, with the erpsync extension loaded.
# WooCommerce-dependent tests run when a WooCommerce plugin directory is given in $WC_DIR (docs/testing.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
[ -f modules/erpsync.so ] || scripts/build-ext.sh
trap 'tests/wp/mariadb.sh stop' EXIT
tests/wp/install.sh
command -v phpunit >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq phpunit >/dev/null
php -d "extension=$root/modules/erpsync.so" "$(command -v phpunit)" -c tests/phpunit/phpunit.xml
