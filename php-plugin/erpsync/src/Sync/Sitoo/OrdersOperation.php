<?php
/**
 * Complete Sync operations of orders: `orders_all` (fetch every Sitoo order from the first one), `orders_store2door`
 * (only Store2Door orders) — both exactly once through OrdersIn, so running them again creates nothing twice — and
 * `orders_cnc_missing` (queue for export every Click-and-Collect order at one of its statuses that Sitoo does not
 * have yet; the export looks the order up by externalid before it creates it).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Orders\Queue;

defined( 'ABSPATH' ) || exit;

/** Orders operations. */
final class OrdersOperation implements Operation {

	/**
	 * Which one.
	 *
	 * @var string
	 */
	private string $id;

	/**
	 * A connector for tests.
	 *
	 * @var object|null
	 */
	public static $connector = null;

	/**
	 * Which operation.
	 *
	 * @param string $id orders_all, orders_store2door or orders_cnc_missing.
	 */
	public function __construct( string $id ) {
		$this->id = $id;
	}

	/** Id. */
	public function id(): string {
		return $this->id;
	}

	/** Label. */
	public function label(): string {
		switch ( $this->id ) {
			case 'orders_all':
				return __( 'Orders: fetch all orders from Sitoo', 'erpsync' );
			case 'orders_store2door':
				return __( 'Orders: fetch only Store2Door orders from Sitoo', 'erpsync' );
			default:
				return __( 'Orders: send missing Click-and-Collect orders to Sitoo', 'erpsync' );
		}
	}

	/**
	 * Fetching: a page of 100 orders per request plus one delivery read per order (Store2Door detection), estimated
	 * from the orders fetched so far; Click-and-Collect: two requests (lookup, create) per missing order.
	 *
	 * @param array $options Job options.
	 */
	public function requests_needed( array $options ): int {
		if ( 'orders_cnc_missing' === $this->id ) {
			return 2 * count( self::missing_cnc( 1, 100000 ) );
		}
		$known = (int) get_option( OrdersIn::FROM, 0 ) > 0 ? 100 : 10;
		return 1 + $known;
	}

	/**
	 * A step.
	 *
	 * @param array $state    State.
	 * @param float $deadline Deadline.
	 * @param array $options  Job options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		if ( 'orders_cnc_missing' === $this->id ) {
			return $this->cnc( $state, $deadline );
		}
		$opts = array(
			'from'       => 0,
			'store2door' => 'orders_store2door' === $this->id,
			'by'         => 'job',
			'rethrow'    => true,
		);
		if ( self::$connector ) {
			$opts['connector'] = self::$connector;
		}
		$r = OrdersIn::poll( $opts );
		if ( 'busy' === $r['state'] ) {
			return array(
				'done'     => false,
				'progress' => array( 0, 1 ),
				'counts'   => array(),
				'errors'   => array(),
			);
		}
		return array(
			'done'     => true,
			'progress' => array( 1, 1 ),
			'counts'   => StockRun::flat( $r['counts'] ),
			'errors'   => 'failed' === $r['state'] ? array( __( 'Fetching orders from Sitoo failed: see the run record.', 'erpsync' ) ) : array(),
		);
	}

	/**
	 * Click-and-Collect orders not in Sitoo yet, queued for export.
	 *
	 * @param array $state    State (page read next).
	 * @param float $deadline Deadline.
	 */
	private function cnc( array &$state, float $deadline ): array {
		$counts = array();
		do {
			$page = (int) ( $state['page'] ?? 1 );
			foreach ( self::missing_cnc( $page, 200, $more ) as $id ) {
				Queue::enqueue( $id, 'sitoo', 0, true );
				StockRun::add( $counts, 'queued' );
			}
			$state['page'] = $page + 1;
		} while ( $more && microtime( true ) < $deadline );
		return array(
			'done'     => ! $more,
			'progress' => array( $more ? 0 : 1, 1 ),
			'counts'   => $counts,
			'errors'   => array(),
		);
	}

	/**
	 * Click-and-Collect orders at one of their statuses without a finished Sitoo export, one page of them.
	 *
	 * @param int      $page  Page (from 1).
	 * @param int      $limit Orders per page.
	 * @param int|null $more  Set to 1 when there is a next page, else 0.
	 * @return int[]
	 */
	public static function missing_cnc( int $page, int $limit, ?int &$more = null ): array {
		$statuses = array_map( static fn( $s ) => 'wc-' . $s, (array) Settings::get( 'sitoo' )['click_and_collect_statuses'] );
		$orders   = wc_get_orders(
			array(
				'status'  => $statuses,
				'type'    => 'shop_order',
				'limit'   => $limit,
				'paged'   => $page,
				'orderby' => 'ID',
				'order'   => 'ASC',
				'return'  => 'objects',
			)
		);
		$out      = array();
		$more     = count( $orders ) < $limit ? 0 : 1;
		foreach ( $orders as $o ) {
			if ( '' !== (string) $o->get_meta( OrdersIn::META_ORDERID ) || ! Settings::is_click_and_collect( $o ) ) {
				continue;
			}
			$row = Mapping::get( 'sitoo', 'order', (int) $o->get_id() );
			if ( ! $row || 'done' !== $row['state'] ) {
				$out[] = (int) $o->get_id();
			}
		}
		return $out;
	}
}
