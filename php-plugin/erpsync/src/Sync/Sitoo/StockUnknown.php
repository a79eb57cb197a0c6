<?php
/**
 * Virtual-warehouse puts whose outcome is still not known: the reply was lost and reading the total back failed
 * too. Such a put is neither taken as arrived nor sent again: the product gets a row in the mapping table (object
 * type `stock_unknown`, local id the product, remote_id its SKU, remote_number "warehouse|before|after|delta",
 * state `unknown`, last_error why) and is settled later by reading the total back (the action
 * `erpsync_sitoo_stock_settle`, and the stock poll before it reads anything):
 *
 * - Sitoo's total equal to the one read before the put (and not to the one put) → it did not arrive: base moves back
 *   by the delta and the product's delta is sent again (once, now, with what changed while it was held);
 * - otherwise it arrived (equal to the total put; or changed since, logged): seen moves by the delta, and what else
 *   changed Sitoo's total comes down as a Sitoo change (StockDown::apply).
 *
 * While a product is unknown its stock changes are held back (StockUp::send) and the poll leaves it alone (its
 * total would otherwise come down as a Sitoo change: an echo); a read that fails again keeps it unknown and tries
 * later. So the delta is never sent twice and never lost; the owner sees the row as unknown until then.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQL.NotPrepared -- the plugin's own mapping table; ids are integers.

/** Virtual puts not yet settled. */
final class StockUnknown {

	const HOOK  = 'erpsync_sitoo_stock_settle';
	const TYPE  = 'stock_unknown';
	const LEASE = 300;

	/** Hooks. */
	public static function register(): void {
		add_action( self::HOOK, array( __CLASS__, 'settle' ) );
	}

