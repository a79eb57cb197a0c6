<?php
/**
 * Links of the Sitoo catalogue in the mapping table (connector `sitoo`; object types product, category,
 * manufacturer, voucher): local id ↔ Sitoo id, and the `unknown` mark of an item whose create may have reached
 * Sitoo (looked up by SKU/code before it is ever sent again).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Writer;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's mapping table; every value is a placeholder.

/** Sitoo catalogue links. */
final class CatalogMap {

	const CONNECTOR = 'sitoo';

	/**
	 * Every link of a type: local id → remote id (only links made in the current Sitoo instance).
	 *
	 * @param string $type Object type.
	 * @return array<int,string>
	 */
	public static function all( string $type ): array {
		global $wpdb;
		$out = array();
		foreach ( $wpdb->get_results( $wpdb->prepare( 'SELECT local_id, remote_id FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = %s AND state = 'done' AND remote_id <> '' AND env = %s", self::CONNECTOR, $type, Settings::environment( self::CONNECTOR ) ), ARRAY_N ) as $r ) {
			$out[ (int) $r[0] ] = (string) $r[1];
		}
		return $out;
	}

	/**
	 * The remote id of one local object, or null.
	 *
	 * @param string $type  Object type.
	 * @param int    $local Local id.
	 */
	public static function remote( string $type, int $local ): ?string {
		global $wpdb;
		$r = $wpdb->get_var( $wpdb->prepare( 'SELECT remote_id FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = %s AND local_id = %d AND state = 'done' AND remote_id <> '' AND env = %s", self::CONNECTOR, $type, $local, Settings::environment( self::CONNECTOR ) ) );
		return null === $r ? null : (string) $r;
	}

	/**
	 * Links (insert or replace).
	 *
	 * @param string $type  Object type.
	 * @param array  $links Local id → remote id.
	 */
	public static function link( string $type, array $links ): void {
		if ( $links ) {
			Writer::save_links( self::CONNECTOR, $links, $type );
		}
	}

	/**
	 * Marks objects whose create is about to be sent: a lost reply leaves them `unknown`, and the next attempt looks
	 * them up first.
	 *
	 * @param string $type Object type.
	 * @param int[]  $ids  Local ids.
	 */
	public static function mark_unknown( string $type, array $ids ): void {
		global $wpdb;
		if ( ! $ids ) {
			return;
		}
		$env    = Settings::environment( self::CONNECTOR );
		$now    = current_time( 'mysql', true );
		$values = array();
		$args   = array();
		foreach ( $ids as $id ) {
			$values[] = "(%s, %s, %d, '', 'unknown', %s, %s)";
			array_push( $args, self::CONNECTOR, $type, (int) $id, $env, $now );
		}
		$wpdb->query( $wpdb->prepare( 'INSERT INTO ' . Installer::map_table() . ' (connector, object_type, local_id, remote_id, state, env, updated_at) VALUES ' . implode( ',', $values ) . " ON DUPLICATE KEY UPDATE state = IF(state = 'done' AND remote_id <> '', state, 'unknown'), updated_at = VALUES(updated_at)", $args ) ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- the placeholders are in $values.
	}

	/**
	 * Local ids whose create may have reached Sitoo (state `unknown`).
	 *
	 * @param string $type Object type.
	 * @return int[]
	 */
	public static function unknown( string $type ): array {
		global $wpdb;
		return array_map( 'intval', $wpdb->get_col( $wpdb->prepare( 'SELECT local_id FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = %s AND state = 'unknown'", self::CONNECTOR, $type ) ) );
	}

	/**
	 * Forgets marks of objects that were certainly not created (a refusal: nothing to look up).
	 *
	 * @param string $type Object type.
	 * @param int[]  $ids  Local ids.
	 */
	public static function clear( string $type, array $ids ): void {
		global $wpdb;
		if ( $ids ) {
			$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = %s AND state = 'unknown' AND local_id IN (" . implode( ',', array_map( 'intval', $ids ) ) . ')', self::CONNECTOR, $type ) );
		}
	}

	/**
	 * Removes every Sitoo link (Tools → Clear all); returns how many went.
	 */
	public static function clear_all(): int {
		global $wpdb;
		return (int) $wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type IN ('product', 'category', 'manufacturer', 'voucher', 'order_in')", self::CONNECTOR ) );
	}

	/**
	 * Counts of links per type (Tools → Clear all names what goes).
	 *
	 * @return array<string,int>
	 */
	public static function counts(): array {
		global $wpdb;
		$out = array();
		foreach ( $wpdb->get_results( $wpdb->prepare( 'SELECT object_type, COUNT(*) FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type IN ('product', 'category', 'manufacturer', 'voucher', 'order_in') GROUP BY object_type", self::CONNECTOR ), ARRAY_N ) as $r ) {
			$out[ (string) $r[0] ] = (int) $r[1];
		}
		return $out;
	}
}
