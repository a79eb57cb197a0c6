<?php
/**
 * What the owner's Sitoo stock views read (Admin\SitooStockUi): an order's stock steps at a physical warehouse — the
 * reduction at processing, each refund's return (or its absorption into the reduction), the restock at cancelled,
 * the hand-back before a delivery — from the mapping rows `order_stock` / `refund_stock` and the quantities and done
 * records the steps keep in the order's and refunds' meta (StockOrders, StockRefunds); and the virtual puts whose
 * outcome is still not known (`stock_unknown` rows, StockUnknown) with when they will be read back. Reads only.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin\Query;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Sitoo\Autosync;
use ErpSync\Plugin\Sync\Sitoo\StockOrders;
use ErpSync\Plugin\Sync\Sitoo\StockRefunds;
use ErpSync\Plugin\Sync\Sitoo\StockStep;
use ErpSync\Plugin\Sync\Sitoo\StockUnknown;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own mapping table (Installer::map_table()).

/** Sitoo stock reads. */
final class SitooStockQuery {

	/** Order steps: step → [busy state, done state, states after it is done, externalid prefix]. */
	const ORDER_STEPS = array(
		'reduce'  => array( 'reducing', 'reduced', array( 'reduced', 'restocking', 'restocked', 'handing', 'handed' ), 'wco' ),
		'restock' => array( 'restocking', 'restocked', array( 'restocked' ), 'wcr' ),
		'hand'    => array( 'handing', 'handed', array( 'handed' ), 'wcd' ),
	);

	/**
	 * A mapping row of the Sitoo connector.
	 *
	 * @param string $type     Object type.
	 * @param int    $local_id Local id.
	 */
	private static function row( string $type, int $local_id ): ?array {
		global $wpdb;
		$t   = Installer::map_table();
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND local_id = %d", $type, $local_id ), ARRAY_A );
		return $row ? $row : null;
	}

	/**
	 * Whether the order has any Sitoo stock step (its own row or a refund's).
	 *
	 * @param int $order_id Order id.
	 */
	public static function has_steps( int $order_id ): bool {
		global $wpdb;
		$t = Installer::map_table();
		return (bool) $wpdb->get_var( $wpdb->prepare( "SELECT 1 FROM {$t} WHERE connector = 'sitoo' AND ((object_type = %s AND local_id = %d) OR (object_type = %s AND remote_id = %s)) LIMIT 1", StockOrders::TYPE, $order_id, StockRefunds::TYPE, (string) $order_id ) );
	}

	/**
	 * The order's stock steps, in the order they happen (reduction, refunds by id, restock, hand-back). Each:
	 * step (reduce, refund, restock, hand), refund (id, 0 for the order's own steps), ref (the externalid prefix
	 * and id Sitoo's transaction carries), amounts (SKU → signed quantity at Sitoo; empty while not yet fixed),
	 * warehouse ('' when not known), at (UTC timestamp of when it was done, or of the row's last change; 0 none),
	 * status (waiting, sending, unconfirmed, stopped, retrying, done, absorbed), attempts, error (redacted; none for a
	 * step tried again and not run yet).
	 *
	 * @param \WC_Order $order Order.
	 */
	public static function order_steps( \WC_Order $order ): array {
		$id    = (int) $order->get_id();
		$row   = self::row( StockOrders::TYPE, $id );
		$steps = array();
		if ( $row ) {
			foreach ( self::ORDER_STEPS as $step => $def ) {
				$s = self::order_step( $order, $row, $step, $def );
				if ( $s ) {
					$steps[ $step ] = $s;
				}
			}
		}
		$out = isset( $steps['reduce'] ) ? array( $steps['reduce'] ) : array();
		$out = array_merge( $out, self::refund_steps( $order, $row ) );
		foreach ( array( 'restock', 'hand' ) as $step ) {
			if ( isset( $steps[ $step ] ) ) {
				$out[] = $steps[ $step ];
			}
		}
		return $out;
	}

