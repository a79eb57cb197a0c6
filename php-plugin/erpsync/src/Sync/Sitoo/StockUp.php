<?php
/**
 * Stock up to Sitoo (Triggers: "Send product stock changes to Sitoo").
 *
 * - Virtual warehouse: a WooCommerce stock change is sent at once as a delta (Sitoo::adjustVirtualStock: Sitoo
 *   refuses transactions on a Virtual warehouse, so the delta is read, added and put as a total).
 * - Physical (FIFO) warehouse: through orders (StockOrders) — processing reduces Sitoo's stock, cancelled restocks
 *   it, a delivery makes no second reduction; nothing is sent at once. A delivery moves seen by the delivered
 *   quantities (and base for an order not reduced at processing), so it does not come back down as a POS change.
 * - Physical with "Force instant stock changes": the deltas of one request are sent as one batched stock session
 *   (Sitoo::adjustStock: warehouse transactions of at most 1,000 items, one externalid per session).
 *
 * The delta of a product is WooCommerce's stock − base, taken and moved to base under a row lock (two web sales
 * at once are two deltas or one delta of both, never lost); deltas collected during a request go out at its end
 * (shutdown) in one call. A write made by a Sitoo sync (Origin::active()) is never sent back. Sitoo taking the
 * delta moves seen by it (no echo); a refusal moves base back so the change is sent by the next retry; a put whose
 * reply was lost is settled by reading the total back (settle()), never sent twice.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery -- row locks on post meta.

/** Stock triggers. */
final class StockUp {

	/** Retry hook (product ids whose delta is sent again). */
	const RETRY_HOOK = 'erpsync_sitoo_stock_up_retry';

	/**
	 * Product id → SKU of the products changed in this request.
	 *
	 * @var array<int,string>
	 */
	private static array $pending = array();

	/**
	 * Whether the shutdown flush is hooked.
	 *
	 * @var bool
	 */
	private static bool $hooked = false;

	/**
	 * A connector for tests.
	 *
	 * @var object|null
	 */
	public static $connector = null;

	/** Hooks. */
	public static function register(): void {
		add_action( 'woocommerce_product_set_stock', array( __CLASS__, 'on_stock' ) );
		add_action( 'woocommerce_variation_set_stock', array( __CLASS__, 'on_stock' ) );
		add_action( self::RETRY_HOOK, array( __CLASS__, 'retry' ) );
		add_action( 'erpsync_sitoo_order_delivered', array( __CLASS__, 'on_delivered' ), 10, 2 );
		StockUnknown::register();
	}

	/**
	 * How stock goes up now: 'virtual', 'forced' (physical, forced), 'orders' (physical), or '' (off).
	 */
	public static function mode(): string {
		$s = Settings::get( 'sitoo' );
		if ( ! Settings::enabled( 'sitoo' ) || 'yes' !== ( $s['trigger_stock'] ?? 'no' ) ) {
			return '';
		}
		if ( 'virtual' === ( $s['warehouse_type'] ?? '' ) ) {
			return 'virtual';
		}
		return 'yes' === ( $s['force_stock'] ?? 'no' ) ? 'forced' : 'orders';
	}

	/**
	 * A product's stock changed in WooCommerce.
	 *
	 * @param \WC_Product $product The product.
	 */
	public static function on_stock( $product ): void {
		if ( Origin::active() || ! $product instanceof \WC_Product ) {
			return;
		}
		$mode = self::mode();
		if ( 'virtual' !== $mode && 'forced' !== $mode ) {
			return;
		}
		$sku = (string) $product->get_sku();
		if ( '' === $sku ) {
			return;
		}
		self::$pending[ (int) $product->get_id() ] = $sku;
		if ( ! self::$hooked ) {
			self::$hooked = true;
			add_action( 'shutdown', array( __CLASS__, 'flush' ) );
		}
	}

	/**
	 * Sends what this request changed (one call). Returns [sku => ['delta' => float, 'ok' => bool, 'error' => string]].
	 */
	public static function flush(): array {
		$pending       = self::$pending;
		self::$pending = array();
		return $pending ? self::send( $pending ) : array();
	}

