<?php
/**
 * Orders down from Sitoo (autosync "Fetch all orders" / "Fetch only Store2Door orders"), exactly once.
 *
 * Sitoo's orders are read from the last orderid on (`orderidfrom`; Sitoo::fetchOrders marks each "store2door":
 * an item not in its order deliveries). Each becomes one WooCommerce order however often it is fetched and however
 * many runners fetch at once:
 *
 * 1. a claim row in the mapping table (connector `sitoo`, object type `order_in_claim`, local id = Sitoo orderid;
 *    unique key, Mapping::claim — one runner wins, an order already done is never claimed again, a dead runner's
 *    claim expires after 5 minutes);
 * 2. lookup before create: a WooCommerce order with meta `_erpsync_sitoo_orderid` = orderid (left by a runner that
 *    died after creating it) is linked instead of created;
 * 3. create (HPOS-safe CRUD, inside Origin::run), then the claim marked done and the link `order_in` (local id =
 *    WooCommerce order, remote id = Sitoo orderid) written.
 *
 * Orders this shop exported (externalid with the export prefix, "wc-") are skipped: they are the shop's own. A
 * fetched order gets the status of the setting (regular / Store2Door), is marked stock-reduced (Sitoo's stock
 * already moved: the stock poll brings that down) and is never exported back to Sitoo; it is kept out of tracking
 * and analytics (OrdersTracking) when the setting says so. Dry run: the run's plan lists the orders it would create.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Orders from Sitoo. */
final class OrdersIn {

	/** Option: the next orderid to read. */
	const FROM = 'erpsync_sitoo_orders_from';

	/** Order meta: the Sitoo orderid. */
	const META_ORDERID = '_erpsync_sitoo_orderid';

	/** Order meta: "yes" on fetched orders (tracking and analytics keep away). */
	const META_IN = '_erpsync_sitoo_in';

	/** Claim rows. */
	const CLAIM = 'order_in_claim';

	/**
	 * Depth of order creation (OrdersTracking).
	 *
	 * @var int
	 */
	private static int $creating = 0;

	/** Hooks. */
	public static function register(): void {
		OrdersTracking::register();
	}

	/** True while a fetched order is being created. */
	public static function creating(): bool {
		return self::$creating > 0;
	}

	/**
	 * One poll.
	 *
	 * @param array $opts store2door (bool), dry_run (bool), from (int: orderid to start at instead of the stored one),
	 *                    by (string), runner (string), rethrow (bool: a rate limit goes up, for the Complete
	 *                    Sync job), connector (object, tests).
	 * @return array{run: ?int, state: string, counts: array}
	 * @throws \ErpSync\RateLimitedException With rethrow.
	 */
	public static function poll( array $opts = array() ): array {
		$dry    = ! empty( $opts['dry_run'] );
		$run_id = StockRun::start( 'orders', $dry, (string) ( $opts['by'] ?? 'schedule' ) );
		if ( null === $run_id ) {
			return array(
				'run'    => null,
				'state'  => 'busy',
				'counts' => array(),
			);
		}
		$counts = array();
		$from   = isset( $opts['from'] ) ? (int) $opts['from'] : (int) get_option( self::FROM, 0 );
		$next   = $from;
		$runner = (string) ( $opts['runner'] ?? ( 'orders-' . getmypid() . '-' . wp_generate_password( 6, false ) ) );
		try {
			$c = $opts['connector'] ?? Connectors::make( 'sitoo' );
			$c->fetchOrders(
				static function ( array $orders ) use ( $run_id, $dry, $runner, &$counts, &$next ) {
					foreach ( $orders as $o ) {
						$next = max( $next, (int) $o['orderid'] + 1 );
						StockRun::add( $counts, 'fetched' );
						StockRun::add( $counts, self::one( $run_id, $o, $dry, $runner ) );
					}
					StockRun::counts( $run_id, $counts );
				},
				$from,
				! empty( $opts['store2door'] ),
				100
			);
			if ( ! $dry && ! isset( $opts['from'] ) ) {
				update_option( self::FROM, $next, false );
			}
			StockRun::finish( $run_id, $dry ? 'dry-run' : 'done', $counts );
			$state = $dry ? 'dry-run' : 'done';
		} catch ( \ErpSync\RateLimitedException $e ) {
			if ( ! $dry && ! isset( $opts['from'] ) ) {
				update_option( self::FROM, $next, false ); // what was read is done or claimed: go on from there.
			}
			$state = StockRun::pause( $run_id, $counts, $e, $opts, Autosync::TASKS_HOOK );
		} catch ( \Throwable $e ) {
			$state = StockRun::fail( $run_id, $counts, $e );
		}
		return array(
			'run'    => $run_id,
			'state'  => $state,
			'counts' => $counts,
		);
	}

