<?php
/**
 * A physical Sitoo warehouse's stock through orders (Triggers: "Send product stock changes", warehouse physical,
 * not forced): processing reduces it, cancelled restocks it — each exactly once per order.
 *
 * - Processing (or completed straight away): a warehouse transaction of −quantity per item, externalid
 *   `wco-<order id>`; seen and base move by the same amounts (no echo: the poll does not bring it back down; the
 *   web sale is accounted for on both sides).
 * - Cancelled after that: +quantity, externalid `wcr-<order id>`, seen and base back.
 * - Delivery of a reduced order (*Deliver completed orders*): Sitoo takes the delivered quantities off again, so
 *   just before it the reduction is handed back (+quantity, `wcd-<order id>`, seen moved by it); the delivery then
 *   takes them off once more (seen moved back by StockUp::on_delivered). Net: one reduction, at processing.
 *
 * Each step is a state change of the order's row in the mapping table (object type `order_stock`): the runner that
 * moves the row from the step's start state to its busy state (one UPDATE) sends; a step whose reply was lost (or
 * a runner that died) stays busy until its lease ends, and is then settled by reading Sitoo's transactions
 * (`findStockTransactions`: the externalid is the order's own) before anything is sent again — so a transaction
 * that did arrive is never sent twice. Orders fetched from Sitoo and Click-and-Collect orders on another warehouse
 * are left alone.
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

/** Order-driven stock of a physical warehouse. */
final class StockOrders {

	const HOOK  = 'erpsync_sitoo_order_stock';
	const TYPE  = 'order_stock';
	const LEASE = 300;
	const TRIES = 8;

	/**
	 * Steps: start states → [busy state, done state, externalid prefix, sign of the Sitoo change, base moves].
	 */
	const STEPS = array(
		'reduce'  => array( array( 'queued' ), 'reducing', 'reduced', 'wco', -1, true ),
		'restock' => array( array( 'reduced' ), 'restocking', 'restocked', 'wcr', 1, true ),
		'hand'    => array( array( 'reduced' ), 'handing', 'handed', 'wcd', 1, false ),
	);

	/**
	 * A connector for tests.
	 *
	 * @var object|null
	 */
	public static $connector = null;

	/** Hooks. */
	public static function register(): void {
		add_action( 'woocommerce_order_status_processing', array( __CLASS__, 'on_processing' ) );
		add_action( 'woocommerce_order_status_completed', array( __CLASS__, 'on_processing' ) );
		add_action( 'woocommerce_order_status_cancelled', array( __CLASS__, 'on_cancelled' ) );
		add_action( self::HOOK, array( __CLASS__, 'run' ), 10, 2 );
		add_action( 'erpsync_sitoo_before_delivery', array( __CLASS__, 'before_delivery' ) );
	}

	/**
	 * Whether this order's stock goes through here.
	 *
	 * @param \WC_Order $order Order.
	 */
	private static function applies( $order ): bool {
		if ( ! $order instanceof \WC_Order || 'orders' !== StockUp::mode() || '' !== (string) $order->get_meta( OrdersIn::META_ORDERID ) ) {
			return false;
		}
		$s   = Settings::get( 'sitoo' );
		$cac = (string) $s['click_and_collect_warehouse_id'];
		return ! ( '' !== $cac && Settings::is_click_and_collect( $order ) && (int) $cac !== (int) $s['warehouse_id'] );
	}

	/**
	 * Queues a step (once while one is pending).
	 *
	 * @param int    $order_id Order id.
	 * @param string $step     reduce, restock.
	 * @param int    $wait     Seconds.
	 */
	private static function queue( int $order_id, string $step, int $wait = 0 ): void {
		$args = array( $order_id, $step );
		// Pending ones only: the running action (a step retrying itself) does not count.
		$pending = function_exists( 'as_get_scheduled_actions' ) ? as_get_scheduled_actions(
			array(
				'hook'   => self::HOOK,
				'args'   => $args,
				'group'  => 'erpsync',
				'status' => \ActionScheduler_Store::STATUS_PENDING,
			),
			'ids'
		) : array();
		if ( function_exists( 'as_schedule_single_action' ) && ! $pending ) {
			as_schedule_single_action( time() + $wait, self::HOOK, $args, 'erpsync' );
		}
	}

	/**
	 * Processing (or completed): the reduction is queued.
	 *
	 * @param int $order_id Order id.
	 */
	public static function on_processing( $order_id ): void {
		if ( self::applies( wc_get_order( (int) $order_id ) ) && in_array( self::state( (int) $order_id ), array( '', 'queued' ), true ) ) {
			self::queue( (int) $order_id, 'reduce' );
		}
	}