	/**
	 * Retry of products whose delta Sitoo did not take (Action Scheduler).
	 *
	 * @param array $ids Product ids.
	 */
	public static function retry( $ids = array() ): void {
		$list = array();
		foreach ( (array) $ids as $id ) {
			$p = wc_get_product( (int) $id );
			if ( $p && '' !== (string) $p->get_sku() ) {
				$list[ (int) $id ] = (string) $p->get_sku();
			}
		}
		if ( $list ) {
			self::send( $list );
		}
	}

	/**
	 * Takes the deltas (stock − base, base moved) and sends them.
	 *
	 * @param array<int,string> $list Product id → SKU.
	 */
	public static function send( array $list ): array {
		$mode = self::mode();
		if ( 'virtual' !== $mode && 'forced' !== $mode ) {
			return array();
		}
		// A product whose last put is not yet known to have arrived waits for its settlement (StockUnknown), which
		// sends what changed meanwhile.
		$list = array_diff_key( $list, StockUnknown::held( array_keys( $list ) ) );
		if ( ! $list ) {
			return array();
		}
		$deltas = self::take( array_keys( $list ) );
		$chg    = array();
		$ids    = array();
		foreach ( $deltas as $id => $d ) {
			$chg[ $list[ $id ] ] = StockLedger::fmt( $d );
			$ids[ $list[ $id ] ] = $id;
		}
		if ( ! $chg ) {
			return array();
		}
		try {
			$c   = self::$connector ? self::$connector : Connectors::make( 'sitoo' );
			$out = 'virtual' === $mode ? self::put_virtual( $c, $chg ) : self::adjust_forced( $c, $chg );
		} catch ( \ErpSync\RateLimitedException $e ) {
			return self::failed( $chg, $ids, __( 'Sitoo rate limit', 'erpsync' ), (int) ceil( max( 1.0, $e->getRetryAfter() ) ) );
		} catch ( \Throwable $e ) {
			return self::failed( $chg, $ids, Redact::text( $e->getMessage(), Settings::secrets( 'sitoo' ) ), 60 );
		}
		return self::book( $chg, $ids, $out );
	}

	/**
	 * Virtual warehouse: the new totals put; a put whose reply went missing settled by reading back.
	 *
	 * @param object               $c   Connector.
	 * @param array<string,string> $chg SKU → delta.
	 * @return array SKU → ['ok', 'error', …].
	 */
	private static function put_virtual( $c, array $chg ): array {
		$out     = array();
		$unknown = array();
		foreach ( $c->adjustVirtualStock( $chg ) as $r ) {
			$out[ (string) $r['sku'] ] = array(
				'ok'    => (bool) $r['ok'],
				'error' => (string) $r['error'],
			);
			if ( ! $r['ok'] && ! empty( $r['unknown'] ) ) {
				$unknown[ (string) $r['sku'] ] = $r;
			}
		}
		return $unknown ? array_replace( $out, self::settle( $c, $unknown ) ) : $out;
	}

	/**
	 * Forced (physical) warehouse: the deltas as stock transactions; one whose reply went missing looked up by its
	 * externalid among Sitoo's transactions.
	 *
	 * @param object               $c   Connector.
	 * @param array<string,string> $chg SKU → delta.
	 * @return array SKU → ['ok', 'error'].
	 */
	private static function adjust_forced( $c, array $chg ): array {
		$ok  = true;
		$err = '';
		$t0  = time();
		foreach ( $c->adjustStock( $chg, 'wcs-' . substr( md5( uniqid( '', true ) ), 0, 12 ) ) as $r ) {
			$arrived = ! empty( $r['ok'] ) || self::transaction_arrived( $c, (string) $r['externalid'], $t0 );
			$ok      = $ok && $arrived;
			$err     = $arrived ? $err : (string) $r['error'];
		}
		// A session of up to 1,000 items is one transaction: it went through or not as a whole (larger ones are
		// several: then a failed part is retried as a whole, which the seen values keep right).
		$out = array();
		foreach ( array_keys( $chg ) as $sku ) {
			$out[ $sku ] = array(
				'ok'    => $ok,
				'error' => $err,
			);
		}
		return $out;
	}