	/**
	 * One of the order's own steps, or null when it has not begun.
	 *
	 * @param \WC_Order $order Order.
	 * @param array     $row   The order's `order_stock` row.
	 * @param string    $step  reduce, restock, hand.
	 * @param array     $def   self::ORDER_STEPS entry.
	 */
	private static function order_step( \WC_Order $order, array $row, string $step, array $def ): ?array {
		list( $busy, $done, $after, $prefix ) = $def;

		$kept  = $order->get_meta( StockOrders::META . $step );
		$state = (string) $row['state'];
		$begun = 'reduce' === $step || is_array( $kept ) || $busy === $state || in_array( $state, $after, true );
		if ( ! $begun ) {
			return null;
		}
		$amounts = is_array( $kept ) ? $kept : array();
		if ( ! $amounts && 'reduce' === $step && in_array( $state, $after, true ) ) {
			// Reduced before the amounts were kept: what the reduction took, as StockOrders counts it.
			$amounts = array_map( static fn( $q ) => -$q, StockOrders::reduced( $order ) );
		}
		$rec    = StockOrders::done( $order, $step );
		$status = in_array( $state, $after, true ) ? 'done' : ( 'queued' === $state ? 'waiting' : self::busy_status( $row ) );
		return self::step_row( $step, 0, $prefix . '-' . $order->get_id(), $amounts, $status, $rec, $row, $busy === $state || $done === $state );
	}

	/**
	 * The refunds' steps of the order (rows `refund_stock`, by refund id).
	 *
	 * @param \WC_Order  $order Order.
	 * @param array|null $row   The order's `order_stock` row.
	 */
	private static function refund_steps( \WC_Order $order, ?array $row ): array {
		global $wpdb;
		$t    = Installer::map_table();
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND remote_id = %s ORDER BY local_id", StockRefunds::TYPE, (string) $order->get_id() ), ARRAY_A );
		if ( ! $rows ) {
			return array();
		}
		$shares = StockRefunds::returns( (int) $order->get_id(), StockOrders::reduced( $order ) )['refunds'];
		$out    = array();
		foreach ( $rows as $r ) {
			$rid    = (int) $r['local_id'];
			$refund = wc_get_order( $rid );
			$rec    = $refund ? $refund->get_meta( StockRefunds::DONE ) : null;
			$rec    = is_array( $rec ) && isset( $rec['at'] ) ? $rec : null;
			$state  = (string) $r['state'];
			if ( 'returned' === $state ) {
				$status  = 'done';
				$amounts = $rec && is_array( $rec['sent'] ?? null ) ? $rec['sent'] : ( $shares[ $rid ] ?? array() );
			} elseif ( 'absorbed' === $state ) {
				$status  = 'absorbed';
				$amounts = StockRefunds::own( $rid ); // left out of the reduction: nothing went back for it.
			} elseif ( 'waiting' === $state ) {
				$status  = 'waiting';
				$amounts = $shares[ $rid ] ?? StockRefunds::own( $rid );
			} else {
				$status  = self::busy_status( $r );
				$amounts = $shares[ $rid ] ?? array();
			}
			$step           = self::step_row( 'refund', $rid, 'wcrf-' . $rid, $amounts, $status, $rec, $r, true );
			$step['parked'] = 'waiting' === $status && ( ! $row || in_array( (string) $row['state'], array( 'queued', 'reducing' ), true ) );
			$out[]          = $step;
		}
		return $out;
	}

	/**
	 * A busy step in words: being sent (its lease runs), not confirmed (a lost reply or a failure: Sitoo's
	 * transactions are read before it is sent again), stopped (after StockStep::TRIES attempts), or retrying (a
	 * stopped step the owner tried again, not run yet: no attempt counted — a claim counts one as it moves the row).
	 *
	 * @param array $row Mapping row.
	 */
	private static function busy_status( array $row ): string {
		if ( StockStep::stopped( $row ) ) {
			return 'stopped';
		}
		if ( 0 === (int) $row['attempts'] ) {
			return 'retrying';
		}
		$leased = $row['claimed_until'] && strtotime( $row['claimed_until'] . ' UTC' ) > time();
		return $leased && '' === (string) $row['last_error'] ? 'sending' : 'unconfirmed';
	}

