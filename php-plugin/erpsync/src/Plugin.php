<?php
/**
 * Boot on plugins_loaded: the environment checks always; with WooCommerce present, the queue, the admin screens
 * and actions, the settings tab and (under WP-CLI) the commands.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin;

use ErpSync\Plugin\Cli\Commands;
use ErpSync\Plugin\Infra\Environment;
use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\RequestLog;
use ErpSync\Plugin\Orders\AfterExport;
use ErpSync\Plugin\Orders\Queue;
use ErpSync\Plugin\Orders\VatNumber;

defined( 'ABSPATH' ) || exit;

/** Boot. */
final class Plugin {

	/** Runs on plugins_loaded. */
	public static function boot(): void {
		Environment::boot();
		// Tables of an older version (an update, a copied site, a network subsite never activated): bring them up.
		if ( Installer::DB_VERSION !== get_option( 'erpsync_db_version' ) ) {
			Installer::activate();
		}
		if ( ! class_exists( 'WooCommerce', false ) ) {
			return;
		}
		Queue::register();
		AfterExport::register();
		VatNumber::register();
		RequestLog::register();
		Sync\Engine::register();
		Orders\VascoInvoice::register();
		Admin\SyncUi::register();
		Admin\DebtUi::register();
		Admin\Actions::register();
		Admin\OrderUi::register();
		Admin\SitooStockUi::register();
		Admin\LogistosBulk::register();
		Admin\VascoPushUi::register();
		Admin\Dashboard::register();
		Sync\Sitoo\Catalog::register();
		Sync\Sitoo\Autosync::register();
		add_filter(
			'woocommerce_get_settings_pages',
			static function ( $pages ) {
				$pages[] = new Admin\SettingsPage();
				return $pages;
			}
		);
		if ( defined( 'WP_CLI' ) && WP_CLI && class_exists( '\WP_CLI' ) ) {
			Commands::register();
		}
	}
}
