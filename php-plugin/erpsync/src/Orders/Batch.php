<?php
/**
 * A batch of export actions run by one `wp erpsync queue run` worker in one go (Orders\BatchRunner): the orders are
 * loaded together, every action is marked running and complete with one UPDATE each, Action Scheduler's log rows
 * are one multi-row INSERT, the request log is one INSERT, and the database writes of the batch go through a
 * transaction that is committed at the points where another runner or the back-office must see them:
 *
 * - right after an order is marked `unknown` and before it is sent (Exporter::run → commit_point()): a runner that
 *   dies during the send leaves a committed `unknown`, and the next runner looks the order up first;
 * - before a customer lock is taken and before it is released (Pipeline::customer): a guest's link is committed
 *   before another runner can take the lock and look for it;
 * - at the end of the batch (the `done` rows, order notes, retries and the actions' completion of the last order).
 *
 * So an order costs one commit instead of one per write; what stays per order is the send and its own rows. The
 * session reads with READ COMMITTED while the batch runs, so a read after a commit point sees other runners' work.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

use ErpSync\Plugin\Queue;
use ErpSync\Plugin\Redact;
use ErpSync\Plugin\RequestLog;

defined( 'ABSPATH' ) || exit;

/** Export actions in batches. */
final class Batch {

	/**
	 * Whether a batch transaction is open.
	 *
	 * @var bool
	 */
	private static $open = false;

	/** Commits what the batch wrote so far and goes on in a new transaction (nothing happens outside a batch). */
	public static function commit_point(): void {
		global $wpdb;
		if ( self::$open ) {
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		}
	}