	/**
	 * A step as the view shows it.
	 *
	 * @param string     $step    reduce, refund, restock, hand.
	 * @param int        $refund  Refund id (0: the order's own).
	 * @param string     $ref     Externalid prefix and id.
	 * @param array      $amounts SKU → signed quantity.
	 * @param string     $status  Status.
	 * @param array|null $rec     Done record (at, warehouse), or null.
	 * @param array      $row     Mapping row.
	 * @param bool       $latest  The row's updated_at belongs to this step.
	 */
	private static function step_row( string $step, int $refund, string $ref, array $amounts, string $status, ?array $rec, array $row, bool $latest ): array {
		$at = $rec ? (int) $rec['at'] : 0;
		if ( ! $at && $latest && $row['updated_at'] ) {
			$at = (int) strtotime( $row['updated_at'] . ' UTC' );
		}
		$warehouse = $rec ? (string) $rec['warehouse'] : '';
		if ( '' === $warehouse && ! in_array( $status, array( 'done', 'absorbed' ), true ) ) {
			$warehouse = (string) Settings::get( 'sitoo' )['warehouse_id']; // where it goes.
		}
		return array(
			'step'      => $step,
			'refund'    => $refund,
			'ref'       => $ref,
			'amounts'   => array_map( 'floatval', $amounts ),
			'warehouse' => 'absorbed' === $status ? '' : $warehouse,
			'at'        => $at,
			'status'    => $status,
			'attempts'  => (int) $row['attempts'],
			'error'     => in_array( $status, array( 'done', 'absorbed', 'waiting', 'retrying' ), true ) ? '' : Redact::text( (string) $row['last_error'], Settings::secrets( 'sitoo' ) ),
		);
	}

	/**
	 * Every stopped stock step (busy after StockStep::TRIES attempts, the last failed), oldest first: order (id), step
	 * (reduce, restock, hand, refund), refund (id, 0 for the order's own), ref (the externalid prefix and id),
	 * attempts, since (UTC timestamp of the row's last change), error (redacted).
	 *
	 * @param int $order_id Only this order's (0: all).
	 * @param int $limit    Rows.
	 */
	public static function stopped( int $order_id = 0, int $limit = 200 ): array {
		global $wpdb;
		$t    = Installer::map_table();
		$busy = array();
		foreach ( self::ORDER_STEPS as $step => $def ) {
			$busy[ $def[0] ] = array( $step, $def[3] );
		}
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT object_type, local_id, remote_id, state, attempts, last_error, updated_at FROM {$t} WHERE connector = 'sitoo' AND ((object_type = %s AND state IN ('reducing', 'restocking', 'handing') AND (%d = 0 OR local_id = %d)) OR (object_type = %s AND state = 'returning' AND (%d = 0 OR remote_id = %s))) AND attempts >= %d AND last_error IS NOT NULL AND last_error <> '' AND (claimed_until IS NULL OR claimed_until <= %s) ORDER BY updated_at, local_id LIMIT %d", StockOrders::TYPE, $order_id, $order_id, StockRefunds::TYPE, $order_id, (string) $order_id, StockStep::TRIES, current_time( 'mysql', true ), $limit ), ARRAY_A );
		$out  = array();
		foreach ( $rows as $r ) {
			$refund = StockRefunds::TYPE === $r['object_type'];
			$id     = (int) $r['local_id'];
			$out[]  = array(
				'order'    => $refund ? (int) $r['remote_id'] : $id,
				'step'     => $refund ? 'refund' : $busy[ $r['state'] ][0],
				'refund'   => $refund ? $id : 0,
				'ref'      => ( $refund ? 'wcrf' : $busy[ $r['state'] ][1] ) . '-' . $id,
				'attempts' => (int) $r['attempts'],
				'since'    => (int) strtotime( $r['updated_at'] . ' UTC' ),
				'error'    => Redact::text( (string) $r['last_error'], Settings::secrets( 'sitoo' ) ),
			);
		}
		return $out;
	}

