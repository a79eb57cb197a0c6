<?php
/**
 * Refunds that put items back in stock, in a physical Sitoo warehouse whose stock goes through orders
 * (StockOrders): what WooCommerce restocked for a refund ("Restock refunded items": `wc_restock_refunded_items`,
 * which fires `woocommerce_restock_refunded_item` per item) goes back to the warehouse, exactly once per refund.
 *
 * - The refund's quantities (SKU → what WooCommerce put back) are kept in the refund's meta
 *   (`_erpsync_sitoo_return`) and the refund gets a step row in the mapping table (object type `refund_stock`,
 *   local id the refund, remote_id its order): waiting → returning → returned, or → absorbed.
 * - A refund made before the order's reduction was sent is absorbed by it (the reduction sends the items'
 *   quantities less those, StockOrders::amounts): nothing goes back for it. One made after goes back once the
 *   reduction is done: +quantity, externalid `wcrf-<refund id>`, seen and base moved by it (no echo: the stock
 *   WooCommerce put back is accounted on both sides, so the poll brings nothing down and the trigger sends nothing).
 * - Never more than was reduced: the refunds of an order are counted in the order of their ids against what the
 *   reduction took, each capped at what is left; a cancel (restock) and a delivery's hand-back give back only what
 *   is left after them. A refund of a line whose stock was not reduced (not managed, no SKU, or never reduced) gives
 *   nothing back.
 * - A send whose reply was lost is settled by Sitoo's transactions (StockStep), never sent twice.
 * - The order gets a note naming what went back; the refund keeps what went back, when and to which warehouse
 *   (`_erpsync_sitoo_return_done`, shown in the order screen's Sitoo stock box).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own mapping table (Installer::map_table()).

/** Refund restocks to a physical warehouse. */
final class StockRefunds {

	const HOOK = 'erpsync_sitoo_refund_stock';
	const TYPE = 'refund_stock';
	const META = '_erpsync_sitoo_return';
	const DONE = '_erpsync_sitoo_return_done';

	/**
	 * Order id → SKU → quantity WooCommerce put back in this request (until the refund is known).
	 *
	 * @var array<int,array<string,float>>
	 */
	private static array $restocked = array();

	/** Hooks. */
	public static function register(): void {
		add_action( 'woocommerce_restock_refunded_item', array( __CLASS__, 'on_restocked' ), 10, 5 );
		add_action( 'woocommerce_order_refunded', array( __CLASS__, 'on_refunded' ), 10, 2 );
		add_action( self::HOOK, array( __CLASS__, 'run' ) );
	}

	/**
	 * WooCommerce put a refunded item back in stock.
	 *
	 * @param int         $product_id Product id.
	 * @param int|float   $old_stock  Stock before.
	 * @param int|float   $new_stock  Stock after.
	 * @param \WC_Order   $order      Order.
	 * @param \WC_Product $product    Product.
	 */
	public static function on_restocked( $product_id, $old_stock, $new_stock, $order, $product ): void {
		$q = (float) $new_stock - (float) $old_stock;
		if ( ! $order instanceof \WC_Order || ! $product instanceof \WC_Product || ! $product->managing_stock() || '' === (string) $product->get_sku() || $q < 0.0005 ) {
			return;
		}
		$sku = (string) $product->get_sku();
		self::$restocked[ (int) $order->get_id() ][ $sku ] = ( self::$restocked[ (int) $order->get_id() ][ $sku ] ?? 0 ) + $q;
	}

