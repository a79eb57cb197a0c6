<?php
/**
 * Activation (tables), deactivation (schedules) and uninstall (schedules always, data on request).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Infra;

use ErpSync\Plugin\Orders\Queue;

defined( 'ABSPATH' ) || exit;

/** Tables and schedules. */
final class Installer {

	const DB_VERSION = '5';

	/** The mapping table: one row per (connector, object type, local id), unique, with the claim of a runner. */
	public static function map_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'erpsync_map';
	}

	/** The request log (redacted by the extension before it reaches PHP). */
	public static function log_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'erpsync_request_log';
	}

	/** Creates or updates the tables. */
	public static function activate(): void {
		global $wpdb;
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$charset = $wpdb->get_charset_collate();
		$map     = self::map_table();
		$log     = self::log_table();
		dbDelta(
			"CREATE TABLE {$map} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  connector varchar(20) NOT NULL,
  object_type varchar(20) NOT NULL,
  local_id bigint(20) unsigned NOT NULL,
  remote_id varchar(191) NOT NULL DEFAULT '',
  remote_number varchar(191) NOT NULL DEFAULT '',
  state varchar(20) NOT NULL DEFAULT 'queued',
  attempts int(10) unsigned NOT NULL DEFAULT 0,
  last_error text NULL,
  claimed_by varchar(64) NOT NULL DEFAULT '',
  claimed_until datetime NULL,
  env varchar(32) NOT NULL DEFAULT '',
  how varchar(10) NOT NULL DEFAULT '',
  updated_at datetime NOT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY link (connector,object_type,local_id),
  KEY state (connector,state),
  KEY recent (object_type,updated_at),
  KEY screen (object_type,connector,state,updated_at),
  KEY by_state (object_type,state,updated_at),
  KEY local (local_id),
  KEY remote_number (remote_number(32))
) {$charset};
CREATE TABLE {$log} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  connector varchar(20) NOT NULL,
  method varchar(10) NOT NULL,
  url text NOT NULL,
  status smallint(5) unsigned NOT NULL DEFAULT 0,
  duration_ms int(10) unsigned NOT NULL DEFAULT 0,
  attempt tinyint(3) unsigned NOT NULL DEFAULT 1,
  request_excerpt text NULL,
  response_excerpt text NULL,
  error text NULL,
  created_at datetime NOT NULL,
  PRIMARY KEY  (id),
  KEY created_at (created_at),
  KEY connector_time (connector,created_at),
  KEY connector_status (connector,status),
  KEY status (status)
) {$charset};
" . \ErpSync\Plugin\Sync\Schema::sql( $charset )
		);
		update_option( 'erpsync_db_version', self::DB_VERSION, false );
		// Exports that were waiting when the plugin was deactivated are queued again once Action Scheduler runs.
		update_option( Queue::RESCUE_OPTION, 'yes', false );
		if ( ! wp_next_scheduled( 'erpsync_daily' ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', 'erpsync_daily' );
		}
	}

	/**
	 * Removes the plugin's schedules. Pending exports are unscheduled too (without the plugin nothing would run
	 * them), but their mapping rows stay queued: activation queues them again (Queue::rescue()).
	 */
	public static function deactivate(): void {
		if ( function_exists( 'as_unschedule_all_actions' ) ) {
			as_unschedule_all_actions( '', array(), 'erpsync' );
		}
		wp_clear_scheduled_hook( 'erpsync_daily' );
	}

	/** Uninstall: schedules always; tables and options only when the owner opted in. */
	public static function uninstall(): void {
		global $wpdb;
		self::deactivate();
		// The read-only REST key made for Logistos never outlives the plugin, whether or not the owner asked to keep
		// the data: a plugin that is gone leaves no live key. WooCommerce need not be active (its table is still there).
		$logistos = get_option( 'erpsync_logistos', array() );
		if ( is_array( $logistos ) && ! empty( $logistos['api_key_id'] ) ) {
			$keys = $wpdb->prefix . 'woocommerce_api_keys';
			if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $keys ) ) ) === $keys ) { // phpcs:ignore WordPress.DB.DirectDatabaseQuery
				$wpdb->delete( $keys, array( 'key_id' => (int) $logistos['api_key_id'] ), array( '%d' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- WooCommerce's API key table, as WooCommerce deletes keys.
			}
			$logistos['api_key_id']   = 0;
			$logistos['handshake_at'] = '';
			update_option( 'erpsync_logistos', $logistos );
		}
		$opted_in = ( defined( 'ERPSYNC_REMOVE_ALL_DATA' ) && true === ERPSYNC_REMOVE_ALL_DATA ) || 'yes' === get_option( 'erpsync_remove_data_on_uninstall' );
		if ( ! $opted_in ) {
			return;
		}
		$wpdb->query( 'DROP TABLE IF EXISTS ' . self::map_table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
		$wpdb->query( 'DROP TABLE IF EXISTS ' . self::log_table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
		$wpdb->query( 'DROP TABLE IF EXISTS ' . \ErpSync\Plugin\Sync\Schema::runs_table() . ', ' . \ErpSync\Plugin\Sync\Schema::plan_table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
		$names = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( 'erpsync_' ) . '%' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		foreach ( $names as $name ) {
			delete_option( $name ); // through the API, so the options cache forgets them too.
		}
	}
}