	/**
	 * The ledger after a send: arrived → seen moves; not known → recorded for settlement (base keeps the delta);
	 * failed → base gives the delta back and the product is retried.
	 *
	 * @param array<string,string> $chg SKU → delta.
	 * @param array<string,int>    $ids SKU → product id.
	 * @param array                $out SKU → result.
	 * @return array SKU → ['delta' => float] + result.
	 */
	private static function book( array $chg, array $ids, array $out ): array {
		$seen  = StockLedger::seen_key();
		$retry = array();
		foreach ( $chg as $sku => $d ) {
			$r = $out[ $sku ] ?? array(
				'ok'    => false,
				'error' => 'no result',
			);
			if ( $r['ok'] ) {
				StockLedger::shift( $ids[ $sku ], $seen, (float) $d );
			} elseif ( ! empty( $r['pending'] ) ) {
				// Not known either way: base keeps the delta, seen waits; settled later by reading back.
				StockUnknown::record( $ids[ $sku ], $sku, $r, (float) $d, (string) $r['error'] );
			} else {
				StockLedger::shift( $ids[ $sku ], StockLedger::BASE, - (float) $d );
				$retry[] = $ids[ $sku ];
			}
			$out[ $sku ] = array( 'delta' => (float) $d ) + $r;
		}
		if ( $retry ) {
			self::schedule_retry( $retry, 60 );
		}
		return $out;
	}

	/**
	 * PUTs of totals whose outcome is not known (a transport failure: the connector says `unknown`) settled by
	 * reading the totals back: Sitoo's total equal to the one put → it arrived; equal to the one read before → it
	 * did not (sent again by the retry); anything else → taken as arrived (a total is never added twice; what
	 * another client wrote after it comes down with the poll) and logged. No answer to the read either → pending:
	 * neither arrived nor resent, settled later by StockUnknown.
	 *
	 * @param object $c       Connector.
	 * @param array  $unknown SKU → adjustVirtualStock() row.
	 * @return array SKU → ['ok' => bool, 'error' => string, 'settled' => how, 'pending' => bool, before, after].
	 */
	private static function settle( $c, array $unknown ): array {
		$totals = null;
		$why    = '';
		try {
			$totals = (array) $c->virtualTotals( array_map( 'strval', array_keys( $unknown ) ) );
		} catch ( \Throwable $e ) {
			$why = Redact::text( $e->getMessage(), Settings::secrets( 'sitoo' ) );
		}
		$out = array();
		foreach ( $unknown as $sku => $r ) {
			if ( null === $totals ) {
				$out[ $sku ] = array(
					'ok'      => false,
					'error'   => (string) $r['error'] . ( '' !== $why ? '; read-back: ' . $why : '' ),
					'settled' => 'unknown (settled later)',
					'pending' => true,
					'before'  => $r['before'],
					'after'   => $r['after'],
				);
				continue;
			}
			$now = (float) ( $totals[ $sku ] ?? 0 );
			if ( abs( $now - (float) $r['before'] ) < 0.0005 && abs( $now - (float) $r['after'] ) >= 0.0005 ) {
				$out[ $sku ] = array(
					'ok'      => false,
					'error'   => (string) $r['error'],
					'settled' => 'not arrived',
				);
				continue;
			}
			$how = abs( $now - (float) $r['after'] ) < 0.0005 ? 'arrived' : 'assumed (changed since)';
			if ( 'arrived' !== $how && function_exists( 'wc_get_logger' ) ) {
				wc_get_logger()->warning( sprintf( 'Sitoo stock %s: the reply of a total put was lost; %s', $sku, $how ), array( 'source' => 'erpsync-sitoo' ) );
			}
			$out[ $sku ] = array(
				'ok'      => true,
				'error'   => '',
				'settled' => $how,
			);
		}
		return $out;
	}

	/**
	 * Whether a stock-session transaction Sitoo's reply did not confirm is among the warehouse's transactions.
	 *
	 * @param object $c     Connector.
	 * @param string $ext   Its externalid.
	 * @param int    $since When the session started.
	 */
	private static function transaction_arrived( $c, string $ext, int $since ): bool {
		try {
			return '' !== $ext && (bool) $c->findStockTransactions( $ext, max( 0, $since - 60 ) );
		} catch ( \Throwable $e ) {
			return false;
		}
	}

