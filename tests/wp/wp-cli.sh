#!/usr/bin/env bash
# WP-CLI for the tests: runs `wp <args>` on the real WordPress in .work/wordpress (tests/wp/install.sh) with the
# erpsync extension loaded, passing every argument through:
#     tests/wp/wp-cli.sh erpsync status --format=json
#     ERPSYNC_WP_PREFIX=wp_ tests/wp/wp-cli.sh option get blogname       # the site without WooCommerce
# The site defaults to the wc_ one (WooCommerce 9.2.5 + erpsync active); the private MariaDB is started if needed.
#
# WP-CLI is installed once with Composer into .work/wp-cli (never committed). The wp-cli-bundle, wp-cli/eval-command,
# extension-command, core-command, db-command, ... are not on the Packagist copy reached here (docs/testing.md,
# "WP-CLI"), so it is the framework plus entity-command:
#   1st choice: wp-cli/wp-cli 2.11.0 + wp-cli/entity-command 2.0.7 + mustache/mustache 2.13.0 installed "as 2.14.1"
#               (WP-CLI 2.11 asks for mustache ^2.14.1, which is not served; 2.13.0 works, the alias only satisfies
#               the constraint), with wp-cli/php-cli-tools 0.11.11, wp-cli/mustangostang-spyc 0.6.7, symfony/finder 7.4
#   fallback:   wp-cli/wp-cli 2.4.1 (reports itself as 2.4.0) + entity-command 2.0.7, with --ignore-platform-req=php+
#               (2.4.1 declares php ^5.4 || ^7.0 but runs on PHP 8.2, noisily).
# .work/wp-cli/erpsync-boot.php (written below, loaded with --require) works around what is missing:
#   - class Plugin_Command (wp-cli/extension-command): without it WooCommerce's includes/cli/
#     class-wc-cli-com-extension-command.php calls `exit` while loading, so every command ended silently with status 0;
#   - `wp eval <php-code>`: a minimal stand-in for wp-cli/eval-command (only when that is not installed);
#   - E_DEPRECATED raised inside .work/wp-cli/vendor (WP-CLI's own PHP 8.2 deprecations: 2 lines a command with
#     2.11.0, ~350 with 2.4.1) is dropped; deprecations from WordPress, WooCommerce and the plugin still show.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/.work/wp-cli"
wp="${ERPSYNC_WP_DIR:-$root/.work/wordpress}"   # another tree on the same database: benchmarks of older code
ext="$root/modules/erpsync.so"
# The combinations, first choice first; the name of the one installed is kept in $dir/.combination.
combos=(wp-cli-2.11.0 wp-cli-2.4.1)
require_combo() {
	case "$1" in
	wp-cli-2.11.0) set -- wp-cli/wp-cli:2.11.0 wp-cli/entity-command:2.0.7 'mustache/mustache:2.13.0 as 2.14.1' ;;
	wp-cli-2.4.1) set -- --ignore-platform-req=php+ wp-cli/wp-cli:2.4.1 wp-cli/entity-command:2.0.7 ;;
	esac
	echo "== composer require $*"
	(cd "$dir" && composer require --no-interaction --no-progress --no-audit "$@")
}
installed() {
	[ -f "$dir/vendor/wp-cli/wp-cli/php/boot-fs.php" ] && [ -f "$dir/.combination" ] || return 1
	local have c
	have=$(cat "$dir/.combination")
	for c in "${combos[@]}"; do [ "$c" != "$have" ] || return 0; done
	return 1
}

if ! installed; then
	mkdir -p "$root/.work"
	exec 9> "$root/.work/wp-cli.lock"
	flock 9   # parallel tests: one installs, the others wait for it
	if ! installed; then
		log="$root/.work/wp-cli-install.log"
		: > "$log"
		for c in "${combos[@]}"; do
			rm -rf "$dir" && mkdir -p "$dir" && echo '{}' > "$dir/composer.json"
			if require_combo "$c" >> "$log" 2>&1; then
				echo "$c" > "$dir/.combination"
				break
			fi
		done
		installed || {
			rm -rf "$dir"
			echo "wp-cli.sh: no WP-CLI combination installs from the registries; composer said:" >&2
			cat "$log" >&2
			exit 1
		}
	fi
	exec 9>&-
fi

boot="$dir/erpsync-boot.php"
code=$(cat <<'PHP'
<?php
// Written by tests/wp/wp-cli.sh (loaded with --require before WordPress): stand-ins for WP-CLI packages that the
// registries here do not serve, and silence for WP-CLI's own PHP 8.2 deprecations.

// WooCommerce's includes/cli/class-wc-cli-com-extension-command.php exits if Plugin_Command is missing.
if ( ! class_exists( 'Plugin_Command' ) ) {
	class Plugin_Command extends WP_CLI_Command {}
}

// Drop E_DEPRECATED raised in WP-CLI's vendor tree only; everything else goes to PHP's own handler.
set_error_handler(
	static function ( $no, $str, $file ) {
		return 0 === strpos( (string) $file, __DIR__ . '/vendor/' );
	},
	E_DEPRECATED
);

// wp eval <php-code>: wp-cli/eval-command is not served.
if ( ! class_exists( 'Eval_Command' ) ) {
	WP_CLI::add_command(
		'eval',
		static function ( $args ) {
			eval( $args[0] ); // phpcs:ignore Squiz.PHP.Eval.Discouraged
		},
		array(
			'shortdesc' => 'Executes arbitrary PHP code after loading WordPress (stand-in written by tests/wp/wp-cli.sh).',
			'synopsis'  => array( array( 'type' => 'positional', 'name' => 'php-code' ) ),
		)
	);
}
PHP
)
if [ "$(cat "$boot" 2>/dev/null)" != "$code" ]; then
	printf '%s\n' "$code" > "$boot.$$"
	mv -f "$boot.$$" "$boot"
fi

[ -f "$wp/wp-config.php" ] || { echo "wp-cli.sh: no WordPress in $wp: run tests/wp/install.sh first" >&2; exit 1; }
[ -f "$ext" ] || "$root/scripts/build-ext.sh" >&2
"$root/tests/wp/mariadb.sh" start > /dev/null
export ERPSYNC_WP_PREFIX="${ERPSYNC_WP_PREFIX:-wc_}"
allow_root=()
[ "$(id -u)" != 0 ] || allow_root=(--allow-root)
exec php -d "extension=$ext" "$dir/vendor/wp-cli/wp-cli/php/boot-fs.php" --path="$wp" "${allow_root[@]}" \
	--require="$boot" "$@"