	/**
	 * Cancelled: the restock is queued (it happens only after a reduction, once).
	 *
	 * @param int $order_id Order id.
	 */
	public static function on_cancelled( $order_id ): void {
		if ( self::applies( wc_get_order( (int) $order_id ) ) && '' !== self::state( (int) $order_id ) ) {
			self::queue( (int) $order_id, 'restock' );
		}
	}

	/**
	 * Before a delivery: a reduced order's reduction is handed back, so the delivery makes the one reduction.
	 *
	 * @param int $order_id Order id.
	 * @throws \RuntimeException While a stock step of the order is not settled: the delivery waits and is retried.
	 */
	public static function before_delivery( $order_id ): void {
		$order_id = (int) $order_id;
		$state    = self::state( $order_id );
		if ( in_array( $state, array( 'reduced', 'handing' ), true ) && ! self::run( $order_id, 'hand' ) ) {
			throw new \RuntimeException( esc_html__( 'the stock reduction made at processing is not yet handed to the delivery', 'erpsync' ) );
		}
		if ( in_array( $state, array( 'reducing', 'restocking' ), true ) ) {
			throw new \RuntimeException( esc_html__( 'a stock change of this order is not yet settled', 'erpsync' ) );
		}
	}

	/**
	 * The order's stock state ('' none).
	 *
	 * @param int $order_id Order id.
	 */
	public static function state( int $order_id ): string {
		global $wpdb;
		$t = Installer::map_table();
		return (string) $wpdb->get_var( $wpdb->prepare( "SELECT state FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d", self::TYPE, $order_id ) );
	}

