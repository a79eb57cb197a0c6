<?php
/**
 * Router for PHP's built-in web server that runs WordPress the way Apache + WordPress's .htaccess would:
 *
 *   php -S 127.0.0.1:8089 -t .work/wordpress tests/browser/router.php
 *
 *  - an existing file that is not PHP (css, js, images, fonts): served by the built-in server itself (return false);
 *  - an existing .php file (/wp-login.php, /wp-admin/admin.php, /wp-admin/load-scripts.php, ...): run it;
 *  - a directory: redirected to its trailing-slash form (like mod_dir), then its index.php is run
 *    (/wp-admin/ -> wp-admin/index.php);
 *  - anything else (pretty permalinks, /wp-json/..., /shop/): the front controller index.php.
 *
 * The built-in server fills SCRIPT_NAME/PHP_SELF/SCRIPT_FILENAME from the router or the raw request, while
 * WordPress derives $pagenow, admin URLs and redirects from them (wp-includes/vars.php reads PHP_SELF), so they
 * are set here to the script actually run. Plugins are symbolic links out of the document root
 * (wp-content/plugins/erpsync, .../woocommerce): paths are checked lexically, not with realpath().
 *
 * The script is required at file scope, so WordPress's global variables stay global; the router's own state lives in
 * constants only, so it cannot clash with a WordPress global.
 */

// No traffic off this machine: WordPress's and WooCommerce's update checks, marketplace and remote-inbox fetches
// would otherwise reach out to the internet on admin page loads (and stall them until their timeouts). Requests to
// the site itself (loopback, wp-cron) stay allowed: wp_http_validate_url / WP_Http::block_request let localhost through.
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );

define( 'ERPSYNC_ROUTER_DOCROOT', rtrim( $_SERVER['DOCUMENT_ROOT'], '/' ) );
define( 'ERPSYNC_ROUTER_PATH', rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) ) );

if ( str_contains( ERPSYNC_ROUTER_PATH, "\0" ) || preg_match( '#(^|/)\.\.(/|$)#', ERPSYNC_ROUTER_PATH ) ) {
	http_response_code( 400 );
	exit( 'bad path' );
}

if ( is_dir( ERPSYNC_ROUTER_DOCROOT . ERPSYNC_ROUTER_PATH ) ) {
	if ( ! str_ends_with( ERPSYNC_ROUTER_PATH, '/' ) ) {
		$query = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_QUERY );
		header( 'Location: ' . ERPSYNC_ROUTER_PATH . '/' . ( null !== $query && '' !== $query ? '?' . $query : '' ), true, 301 );
		exit;
	}
	if ( is_file( ERPSYNC_ROUTER_DOCROOT . ERPSYNC_ROUTER_PATH . 'index.php' ) ) {
		define( 'ERPSYNC_ROUTER_SCRIPT', ERPSYNC_ROUTER_PATH . 'index.php' );
	} else {
		define( 'ERPSYNC_ROUTER_SCRIPT', '/index.php' );
	}
} elseif ( is_file( ERPSYNC_ROUTER_DOCROOT . ERPSYNC_ROUTER_PATH ) ) {
	if ( ! str_ends_with( strtolower( ERPSYNC_ROUTER_PATH ), '.php' ) ) {
		return false; // a static file: the built-in server sends it with its own MIME types
	}
	define( 'ERPSYNC_ROUTER_SCRIPT', ERPSYNC_ROUTER_PATH );
} else {
	define( 'ERPSYNC_ROUTER_SCRIPT', '/index.php' ); // pretty permalinks, REST API (/wp-json/...)
}

$_SERVER['SCRIPT_NAME']     = ERPSYNC_ROUTER_SCRIPT;
$_SERVER['PHP_SELF']        = ERPSYNC_ROUTER_SCRIPT;
$_SERVER['SCRIPT_FILENAME'] = ERPSYNC_ROUTER_DOCROOT . ERPSYNC_ROUTER_SCRIPT;
unset( $_SERVER['PATH_INFO'], $_SERVER['ORIG_PATH_INFO'] );
chdir( dirname( ERPSYNC_ROUTER_DOCROOT . ERPSYNC_ROUTER_SCRIPT ) );
require ERPSYNC_ROUTER_DOCROOT . ERPSYNC_ROUTER_SCRIPT;
