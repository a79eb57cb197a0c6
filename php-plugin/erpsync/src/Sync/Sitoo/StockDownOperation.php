<?php
/**
 * Complete Sync operation `stock_down`: overwrite the WooCommerce stock of every item Sitoo's warehouse holds
 * (matched by SKU) with Sitoo's total — the one absolute overwrite of stock. Seen and base are set to the new
 * values, and the stock poll goes on from the newest change read. Pages already applied are skipped when a step
 * stops at its deadline (the next step reads from the start again and applies from where it stopped).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Connectors;

defined( 'ABSPATH' ) || exit;

/** Stock down, absolute. */
final class StockDownOperation implements Operation {

	/**
	 * A connector for tests.
	 *
	 * @var object|null
	 */
	public static $connector = null;

	/** Id. */
	public function id(): string {
		return 'stock_down';
	}

	/** Label. */
	public function label(): string {
		return __( 'Stock: fetch down from Sitoo all matched products\' stock (overwrites WooCommerce stock)', 'erpsync' );
	}

	/**
	 * One request per 1,000 warehouse items, counted from the shop's products with a SKU and managed stock.
	 *
	 * @param array $options Job options.
	 */
	public function requests_needed( array $options ): int {
		global $wpdb;
		$n = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup} WHERE sku <> '' AND stock_quantity IS NOT NULL" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		return 1 + (int) ceil( $n / 1000 );
	}

	/**
	 * A bounded step.
	 *
	 * @param array $state    State (pages applied, newest change).
	 * @param float $deadline Deadline.
	 * @param array $options  Job options.
	 * @throws \RuntimeException At the deadline (caught here), or another failure of the read.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		$done   = (int) ( $state['pages'] ?? 0 );
		$max    = (int) ( $state['max'] ?? 0 );
		$counts = array();
		$c      = self::$connector ? self::$connector : Connectors::make( 'sitoo' );
		$page_n = 0;
		$stop   = false;
		try {
			$c->fetchWarehouseItems(
				static function ( array $items ) use ( &$page_n, &$done, &$max, &$counts, &$stop, $deadline ) {
					++$page_n;
					if ( $page_n <= $done ) {
						return;
					}
					if ( microtime( true ) >= $deadline ) {
						$stop = true;
						throw new \RuntimeException( 'deadline' );
					}
					$totals = array();
					foreach ( $items as $it ) {
						if ( '' !== (string) ( $it['sku'] ?? '' ) && isset( $it['decimaltotal'] ) ) {
							$totals[ (string) $it['sku'] ] = (float) $it['decimaltotal'];
						}
						$max = max( $max, (int) ( $it['datelastmodified'] ?? 0 ) );
					}
					StockRun::add( $counts, 'fetched', count( $items ) );
					StockDown::apply( 0, $totals, false, $counts, true );
					$done = $page_n;
				},
				1000
			);
		} catch ( \RuntimeException $e ) {
			if ( ! $stop ) {
				throw $e;
			}
		}
		$state['pages'] = $done;
		$state['max']   = $max;
		if ( ! $stop ) {
			update_option( StockDown::SINCE, $max, false );
		}
		return array(
			'done'     => ! $stop,
			'progress' => array( $done, $stop ? $done + 1 : $done ),
			'counts'   => StockRun::flat( $counts ),
			'errors'   => array(),
		);
	}
}
