<?php
/**
 * A batch of export actions run by one `wp erpsync queue run` worker in one go (Orders\BatchRunner): the orders are
 * loaded together (their items' meta with one query), every action is marked running and complete with one UPDATE
 * each, Action Scheduler's log rows are one multi-row INSERT, the request log is one INSERT, and the orders of one
 * back-office are claimed with one UPDATE (Mapping::claim_orders). The database writes of the batch go through one
 * transaction, committed where another runner or the back-office must see them:
 *
 * - after the claim, which also marks every claimed order `unknown`, and before the first send: a runner that dies
 *   in the batch leaves orders that the next runner looks up before it sends anything (never a second order);
 * - before a customer's lock is released (Pipeline::customer): the guest's link is committed before another runner
 *   can take the lock and look for it;
 * - at the end of the batch (`done` rows, order notes, retries, the actions' completion).
 *
 * An order on the action's own path inside a batch (not plain, or held by another runner) commits its `unknown`
 * mark before its send as well (Exporter::run). The session reads with READ COMMITTED while the batch runs, so a
 * read after another runner's commit sees its work. A batch whose claim is older than SEND_WITHIN sends nothing more
 * and puts the rest back in the queue.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Environment;
use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\RequestLog;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Orders\Queue;

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
	 * @param array  $actions  Action id → array( order id, connector ).
	 * @param int    $claim_id Action Scheduler claim id that holds them.
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
		// Other workers' claims scan the same table: a deadlock here is tried again (an action it leaves pending is
		// released with the claim and run by a later batch). Committed at once: other workers' claims must not wait on
		// these rows while the batch loads its orders.
		for ( $try = 0; $try < 3; $try++ ) {
			if ( false !== $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET attempts = attempts + 1, status = 'in-progress', last_attempt_gmt = %s, last_attempt_local = %s WHERE action_id IN ({$ids}) AND claim_id = %d AND status = 'pending'", current_time( 'mysql', true ), current_time( 'mysql' ), $claim_id ) ) || false === stripos( (string) $wpdb->last_error, 'deadlock' ) ) {
				break;
			}
		}
		$ours = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( "SELECT action_id FROM {$t} WHERE action_id IN ({$ids}) AND claim_id = %d AND status = 'in-progress'", $claim_id ) ) );
		// phpcs:enable
		if ( ! $ours ) {
			return 0;
		}
		$orders = self::load( array_map( static fn( $id ) => (int) $actions[ $id ][0], $ours ) );
		$result = array();
		$iso    = self::isolation();
		$wpdb->query( 'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		self::$open = true;
		RequestLog::begin();
		Notes::begin();
		try {
			$plain = array();
			foreach ( $ours as $action_id ) {
				$order_id  = (int) $actions[ $action_id ][0];
				$connector = (string) $actions[ $action_id ][1];
				$order     = $orders[ (int) $order_id ] ?? null;
				if ( $order && self::plain( $order, (string) $connector ) ) {
					$plain[ (string) $connector ][ $action_id ] = (int) $order_id;
				} else {
					$result[ $action_id ] = self::one( (int) $order_id, $order, (string) $connector );
				}
			}
			foreach ( $plain as $connector => $list ) {
				$result = self::claimed( (string) $connector, $list, $orders ) + $result;
			}
		} finally {
			Notes::flush(); // the batch's order notes: one INSERT, after the sends, in the batch's transaction.
			RequestLog::flush();
			self::$open = false;
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			self::restore( $iso );
			// After the commit, in a transaction of their own (one commit): the rows the commit lost, then Action
			// Scheduler's rows, which other workers claim from.
			$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$result = self::lost( $result ) + $result;
			self::finish( $result, $context );
			$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		}
		return count( $result );
	}

	/**
	 * Puts the session's isolation level back as it was before the batch.
	 *
	 * @param string $iso Level read by isolation().
	 */
	private static function restore( string $iso ): void {
		global $wpdb;
		if ( preg_match( '/^[A-Z-]+$/', $iso ) ) {
			$wpdb->query( 'SET SESSION TRANSACTION ISOLATION LEVEL ' . str_replace( '-', ' ', $iso ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- one of MariaDB's own level names.
		}
	}

	/**
	 * Claims this process's batches made (connector => runner => action id => order id), for lost().
	 *
	 * @var array
	 */
	private static $held = array();

	/**
	 * Orders whose final write did not reach the database (the server rolled the batch's transaction back, e.g. a
	 * deadlock victim; wpdb reports that only as a failed query): their rows are still claimed by the batch's runner,
	 * since every outcome writes the row and releases the claim. Their claims are released and their actions go back
	 * to the queue ('requeue'); the rows stay `unknown` (committed before the sends), so the next attempt looks each
	 * order up before it sends anything.
	 *
	 * @param array $result Action id → outcome.
	 * @return array Action id → 'requeue' for the lost ones.
	 */
	private static function lost( array $result ): array {
		global $wpdb;
		$out        = array();
		$held       = self::$held;
		self::$held = array();
		foreach ( $held as $connector => $runners ) {
			foreach ( $runners as $runner => $list ) {
				$still = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( 'SELECT local_id FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = 'order' AND claimed_by = %s", $connector, $runner ) ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
				if ( ! $still ) {
					continue;
				}
				Mapping::release_orders( (string) $connector, $still, (string) $runner );
				foreach ( $list as $action_id => $order_id ) {
					if ( in_array( (int) $order_id, $still, true ) && isset( $result[ $action_id ] ) ) {
						$out[ $action_id ] = 'requeue';
					}
				}
				Queue::log( (string) $connector, 'warning', count( $still ) . ' orders of a batch lost their last write (transaction rolled back): back in the queue, looked up before any new send' );
			}
		}
		return $out;
	}

	/** Seconds after the claim in which a batch still starts a send (the claims last Mapping::claim()'s 900 s). */
	const SEND_WITHIN = 300;

	/**
	 * When the current batch claimed its orders (null: not in a batch).
	 *
	 * @var int|null
	 */
	private static $claimed_at = null;

	/** Whether the batch may still start a send: its claims are young enough to outlast the slowest attempt. */
	public static function may_send(): bool {
		return null === self::$claimed_at || time() - self::$claimed_at < self::SEND_WITHIN;
	}

	/**
	 * An export the batch runs with its common claim: the order is there and exportable, the extension and the
	 * connector ready. Anything else takes the action's own path (Queue::export_order), which says why.
	 *
	 * @param \WC_Order $order     Order.
	 * @param string    $connector Connector id.
	 */
	private static function plain( \WC_Order $order, string $connector ): bool {
		$status = (string) $order->get_status();
		return ( ! in_array( $status, array( 'cancelled', 'refunded', 'failed', 'trash', 'checkout-draft' ), true ) || in_array( $status, Settings::export_statuses( $connector, $order ), true ) )
			&& Environment::extension_ready() && Settings::enabled( $connector );
	}

	/**
	 * One export on the action's own path; '' or the error of an exception that escaped it.
	 *
	 * @param int            $order_id  Order id.
	 * @param \WC_Order|null $order     Order.
	 * @param string         $connector Connector id.
	 */
	private static function one( int $order_id, ?\WC_Order $order, string $connector ): string {
		try {
			Queue::export_order( $order_id, $order, $connector );
			return '';
		} catch ( \Throwable $e ) {
			return Redact::text( $e->getMessage() );
		}
	}

	/**
	 * The plain exports of one connector: one claim for all of them (Mapping::claim_orders, committed before the
	 * first send), then each order's pipeline. Orders another runner holds, or that are done, take the action's own
	 * path (busy: later; done: nothing). Returns action id → '' | error | 'requeue' (the claim grew old before its
	 * send: the action goes back to the queue and the row's claim is released).
	 *
	 * @param string $connector Connector id.
	 * @param array  $list      Action id → order id.
	 * @param array  $orders    Order id → order.
	 */
	private static function claimed( string $connector, array $list, array $orders ): array {
		$out = array();
		try {
			$conn = Connectors::shared( $connector );
		} catch ( \Throwable $e ) {
			foreach ( $list as $action_id => $order_id ) {
				$out[ $action_id ] = self::one( $order_id, $orders[ $order_id ], $connector ); // records the settings error.
			}
			return $out;
		}
		$runner                              = 'batch-' . getmypid() . '-' . wp_generate_password( 8, false );
		$rows                                = Mapping::claim_orders( $connector, array_values( $list ), $runner );
		self::$held[ $connector ][ $runner ] = $list;
		self::$claimed_at                    = time();
		$back                                = array();
		self::commit_point(); // the claims and the `unknown` marks, before any send.
		try {
			$mine = array();
			foreach ( $list as $action_id => $order_id ) {
				if ( ! isset( $rows[ $order_id ] ) ) {
					$out[ $action_id ] = self::one( $order_id, $orders[ $order_id ], $connector );
				} else {
					$mine[ $action_id ] = $order_id;
				}
			}
			if ( $mine && method_exists( $conn, 'exportOrders' ) ) {
				// The connector sends a list in parallel (Orders\SendList): one call for the batch's sends.
				$out  = SendList::run( $connector, $conn, $runner, $mine, $orders, $rows ) + $out;
				$mine = array();
			}
			foreach ( $mine as $action_id => $order_id ) {
				try {
					$r                 = Queue::attempt( $orders[ $order_id ], $connector, $conn, $runner, $rows[ $order_id ] );
					$out[ $action_id ] = 'requeue' === $r['outcome'] ? 'requeue' : '';
				} catch ( \Throwable $e ) {
					$out[ $action_id ] = Redact::text( $e->getMessage() );
				}
			}
			foreach ( $out as $action_id => $v ) {
				if ( 'requeue' === $v ) {
					$back[] = $list[ $action_id ];
				}
			}
		} finally {
			self::$claimed_at = null;
			Mapping::release_orders( $connector, $back, $runner );
		}
		return $out;
	}

	/**
	 * The session's isolation level before the first batch (MariaDB's `tx_isolation`, MySQL 8's
	 * `transaction_isolation`), read once per process.
	 */
	private static function isolation(): string {
		global $wpdb;
		static $level = null;
		if ( null === $level ) {
			$quiet = $wpdb->suppress_errors( true );
			$level = (string) $wpdb->get_var( 'SELECT @@SESSION.tx_isolation' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			if ( '' === $level ) {
				$level = (string) $wpdb->get_var( 'SELECT @@SESSION.transaction_isolation' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			}
			$wpdb->suppress_errors( $quiet );
		}
		return $level;
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
		self::prime_refunds( array_keys( $out ) );
		return $out;
	}

	/**
	 * WC_Order::get_refunds() (the snapshot calls it for every order) queries an order's refunds one order at a
	 * time: one query finds which of the batch's orders have any refund, and the others' empty list is put in
	 * WooCommerce's own cache for it (the key and group get_refunds() reads). An order with a refund is left to
	 * WooCommerce.
	 *
	 * @param int[] $order_ids Order ids.
	 */
	private static function prime_refunds( array $order_ids ): void {
		global $wpdb;
		if ( ! $order_ids || ! class_exists( '\WC_Cache_Helper' ) ) {
			return;
		}
		$in   = implode( ',', array_map( 'intval', $order_ids ) );
		$hpos = class_exists( '\Automattic\WooCommerce\Utilities\OrderUtil' ) && \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled();
		// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- WooCommerce's tables; $in are integers.
		$with = $hpos
			? $wpdb->get_col( "SELECT DISTINCT parent_order_id FROM {$wpdb->prefix}wc_orders WHERE type = 'shop_order_refund' AND parent_order_id IN ({$in})" )
			: $wpdb->get_col( "SELECT DISTINCT post_parent FROM {$wpdb->posts} WHERE post_type = 'shop_order_refund' AND post_parent IN ({$in})" );
		// phpcs:enable
		$with   = array_map( 'intval', (array) $with );
		$prefix = \WC_Cache_Helper::get_cache_prefix( 'orders' );
		foreach ( $order_ids as $id ) {
			if ( ! in_array( (int) $id, $with, true ) ) {
				wp_cache_set( $prefix . 'refunds' . (int) $id, array(), 'orders' );
			}
		}
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
		$gmt    = current_time( 'mysql', true );
		$local  = current_time( 'mysql' );
		$logs   = array();
		$groups = array(
			'complete' => array(),
			'failed'   => array(),
			'pending'  => array(),
		);
		foreach ( $result as $id => $error ) {
			if ( '' === $error ) {
				$groups['complete'][] = (int) $id;
				/* translators: %s: runner context */
				$msg = sprintf( __( 'action complete via %s (erpsync batch)', 'erpsync' ), $context );
			} elseif ( 'requeue' === $error ) {
				$groups['pending'][] = (int) $id;
				/* translators: %s: runner context */
				$msg = sprintf( __( 'not run via %s: the batch ran long, back in the queue (erpsync batch)', 'erpsync' ), $context );
			} else {
				$groups['failed'][] = (int) $id;
				/* translators: 1: runner context, 2: error */
				$msg = sprintf( __( 'action failed via %1$s (erpsync batch): %2$s', 'erpsync' ), $context, $error );
			}
			$logs[] = $wpdb->prepare( '(%d, %s, %s, %s)', (int) $id, $msg, $gmt, $local );
		}
		foreach ( $groups as $status => $ids ) {
			if ( $ids ) {
				$in = implode( ',', $ids );
				$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->actionscheduler_actions} SET status = %s, claim_id = IF(%s = 'pending', 0, claim_id), last_attempt_gmt = %s, last_attempt_local = %s WHERE action_id IN ({$in})", $status, $status, $gmt, $local ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $in are integers.
			}
		}
		$wpdb->query( "INSERT INTO {$wpdb->actionscheduler_logs} (action_id, message, log_date_gmt, log_date_local) VALUES " . implode( ', ', $logs ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- each group prepared above.
	}
}
