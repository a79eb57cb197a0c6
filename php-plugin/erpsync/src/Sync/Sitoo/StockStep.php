<?php
/**
 * One stock step sent to a physical Sitoo warehouse as a warehouse transaction, exactly once: the step is a row of
 * the mapping table moved by one UPDATE from its start state to its busy state (the runner that moves it sends),
 * and a send whose outcome is not known (lost reply, dead runner) stays busy until its lease ends; it is then
 * settled by reading Sitoo's transactions (`findStockTransactions`: the step's externalid) before anything is sent
 * again. Used by StockOrders (an order's reduction, restock, hand-back) and StockRefunds (a refund's return).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own mapping table (Installer::map_table()).

/** A stock step of a physical warehouse. */
final class StockStep {

	const LEASE = 300;
	const TRIES = 8;

	/**
	 * The state of a step row ('' none).
	 *
	 * @param string $type     Object type.
	 * @param int    $local_id Local id.
	 */
	public static function state( string $type, int $local_id ): string {
		global $wpdb;
		$t = Installer::map_table();
		return (string) $wpdb->get_var( $wpdb->prepare( "SELECT state FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d", $type, $local_id ) );
	}

	/**
	 * Runs a step. True when it is done (now or before).
	 *
	 * @param object|null $c Connector (null: the configured one).
	 * @param array       $s type, id (local id), from (start states), busy, done, ext (externalid), amounts
	 *                       (callable(): SKU → signed quantity, the same on every call for one step: persisted by
	 *                       the caller on its first call), finish (callable(array $amounts), once, when the step
	 *                       is done), requeue (callable(int $wait)), gave_up (callable(string $why), after TRIES).
	 */
	public static function run( $c, array $s ): bool {
		global $wpdb;
		$t   = Installer::map_table();
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d", $s['type'], $s['id'] ), ARRAY_A );
		if ( ! $row ) {
			return false;
		}
		if ( $s['done'] === $row['state'] ) {
			return true;
		}
		$now   = time();
		$lease = gmdate( 'Y-m-d H:i:s', $now + self::LEASE );
		$where = $wpdb->prepare( "connector = 'sitoo' AND object_type = %s AND local_id = %d", $s['type'], $s['id'] );
		try {
			$c = $c ? $c : Connectors::make( 'sitoo' );
			if ( $s['busy'] === $row['state'] ) {
				// A send whose outcome is not known: once its lease is over, Sitoo's transactions settle it.
				if ( $row['claimed_until'] && strtotime( $row['claimed_until'] . ' UTC' ) > $now ) {
					( $s['requeue'] )( self::LEASE );
					return false;
				}
				if ( $c->findStockTransactions( $s['ext'], max( 0, (int) $row['remote_number'] - 60 ) ) ) {
					return self::finish( $s );
				}
				$n = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET claimed_until = %s, remote_number = %s, attempts = attempts + 1 WHERE {$where} AND state = %s AND (claimed_until IS NULL OR claimed_until = %s)", $lease, (string) $now, $s['busy'], (string) $row['claimed_until'] ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- $where is prepared above.
			} elseif ( in_array( $row['state'], $s['from'], true ) ) {
				$n = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = %s, claimed_until = %s, remote_number = %s, attempts = attempts + 1, updated_at = %s WHERE {$where} AND state = %s", $s['busy'], $lease, (string) $now, gmdate( 'Y-m-d H:i:s', $now ), $row['state'] ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- $where is prepared above.
			} else {
				return false; // Not this step's turn.
			}
			if ( 1 !== (int) $n ) {
				return false; // Another runner took the step.
			}
			$amounts = array_filter( ( $s['amounts'] )(), static fn( $q ) => abs( (float) $q ) >= 0.0005 );
			if ( ! $amounts ) {
				return self::finish( $s );
			}
			$ok  = true;
			$why = '';
			foreach ( $c->adjustStock( $amounts, $s['ext'] ) as $r ) {
				$ok  = $ok && ! empty( $r['ok'] );
				$why = empty( $r['ok'] ) ? (string) $r['error'] : $why;
			}
			if ( $ok ) {
				return self::finish( $s );
			}
			self::unsettled( $s, (int) $row['attempts'] + 1, $why );
		} catch ( \Throwable $e ) {
			self::unsettled( $s, (int) $row['attempts'] + 1, Redact::text( $e->getMessage(), Settings::secrets( 'sitoo' ) ) );
		}
		return false;
	}