	/**
	 * Nothing reached Sitoo: base back, retry later.
	 *
	 * @param array  $chg  SKU → delta.
	 * @param array  $ids  SKU → product id.
	 * @param string $why  Reason.
	 * @param int    $wait Seconds.
	 */
	private static function failed( array $chg, array $ids, string $why, int $wait ): array {
		$out = array();
		foreach ( $chg as $sku => $d ) {
			StockLedger::shift( $ids[ $sku ], StockLedger::BASE, - (float) $d );
			$out[ $sku ] = array(
				'delta' => (float) $d,
				'ok'    => false,
				'error' => $why,
			);
		}
		self::schedule_retry( array_values( $ids ), $wait );
		return $out;
	}

	/**
	 * Queues a retry.
	 *
	 * @param int[] $ids  Product ids.
	 * @param int   $wait Seconds.
	 */
	private static function schedule_retry( array $ids, int $wait ): void {
		if ( function_exists( 'as_schedule_single_action' ) ) {
			as_schedule_single_action( time() + $wait, self::RETRY_HOOK, array( 'ids' => array_values( array_map( 'intval', $ids ) ) ), 'erpsync' );
		}
	}

	/**
	 * Deltas stock − base of products with a base, base moved to stock, in one locked transaction.
	 *
	 * @param int[] $ids Product ids.
	 * @return array<int,float> Product id → delta (non-zero only).
	 * @throws \Throwable A database failure (after the rollback).
	 */
	public static function take( array $ids ): array {
		global $wpdb;
		$out = array();
		$wpdb->query( 'START TRANSACTION' );
		try {
			$meta = StockLedger::read( $ids, true );
			foreach ( $meta as $id => $m ) {
				if ( ! isset( $m[ StockLedger::BASE ], $m['_stock'] ) ) {
					continue;
				}
				$d = (float) $m['_stock'] - (float) $m[ StockLedger::BASE ];
				if ( abs( $d ) >= 0.0005 ) {
					StockLedger::shift( (int) $id, StockLedger::BASE, $d );
					$out[ (int) $id ] = $d;
				}
			}
			$wpdb->query( 'COMMIT' );
		} catch ( \Throwable $e ) {
			$wpdb->query( 'ROLLBACK' );
			throw $e;
		}
		return $out;
	}

	/**
	 * An exported order was delivered in Sitoo (its stock went down there): seen and base move by the delivered
	 * quantities, so the delivery is not brought down again and the web sale is no longer pending.
	 *
	 * @param int   $order_id Order id.
	 * @param array $result   deliverOrder() result.
	 */
	public static function on_delivered( $order_id, $result = array() ): void {
		$order = wc_get_order( (int) $order_id );
		if ( ! $order || ( isset( $result['delivered'] ) && ! $result['delivered'] ) ) {
			return;
		}
		$wid = (int) Settings::get( 'sitoo' )['warehouse_id'];
		$cac = (string) Settings::get( 'sitoo' )['click_and_collect_warehouse_id'];
		if ( '' !== $cac && Settings::is_click_and_collect( $order ) && (int) $cac !== $wid ) {
			return; // delivered from the store's warehouse, not the one the shop syncs with.
		}
		// An order reduced at processing (StockOrders) had its reduction handed back just before this delivery:
		// base moved then; the delivery moves only what Sitoo's total is expected to be.
		$handed = 'handed' === StockOrders::state( (int) $order_id );
		$took   = $handed ? StockOrders::exported( $order ) : null; // what the delivery took, when known.
		$done   = array();
		foreach ( $order->get_items() as $item ) {
			$p = $item instanceof \WC_Order_Item_Product ? $item->get_product() : null;
			if ( ! $p || ! $p->managing_stock() ) {
				continue;
			}
			$q = (float) $item->get_quantity();
			if ( null !== $took ) {
				$sku          = (string) $p->get_sku();
				$q            = isset( $done[ $sku ] ) ? 0.0 : (float) ( $took[ $sku ] ?? 0 );
				$done[ $sku ] = true;
			}
			StockLedger::shift( (int) $p->get_stock_managed_by_id(), StockLedger::seen_key( $wid ), -$q );
			if ( ! $handed ) {
				StockLedger::shift( (int) $p->get_stock_managed_by_id(), StockLedger::BASE, -$q );
			}
		}
	}
}
