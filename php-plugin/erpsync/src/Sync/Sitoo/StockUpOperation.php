<?php
/**
 * Complete Sync operation `stock_up`: send the current WooCommerce stock of every product with a SKU and managed
 * stock to Sitoo — to the Virtual warehouse, or to a physical one only when "Force instant stock changes" is on
 * (otherwise a physical warehouse's stock moves through orders, and the operation says so). Sent as the
 * difference to Sitoo's total now (Sitoo takes deltas), after which seen and base agree with both sides.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Sync\BulkWriter;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery -- reads the lookup table in id order.

/** Stock up, the whole shop. */
final class StockUpOperation implements Operation {

	/** Products per request. */
	const CHUNK = 500;

	/** Id. */
	public function id(): string {
		return 'stock_up';
	}

	/** Label. */
	public function label(): string {
		return __( 'Stock: send up to Sitoo all matched products\' stock (Virtual warehouse, or a physical one when forced)', 'erpsync' );
	}

	/**
	 * Reading Sitoo's totals (one request per 1,000) and one request per 500 products (two for a Virtual warehouse).
	 *
	 * @param array $options Job options.
	 */
	public function requests_needed( array $options ): int {
		global $wpdb;
		$n = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup} WHERE sku <> '' AND stock_quantity IS NOT NULL" );
		return 1 + (int) ceil( $n / 1000 ) + (int) ceil( $n / self::CHUNK ) * ( 'virtual' === StockUp::mode() ? 2 : 1 );
	}

	/**
	 * A bounded step.
	 *
	 * @param array $state    State (last product id sent).
	 * @param float $deadline Deadline.
	 * @param array $options  Job options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		global $wpdb;
		$mode = StockUp::mode();
		if ( 'virtual' !== $mode && 'forced' !== $mode ) {
			return array(
				'done'     => true,
				'progress' => array( 0, 0 ),
				'counts'   => array(),
				'errors'   => array( __( 'Stock up is sent to a Virtual warehouse, or to a physical one only when "Force instant stock changes" is on (and "Send product stock changes" is on); a physical warehouse\'s stock moves through orders.', 'erpsync' ) ),
			);
		}
		$c      = StockUp::$connector ? StockUp::$connector : Connectors::make( 'sitoo' );
		$totals = array();
		$c->fetchWarehouseItems(
			static function ( array $items ) use ( &$totals ) {
				foreach ( $items as $it ) {
					$totals[ (string) $it['sku'] ] = (float) $it['decimaltotal'];
				}
			},
			1000
		);
		$last   = (int) ( $state['last'] ?? 0 );
		$total  = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->wc_product_meta_lookup} WHERE sku <> '' AND stock_quantity IS NOT NULL" );
		$counts = array();
		$errors = array();
		$seen   = StockLedger::seen_key();
		do {
			$rows = $wpdb->get_results( $wpdb->prepare( "SELECT product_id, sku, stock_quantity FROM {$wpdb->wc_product_meta_lookup} WHERE sku <> '' AND stock_quantity IS NOT NULL AND product_id > %d ORDER BY product_id LIMIT %d", $last, self::CHUNK ), ARRAY_A );
			if ( ! $rows ) {
				break;
			}
			$chg  = array();
			$ids  = array();
			$led  = array();
			$held = StockUnknown::held( array_column( $rows, 'product_id' ) );
			foreach ( $rows as $r ) {
				$last = (int) $r['product_id'];
				if ( isset( $held[ $last ] ) ) {
					// A put to it is not yet known to have arrived: its settlement comes first (StockUnknown).
					StockRun::add( $counts, 'skipped.unknown' );
					continue;
				}
				$stock        = (float) $r['stock_quantity'];
				$there        = $totals[ $r['sku'] ] ?? 0.0;
				$led[ $last ] = array(
					$seen             => StockLedger::fmt( $stock ),
					StockLedger::BASE => StockLedger::fmt( $stock ),
				);
				if ( abs( $stock - $there ) >= 0.0005 ) {
					$chg[ (string) $r['sku'] ] = StockLedger::fmt( $stock - $there );
					$ids[ (string) $r['sku'] ] = $last;
				} else {
					StockRun::add( $counts, 'unchanged' );
				}
			}
			$ok = self::send( $c, $mode, $chg, $errors );
			foreach ( $ids as $sku => $id ) {
				if ( ! isset( $ok[ $sku ] ) ) {
					unset( $led[ $id ] ); // not taken: the ledger keeps what it had.
				}
			}
			if ( $led ) {
				BulkWriter::set_meta( $led );
			}
			StockRun::add( $counts, 'sent', count( $ok ) );
			StockRun::add( $counts, 'errors', count( $chg ) - count( $ok ) );
			$state['sent'] = (int) ( $state['sent'] ?? 0 ) + count( $rows );
		} while ( microtime( true ) < $deadline );
		$state['last'] = $last;
		$done          = ! $rows;
		return array(
			'done'     => $done,
			'progress' => array( $done ? $total : min( $total, (int) $state['sent'] ), $total ),
			'counts'   => StockRun::flat( $counts ),
			'errors'   => $errors,
		);
	}

	/**
	 * Sends one chunk; returns the SKUs Sitoo took (SKU → true).
	 *
	 * @param object $c      Connector.
	 * @param string $mode   virtual or forced.
	 * @param array  $chg    SKU → delta.
	 * @param array  $errors Errors, added to.
	 */
	private static function send( $c, string $mode, array $chg, array &$errors ): array {
		if ( ! $chg ) {
			return array();
		}
		$ok = array();
		if ( 'virtual' === $mode ) {
			foreach ( $c->adjustVirtualStock( $chg ) as $r ) {
				if ( $r['ok'] ) {
					$ok[ (string) $r['sku'] ] = true;
				} else {
					$errors[] = $r['sku'] . ': ' . $r['error'];
				}
			}
			return $ok;
		}
		$all = true;
		foreach ( $c->adjustStock( $chg, 'wcs-full-' . substr( md5( uniqid( '', true ) ), 0, 10 ) ) as $r ) {
			if ( ! $r['ok'] ) {
				$all      = false;
				$errors[] = (string) $r['error'];
			}
		}
		return $all ? array_fill_keys( array_keys( $chg ), true ) : array();
	}
}