	/**
	 * The step is done: its state, then the caller's finish (once: only the runner whose UPDATE moved the row), in
	 * one transaction — a runner that dies between them leaves the step busy, to be settled again.
	 *
	 * @param array $s Step.
	 * @throws \Throwable What the finish threw (after the rollback; the step stays busy).
	 */
	private static function finish( array $s ): bool {
		global $wpdb;
		$t = Installer::map_table();
		$wpdb->query( 'START TRANSACTION' );
		try {
			$n = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = %s, claimed_until = NULL, last_error = NULL, updated_at = %s WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND state = %s", $s['done'], current_time( 'mysql', true ), $s['type'], $s['id'], $s['busy'] ) );
			if ( 1 === (int) $n ) {
				( $s['finish'] )( array_filter( ( $s['amounts'] )(), static fn( $q ) => abs( (float) $q ) >= 0.0005 ) );
			}
			$wpdb->query( 'COMMIT' );
		} catch ( \Throwable $e ) {
			$wpdb->query( 'ROLLBACK' );
			throw $e;
		}
		return true;
	}

	/**
	 * A send that failed or whose outcome is not known: the lease ends now and the step is tried again later (the
	 * transactions read first); after TRIES attempts the caller says so.
	 *
	 * @param array  $s     Step.
	 * @param int    $tries Attempts so far.
	 * @param string $why   Reason.
	 */
	private static function unsettled( array $s, int $tries, string $why ): void {
		global $wpdb;
		$t = Installer::map_table();
		$wpdb->query( $wpdb->prepare( "UPDATE {$t} SET claimed_until = %s, last_error = %s WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND state = %s", gmdate( 'Y-m-d H:i:s', time() - 1 ), $why, $s['type'], $s['id'], $s['busy'] ) );
		if ( $tries >= self::TRIES ) {
			( $s['gave_up'] )( $why );
			return;
		}
		( $s['requeue'] )( 60 );
	}

	/**
	 * Whether a step row is stopped: busy after TRIES attempts, the last one failed (its caller gave up; nothing
	 * queues it again) and no send in flight (its lease is over: a failed send ends it at once). The order screen's
	 * "stopped" (Admin\Query\SitooStockQuery) and what retry() accepts.
	 *
	 * @param array $row Mapping row.
	 */
	public static function stopped( array $row ): bool {
		$leased = $row['claimed_until'] && strtotime( $row['claimed_until'] . ' UTC' ) > time();
		return (int) $row['attempts'] >= self::TRIES && '' !== (string) $row['last_error'] && ! $leased;
	}

	/**
	 * A stopped step is given TRIES attempts more (the owner's "Try again"): its attempt count goes back to 0, in one
	 * UPDATE and only while it is still busy and stopped — never while a send is in flight (a delivery's own retry
	 * runs a stopped hand-back too): its lease must be over. Nothing is sent here — the caller queues the step, whose run
	 * reads Sitoo's transactions first (the step is busy), so a send that did arrive is settled, not sent twice. The
	 * row's remote_number (when the last send was made: where the read starts) is kept. True when this call reset it.
	 *
	 * @param string $type     Object type.
	 * @param int    $local_id Local id.
	 * @param string $busy     The step's busy state.
	 */
	public static function retry( string $type, int $local_id, string $busy ): bool {
		global $wpdb;
		$t   = Installer::map_table();
		$now = current_time( 'mysql', true );
		$n   = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET attempts = 0, updated_at = %s WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND state = %s AND attempts >= %d AND last_error IS NOT NULL AND last_error <> '' AND (claimed_until IS NULL OR claimed_until <= %s)", $now, $type, $local_id, $busy, self::TRIES, $now ) );
		return 1 === (int) $n;
	}

	/**
	 * Order-note text of amounts: "SKU × 2, SKU2 × 1".
	 *
	 * @param array $amounts SKU → signed quantity.
	 */
	public static function describe( array $amounts ): string {
		$out = array();
		foreach ( $amounts as $sku => $q ) {
			$out[] = $sku . ' × ' . StockLedger::fmt( abs( (float) $q ) );
		}
		return implode( ', ', $out );
	}
}
