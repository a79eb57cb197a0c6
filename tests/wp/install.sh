#!/usr/bin/env bash
# Real WordPress 6.5.5 on the private MariaDB for the plugin tests, in .work/wordpress.
# WordPress comes from the npm package @wp-playground/wordpress-builds (0.9.19), which ships WordPress PHP trees
# as zips; WooCommerce is not served by any registry here: give a plugin directory in $WC_DIR (docs/testing.md).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work="$root/.work"
wp="$work/wordpress"
sock=$("$root/tests/wp/mariadb.sh" start)
if [ ! -f "$wp/wp-includes/version.php" ]; then
	mkdir -p "$work/npm"
	( cd "$work/npm" && [ -d node_modules/@wp-playground/wordpress-builds ] || \
		npm install --no-audit --no-fund --silent @wp-playground/wordpress-builds@0.9.19 >/dev/null )
	rm -rf "$wp" && mkdir -p "$wp"
	unzip -q "$work/npm/node_modules/@wp-playground/wordpress-builds/src/wordpress/wp-6.5.zip" -d "$wp"
	rm -f "$wp/wp-content/db.php" "$wp/wp-content/database/.ht.sqlite"   # the playground's SQLite drop-in: we use MariaDB
fi
cat > "$wp/wp-config.php" <<PHP
<?php
define( 'DB_NAME', 'erpsync_wp' );
define( 'DB_USER', 'erpsync' );
define( 'DB_PASSWORD', 'erpsync-test' );
define( 'DB_HOST', 'localhost:$sock' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
foreach ( array( 'AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT' ) as \$k ) {
	define( \$k, 'erpsync-tests-only-' . \$k );
}
// Two sites share the database: wp_ (no WooCommerce) and wc_ (WooCommerce + erpsync active), see run-phpunit.sh.
\$table_prefix = preg_match( '/^[a-z]+_\$/', (string) getenv( 'ERPSYNC_WP_PREFIX' ) ) ? getenv( 'ERPSYNC_WP_PREFIX' ) : 'wp_';
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HOME', 'http://127.0.0.1:${ERPSYNC_WP_PORT:-8089}' );
define( 'WP_SITEURL', 'http://127.0.0.1:${ERPSYNC_WP_PORT:-8089}' );
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}
require_once ABSPATH . 'wp-settings.php';
PHP
mkdir -p "$wp/wp-content/plugins"
ln -sfn "$root/php-plugin/erpsync" "$wp/wp-content/plugins/erpsync"
if [ -n "${WC_DIR:-}" ] && [ -d "$WC_DIR" ]; then
	ln -sfn "$WC_DIR" "$wp/wp-content/plugins/woocommerce"
fi
php -d memory_limit=512M -r '
define( "WP_INSTALLING", true );
$_SERVER["HTTP_HOST"] = "127.0.0.1:8089";
require $argv[1] . "/wp-load.php";
require_once ABSPATH . "wp-admin/includes/upgrade.php";
add_filter( "pre_wp_mail", "__return_false" );
if ( ! is_blog_installed() ) {
	wp_install( "erpsync test shop", "admin", "admin@example.com", true, "", "erpsync-admin-pass" );
	echo "installed WordPress ", get_bloginfo( "version" ), "\n";
} else {
	echo "WordPress ", get_bloginfo( "version" ), " already installed\n";
}
' "$wp"
if [ "${ERPSYNC_WP_PREFIX:-wp_}" = "wc_" ] || [ "${ERPSYNC_WP_PREFIX:-wp_}" = "wb_" ]; then   # wb_: the catalog-sync benchmark
	[ -n "${WC_DIR:-}" ] && [ -f "$WC_DIR/woocommerce.php" ] || { echo "WC_DIR does not hold woocommerce.php" >&2; exit 1; }
	# WooCommerce and erpsync activated the way wp-admin does it (activation hooks: WC_Install, erpsync tables).
	php -d memory_limit=512M -d "extension=$root/modules/erpsync.so" -r '
$_SERVER["HTTP_HOST"] = "127.0.0.1:8089";
require $argv[1] . "/wp-load.php";
require_once ABSPATH . "wp-admin/includes/plugin.php";
add_filter( "pre_wp_mail", "__return_false" );
foreach ( array( "woocommerce/woocommerce.php", "erpsync/erpsync.php" ) as $p ) {
	if ( ! is_plugin_active( $p ) ) {
		$r = activate_plugin( $p );
		if ( is_wp_error( $r ) ) { fwrite( STDERR, "$p: " . $r->get_error_message() . "\n" ); exit( 1 ); }
	}
}
echo "active: ", implode( ", ", get_option( "active_plugins" ) ), "\n";
' "$wp"
	php -d memory_limit=512M -d "extension=$root/modules/erpsync.so" -r '
$_SERVER["HTTP_HOST"] = "127.0.0.1:8089";
require $argv[1] . "/wp-load.php";
if ( class_exists( "WC_Install" ) && ! get_option( "woocommerce_db_version" ) ) { WC_Install::install(); }
// A shop past WooCommerce'"'"'s first-run setup: no redirect of the first admin page to the setup wizard.
delete_transient( "_wc_activation_redirect" );
update_option( "woocommerce_onboarding_profile", array( "skipped" => true ) );
update_option( "woocommerce_task_list_hidden", "yes" );
echo "WooCommerce ", WC()->version, " (db ", get_option( "woocommerce_db_version" ), "), HPOS ", get_option( "woocommerce_custom_orders_table_enabled" ), "\n";
' "$wp"
fi
