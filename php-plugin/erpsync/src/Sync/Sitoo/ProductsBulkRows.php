<?php
/**
 * The rows of new products written in multi-row statements, shared by ProductsBulkParents (variable products with
 * their variations) and ProductsBulkSimple (simple products): what WC_Product_Data_Store_CPT::create() and the
 * attribute lookup table's own update leave for a product — the posts (slug, guid), post meta in the CRUD's order
 * (`_product_attributes`, `_product_version`, the `_price` rows), the `product_type`, `product_cat` and
 * attribute-taxonomy relationships with their term counts (WordPress's and WooCommerce's
 * `product_count_product_cat`), the wc_product_meta_lookup rows, the wc_product_attributes_lookup rows of the
 * products' taxonomy attributes (no Action Scheduler action per product) — and one cache and transient clean-up
 * for a batch. covers() lists what a product must (not) have for these rows to be what the CRUD leaves.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use Automattic\WooCommerce\Internal\ProductAttributesLookup\LookupDataStore;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- multi-row statements on WordPress's and WooCommerce's tables; every value is a placeholder.

/** Rows of new products (simple or variable) in bulk. */
final class ProductsBulkRows {

	/** Post meta a new product gets from WC_Product_Data_Store_CPT::update_post_meta( $product, true ), in its order. */
	const META = array(
		'_sku'                   => 'sku',
		'_global_unique_id'      => 'global_unique_id',
		'_regular_price'         => 'regular_price',
		'_sale_price'            => 'sale_price',
		'_sale_price_dates_from' => 'date_on_sale_from',
		'_sale_price_dates_to'   => 'date_on_sale_to',
		'total_sales'            => 'total_sales',
		'_tax_status'            => 'tax_status',
		'_tax_class'             => 'tax_class',
		'_manage_stock'          => 'manage_stock',
		'_backorders'            => 'backorders',
		'_low_stock_amount'      => 'low_stock_amount',
		'_sold_individually'     => 'sold_individually',
		'_weight'                => 'weight',
		'_length'                => 'length',
		'_width'                 => 'width',
		'_height'                => 'height',
		'_upsell_ids'            => 'upsell_ids',
		'_crosssell_ids'         => 'cross_sell_ids',
		'_purchase_note'         => 'purchase_note',
		'_default_attributes'    => 'default_attributes',
		'_virtual'               => 'virtual',
		'_downloadable'          => 'downloadable',
		'_product_image_gallery' => 'gallery_image_ids',
		'_download_limit'        => 'download_limit',
		'_download_expiry'       => 'download_expiry',
		'_thumbnail_id'          => 'image_id',
		'_stock'                 => 'stock_quantity',
		'_stock_status'          => 'stock_status',
		'_wc_average_rating'     => 'average_rating',
		'_wc_rating_count'       => 'rating_counts',
		'_wc_review_count'       => 'review_count',
	);

	/**
	 * Whether the rows written here are what the CRUD leaves for this (unsaved) product: the writer's switch (filter
	 * `erpsync_sitoo_products_bulk`), consecutive ids, and none of what they do not cover — an image, a gallery,
	 * tags, a shipping class, downloads, featured, a catalogue visibility other than visible, meta data, managed
	 * stock, a stock status other than in stock, a status other than publish or draft. The callers add what their
	 * product type needs.
	 *
	 * @param \WC_Product $p The product, filled, not saved.
	 */
	public static function covers( \WC_Product $p ): bool {
		/**
		 * Whether Sitoo products down may write new products (variable products with their variations, simple
		 * products) in multi-row statements (default true); false sends every new product through WooCommerce's
		 * CRUD, for a shop whose plugins need WooCommerce's per-product hooks.
		 *
		 * @param bool $bulk Allowed.
		 */
		if ( ! apply_filters( 'erpsync_sitoo_products_bulk', true ) ) {
			return false;
		}
		return ! ( $p->get_id() || ! ProductsBulk::consecutive_ids() || ! in_array( $p->get_status( 'edit' ), array( 'publish', 'draft' ), true )
			|| $p->get_image_id( 'edit' ) || $p->get_gallery_image_ids( 'edit' ) || $p->get_tag_ids( 'edit' ) || $p->get_shipping_class_id( 'edit' )
			|| $p->get_downloads( 'edit' ) || $p->get_featured( 'edit' ) || 'visible' !== $p->get_catalog_visibility( 'edit' ) || $p->get_meta_data()
			|| $p->get_manage_stock( 'edit' ) || 'instock' !== $p->get_stock_status( 'edit' ) );
	}

