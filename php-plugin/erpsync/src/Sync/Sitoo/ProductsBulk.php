<?php
/**
 * Variations of a new variable product written in multi-row statements, leaving what WC_Product_Variation::save()
 * leaves for a new variation with a SKU, a regular price and custom (non-taxonomy) attributes: the post (title and
 * attribute summary as WooCommerce generates them, slug, guid), the same post meta in the same order, the
 * wc_product_meta_lookup row; then the parent's transients and WooCommerce's own WC_Product_Variable::sync. Fires
 * `erpsync_bulk_variations_created` (int[] $ids, int $parent_id) instead of WooCommerce's per-variation hooks.
 * tests/phpunit/woocommerce/SitooBulkCrudTest.php compares it with the CRUD.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- multi-row statements on WordPress's and WooCommerce's tables; every value is a placeholder.

/** Bulk creation of variations. */
final class ProductsBulk {

	/**
	 * Creates the variations of a saved variable product.
	 *
	 * @param \WC_Product_Variable $parent The parent (saved, with its variation attributes).
	 * @param array                $vs     Variations: [sku, price (string|null), attrs (attribute key → value)].
	 * @return int[] New ids, in the order given.
	 */
	public static function variations( \WC_Product_Variable $parent, array $vs ): array {
		global $wpdb;
		if ( ! $vs ) {
			return array();
		}
		self::check_skus( $vs );
		$pid    = $parent->get_id();
		$now    = current_time( 'mysql' );
		$gmt    = current_time( 'mysql', 1 );
		$author = get_current_user_id();
		$rows   = array();
		$args   = array();
		$names  = array();
		foreach ( $vs as $i => $v ) {
			$tmp = new \WC_Product_Variation();
			$tmp->set_parent_id( $pid );
			$tmp->set_attributes( $v['attrs'] );
			list( $title, $excerpt ) = self::title( $tmp, $parent );
			$names[ $i ]             = sanitize_title( $title );
			$rows[]                  = "(%d, %s, %s, '', %s, %s, 'publish', 'closed', 'closed', '', %s, '', '', %s, %s, '', %d, '', 0, 'product_variation', '', 0)";
			array_push( $args, $author, $now, $gmt, $title, $excerpt, $names[ $i ], $now, $gmt, $pid );
		}
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, comment_status, ping_status, post_password, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, post_parent, guid, menu_order, post_type, post_mime_type, comment_count) VALUES " . implode( ',', $rows ), $args ) );
		$first = (int) $wpdb->insert_id;
		$ids   = range( $first, $first + count( $vs ) - 1 );
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->posts} SET guid = CONCAT(%s, ID) WHERE ID BETWEEN %d AND %d", home_url( '/?post_type=product_variation&p=' ), $first, end( $ids ) ) );
		self::unique_names( $ids, $names );
		$meta  = array();
		$args  = array();
		$look  = array();
		$largs = array();
		foreach ( array_values( $vs ) as $i => $v ) {
			$id    = $ids[ $i ];
			$price = null === $v['price'] ? '' : wc_format_decimal( $v['price'] );
			$pairs = array(
				'_variation_description' => '',
				'_sku'                   => (string) $v['sku'],
				'_regular_price'         => $price,
				'total_sales'            => '0',
				'_tax_status'            => 'taxable',
				'_tax_class'             => 'parent',
				'_manage_stock'          => 'no',
				'_backorders'            => 'no',
				'_sold_individually'     => 'no',
				'_virtual'               => 'no',
				'_downloadable'          => 'no',
				'_download_limit'        => '-1',
				'_download_expiry'       => '-1',
				'_stock'                 => null, // NULL, as the CRUD leaves it.
				'_stock_status'          => 'instock',
				'_wc_average_rating'     => '0',
				'_wc_review_count'       => '0',
			);
			foreach ( $v['attrs'] as $k => $val ) {
				$pairs[ 'attribute_' . $k ] = (string) $val;
			}
			$pairs['_price']           = $price;
			$pairs['_product_version'] = \WC_VERSION;
			if ( '' === $price ) {
				unset( $pairs['_regular_price'], $pairs['_price'] ); // the CRUD writes no empty price rows.
			}
			foreach ( $pairs as $k => $val ) {
				$meta[] = null === $val ? '(%d, %s, NULL)' : '(%d, %s, %s)';
				array_push( $args, $id, $k );
				if ( null !== $val ) {
					$args[] = $val;
				}
			}
			$look[] = "(%d, %s, '', 0, 0, %s, %s, 0, NULL, 'instock', 0, 0, 0, 'taxable', 'parent')";
			array_push( $largs, $id, (string) $v['sku'], '' === $price ? null : $price, '' === $price ? null : $price );
		}
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode( ',', $meta ), $args ) );
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->wc_product_meta_lookup} (product_id, sku, global_unique_id, virtual, downloadable, min_price, max_price, onsale, stock_quantity, stock_status, rating_count, average_rating, total_sales, tax_status, tax_class) VALUES " . implode( ',', $look ), $largs ) );
		foreach ( $ids as $id ) {
			clean_post_cache( $id );
		}
		wc_delete_product_transients( $pid );
		\WC_Product_Variable::sync( $pid );
		/**
		 * Variations were created in bulk (WooCommerce's per-variation hooks were not fired).
		 *
		 * @param int[] $ids       Variation ids.
		 * @param int   $parent_id Parent id.
		 */
		do_action( 'erpsync_bulk_variations_created', $ids, $pid );
		return $ids;
	}

	/**
	 * Refuses SKUs the shop already has or that repeat, as the CRUD does (nothing is written then).
	 *
	 * @param array $vs Variations.
	 * @throws \RuntimeException A SKU that is taken.
	 */
	public static function check_skus( array $vs ): void {
		global $wpdb;
		$skus = array_values( array_filter( array_map( static fn( $v ) => (string) $v['sku'], $vs ), 'strlen' ) );
		if ( ! $skus ) {
			return;
		}
		$dup = array_keys( array_filter( array_count_values( $skus ), static fn( $n ) => $n > 1 ) );
		if ( ! $dup ) {
			$dup = $wpdb->get_col( $wpdb->prepare( "SELECT l.sku FROM {$wpdb->wc_product_meta_lookup} l JOIN {$wpdb->posts} p ON p.ID = l.product_id AND p.post_status <> 'trash' WHERE l.sku IN (" . implode( ',', array_fill( 0, count( $skus ), '%s' ) ) . ')', $skus ) );
		}
		if ( $dup ) {
			/* translators: %s: SKUs */
			throw new \RuntimeException( sprintf( __( 'Invalid or duplicated SKU: %s', 'erpsync' ), implode( ', ', $dup ) ) );
		}
	}

	/**
	 * Title and attribute summary as WooCommerce's variation data store generates them.
	 *
	 * @param \WC_Product_Variation $v      The variation (not saved).
	 * @param \WC_Product_Variable  $parent Its parent.
	 */
	private static function title( \WC_Product_Variation $v, \WC_Product_Variable $parent ): array {
		$attributes = (array) $v->get_attributes();
		$include    = count( $attributes ) < 3;
		if ( $include && 1 < count( $attributes ) ) {
			foreach ( array_keys( $attributes ) as $name ) {
				if ( false !== strpos( (string) $name, '-' ) ) {
					$include = false;
					break;
				}
			}
		}
		$include = apply_filters( 'woocommerce_product_variation_title_include_attributes', $include, $v ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- WooCommerce's own filter, applied as its data store does.
		$sep     = apply_filters( 'woocommerce_product_variation_title_attributes_separator', ' - ', $v ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- idem.
		$base    = (string) $parent->get_name( 'edit' );
		$suffix  = $include ? wc_get_formatted_variation( $v, true, false ) : '';
		$title   = apply_filters( 'woocommerce_product_variation_title', $suffix ? $base . $sep . $suffix : $base, $v, $base, $suffix ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- idem.
		return array( (string) $title, (string) wc_get_formatted_variation( $v, true, true ) );
	}

	/**
	 * Slugs made unique the way wp_unique_post_slug() does for a non-hierarchical type (-2, -3, …).
	 *
	 * @param int[]    $ids   New ids.
	 * @param string[] $names Wanted slugs, same order.
	 */
	private static function unique_names( array $ids, array $names ): void {
		global $wpdb;
		$names = array_values( $names );
		$taken = array_flip(
			$wpdb->get_col(
				$wpdb->prepare(
					"SELECT post_name FROM {$wpdb->posts} WHERE post_type = 'product_variation' AND ID NOT BETWEEN %d AND %d AND post_name IN (" . implode( ',', array_fill( 0, count( $names ), '%s' ) ) . ')',
					array_merge( array( $ids[0], end( $ids ) ), $names )
				)
			)
		);
		foreach ( $ids as $i => $id ) {
			$slug = $names[ $i ];
			if ( isset( $taken[ $slug ] ) ) {
				$n = 2;
				while ( isset( $taken[ "$slug-$n" ] ) || $wpdb->get_var( $wpdb->prepare( "SELECT ID FROM {$wpdb->posts} WHERE post_type = 'product_variation' AND post_name = %s LIMIT 1", "$slug-$n" ) ) ) {
					++$n;
				}
				$slug = "$slug-$n";
				$wpdb->update( $wpdb->posts, array( 'post_name' => $slug ), array( 'ID' => $id ) );
			}
			$taken[ $slug ] = true;
		}
	}
}
