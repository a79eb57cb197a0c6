#!/usr/bin/env bash
# Regenerates ext/erpsync_arginfo.h from ext/erpsync.stub.php with PHP's own build/gen_stub.php.
# gen_stub.php needs nikic/php-parser 4.15.1; it is installed with Composer into .work/ (never
# committed) instead of the tarball download gen_stub.php would attempt.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work="$root/.work/genstub"
gen=$(php -r 'echo PHP_EXTENSION_DIR;' | sed 's/.*\///')
src="/usr/lib/php/$gen/build/gen_stub.php"
[ -f "$src" ] || src=$(dirname "$(command -v phpize)")/../lib/php/build/gen_stub.php
[ -f "$src" ] || { echo "gen_stub.php not found: apt-get install php8.2-dev" >&2; exit 1; }
ver=$(grep -oE '\$version = "[0-9.]+"' "$src" | head -1 | grep -oE '[0-9.]+')
mkdir -p "$work"
cp "$src" "$work/gen_stub.php"
if [ ! -d "$work/PHP-Parser-$ver" ]; then
	( cd "$work" && echo '{}' > composer.json && composer require --quiet --no-interaction "nikic/php-parser:$ver" )
	ln -sfn "$work/vendor/nikic/php-parser" "$work/PHP-Parser-$ver"
fi
php "$work/gen_stub.php" -f "$root/ext/erpsync.stub.php"