	/**
	 * Runs the export actions of one Action Scheduler claim: action id → [order id, connector]. Returns the
	 * actions that ran (complete or failed); an action this claim no longer holds is left alone.
	 *
	 * @param array $actions  Action id → array( order id, connector ).
	 * @param int   $claim_id Action Scheduler claim id that holds them.
	 * @param string $context  Runner context for the log rows (e.g. "WP CLI").
	 */
	public static function run( array $actions, int $claim_id, string $context ): int {
		global $wpdb;
		$t = $wpdb->actionscheduler_actions;
		if ( ! $actions ) {
			return 0;
		}
		$ids = implode( ',', array_map( 'intval', array_keys( $actions ) ) );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Action Scheduler's table; $ids are integers.
		$wpdb->query( $wpdb->prepare( "UPDATE {$t} SET attempts = attempts + 1, status = 'in-progress', last_attempt_gmt = %s, last_attempt_local = %s WHERE action_id IN ({$ids}) AND claim_id = %d AND status = 'pending'", current_time( 'mysql', true ), current_time( 'mysql' ), $claim_id ) );
		$ours = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( "SELECT action_id FROM {$t} WHERE action_id IN ({$ids}) AND claim_id = %d AND status = 'in-progress'", $claim_id ) ) );
		// phpcs:enable
		if ( ! $ours ) {
			return 0;
		}
		$orders = self::load( array_map( static fn( $id ) => (int) $actions[ $id ][0], $ours ) );
		$result = array();
		$iso    = $wpdb->get_var( 'SELECT @@SESSION.tx_isolation' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$wpdb->query( 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		self::$open = true;
		RequestLog::begin();
		try {
			foreach ( $ours as $action_id ) {
				[ $order_id, $connector ] = $actions[ $action_id ];
				try {
					Queue::export_order( (int) $order_id, $orders[ (int) $order_id ] ?? null, (string) $connector );
					$result[ $action_id ] = '';
				} catch ( \Throwable $e ) {
					$result[ $action_id ] = Redact::text( $e->getMessage() );
				}
			}
		} finally {
			RequestLog::flush();
			self::finish( $result, $context );
			self::$open = false;
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			if ( is_string( $iso ) && preg_match( '/^[A-Z-]+$/', $iso ) ) {
				$wpdb->query( 'SET SESSION TRANSACTION ISOLATION LEVEL ' . str_replace( '-', ' ', $iso ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- one of MariaDB's own level names.
			}
		}
		return count( $result );
	}

	/**
	 * The orders, loaded together (id → order); an id that is missing (deleted) is left out and the export
	 * step records it.
	 *
	 * @param int[] $ids Order ids.
	 */
	private static function load( array $ids ): array {
		$out = array();
		$ids = array_values( array_unique( array_filter( $ids ) ) );
		if ( ! $ids ) {
			return $out;
		}
		$found = wc_get_orders(
			array(
				'post__in' => $ids,
				'type'     => 'shop_order',
				'status'   => array_keys( wc_get_order_statuses() ),
				'limit'    => count( $ids ),
			)
		);
		foreach ( (array) $found as $o ) {
			if ( $o instanceof \WC_Order ) {
				$out[ (int) $o->get_id() ] = $o;
			}
		}
		self::prime_item_meta( array_keys( $out ) );
		return $out;
	}

	/**
	 * WooCommerce primes the orders' items but reads each item's meta with a query of its own (4 per order here):
	 * the meta of all the batch's items is read with one query and handed to WooCommerce's own cache for it
	 * (WC_Data::prime_raw_meta_data_cache, the rows read_meta() would read).
	 *
	 * @param int[] $order_ids Order ids.
	 */
	private static function prime_item_meta( array $order_ids ): void {
		global $wpdb;
		if ( ! $order_ids || ! method_exists( '\WC_Data', 'prime_raw_meta_data_cache' ) ) {
			return;
		}
		$in   = implode( ',', array_map( 'intval', $order_ids ) );
		$rows = $wpdb->get_results( "SELECT i.order_item_id AS item_id, m.meta_id, m.meta_key, m.meta_value FROM {$wpdb->prefix}woocommerce_order_items i LEFT JOIN {$wpdb->prefix}woocommerce_order_itemmeta m ON m.order_item_id = i.order_item_id WHERE i.order_id IN ({$in}) ORDER BY i.order_item_id, m.meta_id" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $in are integers.
		$meta = array();
		foreach ( (array) $rows as $r ) {
			$id          = (int) $r->item_id;
			$meta[ $id ] = $meta[ $id ] ?? array();
			if ( null !== $r->meta_id ) {
				$meta[ $id ][] = (object) array(
					'meta_id'    => $r->meta_id,
					'meta_key'   => $r->meta_key, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key
					'meta_value' => $r->meta_value, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_value
				);
			}
		}
		\WC_Data::prime_raw_meta_data_cache( $meta, 'order-items' );
	}

	/**
	 * Marks the actions complete (or failed, with the reason) in one UPDATE each and writes Action Scheduler's
	 * log rows for them in one INSERT.
	 *
	 * @param array  $result  Action id → '' (ran) or the error of an exception that escaped the export step.
	 * @param string $context Runner context.
	 */
	private static function finish( array $result, string $context ): void {
		global $wpdb;
		if ( ! $result ) {
			return;
		}
		$gmt   = current_time( 'mysql', true );
		$local = current_time( 'mysql' );
		$logs  = array();
		foreach ( array( 'complete', 'failed' ) as $status ) {
			$ids = array_keys( array_filter( $result, static fn( $e ) => ( 'complete' === $status ) === ( '' === $e ) ) );
			if ( ! $ids ) {
				continue;
			}
			$in = implode( ',', array_map( 'intval', $ids ) );
			$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->actionscheduler_actions} SET status = %s, last_attempt_gmt = %s, last_attempt_local = %s WHERE action_id IN ({$in})", $status, $gmt, $local ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $in are integers.
		}
		foreach ( $result as $id => $error ) {
			/* translators: 1: runner context, 2: error */
			$msg    = '' === $error ? sprintf( __( 'action complete via %s (erpsync batch)', 'erpsync' ), $context ) : sprintf( __( 'action failed via %1$s (erpsync batch): %2$s', 'erpsync' ), $context, $error );
			$logs[] = $wpdb->prepare( '(%d, %s, %s, %s)', (int) $id, $msg, $gmt, $local );
		}
		$wpdb->query( "INSERT INTO {$wpdb->actionscheduler_logs} (action_id, message, log_date_gmt, log_date_local) VALUES " . implode( ', ', $logs ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- each group prepared above.
	}
}