	/**
	 * Records a put whose outcome is not known and queues its settlement.
	 *
	 * @param int    $id     Product id.
	 * @param string $sku    SKU.
	 * @param array  $r      adjustVirtualStock() row (before, after).
	 * @param float  $delta  The delta put.
	 * @param string $why    Why it is not known.
	 */
	public static function record( int $id, string $sku, array $r, float $delta, string $why ): void {
		global $wpdb;
		$t    = Installer::map_table();
		$what = implode( '|', array( (int) Settings::get( 'sitoo' )['warehouse_id'], StockLedger::fmt( (float) $r['before'] ), StockLedger::fmt( (float) $r['after'] ), StockLedger::fmt( $delta ) ) );
		$now  = current_time( 'mysql', true );
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$t} (connector, object_type, local_id, remote_id, remote_number, state, attempts, last_error, updated_at) VALUES ('sitoo', %s, %d, %s, %s, 'unknown', 0, %s, %s) ON DUPLICATE KEY UPDATE remote_id = VALUES(remote_id), remote_number = VALUES(remote_number), state = 'unknown', attempts = 0, claimed_until = NULL, last_error = VALUES(last_error), updated_at = VALUES(updated_at)", self::TYPE, $id, $sku, $what, $why, $now ) );
		if ( function_exists( 'wc_get_logger' ) ) {
			wc_get_logger()->warning( sprintf( 'Sitoo stock %s: the reply of a total put was lost and the total could not be read back; pending, settled by reading it back later', $sku ), array( 'source' => 'erpsync-sitoo' ) );
		}
		self::queue( 60 );
	}

	/**
	 * Product ids among these that have a put not yet settled.
	 *
	 * @param int[] $ids Product ids.
	 * @return array<int,true>
	 */
	public static function held( array $ids ): array {
		global $wpdb;
		$ids = array_values( array_filter( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return array();
		}
		$t   = Installer::map_table();
		$got = $wpdb->get_col( $wpdb->prepare( "SELECT local_id FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND state IN ('unknown', 'settling') AND local_id IN (" . implode( ',', $ids ) . ')', self::TYPE ) );
		return array_fill_keys( array_map( 'intval', $got ), true );
	}

	/**
	 * Queues a settlement (once while one is pending).
	 *
	 * @param int $wait Seconds.
	 */
	private static function queue( int $wait ): void {
		if ( function_exists( 'as_schedule_single_action' ) && ! as_has_scheduled_action( self::HOOK, array(), 'erpsync' ) ) {
			as_schedule_single_action( time() + $wait, self::HOOK, array(), 'erpsync' );
		}
	}

	/**
	 * Settles the puts not yet settled by reading their totals back (Action Scheduler; the stock poll).
	 * Returns SKU → how ('arrived', 'not arrived', 'assumed (changed since)', or 'unknown' when still not known).
	 *
	 * @param object|null $c Connector (tests).
	 */
	public static function settle( $c = null ): array {
		global $wpdb;
		$t    = Installer::map_table();
		$now  = time();
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT local_id, remote_id, remote_number, state, claimed_until FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND state IN ('unknown', 'settling') ORDER BY local_id LIMIT 500", self::TYPE ), ARRAY_A );
		$mine = array();
		foreach ( $rows as $r ) {
			// One runner settles a row: the UPDATE from unknown (or from an expired settling) is the claim.
			$n = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = 'settling', claimed_until = %s, attempts = attempts + 1 WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND (state = 'unknown' OR (state = 'settling' AND claimed_until < %s))", gmdate( 'Y-m-d H:i:s', $now + self::LEASE ), self::TYPE, (int) $r['local_id'], gmdate( 'Y-m-d H:i:s', $now ) ) );
			if ( 1 === (int) $n ) {
				$mine[ (string) $r['remote_id'] ] = $r;
			}
		}
		if ( ! $mine ) {
			return array();
		}
		try {
			$c      = $c ? $c : ( StockUp::$connector ? StockUp::$connector : Connectors::make( 'sitoo' ) );
			$totals = $c->virtualTotals( array_map( 'strval', array_keys( $mine ) ) );
		} catch ( \Throwable $e ) {
			$why = Redact::text( $e->getMessage(), Settings::secrets( 'sitoo' ) );
			$wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = 'unknown', claimed_until = NULL, last_error = %s WHERE connector = 'sitoo' AND object_type = %s AND state = 'settling' AND local_id IN (" . implode( ',', array_map( static fn( $r ) => (int) $r['local_id'], $mine ) ) . ')', $why, self::TYPE ) );
			self::queue( 60 );
			return array_fill_keys( array_map( 'strval', array_keys( $mine ) ), 'unknown' );
		}
		return self::apply( $mine, (array) $totals );
	}

	/**
	 * Settles claimed rows by the totals read back.
	 *
	 * @param array $mine   SKU → claimed row.
	 * @param array $totals SKU → Sitoo's total (SKUs Sitoo does not hold left out: 0).
	 */
	private static function apply( array $mine, array $totals ): array {
		global $wpdb;
		$t     = Installer::map_table();
		$out   = array();
		$retry = array();
		$down  = array();
		foreach ( $mine as $sku => $r ) {
			list( $wid, $before, $after, $delta ) = array_map( 'floatval', explode( '|', (string) $r['remote_number'] ) + array( 0, 0, 0, 0 ) );

			$total = (float) ( $totals[ $sku ] ?? 0 );
			$not   = abs( $total - $before ) < 0.0005 && abs( $total - $after ) >= 0.0005;
			$how   = $not ? 'not arrived' : ( abs( $total - $after ) < 0.0005 ? 'arrived' : 'assumed (changed since)' );
			$short = $not ? 'resent' : ( 'arrived' === $how ? 'arrived' : 'assumed' );
			$id    = (int) $r['local_id'];
			// The row and the ledger in one transaction: settled exactly when the ledger moved.
			$wpdb->query( 'START TRANSACTION' );
			$n = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = 'settled', how = %s, claimed_until = NULL, last_error = NULL, updated_at = %s WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND state = 'settling'", $short, current_time( 'mysql', true ), self::TYPE, $id ) );
			if ( 1 !== (int) $n ) {
				$wpdb->query( 'ROLLBACK' );
				continue;
			}
			if ( $not ) {
				StockLedger::shift( $id, StockLedger::BASE, -$delta );
			} else {
				StockLedger::shift( $id, StockLedger::seen_key( (int) $wid ), $delta );
			}
			$wpdb->query( 'COMMIT' );
			$retry[ $id ] = $sku;
			if ( function_exists( 'wc_get_logger' ) ) {
				wc_get_logger()->log( 'assumed' === $short ? 'warning' : 'info', sprintf( 'Sitoo stock %s: the put of %s not known to have arrived is settled: %s', $sku, StockLedger::fmt( $delta ), $how ), array( 'source' => 'erpsync-sitoo' ) );
			}
			if ( (int) Settings::get( 'sitoo' )['warehouse_id'] === (int) $wid ) {
				$down[ $sku ] = $total;
			}
			$out[ $sku ] = $how;
		}
		if ( $down ) {
			// What else moved Sitoo's total while the product was held (the poll left it alone) comes down now.
			$counts = array();
			StockDown::apply( 0, $down, false, $counts, false );
		}
		if ( $retry ) {
			// What was held back meanwhile, and a put that did not arrive, are sent now (stock − base, once).
			StockUp::send( $retry );
		}
		return $out;
	}
}