	/**
	 * Writes the products' rows (posts, post meta, term relationships and counts, both lookup tables); sets each
	 * product's id and slug. No cache clean-up: the caller runs clean_up() once for its batch.
	 *
	 * @param \WC_Product[] $products Products (filled, unsaved, covered).
	 * @param string[][]    $prices   Their `_price` rows, same order.
	 * @return array [int[] ids, what terms() returned (for clean_up())].
	 */
	public static function write( array $products, array $prices ): array {
		$pids = self::posts( $products );
		self::meta( $products, $pids, $prices );
		$terms = self::terms( $products, $pids );
		self::lookup( $products, $pids, $prices );
		self::attribute_lookup( $products, $pids, $terms );
		return array( $pids, $terms );
	}

	/**
	 * The posts, as WC_Product_Data_Store_CPT::create() has wp_insert_post() write them; returns the ids.
	 *
	 * @param \WC_Product[] $products Products.
	 * @return int[]
	 */
	private static function posts( array $products ): array {
		global $wpdb;
		$author = get_current_user_id();
		$now    = time();
		$rows   = array();
		$args   = array();
		$names  = array();
		$data   = array();
		foreach ( $products as $p ) {
			$p->set_date_created( $now );
			$created = $p->get_date_created( 'edit' );
			$d       = apply_filters( // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- WooCommerce's own filter, applied as its data store does.
				'woocommerce_new_product_data',
				array(
					'post_type'      => 'product',
					'post_status'    => $p->get_status(),
					'post_author'    => $author,
					'post_title'     => $p->get_name() ? $p->get_name() : __( 'Product', 'woocommerce' ), // phpcs:ignore WordPress.WP.I18n.TextDomainMismatch -- WooCommerce's own default name.
					'post_content'   => $p->get_description(),
					'post_excerpt'   => $p->get_short_description(),
					'post_parent'    => 0,
					'comment_status' => $p->get_reviews_allowed() ? 'open' : 'closed',
					'ping_status'    => 'closed',
					'menu_order'     => $p->get_menu_order(),
					'post_password'  => $p->get_post_password( 'edit' ),
					'post_date'      => gmdate( 'Y-m-d H:i:s', $created->getOffsetTimestamp() ),
					'post_date_gmt'  => gmdate( 'Y-m-d H:i:s', $created->getTimestamp() ),
					'post_name'      => '',
				)
			);
			$d       = wp_unslash( sanitize_post( $d, 'db' ) ); // what wp_insert_post() does with it.
			$names[] = in_array( $d['post_status'], array( 'draft', 'pending', 'auto-draft' ), true ) ? '' : sanitize_title( $d['post_title'] );
			$rows[]  = "(%d, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', %s, %s, '', 0, '', %d, 'product', '', 0)";
			array_push( $args, $d['post_author'], $d['post_date'], $d['post_date_gmt'], $d['post_content'], $d['post_title'], $d['post_excerpt'], $d['post_status'], $d['comment_status'], $d['ping_status'], $d['post_password'], end( $names ), $d['post_date'], $d['post_date_gmt'], $d['menu_order'] );
			$data[] = $d;
		}
		ProductsBulk::q( $wpdb->prepare( "INSERT INTO {$wpdb->posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, comment_status, ping_status, post_password, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, post_parent, guid, menu_order, post_type, post_mime_type, comment_count) VALUES " . implode( ',', $rows ), $args ) );
		$first = (int) $wpdb->insert_id;
		$ids   = range( $first, $first + count( $products ) - 1 );
		ProductsBulk::check_ids( $ids );
		$names = ProductsBulk::unique_names( $ids, $names, 'product' );
		$case  = array();
		$args  = array();
		foreach ( $ids as $i => $id ) {
			$post   = new \WP_Post(
				(object) array_merge(
					$data[ $i ],
					array(
						'ID'        => $id,
						'post_name' => $names[ $i ],
						'filter'    => 'raw',
					)
				)
			);
			$case[] = 'WHEN %d THEN %s';
			array_push( $args, $id, (string) get_permalink( $post ) ); // wp_insert_post() sets the guid to the permalink.
			$products[ $i ]->set_id( $id );
			$products[ $i ]->set_slug( $names[ $i ] );
		}
		array_push( $args, $first, end( $ids ) );
		ProductsBulk::q( $wpdb->prepare( "UPDATE {$wpdb->posts} SET guid = CASE ID " . implode( ' ', $case ) . ' END WHERE ID BETWEEN %d AND %d', $args ) ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber -- the placeholders are in $case.
		return $ids;
	}

	/**
	 * Post meta of every product in one statement, in the order the CRUD writes it.
	 *
	 * @param \WC_Product[] $products Products (with ids).
	 * @param int[]         $pids     Their ids.
	 * @param string[][]    $prices   Their `_price` rows.
	 */
	private static function meta( array $products, array $pids, array $prices ): void {
		$rows = array();
		$args = array();
		foreach ( $products as $i => $p ) {
			$pairs = array();
			foreach ( self::META as $key => $prop ) {
				$value = self::meta_value( $p, $prop );
				if ( ( '' === $value || array() === $value ) && '_tax_class' !== $key ) {
					continue; // update_or_delete_post_meta() deletes empty values, except the ones that must exist.
				}
				$pairs[ $key ] = is_array( $value ) ? maybe_serialize( $value ) : ( null === $value ? null : (string) $value );
			}
			$attrs = self::attributes_meta( $p );
			if ( $attrs ) {
				$pairs['_product_attributes'] = maybe_serialize( $attrs );
			}
			$pairs['_product_version'] = \WC_VERSION;
			$pairs['_price']           = $prices[ $i ];
			ProductsBulk::meta_rows( $rows, $args, $pids[ $i ], $pairs );
		}
		ProductsBulk::insert_meta( $rows, $args );
	}

	/**
	 * A prop as update_post_meta() stores it.
	 *
	 * @param \WC_Product $p    Product.
	 * @param string      $prop Prop.
	 * @return mixed
	 */
	private static function meta_value( \WC_Product $p, string $prop ) {
		$value = $p->{"get_$prop"}( 'edit' );
		switch ( $prop ) {
			case 'virtual':
			case 'downloadable':
			case 'manage_stock':
			case 'sold_individually':
				return wc_bool_to_string( $value );
			case 'gallery_image_ids':
				return implode( ',', $value );
			case 'date_on_sale_from':
			case 'date_on_sale_to':
				return $value ? $value->getTimestamp() : '';
		}
		return is_float( $value ) || is_int( $value ) ? (string) $value : $value;
	}

	/**
	 * `_product_attributes` as WC_Product_Data_Store_CPT::update_attributes() stores it.
	 *
	 * @param \WC_Product $p Product.
	 */
	private static function attributes_meta( \WC_Product $p ): array {
		$out = array();
		foreach ( $p->get_attributes() as $key => $a ) {
			$out[ $key ] = array(
				'name'         => $a->get_name(),
				'value'        => $a->is_taxonomy() ? '' : wc_implode_text_attributes( $a->get_options() ),
				'position'     => $a->get_position(),
				'is_visible'   => $a->get_visible() ? 1 : 0,
				'is_variation' => $a->get_variation() ? 1 : 0,
				'is_taxonomy'  => $a->is_taxonomy() ? 1 : 0,
			);
		}
		return $out;
	}

	/**
	 * Term relationships (product_type, product_cat or the default category, the taxonomy attributes) in one
	 * statement, and their counts (deferred when the caller defers term counting).
	 *
	 * @param \WC_Product[] $products Products.
	 * @param int[]         $pids     Their ids.
	 * @return array taxonomy → term id → term_taxonomy_id, per product index: [ 'by_product' => [i => [taxonomy => term ids]] ].
	 */
	private static function terms( array $products, array $pids ): array {
		global $wpdb;
		$want = array();
		$all  = array();
		foreach ( $products as $i => $p ) {
			$cats = array_map( 'intval', $p->get_category_ids( 'edit' ) );
			if ( ! $cats && get_option( 'default_product_cat', 0 ) ) {
				$cats = array( (int) get_option( 'default_product_cat', 0 ) );
			}
			$want[ $i ]['product_cat'] = array_values( array_unique( $cats ) );
			foreach ( $p->get_attributes( 'edit' ) as $a ) {
				if ( $a->is_taxonomy() ) {
					$want[ $i ][ $a->get_name() ] = array_values( array_unique( array_map( 'intval', $a->get_options() ) ) );
				}
			}
			foreach ( $want[ $i ] as $tax => $ids ) {
				$all[ $tax ] = array_merge( $all[ $tax ] ?? array(), $ids );
			}
		}
		$tt    = array();
		$types = array(); // product type → its term id.
		foreach ( $products as $p ) {
			if ( ! isset( $types[ $p->get_type() ] ) ) {
				$type                    = get_term_by( 'slug', $p->get_type(), 'product_type' );
				$types[ $p->get_type() ] = (int) $type->term_id;

				$tt['product_type'][ (int) $type->term_id ] = (int) $type->term_taxonomy_id;
			}
		}
		foreach ( $all as $tax => $ids ) {
			$ids = array_values( array_unique( $ids ) );
			if ( ! $ids ) {
				continue;
			}
			foreach ( $wpdb->get_results( $wpdb->prepare( "SELECT term_id, term_taxonomy_id FROM {$wpdb->term_taxonomy} WHERE taxonomy = %s AND term_id IN (" . implode( ',', array_fill( 0, count( $ids ), '%d' ) ) . ')', array_merge( array( $tax ), $ids ) ), ARRAY_N ) as $r ) {
				$tt[ $tax ][ (int) $r[0] ] = (int) $r[1];
			}
		}
		$rows  = array();
		$args  = array();
		$have  = array();
		$count = array();
		foreach ( $pids as $i => $pid ) {
			$mine = array( 'product_type' => array( $types[ $products[ $i ]->get_type() ] ) ) + $want[ $i ];
			foreach ( $mine as $tax => $ids ) {
				foreach ( $ids as $term ) {
					if ( ! isset( $tt[ $tax ][ $term ] ) ) {
						continue; // wp_set_object_terms() skips an id that is not a term.
					}
					$rows[] = '(%d, %d, 0)';
					array_push( $args, $pid, $tt[ $tax ][ $term ] );
					$have[ $i ][ $tax ][]   = $term;
					$count[ $tax ][ $term ] = $tt[ $tax ][ $term ];
				}
			}
		}
		ProductsBulk::q( $wpdb->prepare( "INSERT INTO {$wpdb->term_relationships} (object_id, term_taxonomy_id, term_order) VALUES " . implode( ',', $rows ), $args ) );
		foreach ( $count as $tax => $map ) {
			// product_cat's count callback is _wc_term_recount(): WooCommerce's product_count_product_cat (what
			// _wc_recount_terms_by_product() does per product) comes with it, now or when the deferred counts run.
			wp_update_term_count( array_values( $map ), $tax );
		}
		wp_cache_set_terms_last_changed();
		return array(
			'by_product' => $have,
			'taxonomies' => array_keys( $count ),
		);
	}

	/**
	 * The wc_product_meta_lookup rows, as WooCommerce leaves them after create() (a simple product) or sync_price()
	 * (a variable product): min and max of the `_price` rows.
	 *
	 * @param \WC_Product[] $products Products.
	 * @param int[]         $pids     Their ids.
	 * @param string[][]    $prices   Their `_price` rows.
	 */
	private static function lookup( array $products, array $pids, array $prices ): void {
		global $wpdb;
		$rows = array();
		$args = array();
		foreach ( $products as $i => $p ) {
			$rows[] = "(%d, %s, %s, 0, 0, %s, %s, 0, NULL, 'instock', 0, 0, 0, %s, %s)";
			array_push( $args, $pids[ $i ], (string) $p->get_sku( 'edit' ), (string) $p->get_global_unique_id( 'edit' ), $prices[ $i ] ? reset( $prices[ $i ] ) : '', $prices[ $i ] ? end( $prices[ $i ] ) : '', (string) $p->get_tax_status( 'edit' ), (string) $p->get_tax_class( 'edit' ) );
		}
		ProductsBulk::q( $wpdb->prepare( "INSERT INTO {$wpdb->wc_product_meta_lookup} (product_id, sku, global_unique_id, virtual, downloadable, min_price, max_price, onsale, stock_quantity, stock_status, rating_count, average_rating, total_sales, tax_status, tax_class) VALUES " . implode( ',', $rows ), $args ) );
	}

	/**
	 * The wc_product_attributes_lookup rows of the products' taxonomy attributes (of a variable product: those not
	 * used for variations), as LookupDataStore::create_data_for_simple_product() and
	 * create_data_for_variable_product() write them (the variations' attributes are custom: no rows).
	 *
	 * @param \WC_Product[] $products Products.
	 * @param int[]         $pids     Their ids.
	 * @param array         $terms    What terms() returned.
	 */
	private static function attribute_lookup( array $products, array $pids, array $terms ): void {
		global $wpdb;
		$store = wc_get_container()->get( LookupDataStore::class );
		if ( ! $store->check_lookup_table_exists() ) {
			return;
		}
		$rows = array();
		$args = array();
		foreach ( $products as $i => $p ) {
			foreach ( $p->get_attributes( 'edit' ) as $a ) {
				if ( ! $a->get_id() || ( $a->get_variation() && $p->is_type( 'variable' ) ) ) {
					continue;
				}
				foreach ( $terms['by_product'][ $i ][ $a->get_name() ] ?? array() as $term ) {
					$rows[] = '(%d, %d, %s, %d, 0, 1)';
					array_push( $args, $pids[ $i ], $pids[ $i ], $a->get_name(), $term );
				}
			}
		}
		if ( $rows ) {
			ProductsBulk::q( $wpdb->prepare( 'INSERT INTO ' . $store->get_lookup_table_name() . ' (product_id, product_or_parent_id, taxonomy, term_id, is_variation_attribute, in_stock) VALUES ' . implode( ',', $rows ), $args ) );
		}
	}

	/**
	 * One clean-up for the batch: the object caches of the new posts (the `clean_post_cache` action is not fired),
	 * the per-product transients of products and variations (one statement), WooCommerce's fixed product transients
	 * and versions (once), the attribute counts.
	 *
	 * @param int[] $pids  Product ids.
	 * @param int[] $vids  Variation ids.
	 * @param array $terms What terms() returned.
	 */
	public static function clean_up( array $pids, array $vids, array $terms ): void {
		global $wpdb;
		$names = array();
		// What clean_post_cache() clears, without its get_post() of each new id (a query per variation).
		wp_cache_delete_multiple( array_merge( $pids, $vids ), 'posts' );
		wp_cache_delete_multiple( array_merge( $pids, $vids ), 'post_meta' );
		clean_object_term_cache( $pids, 'product' );
		clean_object_term_cache( $vids, 'product_variation' );
		wp_cache_set_posts_last_changed();
		foreach ( array_merge( $pids, $vids ) as $id ) {
			\WC_Cache_Helper::invalidate_cache_group( 'product_' . $id );
			foreach ( array( 'wc_product_children_', 'wc_var_prices_', 'wc_related_', 'wc_child_has_weight_', 'wc_child_has_dimensions_' ) as $t ) {
				foreach ( array( '_transient_', '_transient_timeout_' ) as $pre ) {
					$names[] = $pre . $t . $id;
					wp_cache_delete( $pre . $t . $id, 'options' );
				}
			}
		}
		ProductsBulk::q( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name IN (" . implode( ',', array_fill( 0, count( $names ), '%s' ) ) . ')', $names ) );
		wc_delete_product_transients();
		\WC_Post_Data::delete_product_query_transients();
		\WC_Cache_Helper::invalidate_attribute_count( array_values( array_filter( $terms['taxonomies'], 'taxonomy_is_product_attribute' ) ) );
	}
}
