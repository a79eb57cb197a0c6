#!/usr/bin/env bash
# WordPress coding standards for the plugin (phpcs.xml.dist): PHP_CodeSniffer + WPCS 2.3.0 installed with Composer
# into .work/phpcs on first use (the Packagist copy here serves wp-coding-standards/wpcs 2.3.0, see docs/testing.md).
# Also `php -l` on every plugin file. Exit 0 when clean.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
dir=.work/phpcs
if [ ! -x "$dir/vendor/bin/phpcs" ]; then
	mkdir -p "$dir"
	cat > "$dir/composer.json" <<'JSON'
{
    "require": {
        "wp-coding-standards/wpcs": "2.3.0",
        "dealerdirect/phpcodesniffer-composer-installer": "*"
    },
    "config": { "allow-plugins": { "dealerdirect/phpcodesniffer-composer-installer": true } }
}
JSON
	( cd "$dir" && COMPOSER_ALLOW_SUPERUSER=1 composer install -q --no-interaction --no-progress ) > .work/phpcs-install.log 2>&1 \
		|| { cat .work/phpcs-install.log; echo "could not install PHP_CodeSniffer + WPCS with Composer"; exit 1; }
fi
while IFS= read -r f; do
	php -l "$f" > /dev/null || exit 1
done < <(find php-plugin/erpsync -name '*.php')
"$dir/vendor/bin/phpcs" --report=summary -q
echo "phpcs: clean"