	/**
	 * One Sitoo order: what happened (a count key).
	 *
	 * @param int    $run_id Run id.
	 * @param array  $o      Sitoo order (with store2door).
	 * @param bool   $dry    Plan only.
	 * @param string $runner Runner id.
	 */
	public static function one( int $run_id, array $o, bool $dry, string $runner ): string {
		$sid    = (int) ( $o['orderid'] ?? 0 );
		$prefix = (string) ( Settings::connector_settings( 'sitoo' )['externalid_prefix'] ?? 'wc-' );
		if ( $sid <= 0 ) {
			return 'skipped.invalid';
		}
		if ( '' !== $prefix && 0 === strpos( (string) ( $o['externalid'] ?? '' ), $prefix ) ) {
			return 'skipped.own_export';
		}
		$claim = Mapping::get( 'sitoo', self::CLAIM, $sid );
		if ( $claim && 'done' === $claim['state'] ) {
			return 'skipped.already_fetched';
		}
		if ( $dry ) {
			StockRun::plan( $run_id, array( array( 'create', 0, (string) $sid, 'order', '', self::status_for( $o ), ! empty( $o['store2door'] ) ? 'store2door' : 'regular' ) ), false );
			return 'planned.order';
		}
		if ( ! Mapping::claim( 'sitoo', self::CLAIM, $sid, $runner, 300 ) ) {
			return 'skipped.claimed';
		}
		try {
			$existing = self::find( $sid );
			$created  = 0 === $existing;
			$wc_id    = $created ? self::create( $o ) : $existing;
			Mapping::done( 'sitoo', self::CLAIM, $sid, (string) $wc_id, (string) $wc_id, $runner );
			Mapping::ensure( 'sitoo', 'order_in', $wc_id );
			Mapping::done( 'sitoo', 'order_in', $wc_id, (string) $sid, (string) $sid );
			StockRun::plan( $run_id, array( array( $created ? 'create' : 'link', $wc_id, (string) $sid, 'order', '', self::status_for( $o ), ! empty( $o['store2door'] ) ? 'store2door' : 'regular' ) ), true );
			return $created ? 'created.order' : 'linked.order';
		} catch ( \Throwable $e ) {
			Mapping::failed( 'sitoo', self::CLAIM, $sid, 'failed', $e->getMessage(), $runner );
			return 'errors';
		}
	}

