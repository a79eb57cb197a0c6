<?php
/**
 * The mapping table: (connector, object type, local id) → remote id / number, with the state of the export and an
 * atomic claim so that two queue runners never work on the same object at once. The unique key makes a second
 * row for the same object impossible; the claim is one UPDATE whose WHERE clause only one runner can satisfy.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin;

defined( 'ABSPATH' ) || exit;

/** Mapping rows and claims. */
final class Mapping {

	/**
	 * Claims the object for this runner for $ttl seconds. True for exactly one runner at a time; a claim that
	 * expired (a runner that died) can be taken over. Objects already exported ('done') are never claimed.
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type ('order' or 'customer').
	 * @param int    $local_id  WooCommerce id of the object.
	 * @param string $runner    Who claims it.
	 * @param int    $ttl       Seconds the claim lasts.
	 */
	public static function claim( string $connector, string $type, int $local_id, string $runner, int $ttl = 300 ): bool {
		global $wpdb;
		$t   = Installer::map_table();
		$now = current_time( 'mysql', true );
		// The row exists once (unique key); INSERT IGNORE makes creating it race-free.
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, state, updated_at) VALUES (%s, %s, %d, 'queued', %s)", $connector, $type, $local_id, $now ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		);
		$until = gmdate( 'Y-m-d H:i:s', time() + $ttl );
		$n     = $wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare(
				// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $t is the plugin's own table name (Installer::map_table()).
				"UPDATE {$t} SET claimed_by = %s, claimed_until = %s, attempts = attempts + 1, updated_at = %s
				 WHERE connector = %s AND object_type = %s AND local_id = %d AND state <> 'done'
				   AND (claimed_until IS NULL OR claimed_until < %s)",
				$runner,
				$until,
				$now,
				$connector,
				$type,
				$local_id,
				$now
			)
		);
		return 1 === (int) $n;
	}

	/**
	 * Creates the row in state 'queued' when there is none (nothing happens to an existing row).
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type ('order' or 'customer').
	 * @param int    $local_id  WooCommerce id of the object.
	 */
	public static function ensure( string $connector, string $type, int $local_id ): void {
		global $wpdb;
		$t = Installer::map_table();
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, state, updated_at) VALUES (%s, %s, %d, 'queued', %s)", $connector, $type, $local_id, current_time( 'mysql', true ) ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		);
	}

	/**
	 * Puts a stopped export ('failed', 'blacklisted') back to 'queued' with a fresh attempt count. An export that
	 * is done, or that may have reached the back-office ('unknown'), keeps its state: the lookup still comes first.
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type ('order' or 'customer').
	 * @param int    $local_id  WooCommerce id of the object.
	 */
	public static function reset( string $connector, string $type, int $local_id ): void {
		global $wpdb;
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( 'UPDATE ' . Installer::map_table() . " SET state = 'queued', attempts = 0, last_error = '', updated_at = %s WHERE connector = %s AND object_type = %s AND local_id = %d AND state IN ('failed', 'blacklisted')", current_time( 'mysql', true ), $connector, $type, $local_id ) // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		);
	}

	/**
	 * Rows of many objects at once (orders list column): local id → connector → row.
	 *
	 * @param string $type Object type.
	 * @param int[]  $ids  Local ids.
	 */
	public static function for_objects( string $type, array $ids ): array {
		global $wpdb;
		$ids = array_values( array_filter( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return array();
		}
		$in   = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		$rows = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( 'SELECT * FROM ' . Installer::map_table() . " WHERE object_type = %s AND local_id IN ({$in})", array_merge( array( $type ), $ids ) ), // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $in is the generated list of %d placeholders, one per id.
			ARRAY_A
		);
		$out  = array();
		foreach ( $rows as $r ) {
			$out[ (int) $r['local_id'] ][ $r['connector'] ] = $r;
		}
		return $out;
	}

	/**
	 * Records the remote record and releases the claim.
	 *
	 * @param string $connector     Connector id.
	 * @param string $type          Object type ('order' or 'customer').
	 * @param int    $local_id      WooCommerce id of the object.
	 * @param string $remote_id     Back-office id.
	 * @param string $remote_number Back-office number (document or customer number).
	 */
	public static function done( string $connector, string $type, int $local_id, string $remote_id, string $remote_number ): void {
		self::update(
			$connector,
			$type,
			$local_id,
			array(
				'state'         => 'done',
				'remote_id'     => $remote_id,
				'remote_number' => $remote_number,
				'last_error'    => '',
			)
		);
	}

	/**
	 * Records a failure ('retry' or 'failed') and releases the claim.
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type ('order' or 'customer').
	 * @param int    $local_id  WooCommerce id of the object.
	 * @param string $state     New state ('retry', 'unknown', 'failed' or 'blacklisted').
	 * @param string $error     Error message.
	 */
	public static function failed( string $connector, string $type, int $local_id, string $state, string $error ): void {
		self::update(
			$connector,
			$type,
			$local_id,
			array(
				'state'      => $state,
				'last_error' => $error,
			)
		);
	}

	/**
	 * The row, or null.
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type ('order' or 'customer').
	 * @param int    $local_id  WooCommerce id of the object.
	 */
	public static function get( string $connector, string $type, int $local_id ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( 'SELECT * FROM ' . Installer::map_table() . ' WHERE connector = %s AND object_type = %s AND local_id = %d', $connector, $type, $local_id ), // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			ARRAY_A
		);
		return $row ? $row : null;
	}

	/**
	 * Updates the object's row with these fields and releases the claim.
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type ('order' or 'customer').
	 * @param int    $local_id  WooCommerce id of the object.
	 * @param array  $fields    Column → value.
	 */
	private static function update( string $connector, string $type, int $local_id, array $fields ): void {
		global $wpdb;
		$fields['claimed_by']    = '';
		$fields['claimed_until'] = null;
		$fields['updated_at']    = current_time( 'mysql', true );
		$wpdb->update( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the plugin's own table (Installer::map_table()), not cached.
			Installer::map_table(),
			$fields,
			array(
				'connector'   => $connector,
				'object_type' => $type,
				'local_id'    => $local_id,
			)
		);
	}
}
