<?php
/**
 * A physical Sitoo warehouse's stock through orders (Triggers: "Send product stock changes", warehouse physical,
 * not forced): processing reduces it, cancelled restocks it — each exactly once per order.
 *
 * - Processing (or completed straight away): a warehouse transaction of −quantity per item (less what refunds put
 *   back in stock before it: StockRefunds), externalid `wco-<order id>`; seen and base move by the same amounts (no
 *   echo: the poll does not bring it back down; the web sale is accounted for on both sides).
 * - Refunds with restock after that: StockRefunds gives each one's quantities back.
 * - Cancelled after that: +what the reduction took less what refunds gave back, externalid `wcr-<order id>`, seen
 *   and base back.
 * - Delivery of a reduced order (*Deliver completed orders*): Sitoo takes the Sitoo order's quantities off again,
 *   so just before it those are handed back (+quantity, `wcd-<order id>`, seen moved by it); the delivery then
 *   takes them off once more (seen moved back by StockUp::on_delivered). Net: one reduction, at processing.
 *
 * What a step sends is fixed when it is claimed and kept in the order's meta, so a settled step moves the ledger by
 * what was sent; when it is done, when and to which warehouse it went are kept too (`_erpsync_sitoo_stock_done_<step>`,
 * shown in the order screen's Sitoo stock box, Admin\SitooStockUi).
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

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own mapping table (Installer::map_table()).

/** Order-driven stock of a physical warehouse. */
final class StockOrders {

	const HOOK = 'erpsync_sitoo_order_stock';
	const TYPE = 'order_stock';
	const META = '_erpsync_sitoo_stock_';

