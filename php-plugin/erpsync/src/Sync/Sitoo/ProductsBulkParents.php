<?php
/**
 * New variable products (parents) and their variations written in multi-row statements, leaving what
 * WC_Product_Variable::save(), WC_Product_Variation::save() for each variation, WC_Product_Variable::sync() and the
 * attribute lookup table's own update leave: the parents' rows through ProductsBulkRows (their `_price` rows: the
 * variations' prices), the variations through ProductsBulk::insert(); then one cache and transient clean-up for the
 * whole batch. Fires `erpsync_bulk_products_created` (int[] $parent_ids) instead of WooCommerce's per-product hooks.
 * tests/phpunit/woocommerce/SitooBulkParentsTest.php compares it with the CRUD.
 *
 * Covers a new variable product whose variation attributes are custom (not taxonomies), with no image, gallery,
 * tags, shipping class, downloads or sale price; supports() says so and the caller saves anything else through the
 * CRUD.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** Bulk creation of variable products with their variations. */
final class ProductsBulkParents {

	/**
	 * Whether create() leaves for this (unsaved) product and these variations what the CRUD leaves.
	 *
	 * @param \WC_Product $p  The product, filled, not saved.
	 * @param array       $vs Variations as ProductsBulk::variations() takes them.
	 */
	public static function supports( \WC_Product $p, array $vs ): bool {
		if ( ! $p instanceof \WC_Product_Variable || ! ProductsBulkRows::covers( $p ) ) {
			return false;
		}
		foreach ( $p->get_attributes( 'edit' ) as $a ) {
			if ( $a->get_id() && $a->get_variation() ) {
				return false; // taxonomy attributes used for variations: lookup rows per variation, not covered.
			}
		}
		foreach ( $vs as $v ) {
			foreach ( array_keys( (array) $v['attrs'] ) as $k ) {
				if ( taxonomy_exists( (string) $k ) ) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Creates the products and their variations (SKUs checked by the caller: ProductsBulk::check_skus()).
	 *
	 * @param array $groups List of [WC_Product_Variable (filled, unsaved, supports()), variations].
	 * @return array List of [parent id, int[] variation ids], in the order given.
	 */
	public static function create( array $groups ): array {
		if ( ! $groups ) {
			return array();
		}
		$prices = array();
		foreach ( $groups as $i => list( , $vs ) ) {
			$prices[ $i ] = self::prices( $vs );
		}
		list( $pids, $terms ) = ProductsBulkRows::write( array_column( $groups, 0 ), $prices );
		_prime_post_caches( $pids, true, true );
		$loaded = array();
		foreach ( $groups as $i => list( , $vs ) ) {
			$loaded[] = array( wc_get_product( $pids[ $i ] ), $vs );
		}
		$vids = ProductsBulk::insert( $loaded );
		ProductsBulkRows::clean_up( $pids, array_merge( ...array_merge( array( array() ), $vids ) ), $terms );
		$out = array();
		foreach ( $pids as $i => $pid ) {
			/** This action is documented in ProductsBulk::variations(). */
			do_action( 'erpsync_bulk_variations_created', $vids[ $i ], $pid );
			$out[] = array( $pid, $vids[ $i ] );
		}
		/**
		 * Products were created in bulk (WooCommerce's per-product hooks were not fired): variable products here,
		 * simple products in ProductsBulkSimple::create().
		 *
		 * @param int[] $ids Product ids.
		 */
		do_action( 'erpsync_bulk_products_created', $pids );
		return $out;
	}

	/**
	 * The `_price` rows WC_Product_Variable_Data_Store_CPT::sync_price() writes: the variations' distinct prices,
	 * in numeric order.
	 *
	 * @param array $vs Variations.
	 * @return string[]
	 */
	private static function prices( array $vs ): array {
		$prices = array();
		foreach ( $vs as $v ) {
			if ( null !== $v['price'] && '' !== wc_format_decimal( $v['price'] ) ) {
				$prices[] = wc_format_decimal( $v['price'] );
			}
		}
		$prices = array_unique( $prices );
		sort( $prices, SORT_NUMERIC );
		return $prices;
	}
}