	/**
	 * Virtual puts whose outcome is not known yet (rows `stock_unknown` in state unknown or settling), oldest first:
	 * product (id), name, sku, warehouse, before, after, delta, since (UTC timestamp), state, attempts, error.
	 *
	 * @param int $limit Rows.
	 */
	public static function unknown( int $limit = 200 ): array {
		return self::unknown_rows( "state IN ('unknown', 'settling')", 'updated_at, local_id', $limit );
	}

	/**
	 * The latest settled ones (since = when settled, how: arrived, resent, assumed).
	 *
	 * @param int $days  How far back.
	 * @param int $limit Rows.
	 */
	public static function settled( int $days = 7, int $limit = 20 ): array {
		global $wpdb;
		$since = gmdate( 'Y-m-d H:i:s', time() - $days * DAY_IN_SECONDS );
		return self::unknown_rows( $wpdb->prepare( "state = 'settled' AND updated_at >= %s", $since ), 'updated_at DESC, local_id', $limit );
	}

	/**
	 * Rows of `stock_unknown`.
	 *
	 * @param string $where Condition (prepared).
	 * @param string $order ORDER BY.
	 * @param int    $limit Rows.
	 */
	private static function unknown_rows( string $where, string $order, int $limit ): array {
		global $wpdb;
		$t    = Installer::map_table();
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT local_id, remote_id, remote_number, state, how, attempts, last_error, updated_at FROM {$t} WHERE connector = 'sitoo' AND object_type = %s AND {$where} ORDER BY {$order} LIMIT %d", StockUnknown::TYPE, $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- $where is prepared by the callers, $order is fixed.
		$out  = array();
		foreach ( $rows as $r ) {
			list( $wid, $before, $after, $delta ) = array_pad( explode( '|', (string) $r['remote_number'] ), 4, '' );

			$p     = wc_get_product( (int) $r['local_id'] );
			$out[] = array(
				'product'   => (int) $r['local_id'],
				'name'      => $p ? (string) $p->get_name() : '',
				'sku'       => (string) $r['remote_id'],
				'warehouse' => $wid,
				'before'    => $before,
				'after'     => $after,
				'delta'     => $delta,
				'since'     => (int) strtotime( $r['updated_at'] . ' UTC' ),
				'state'     => (string) $r['state'],
				'how'       => (string) $r['how'],
				'attempts'  => (int) $r['attempts'],
				'error'     => Redact::text( (string) $r['last_error'], Settings::secrets( 'sitoo' ) ),
			);
		}
		return $out;
	}

	/**
	 * When the unknown puts are read back next: the pending settlement action or the next stock poll, whichever is
	 * first (UTC timestamp; 0 when neither is scheduled), and by which.
	 *
	 * @return array{at:int,by:string} by: settle, poll, running, ''.
	 */
	public static function next_settle(): array {
		if ( ! function_exists( 'as_next_scheduled_action' ) ) {
			return array(
				'at' => 0,
				'by' => '',
			);
		}
		$best = array(
			'at' => 0,
			'by' => '',
		);
		foreach ( array(
			'settle' => StockUnknown::HOOK,
			'poll'   => Autosync::STOCK_HOOK,
		) as $by => $hook ) {
			$next = as_next_scheduled_action( $hook, array(), 'erpsync' );
			if ( true === $next ) {
				return array(
					'at' => time(),
					'by' => 'running',
				);
			}
			if ( is_int( $next ) && ( ! $best['at'] || $next < $best['at'] ) ) {
				$best = array(
					'at' => $next,
					'by' => $by,
				);
			}
		}
		return $best;
	}
}