	/**
	 * One step (Action Scheduler, or before a delivery). True when the step is done (now or before).
	 *
	 * @param int    $order_id Order id.
	 * @param string $step     reduce, restock, hand.
	 */
	public static function run( $order_id, $step ): bool {
		global $wpdb;
		$order_id = (int) $order_id;
		$order    = wc_get_order( $order_id );
		if ( ! isset( self::STEPS[ $step ] ) || ! self::applies( $order ) ) {
			return false;
		}
		list( $from, $busy, $done, $prefix, $sign ) = self::STEPS[ $step ];
		$t   = Installer::map_table();
		$now = time();
		$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, state, updated_at) VALUES ('sitoo', %s, %d, 'queued', %s)", self::TYPE, $order_id, gmdate( 'Y-m-d H:i:s', $now ) ) );
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d", self::TYPE, $order_id ), ARRAY_A );
		if ( ! $row ) {
			return false;
		}
		$ext     = $prefix . '-' . $order_id;
		$changes = self::changes( $order, $sign );
		if ( $done === $row['state'] ) {
			return true;
		}
		$lease = gmdate( 'Y-m-d H:i:s', $now + self::LEASE );
		$since = $now;
		try {
			$c = self::$connector ? self::$connector : Connectors::make( 'sitoo' );
			if ( $busy === $row['state'] ) {
				// A send whose outcome is not known: once its lease is over, Sitoo's transactions settle it..
				if ( $row['claimed_until'] && strtotime( $row['claimed_until'] . ' UTC' ) > $now ) {
					self::queue( $order_id, $step, self::LEASE );
					return false;
				}
				$since = (int) $row['remote_number'];
				if ( $c->findStockTransactions( $ext, max( 0, $since - 60 ) ) ) {
					self::finish( $order_id, $busy, $done, $changes, $step );
					return true;
				}
				$n = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET claimed_until = %s, remote_number = %s, attempts = attempts + 1 WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND state = %s AND (claimed_until IS NULL OR claimed_until = %s)", $lease, (string) $now, self::TYPE, $order_id, $busy, (string) $row['claimed_until'] ) );
			} elseif ( in_array( $row['state'], $from, true ) ) {
				$n = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = %s, claimed_until = %s, remote_number = %s, attempts = attempts + 1, updated_at = %s WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND state = %s", $busy, $lease, (string) $now, gmdate( 'Y-m-d H:i:s', $now ), self::TYPE, $order_id, $row['state'] ) );
			} else {
				return false; // Not this step's turn (a restock of an order never reduced, a second reduction …).
			}
			if ( 1 !== (int) $n ) {
				return false; // Another runner took the step.
			}
			if ( ! $changes ) {
				self::finish( $order_id, $busy, $done, $changes, $step );
				return true;
			}
			$ok  = true;
			$why = '';
			foreach ( $c->adjustStock( $changes, $ext ) as $r ) {
				$ok  = $ok && ! empty( $r['ok'] );
				$why = empty( $r['ok'] ) ? (string) $r['error'] : $why;
			}
			if ( $ok ) {
				self::finish( $order_id, $busy, $done, $changes, $step );
				return true;
			}
			self::unsettled( $order_id, $step, $busy, (int) $row['attempts'] + 1, $why );
		} catch ( \Throwable $e ) {
			self::unsettled( $order_id, $step, $busy, (int) $row['attempts'] + 1, Redact::text( $e->getMessage(), Settings::secrets( 'sitoo' ) ) );
		}
		return false;
	}

	/**
	 * A send that failed or whose outcome is not known: the lease ends now and the step is tried again later (the
	 * transactions read first); after TRIES attempts the order says so.
	 *
	 * @param int    $order_id Order id.
	 * @param string $step     Step.
	 * @param string $busy     Busy state.
	 * @param int    $tries    Attempts so far.
	 * @param string $why      Reason.
	 */
	private static function unsettled( int $order_id, string $step, string $busy, int $tries, string $why ): void {
		global $wpdb;
		$t = Installer::map_table();
		$wpdb->query( $wpdb->prepare( "UPDATE {$t} SET claimed_until = %s, last_error = %s WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND state = %s", gmdate( 'Y-m-d H:i:s', time() - 1 ), $why, self::TYPE, $order_id, $busy ) );
		$order = wc_get_order( $order_id );
		if ( $tries >= self::TRIES ) {
			if ( $order ) {
				/* translators: 1: step, 2: reason */
				$order->add_order_note( sprintf( __( 'Sitoo stock (%1$s) could not be sent: %2$s', 'erpsync' ), $step, $why ) );
			}
			return;
		}
		self::queue( $order_id, $step, 60 );
	}

	/**
	 * The step is done: state, and the ledger moved by what Sitoo took (seen; base for reduce / restock).
	 *
	 * @param int    $order_id Order id.
	 * @param string $busy     Busy state.
	 * @param string $done     Done state.
	 * @param array  $changes  SKU → signed quantity sent.
	 * @param string $step     Step.
	 */
	private static function finish( int $order_id, string $busy, string $done, array $changes, string $step ): void {
		global $wpdb;
		$t = Installer::map_table();
		$n = $wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = %s, claimed_until = NULL, last_error = NULL, updated_at = %s WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d AND state = %s", $done, current_time( 'mysql', true ), self::TYPE, $order_id, $busy ) );
		if ( 1 !== (int) $n ) {
			return;
		}
		$wid = (int) Settings::get( 'sitoo' )['warehouse_id'];
		foreach ( self::products( wc_get_order( $order_id ) ) as $id => $sku ) {
			if ( isset( $changes[ $sku ] ) ) {
				StockLedger::shift( $id, StockLedger::seen_key( $wid ), (float) $changes[ $sku ] );
				if ( self::STEPS[ $step ][5] ) {
					StockLedger::shift( $id, StockLedger::BASE, (float) $changes[ $sku ] );
				}
			}
		}
	}

	/**
	 * Product id (whose stock is managed) → SKU of the order's items.
	 *
	 * @param \WC_Order|false $order Order.
	 */
	private static function products( $order ): array {
		$out = array();
		foreach ( $order ? $order->get_items() : array() as $item ) {
			$p = $item instanceof \WC_Order_Item_Product ? $item->get_product() : null;
			if ( $p && $p->managing_stock() && '' !== (string) $p->get_sku() ) {
				$out[ (int) $p->get_stock_managed_by_id() ] = (string) $p->get_sku();
			}
		}
		return $out;
	}

	/**
	 * SKU → signed quantity of the order's items (refunded quantities left out).
	 *
	 * @param \WC_Order $order Order.
	 * @param int       $sign  −1 reduce, +1 restock / hand back.
	 */
	private static function changes( \WC_Order $order, int $sign ): array {
		$q = array();
		foreach ( $order->get_items() as $item_id => $item ) {
			$p = $item instanceof \WC_Order_Item_Product ? $item->get_product() : null;
			if ( ! $p || ! $p->managing_stock() || '' === (string) $p->get_sku() ) {
				continue;
			}
			$n = (float) $item->get_quantity() + (float) $order->get_qty_refunded_for_item( $item_id );
			if ( $n > 0 ) {
				$q[ (string) $p->get_sku() ] = ( $q[ (string) $p->get_sku() ] ?? 0 ) + $n;
			}
		}
		return array_map( static fn( $n ) => StockLedger::fmt( $sign * $n ), $q );
	}
}
