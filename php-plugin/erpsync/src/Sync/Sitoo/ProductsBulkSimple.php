<?php
/**
 * New simple products written in multi-row statements, leaving what WC_Product_Simple::save() and the attribute
 * lookup table's own update leave: the rows of ProductsBulkRows (posts with slug and guid, post meta in the CRUD's
 * order with `_regular_price` and the one `_price` row WC_Product_Data_Store_CPT::handle_updated_props() writes, the
 * `product_type` / `product_cat` / attribute-taxonomy relationships and term counts, the wc_product_meta_lookup and
 * wc_product_attributes_lookup rows); then one cache and transient clean-up for the whole batch. Fires
 * `erpsync_bulk_products_created` (int[] $ids) instead of WooCommerce's per-product hooks.
 * tests/phpunit/woocommerce/SitooBulkSimpleTest.php compares it with the CRUD.
 *
 * Covers a new simple product with a regular price (or none) and no sale price, not virtual, not downloadable, and
 * none of what ProductsBulkRows::covers() refuses; supports() says so and the caller saves anything else through
 * the CRUD.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** Bulk creation of simple products. */
final class ProductsBulkSimple {

	/**
	 * Whether create() leaves for this (unsaved) product what the CRUD leaves.
	 *
	 * @param \WC_Product $p The product, filled, not saved.
	 */
	public static function supports( \WC_Product $p ): bool {
		return 'simple' === $p->get_type() && ProductsBulkRows::covers( $p )
			&& '' === (string) $p->get_sale_price( 'edit' ) && ! $p->get_date_on_sale_from( 'edit' ) && ! $p->get_date_on_sale_to( 'edit' )
			&& ! $p->get_virtual( 'edit' ) && ! $p->get_downloadable( 'edit' );
	}

	/**
	 * Creates the products (SKUs checked by the caller: ProductsBulk::taken_skus()).
	 *
	 * @param \WC_Product_Simple[] $products Products (filled, unsaved, supports()).
	 * @return int[] Their ids, in the order given.
	 */
	public static function create( array $products ): array {
		if ( ! $products ) {
			return array();
		}
		// handle_updated_props() writes `_price` (the regular price) when the regular price was written; a product
		// without one gets no `_price` row (its type, "simple", is what WooCommerce reads for a post without one: no change).
		$prices              = array_map( static fn( $p ) => array_filter( array( (string) $p->get_regular_price( 'edit' ) ), 'strlen' ), array_values( $products ) );
		list( $ids, $terms ) = ProductsBulkRows::write( array_values( $products ), $prices );
		ProductsBulkRows::clean_up( $ids, array(), $terms );
		/** This action is documented in ProductsBulkParents::create(). */
		do_action( 'erpsync_bulk_products_created', $ids );
		return $ids;
	}
}