	/**
	 * The WooCommerce order made from this Sitoo order, or 0.
	 *
	 * @param int $sid Sitoo orderid.
	 */
	public static function find( int $sid ): int {
		$args = array(
			'limit'  => 1,
			'return' => 'ids',
			'status' => 'any',
			'type'   => 'shop_order',
		);
		if ( \Automattic\WooCommerce\Utilities\OrderUtil::custom_orders_table_usage_is_enabled() ) {
			$args['meta_query'] = array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- one lookup before a create.
				array(
					'key'   => self::META_ORDERID,
					'value' => (string) $sid,
				),
			);
		} else {
			// Orders as posts: the CPT store takes WP_Query's meta_key/meta_value (it refuses meta_query since 9.2).
			$args['meta_key']   = self::META_ORDERID; // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key
			$args['meta_value'] = (string) $sid; // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_value
		}
		$ids = wc_get_orders( $args );
		return $ids ? (int) $ids[0] : 0;
	}

	/**
	 * The status a fetched order gets (settings).
	 *
	 * @param array $o Sitoo order.
	 */
	public static function status_for( array $o ): string {
		$s = Settings::get( 'sitoo' );
		return (string) ( ! empty( $o['store2door'] ) ? ( $s['orders_in_store2door_status'] ?? 'processing' ) : ( $s['orders_in_status'] ?? 'completed' ) );
	}

	/**
	 * Creates the WooCommerce order.
	 *
	 * @param array $o Sitoo order.
	 * @throws \RuntimeException When WooCommerce refuses it.
	 */
	private static function create( array $o ): int {
		++self::$creating;
		try {
			return (int) Origin::run(
				static function () use ( $o ) {
					$order = wc_create_order( array( 'created_via' => 'erpsync-sitoo' ) );
					if ( is_wp_error( $order ) ) {
						throw new \RuntimeException( $order->get_error_message() );
					}
					$order->update_meta_data( self::META_ORDERID, (string) $o['orderid'] );
					$order->update_meta_data( self::META_IN, 'yes' );
					$order->update_meta_data( '_erpsync_sitoo_store2door', ! empty( $o['store2door'] ) ? 'yes' : 'no' );
					self::fill( $order, $o );
					$order->save();
					// Sitoo's stock already moved (the stock poll brings it down): WooCommerce must not reduce it again.
					$order->get_data_store()->set_stock_reduced( $order->get_id(), true );
					/* translators: %s: Sitoo order id */
					$order->set_status( self::status_for( $o ), sprintf( __( 'Fetched from Sitoo (order %s).', 'erpsync' ), (string) $o['orderid'] ) );
					$order->save();
					return $order->get_id();
				}
			);
		} finally {
			--self::$creating;
		}
	}

	/**
	 * Customer, items and totals of the Sitoo order.
	 *
	 * @param \WC_Order $order The new order.
	 * @param array     $o     Sitoo order.
	 */
	private static function fill( \WC_Order $order, array $o ): void {
		$order->set_billing_email( (string) ( $o['email'] ?? '' ) );
		$order->set_billing_first_name( (string) ( $o['namefirst'] ?? '' ) );
		$order->set_billing_last_name( (string) ( $o['namelast'] ?? '' ) );
		$order->set_billing_company( (string) ( $o['company'] ?? '' ) );
		$order->set_billing_phone( (string) ( $o['phone'] ?? '' ) );
		foreach ( array(
			'address'   => 'address_1',
			'zip'       => 'postcode',
			'city'      => 'city',
			'state'     => 'state',
			'countryid' => 'country',
		) as $from => $to ) {
			if ( isset( $o[ 'invoice_' . $from ] ) ) {
				$order->{'set_billing_' . $to}( (string) $o[ 'invoice_' . $from ] );
			}
			if ( isset( $o[ 'delivery_' . $from ] ) ) {
				$order->{'set_shipping_' . $to}( (string) $o[ 'delivery_' . $from ] );
			}
		}
		if ( ! empty( $o['currencycode'] ) ) {
			$order->set_currency( (string) $o['currencycode'] );
		}
		foreach ( (array) ( $o['orderitems'] ?? array() ) as $it ) {
			$item = new \WC_Order_Item_Product();
			$pid  = ! empty( $it['sku'] ) ? wc_get_product_id_by_sku( (string) $it['sku'] ) : 0;
			$p    = $pid ? wc_get_product( $pid ) : null;
			if ( $p ) {
				$item->set_product( $p );
			}
			$item->set_name( (string) ( $it['productname'] ?? ( $p ? $p->get_name() : (string) ( $it['sku'] ?? '' ) ) ) );
			$item->set_quantity( (int) ( $it['quantity'] ?? 1 ) );
			$row = (float) ( $it['moneyrowprice'] ?? 0 ) - (float) ( $it['moneyrowdiscount'] ?? 0 );
			$item->set_subtotal( (string) ( $it['moneyrowprice'] ?? '0' ) );
			$item->set_total( wc_format_decimal( $row ) );
			$order->add_item( $item );
		}
		$order->calculate_totals( false );
	}
}