	/**
	 * A refund was made: what it put back in stock is kept and its step queued.
	 *
	 * @param int $order_id  Order id.
	 * @param int $refund_id Refund id.
	 */
	public static function on_refunded( $order_id, $refund_id ): void {
		$q = self::$restocked[ (int) $order_id ] ?? array();
		unset( self::$restocked[ (int) $order_id ] );
		$refund = wc_get_order( (int) $refund_id );
		if ( ! $q || ! $refund instanceof \WC_Order_Refund || ! StockOrders::applies( wc_get_order( (int) $order_id ) ) ) {
			return;
		}
		global $wpdb;
		$refund->update_meta_data( self::META, array_map( array( StockLedger::class, 'fmt' ), $q ) );
		$refund->save_meta_data();
		$t = Installer::map_table();
		$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, remote_id, state, updated_at) VALUES ('sitoo', %s, %d, %s, 'waiting', %s)", self::TYPE, (int) $refund_id, (string) (int) $order_id, current_time( 'mysql', true ) ) );
		self::queue( (int) $refund_id );
	}

	/**
	 * Queues a refund's step (once while one is pending).
	 *
	 * @param int $refund_id Refund id.
	 * @param int $wait      Seconds.
	 */
	private static function queue( int $refund_id, int $wait = 0 ): void {
		$args    = array( $refund_id );
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
	 * A refund's step (Action Scheduler). True when it is done (now or before).
	 *
	 * @param int $refund_id Refund id.
	 */
	public static function run( $refund_id ): bool {
		$refund_id = (int) $refund_id;
		$refund    = wc_get_order( $refund_id );
		$order_id  = $refund instanceof \WC_Order_Refund ? (int) $refund->get_parent_id() : 0;
		if ( ! $order_id || ! StockOrders::applies( wc_get_order( $order_id ) ) ) {
			return false;
		}
		$state = StockOrders::state( $order_id );
		if ( in_array( $state, array( '', 'queued' ), true ) ) {
			return false; // Not reduced yet: the reduction absorbs it, or wakes it once done.
		}
		if ( 'reducing' === $state ) {
			self::queue( $refund_id, 60 );
			return false;
		}
		return StockStep::run(
			StockOrders::$connector,
			array(
				'type'    => self::TYPE,
				'id'      => $refund_id,
				'from'    => array( 'waiting' ),
				'busy'    => 'returning',
				'done'    => 'returned',
				'ext'     => 'wcrf-' . $refund_id,
				'amounts' => static fn() => self::amounts( $order_id, $refund_id ),
				'finish'  => static function ( array $amounts ) use ( $order_id, $refund_id ) {
					self::finish( $order_id, $refund_id, $amounts );
				},
				'requeue' => static function ( int $wait ) use ( $refund_id ) {
					self::queue( $refund_id, $wait );
				},
				'gave_up' => static function ( string $why ) use ( $order_id, $refund_id ) {
					$order = wc_get_order( $order_id );
					if ( $order ) {
						/* translators: 1: refund id, 2: reason */
						$order->add_order_note( sprintf( __( 'Sitoo stock of refund #%1$d could not be returned: %2$s', 'erpsync' ), $refund_id, $why ) );
					}
				},
			)
		);
	}

	/**
	 * The owner's "Try again" of a refund's stopped return (StockStep::retry()), then queued; its run reads Sitoo's
	 * transactions first. The order gets a note. False when the step is not stopped (nothing is done).
	 *
	 * @param int    $refund_id Refund id.
	 * @param string $by        Who (a user's display name), for the note.
	 */
	public static function retry( int $refund_id, string $by ): bool {
		$refund = wc_get_order( $refund_id );
		$order  = $refund instanceof \WC_Order_Refund ? wc_get_order( (int) $refund->get_parent_id() ) : null;
		if ( ! StockOrders::applies( $order ) || ! StockStep::retry( self::TYPE, $refund_id, 'returning' ) ) {
			return false;
		}
		self::queue( $refund_id );
		/* translators: 1: the step's Sitoo reference (wcrf-123), 2: a user's name */
		$order->add_order_note( sprintf( __( 'Sitoo stock step %1$s tried again by %2$s (Sitoo\'s transactions are read first: what arrived is not sent twice).', 'erpsync' ), 'wcrf-' . $refund_id, $by ) );
		return true;
	}

	/**
	 * What a refund gives back (SKU → positive quantity): its share of what the order's reduction took.
	 *
	 * @param int $order_id  Order id.
	 * @param int $refund_id Refund id.
	 */
	private static function amounts( int $order_id, int $refund_id ): array {
		$order = wc_get_order( $order_id );
		if ( ! $order ) {
			return array();
		}
		$share = self::returns( $order_id, StockOrders::reduced( $order ) )['refunds'][ $refund_id ] ?? array();
		return array_map( array( StockLedger::class, 'fmt' ), $share );
	}

	/**
	 * The refund went back: ledger (seen and base, like a restock) and a note on the order.
	 *
	 * @param int   $order_id  Order id.
	 * @param int   $refund_id Refund id.
	 * @param array $amounts   SKU → quantity sent.
	 */
	private static function finish( int $order_id, int $refund_id, array $amounts ): void {
		$order = wc_get_order( $order_id );
		StockOrders::move( $order, $amounts, true );
		$refund = wc_get_order( $refund_id );
		if ( $refund ) {
			// What went back, when and where, for the order screen's Sitoo stock box.
			$refund->update_meta_data( self::DONE, StockOrders::done_record() + array( 'sent' => $amounts ) );
			$refund->save_meta_data();
		}
		if ( $order && $amounts ) {
			$order->add_order_note(
				/* translators: 1: refund id, 2: Sitoo warehouse id, 3: list of "SKU × quantity" */
				sprintf( __( 'Sitoo stock: refund #%1$d returned to warehouse %2$s: %3$s.', 'erpsync' ), $refund_id, (string) Settings::get( 'sitoo' )['warehouse_id'], StockStep::describe( $amounts ) )
			);
		}
	}

	/**
	 * The order's refunds against what its reduction took, in the order of their ids, each capped at what is left:
	 * ['refunds' => refund id → SKU → quantity it gives back, 'left' => SKU → quantity still reduced].
	 * Absorbed refunds do not count (the reduction left them out already).
	 *
	 * @param int   $order_id Order id.
	 * @param array $reduced  SKU → quantity the reduction took.
	 */
	public static function returns( int $order_id, array $reduced ): array {
		global $wpdb;
		$t    = Installer::map_table();
		$ids  = $wpdb->get_col( $wpdb->prepare( "SELECT local_id FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND remote_id = %s AND state <> 'absorbed' ORDER BY local_id", self::TYPE, (string) $order_id ) );
		$left = $reduced;
		$out  = array();
		foreach ( $ids as $id ) {
			foreach ( self::own( (int) $id ) as $sku => $q ) {
				$n = min( (float) $q, (float) ( $left[ $sku ] ?? 0 ) );
				if ( $n >= 0.0005 ) {
					$out[ (int) $id ][ $sku ] = $n;
					$left[ $sku ]            -= $n;
				}
			}
		}
		return array(
			'refunds' => $out,
			'left'    => $left,
		);
	}

	/**
	 * Before the reduction is sent (called by it once it holds the step): the refunds waiting for it are absorbed.
	 * Returns SKU → quantity of every absorbed refund of the order (the same on a second call).
	 *
	 * @param int $order_id Order id.
	 */
	public static function absorb( int $order_id ): array {
		global $wpdb;
		$t = Installer::map_table();
		$wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = 'absorbed', updated_at = %s WHERE connector = 'sitoo' AND object_type = %s AND remote_id = %s AND state = 'waiting'", current_time( 'mysql', true ), self::TYPE, (string) $order_id ) );
		$out = array();
		foreach ( $wpdb->get_col( $wpdb->prepare( "SELECT local_id FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND remote_id = %s AND state = 'absorbed'", self::TYPE, (string) $order_id ) ) as $id ) {
			foreach ( self::own( (int) $id ) as $sku => $q ) {
				$out[ $sku ] = ( $out[ $sku ] ?? 0 ) + (float) $q;
			}
		}
		return $out;
	}

	/**
	 * SKU → quantity of every refund of the order with a step row (absorbed or not).
	 *
	 * @param int $order_id Order id.
	 */
	public static function tracked( int $order_id ): array {
		global $wpdb;
		$t   = Installer::map_table();
		$out = array();
		foreach ( $wpdb->get_col( $wpdb->prepare( "SELECT local_id FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND remote_id = %s", self::TYPE, (string) $order_id ) ) as $id ) {
			foreach ( self::own( (int) $id ) as $sku => $q ) {
				$out[ $sku ] = ( $out[ $sku ] ?? 0 ) + (float) $q;
			}
		}
		return $out;
	}

	/**
	 * After the reduction: the refunds that waited for it are queued.
	 *
	 * @param int $order_id Order id.
	 */
	public static function wake( int $order_id ): void {
		global $wpdb;
		$t = Installer::map_table();
		foreach ( $wpdb->get_col( $wpdb->prepare( "SELECT local_id FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND remote_id = %s AND state = 'waiting'", self::TYPE, (string) $order_id ) ) as $id ) {
			self::queue( (int) $id );
		}
	}

	/**
	 * What WooCommerce put back for a refund: SKU → quantity.
	 *
	 * @param int $refund_id Refund id.
	 */
	public static function own( int $refund_id ): array {
		$refund = wc_get_order( $refund_id );
		$q      = $refund ? $refund->get_meta( self::META ) : array();
		return is_array( $q ) ? $q : array();
	}
}