	/**
	 * Steps: start states → [busy state, done state, externalid prefix, sign of the Sitoo change, base moves]
	 * (StockStep runs them).
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
		add_action( 'erpsync_order_exported', array( __CLASS__, 'on_exported' ), 10, 3 );
	}

	/**
	 * Whether this order's stock goes through here.
	 *
	 * @param \WC_Order $order Order.
	 */
	public static function applies( $order ): bool {
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
	public static function queue( int $order_id, string $step, int $wait = 0 ): void {
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
	 * An order exported to Sitoo: the quantities its Sitoo order holds (what a delivery will take) are kept, SKU →
	 * quantity, in the order's meta (`_erpsync_sitoo_stock_exported`).
	 *
	 * @param int    $order_id  Order id.
	 * @param string $connector Connector id.
	 * @param array  $snapshot  The snapshot sent.
	 */
	public static function on_exported( $order_id, $connector, $snapshot ): void {
		$order = 'sitoo' === $connector ? wc_get_order( (int) $order_id ) : null;
		if ( ! $order || ! is_array( $snapshot ) ) {
			return;
		}
		$q = array();
		foreach ( (array) ( $snapshot['line_items'] ?? array() ) as $line ) {
			$sku = (string) ( $line['sku'] ?? '' );
			if ( '' !== $sku ) {
				$q[ $sku ] = StockLedger::fmt( (float) ( $q[ $sku ] ?? 0 ) + (float) ( $line['quantity'] ?? 0 ) );
			}
		}
		$order->update_meta_data( self::META . 'exported', $q );
		$order->save_meta_data();
	}

	/**
	 * What a delivery of the order takes from Sitoo: SKU → quantity of its Sitoo order as exported (null when not
	 * known: exported before these were kept).
	 *
	 * @param \WC_Order $order Order.
	 */
	public static function exported( \WC_Order $order ): ?array {
		$q = $order->get_meta( self::META . 'exported' );
		return is_array( $q ) ? array_map( 'floatval', $q ) : null;
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
		return StockStep::state( self::TYPE, $order_id );
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
		list( $from, $busy, $done, $prefix ) = self::STEPS[ $step ];

		$t = Installer::map_table();
		$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, state, updated_at) VALUES ('sitoo', %s, %d, 'queued', %s)", self::TYPE, $order_id, current_time( 'mysql', true ) ) );
		return StockStep::run(
			self::$connector,
			array(
				'type'    => self::TYPE,
				'id'      => $order_id,
				'from'    => $from,
				'busy'    => $busy,
				'done'    => $done,
				'ext'     => $prefix . '-' . $order_id,
				'amounts' => static fn() => self::amounts( $order_id, $step ),
				'finish'  => static function ( array $amounts ) use ( $order_id, $step ) {
					self::finish( $order_id, $amounts, $step );
				},
				'requeue' => static function ( int $wait ) use ( $order_id, $step ) {
					self::queue( $order_id, $step, $wait );
				},
				'gave_up' => static function ( string $why ) use ( $order_id, $step ) {
					$order = wc_get_order( $order_id );
					if ( $order ) {
						/* translators: 1: step, 2: reason */
						$order->add_order_note( sprintf( __( 'Sitoo stock (%1$s) could not be sent: %2$s', 'erpsync' ), $step, $why ) );
					}
				},
			)
		);
	}

	/**
	 * The owner's "Try again" of a stopped step (StockStep::retry(): its attempt count back to 0 while it is still
	 * busy and stopped), then queued as any step is; its run reads Sitoo's transactions first, so a send that did
	 * arrive is not sent twice. The order gets a note naming who tried it again. False when the step is not stopped
	 * (nothing is done).
	 *
	 * @param int    $order_id Order id.
	 * @param string $step     reduce, restock, hand.
	 * @param string $by       Who (a user's display name), for the note.
	 */
	public static function retry( int $order_id, string $step, string $by ): bool {
		$order = wc_get_order( $order_id );
		if ( ! isset( self::STEPS[ $step ] ) || ! self::applies( $order ) || ! StockStep::retry( self::TYPE, $order_id, self::STEPS[ $step ][1] ) ) {
			return false;
		}
		self::queue( $order_id, $step );
		/* translators: 1: the step's Sitoo reference (wco-123), 2: a user's name */
		$order->add_order_note( sprintf( __( 'Sitoo stock step %1$s tried again by %2$s (Sitoo\'s transactions are read first: what arrived is not sent twice).', 'erpsync' ), self::STEPS[ $step ][3] . '-' . $order_id, $by ) );
		return true;
	}

	/**
	 * What a step sends (SKU → signed quantity), fixed when the step is first claimed and kept in the order's meta
	 * (`_erpsync_sitoo_stock_<step>`), so a settlement after a lost reply moves the ledger by what was sent:
	 *
	 * - reduce: −(the items' quantities − what refunds put back in stock before it, StockRefunds::absorb());
	 * - restock: +(what the reduction took − what refunds give back, StockRefunds::returns()): a refund and then a
	 *   cancel never give back more than was reduced;
	 * - hand: +what the delivery will take (the Sitoo order as exported, exported()), so that the two cancel out and
	 *   the reduction, less what refunds gave back, stays made; for an order exported before those quantities were
	 *   kept, like restock.
	 *
	 * @param int    $order_id Order id.
	 * @param string $step     Step.
	 */
	private static function amounts( int $order_id, string $step ): array {
		$order = wc_get_order( $order_id );
		if ( ! $order ) {
			return array();
		}
		$kept = $order->get_meta( self::META . $step );
		if ( is_array( $kept ) ) {
			return $kept;
		}
		if ( 'reduce' === $step ) {
			$back = StockRefunds::absorb( $order_id );
			$out  = array();
			foreach ( self::quantities( $order ) as $sku => $n ) {
				$n -= (float) ( $back[ $sku ] ?? 0 );
				if ( $n >= 0.0005 ) {
					$out[ $sku ] = StockLedger::fmt( -$n );
				}
			}
		} elseif ( 'hand' === $step && null !== self::exported( $order ) ) {
			// The hand-back and the delivery cancel out: what the delivery takes (the Sitoo order as exported) goes
			// back first, for the SKUs the reduction took; refunds given back stay given back.
			$out = array();
			foreach ( array_intersect_key( self::exported( $order ), self::reduced( $order ) ) as $sku => $n ) {
				if ( $n >= 0.0005 ) {
					$out[ $sku ] = StockLedger::fmt( $n );
				}
			}
		} else {
			$left = StockRefunds::returns( $order_id, self::reduced( $order ) )['left'];
			$out  = array_map( static fn( $n ) => StockLedger::fmt( $n ), array_filter( $left, static fn( $n ) => $n >= 0.0005 ) );
		}
		$order->update_meta_data( self::META . $step, $out );
		$order->save_meta_data();
		return $out;
	}

	/**
	 * What the order's reduction took from Sitoo: SKU → positive quantity (none before it was claimed).
	 *
	 * @param \WC_Order $order Order.
	 */
	public static function reduced( \WC_Order $order ): array {
		$kept = $order->get_meta( self::META . 'reduce' );
		if ( is_array( $kept ) ) {
			return array_map( static fn( $q ) => - (float) $q, $kept );
		}
		if ( ! in_array( self::state( (int) $order->get_id() ), array( 'reduced', 'restocking', 'restocked', 'handing', 'handed' ), true ) ) {
			return array();
		}
		// Reduced before the amounts were kept: the items' quantities net of refunds, as that reduction sent them —
		// except the refunds given back on their own since (StockRefunds), which that reduction did not leave out.
		$out = StockRefunds::tracked( (int) $order->get_id() );
		foreach ( $order->get_items() as $item_id => $item ) {
			$p = $item instanceof \WC_Order_Item_Product ? $item->get_product() : null;
			if ( $p && $p->managing_stock() && '' !== (string) $p->get_sku() ) {
				$out[ (string) $p->get_sku() ] = ( $out[ (string) $p->get_sku() ] ?? 0 ) + (float) $item->get_quantity() + (float) $order->get_qty_refunded_for_item( $item_id );
			}
		}
		return array_filter( $out, static fn( $n ) => $n > 0 );
	}

	/**
	 * The step is done: the ledger moved by what Sitoo took (seen; base for reduce / restock); after the reduction,
	 * the refunds waiting for it are queued.
	 *
	 * @param int    $order_id Order id.
	 * @param array  $amounts  SKU → signed quantity sent.
	 * @param string $step     Step.
	 */
	private static function finish( int $order_id, array $amounts, string $step ): void {
		$order = wc_get_order( $order_id );
		self::move( $order, $amounts, self::STEPS[ $step ][5] );
		if ( $order ) {
			// When and where the step went, for the order screen's Sitoo stock box (its own key per step).
			$order->update_meta_data( self::META . 'done_' . $step, self::done_record() );
			$order->save_meta_data();
		}
		if ( 'reduce' === $step ) {
			StockRefunds::wake( $order_id );
		}
	}

	/** What a done step keeps of itself: when (UTC timestamp) and the Sitoo warehouse it went to. */
	public static function done_record(): array {
		return array(
			'at'        => time(),
			'warehouse' => (string) Settings::get( 'sitoo' )['warehouse_id'],
		);
	}

	/**
	 * When and where a done step of the order went (done_record()), or null (not done, or done before this was kept).
	 *
	 * @param \WC_Order $order Order.
	 * @param string    $step  reduce, restock, hand.
	 */
	public static function done( \WC_Order $order, string $step ): ?array {
		$d = $order->get_meta( self::META . 'done_' . $step );
		return is_array( $d ) && isset( $d['at'] ) ? $d : null;
	}

	/**
	 * Moves the ledger of the order's products by amounts Sitoo took: seen, and base when asked.
	 *
	 * @param \WC_Order|false $order   Order.
	 * @param array           $amounts SKU → signed quantity.
	 * @param bool            $base    Move base too.
	 */
	public static function move( $order, array $amounts, bool $base ): void {
		$wid = (int) Settings::get( 'sitoo' )['warehouse_id'];
		foreach ( self::products( $order ) as $id => $sku ) {
			if ( isset( $amounts[ $sku ] ) ) {
				StockLedger::shift( $id, StockLedger::seen_key( $wid ), (float) $amounts[ $sku ] );
				if ( $base ) {
					StockLedger::shift( $id, StockLedger::BASE, (float) $amounts[ $sku ] );
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
	 * SKU → quantity of the order's items whose stock WooCommerce manages.
	 *
	 * @param \WC_Order $order Order.
	 */
	private static function quantities( \WC_Order $order ): array {
		$q = array();
		foreach ( $order->get_items() as $item ) {
			$p = $item instanceof \WC_Order_Item_Product ? $item->get_product() : null;
			if ( $p && $p->managing_stock() && '' !== (string) $p->get_sku() && (float) $item->get_quantity() > 0 ) {
				$q[ (string) $p->get_sku() ] = ( $q[ (string) $p->get_sku() ] ?? 0 ) + (float) $item->get_quantity();
			}
		}
		return $q;
	}
}
