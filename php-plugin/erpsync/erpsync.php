<?php
/**
 * Plugin Name:          ERP Sync
 * Description:          Keeps WooCommerce and its back-office (SORS, VASCO, Sitoo, Logistos) in step through the erpsync PHP extension: orders out exactly once; stock, prices and catalogue in.
 * Version:              0.1.0
 * Requires at least:    6.2
 * Requires PHP:         8.1
 * Requires Plugins:     woocommerce
 * WC requires at least: 8.0
 * WC tested up to:      9.4
 * Text Domain:          erpsync
 * Domain Path:          /languages
 * License:              MIT
 *
 * @package ErpSync
 */

defined( 'ABSPATH' ) || exit;

define( 'ERPSYNC_PLUGIN_VERSION', '0.1.0' );
define( 'ERPSYNC_PLUGIN_FILE', __FILE__ );
define( 'ERPSYNC_MIN_EXTENSION', '0.1.0' );

spl_autoload_register(
	static function ( $class ) {
		$prefix = 'ErpSync\\Plugin\\';
		if ( 0 !== strpos( $class, $prefix ) ) {
			return;
		}
		$file = __DIR__ . '/src/' . str_replace( '\\', '/', substr( $class, strlen( $prefix ) ) ) . '.php';
		if ( is_readable( $file ) ) {
			require $file;
		}
	}
);

// HPOS: the plugin reads and writes orders through the WooCommerce CRUD only.
add_action(
	'before_woocommerce_init',
	static function () {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', ERPSYNC_PLUGIN_FILE, true );
		}
	}
);

register_activation_hook( __FILE__, array( \ErpSync\Plugin\Infra\Installer::class, 'activate' ) );
register_deactivation_hook( __FILE__, array( \ErpSync\Plugin\Infra\Installer::class, 'deactivate' ) );

add_action( 'plugins_loaded', array( \ErpSync\Plugin\Plugin::class, 'boot' ) );
add_action(
	'init',
	static function () {
		load_plugin_textdomain( 'erpsync', false, dirname( plugin_basename( ERPSYNC_PLUGIN_FILE ) ) . '/languages' );
	}
);
add_action( 'erpsync_daily', array( \ErpSync\Plugin\Infra\RequestLog::class, 'prune' ) );
