<?php
/**
 * The two numbers per product that make Sitoo stock move as deltas, with no lost update and no echo:
 *
 * - **seen** (`_erpsync_sitoo_seen_<warehouseid>`): Sitoo's total for the product's SKU in that warehouse as we last
 *   saw it, or as we expect it after a delta *we* sent up (seen += delta when Sitoo took it). The stock poll applies
 *   Sitoo's total − seen to WooCommerce: a POS sale counts, our own change (already in seen) does not come back.
 * - **base** (`_erpsync_sitoo_base`): the WooCommerce stock already accounted for on both sides. A WooCommerce
 *   stock change (a web sale, an edit) is WooCommerce's stock − base, sent up and then added to base; a change the
 *   poll writes into WooCommerce moves stock and base together, so it is never sent back.
 *
 * Both move by SQL arithmetic (meta_value + delta) under row locks, never by a read-then-write in PHP.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- post meta rows changed by arithmetic under row locks; ids are integers.

/** Seen and base per product. */
final class StockLedger {

	/** Prefix of the "seen" key (the warehouse id follows). */
	const SEEN = '_erpsync_sitoo_seen_';

	/** The "base" key. */
	const BASE = '_erpsync_sitoo_base';

	/**
	 * The "seen" meta key of a warehouse.
	 *
	 * @param int|null $warehouse Warehouse id (null: the configured one).
	 */
	public static function seen_key( ?int $warehouse = null ): string {
		return self::SEEN . ( null === $warehouse ? (int) Settings::get( 'sitoo' )['warehouse_id'] : $warehouse );
	}

	/**
	 * Meta of these products: id → [meta key → value], for `_stock`, seen and base (locked FOR UPDATE when asked,
	 * inside the caller's transaction).
	 *
	 * @param int[] $ids  Product ids.
	 * @param bool  $lock Lock the rows.
	 */
	public static function read( array $ids, bool $lock = false ): array {
		global $wpdb;
		$ids = array_values( array_filter( array_map( 'intval', $ids ) ) );
		if ( ! $ids ) {
			return array();
		}
		$out = array();
		$sql = $wpdb->prepare( "SELECT post_id, meta_key, meta_value FROM {$wpdb->postmeta} WHERE post_id IN (" . implode( ',', $ids ) . ') AND meta_key IN (%s, %s, %s) ORDER BY meta_id', '_stock', self::seen_key(), self::BASE );
		foreach ( $wpdb->get_results( $sql . ( $lock ? ' FOR UPDATE' : '' ), ARRAY_N ) as $r ) {
			if ( ! isset( $out[ (int) $r[0] ][ $r[1] ] ) ) {
				$out[ (int) $r[0] ][ $r[1] ] = (string) $r[2];
			}
		}
		return $out;
	}

	/**
	 * Adds $delta to a ledger value of one product (nothing when the product has no such value yet: then there is
	 * no baseline to move, and the next poll takes one).
	 *
	 * @param int    $id    Product id.
	 * @param string $key   self::BASE or a seen key.
	 * @param float  $delta Signed change.
	 */
	public static function shift( int $id, string $key, float $delta ): void {
		global $wpdb;
		if ( 0.0 === $delta ) {
			return;
		}
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->postmeta} SET meta_value = meta_value + %f WHERE post_id = %d AND meta_key = %s", $delta, $id, $key ) );
		wp_cache_delete( $id, 'post_meta' );
	}

	/**
	 * Product ids of SKUs (simple products and variations whose stock WooCommerce manages); a SKU held twice is
	 * left out (listed in $dup).
	 *
	 * @param string[] $skus SKUs.
	 * @param string[] $dup  Filled with SKUs held by more than one product.
	 * @return array<string,int> SKU → product id.
	 */
	public static function ids_of_skus( array $skus, array &$dup = array() ): array {
		global $wpdb;
		$skus = array_values( array_unique( array_filter( array_map( 'strval', $skus ), 'strlen' ) ) );
		if ( ! $skus ) {
			return array();
		}
		$in  = implode( ',', array_fill( 0, count( $skus ), '%s' ) );
		$out = array();
		foreach ( $wpdb->get_results( $wpdb->prepare( "SELECT sku, product_id FROM {$wpdb->wc_product_meta_lookup} WHERE sku IN ({$in}) AND stock_quantity IS NOT NULL", $skus ), ARRAY_N ) as $r ) {
			if ( isset( $out[ $r[0] ] ) ) {
				$dup[] = $r[0];
				continue;
			}
			$out[ $r[0] ] = (int) $r[1];
		}
		foreach ( array_unique( $dup ) as $sku ) {
			unset( $out[ $sku ] );
		}
		return $out;
	}

	/**
	 * Number as a meta value ("12", "2.5").
	 *
	 * @param float $v Value.
	 */
	public static function fmt( float $v ): string {
		return (string) wc_format_decimal( round( $v, 3 ), false, true );
	}
}
