<?php
/**
 * The mapping table: (connector, object type, local id) → remote id / number, with the state of the export and an
 * atomic claim so that two queue runners never work on the same object at once. The unique key makes a second
 * row for the same object impossible; the claim is one UPDATE whose WHERE clause only one runner can satisfy.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Infra;

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
	 * @param int    $ttl       Seconds the claim lasts (longer than the slowest attempt: a few calls of up to
	 *                          2 × 20 s each; a runner that overruns it finds its later writes refused).
	 */
	public static function claim( string $connector, string $type, int $local_id, string $runner, int $ttl = 900 ): bool {
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
	 * Claims many orders of one connector for one runner (Orders\Batch): creates the missing rows, claims those no
	 * one holds (as claim() does, one UPDATE for all), reads them, and marks them `unknown` — the caller commits
	 * that before it sends any of them, so a runner that dies in the batch leaves orders that are looked up first.
	 * Returns local id → the row as it was before the `unknown` mark (state and attempts of this attempt).
	 *
	 * @param string $connector Connector id.
	 * @param int[]  $ids       Order ids.
	 * @param string $runner    Who claims them.
	 * @param int    $ttl       Seconds the claims last.
	 */
	public static function claim_orders( string $connector, array $ids, string $runner, int $ttl = 900 ): array {
		global $wpdb;
		$ids = array_values( array_unique( array_filter( array_map( 'intval', $ids ) ) ) );
		if ( ! $ids ) {
			return array();
		}
		$t      = Installer::map_table();
		$now    = current_time( 'mysql', true );
		$in     = implode( ',', $ids );
		$values = implode( ', ', array_map( static fn( $id ) => $wpdb->prepare( "(%s, 'order', %d, 'queued', %s)", $connector, $id, $now ), $ids ) );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQL.NotPrepared -- the plugin's own table; $in are integers, $values prepared above.
		$wpdb->query( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, state, updated_at) VALUES {$values}" );
		$wpdb->query(
			$wpdb->prepare(
				"UPDATE {$t} SET claimed_by = %s, claimed_until = %s, attempts = attempts + 1, updated_at = %s
				 WHERE connector = %s AND object_type = 'order' AND local_id IN ({$in}) AND state <> 'done'
				   AND (claimed_until IS NULL OR claimed_until < %s)",
				$runner,
				gmdate( 'Y-m-d H:i:s', time() + $ttl ),
				$now,
				$connector,
				$now
			)
		);
		$rows = (array) $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$t} WHERE connector = %s AND object_type = 'order' AND local_id IN ({$in}) AND claimed_by = %s", $connector, $runner ), ARRAY_A );
		$wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = 'unknown', updated_at = %s WHERE connector = %s AND object_type = 'order' AND local_id IN ({$in}) AND claimed_by = %s AND state <> 'done'", $now, $connector, $runner ) );
		// phpcs:enable
		$out = array();
		foreach ( $rows as $r ) {
			$out[ (int) $r['local_id'] ] = $r;
		}
		return $out;
	}

	/**
	 * Gives up this runner's claims on these orders (their state stays: an `unknown` one is looked up first).
	 *
	 * @param string $connector Connector id.
	 * @param int[]  $ids       Order ids.
	 * @param string $runner    The runner holding the claims.
	 */
	public static function release_orders( string $connector, array $ids, string $runner ): void {
		global $wpdb;
		$ids = array_values( array_filter( array_map( 'intval', $ids ) ) );
		if ( $ids ) {
			$wpdb->query( $wpdb->prepare( 'UPDATE ' . Installer::map_table() . " SET claimed_by = '', claimed_until = NULL WHERE connector = %s AND object_type = 'order' AND local_id IN (" . implode( ',', $ids ) . ') AND claimed_by = %s', $connector, $runner ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- integers.
		}
	}

	/**
	 * Creates the row in state 'queued' when there is none (nothing happens to an existing row).
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type ('order' or 'customer').
	 * @param int    $local_id  WooCommerce id of the object.
	 * @return bool Whether the row was created now (there was none).
	 */
	public static function ensure( string $connector, string $type, int $local_id ): bool {
		global $wpdb;
		$t = Installer::map_table();
		return 1 === (int) $wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
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
	 * Orders per connector and state: connector → state → count.
	 */
	public static function order_counts(): array {
		global $wpdb;
		$out = array();
		foreach ( (array) $wpdb->get_results( 'SELECT connector, state, COUNT(*) AS n FROM ' . Installer::map_table() . " WHERE object_type = 'order' GROUP BY connector, state", ARRAY_A ) as $r ) { // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
			$out[ $r['connector'] ][ $r['state'] ] = (int) $r['n'];
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
	 * @param string $runner        The runner holding the claim (its write is refused if it lost the claim).
	 * @param string $how           'linked' (found at the back-office), 'created' (sent), or '' (not known).
	 * @return bool Whether the row was written.
	 */
	public static function done( string $connector, string $type, int $local_id, string $remote_id, string $remote_number, ?string $runner = null, string $how = '' ): bool {
		return self::update(
			$connector,
			$type,
			$local_id,
			array(
				'state'         => 'done',
				'remote_id'     => $remote_id,
				'remote_number' => $remote_number,
				'last_error'    => '',
				'how'           => in_array( $how, array( 'linked', 'created' ), true ) ? $how : '',
			),
			$runner
		);
	}

	/**
	 * Records a failure ('retry' or 'failed') and releases the claim.
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type ('order' or 'customer').
	 * @param int    $local_id  WooCommerce id of the object.
	 * @param string $state     New state ('retry', 'unknown', 'failed' or 'blacklisted').
	 * @param string $error     Error message (any configured secret is replaced before it is stored).
	 * @param string $runner    The runner holding the claim (its write is refused if it lost the claim).
	 * @return bool Whether the row was written.
	 */
	public static function failed( string $connector, string $type, int $local_id, string $state, string $error, ?string $runner = null ): bool {
		return self::update(
			$connector,
			$type,
			$local_id,
			array(
				'state'      => $state,
				'last_error' => Redact::text( $error ),
			),
			$runner
		);
	}

	/**
	 * Marks the object 'unknown' just before it is sent, keeping the claim: if the runner dies after the
	 * back-office processed it, the next runner looks it up instead of sending it again.
	 *
	 * @param string $connector Connector id.
	 * @param string $type      Object type.
	 * @param int    $local_id  WooCommerce id of the object.
	 * @param string $runner    The runner holding the claim.
	 * @return bool False when the runner no longer holds the claim (then it must not send).
	 */
	public static function sending( string $connector, string $type, int $local_id, string $runner ): bool {
		global $wpdb;
		$n = $wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( 'UPDATE ' . Installer::map_table() . " SET state = 'unknown', updated_at = %s WHERE connector = %s AND object_type = %s AND local_id = %d AND claimed_by = %s AND state <> 'done'", current_time( 'mysql', true ), $connector, $type, $local_id, $runner ) // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		);
		return false !== $n && (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = %s AND local_id = %d AND claimed_by = %s AND state = 'unknown'", $connector, $type, $local_id, $runner ) ) === 1; // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * Links a customer to its back-office record in this environment (insert or replace; customers have no claim:
	 * the caller holds a lock per customer).
	 *
	 * @param string $connector Connector id.
	 * @param int    $user_id   WordPress user id.
	 * @param string $remote_id Back-office customer id.
	 * @param string $env       Settings::environment() of the connector.
	 * @param string $type      'customer' (a WordPress user), or 'guest' (local id: a hash of e-mail and VAT number).
	 * @param string $how       'linked' (an existing back-office record was found), 'created' (the plugin created it),
	 *                          or '' (not known).
	 */
	public static function link_customer( string $connector, int $user_id, string $remote_id, string $env, string $type = 'customer', string $how = '' ): void {
		global $wpdb;
		$t = Installer::map_table();
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare(
				// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $t is the plugin's own table name (Installer::map_table()).
				"INSERT INTO {$t} (connector, object_type, local_id, remote_id, remote_number, state, env, how, updated_at) VALUES (%s, %s, %d, %s, %s, 'done', %s, %s, %s)
				 ON DUPLICATE KEY UPDATE remote_id = VALUES(remote_id), remote_number = VALUES(remote_number), state = 'done', env = VALUES(env), how = VALUES(how), last_error = '', updated_at = VALUES(updated_at)",
				$connector,
				$type,
				$user_id,
				$remote_id,
				$remote_id,
				$env,
				in_array( $how, array( 'linked', 'created' ), true ) ? $how : '',
				current_time( 'mysql', true )
			)
		);
	}

	/**
	 * The links of guests (object type `guest`, done, of this environment): guest key → remote id, with one query.
	 *
	 * @param string $connector Connector id.
	 * @param string $env       Back-office environment.
	 * @param int[]  $guests    Guest keys (Orders\Pipeline).
	 */
	public static function guest_links( string $connector, string $env, array $guests ): array {
		global $wpdb;
		$guests = array_values( array_filter( array_map( 'intval', $guests ) ) );
		if ( ! $guests ) {
			return array();
		}
		$in  = implode( ',', $guests );
		$out = array();
		foreach ( (array) $wpdb->get_results( $wpdb->prepare( 'SELECT local_id, remote_id FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = 'guest' AND local_id IN ({$in}) AND state = 'done' AND remote_id <> '' AND env = %s", $connector, $env ), ARRAY_A ) as $r ) { // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own table; $in are integers.
			$out[ (int) $r['local_id'] ] = (string) $r['remote_id'];
		}
		return $out;
	}

	/**
	 * Writes guests' links with one statement (as link_customer() writes one).
	 *
	 * @param string $connector Connector id.
	 * @param string $env       Back-office environment.
	 * @param array  $links     Guest key → array( remote id, 'linked'|'created' ).
	 */
	public static function link_guests( string $connector, string $env, array $links ): void {
		global $wpdb;
		if ( ! $links ) {
			return;
		}
		$t    = Installer::map_table();
		$now  = current_time( 'mysql', true );
		$rows = array();
		foreach ( $links as $guest => $l ) {
			$rows[] = $wpdb->prepare( "(%s, 'guest', %d, %s, %s, 'done', %s, %s, %s)", $connector, (int) $guest, (string) $l[0], (string) $l[0], $env, in_array( $l[1], array( 'linked', 'created' ), true ) ? $l[1] : '', $now );
		}
		$wpdb->query( "INSERT INTO {$t} (connector, object_type, local_id, remote_id, remote_number, state, env, how, updated_at) VALUES " . implode( ', ', $rows ) . ' ON DUPLICATE KEY UPDATE remote_id = VALUES(remote_id), remote_number = VALUES(remote_number), state = \'done\', env = VALUES(env), how = VALUES(how), last_error = \'\', updated_at = VALUES(updated_at)' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- each row prepared above; $t is the plugin's own table.
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
	 * @param string $runner    When given, only the runner holding the claim may write.
	 * @return bool Whether the row was written.
	 */
	private static function update( string $connector, string $type, int $local_id, array $fields, ?string $runner = null ): bool {
		global $wpdb;
		$fields['claimed_by']    = '';
		$fields['claimed_until'] = null;
		$fields['updated_at']    = current_time( 'mysql', true );
		$where                   = array(
			'connector'   => $connector,
			'object_type' => $type,
			'local_id'    => $local_id,
		);
		if ( null !== $runner ) {
			$where['claimed_by'] = $runner;
		}
		$n = $wpdb->update( Installer::map_table(), $fields, $where ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the plugin's own table (Installer::map_table()), not cached.
		return false !== $n && ( null === $runner || $n > 0 );
	}
}
