<?php
/**
 * Stock and prices of existing simple products and variations in multi-row statements, leaving the state the
 * WooCommerce CRUD would leave (tests/phpunit/woocommerce/SyncBulkCrudTest.php compares both):
 *
 * - `_stock`, `_stock_status` (from the stock, `woocommerce_notify_no_stock_amount` and backorders, as
 *   WC_Product::validate_props()), `_regular_price`, `_sale_price` (cleared when not below the regular price),
 *   `_price` (the sale price while the sale runs, else the regular one), `_product_version`, post_modified;
 * - the `wc_product_meta_lookup` row (stock, status, min/max price, on sale) and its object cache;
 * - the `outofstock` term of `product_visibility` (and its count);
 * - the variable parent's price range and stock status (WC_Product_Variable::sync, through the CRUD);
 * - product transients and caches; the product query transients, the category recount when out-of-stock
 *   products are hidden, and the attributes lookup table when a stock status changed.
 *
 * Products it cannot write the same way (unmanaged stock getting a quantity, other product types, missing
 * lookup rows, duplicated meta) are handed back for the CRUD. It fires `erpsync_bulk_products_updated` once per
 * chunk with the ids it wrote; per-product WooCommerce hooks are not fired — shops that need them switch on
 * "Write through the WooCommerce CRUD".
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- multi-row statements on WordPress and WooCommerce tables (names from $wpdb); values are placeholders or integers.

/** Bulk stock and price writer. */
final class BulkWriter {

	const KEYS = array( '_thumbnail_id', '_manage_stock', '_stock', '_stock_status', '_backorders', '_regular_price', '_sale_price', '_price', '_sale_price_dates_from', '_sale_price_dates_to', '_product_version' );

	/**
	 * Ids written.
	 *
	 * @var int[]
	 */
	private array $written = array();

	/**
	 * Variable parents to sync.
	 *
	 * @var int[]
	 */
	private array $parents = array();

	/**
	 * Ids whose stock status changed.
	 *
	 * @var int[]
	 */
	private array $status_changed = array();

	/**
	 * Products (not variations) whose stock status changed: category counts when out-of-stock items are hidden.
	 *
	 * @var int[]
	 */
	private array $recount = array();

	/**
	 * Writes the changes; returns the ids it left for the CRUD.
	 *
	 * @param array $changes Product id → [field → value] (stock, regular_price, sale_price).
	 * @return int[]
	 */
	public function write( array $changes ): array {
		$t0       = microtime( true );
		$state    = self::read_state( array_map( 'intval', array_keys( $changes ) ) );
		$out      = array(
			'set'     => array(), // Meta id to [post id, key, new value].
			'del'     => array(), // Meta ids to delete (a sale price cleared, as the CRUD does).
			'add'     => array(), // Rows of post id, key, value.
			'lookup'  => array(), // Product id to stock, status, price, on sale.
			'vis_add' => array(),
			'vis_del' => array(),
		);
		$fallback = array();
		foreach ( $changes as $id => $fields ) {
			if ( ! $this->plan_product( (int) $id, $fields, $state, $out ) ) {
				$fallback[] = (int) $id;
			}
		}
		if ( ! $this->written ) {
			return $fallback;
		}
		$t = Engine::timed( 'bulk: read + compute', $t0 );
		$this->flush( $out );
		$t = Engine::timed( 'bulk: meta, lookup, visibility', $t );
		$this->clear_caches( $this->written );
		Engine::timed( 'bulk: caches + transients', $t );
		// The variable parents' price range and stock status, as the CRUD's deferred sync does it.
		foreach ( array_keys( $this->parents ) as $parent ) {
			\WC_Post_Data::deferred_product_sync( $parent );
		}
		return $fallback;
	}

	/**
	 * What the writer needs of a chunk's products: the post, its product type, its lookup row and its out-of-stock
	 * visibility term in one read (a round trip per table cost more than the reads themselves on a busy database),
	 * and the meta rows of the keys it writes.
	 *
	 * @param int[] $ids Product ids.
	 * @return array{posts: array, types: array, lookup: array, vis: array, meta: array, threshold: int, now: int}
	 */
	private static function read_state( array $ids ): array {
		global $wpdb;
		$in    = implode( ',', $ids );
		$state = array(
			'posts'     => array(),
			'types'     => array(),
			'lookup'    => array(),
			'vis'       => array(),
			'meta'      => array(),
			'threshold' => absint( get_option( 'woocommerce_notify_no_stock_amount', 0 ) ),
			'now'       => time(),
		);
		$slugs = self::product_types();
		foreach ( $wpdb->get_results(
			$wpdb->prepare(
				"SELECT p.ID, p.post_type, p.post_parent, l.product_id AS lk, v.object_id AS vis, ty.term_taxonomy_id AS tt
				 FROM {$wpdb->posts} p
				 LEFT JOIN {$wpdb->wc_product_meta_lookup} l ON l.product_id = p.ID
				 LEFT JOIN {$wpdb->term_relationships} v ON v.object_id = p.ID AND v.term_taxonomy_id = %d
				 LEFT JOIN {$wpdb->term_relationships} ty ON ty.object_id = p.ID AND ty.term_taxonomy_id IN (" . ( $slugs ? implode( ',', array_keys( $slugs ) ) : '0' ) . ")
				 WHERE p.ID IN ({$in})",
				self::outofstock_tt()
			),
			ARRAY_A
		) as $r ) {
			$id                    = (int) $r['ID'];
			$state['posts'][ $id ] = $r;
			if ( null !== $r['tt'] ) {
				$state['types'][ $id ] = $slugs[ (int) $r['tt'] ] ?? '';
			}
			if ( null !== $r['lk'] ) {
				$state['lookup'][ $id ] = true;
			}
			if ( null !== $r['vis'] ) {
				$state['vis'][ $id ] = true;
			}
		}
		$keys = "'" . implode( "','", self::KEYS ) . "'";
		foreach ( $wpdb->get_results( "SELECT meta_id, post_id, meta_key, meta_value FROM {$wpdb->postmeta} WHERE post_id IN ({$in}) AND meta_key IN ({$keys})", ARRAY_A ) as $r ) {
			$state['meta'][ (int) $r['post_id'] ][ $r['meta_key'] ][] = array( (int) $r['meta_id'], (string) $r['meta_value'] );
		}
		return $state;
	}

	/**
	 * The first value of a meta key among a product's rows.
	 *
	 * @param array  $m   Key → [[meta id, value], ...].
	 * @param string $k   Key.
	 * @param string $def Default.
	 */
	private static function one( array $m, string $k, string $def = '' ): string {
		return isset( $m[ $k ] ) ? $m[ $k ][0][1] : $def;
	}

	/**
	 * Plans one product's writes into $out; false when the product is left for the CRUD (not a simple product or
	 * variation, duplicate meta rows, no lookup row, or stock on a product that does not manage it).
	 *
	 * @param int   $id     Product id.
	 * @param array $fields Field → value.
	 * @param array $state  read_state().
	 * @param array $out    The chunk's writes.
	 */
	private function plan_product( int $id, array $fields, array $state, array &$out ): bool {
		$p      = $state['posts'][ $id ] ?? null;
		$m      = $state['meta'][ $id ] ?? array();
		$is_var = $p && 'product_variation' === $p['post_type'];
		$dup    = false;
		foreach ( $m as $rows ) {
			$dup = $dup || count( $rows ) > 1;
		}
		$manage = 'yes' === self::one( $m, '_manage_stock', 'no' );
		if ( ! $p || ( ! $is_var && 'simple' !== ( $state['types'][ $id ] ?? '' ) ) || $dup || ! isset( $state['lookup'][ $id ] )
			|| ( ! $manage && ( isset( $fields['stock'] ) || '' !== self::one( $m, '_stock' ) || 'no' !== self::one( $m, '_backorders', 'no' ) ) ) ) {
			return false;
		}
		$new                     = array();
		list( $stock, $status )  = $this->plan_stock( $id, $is_var, $manage, $m, $fields, $state['threshold'], $new );
		list( $price, $sale )    = self::plan_prices( $m, $fields, $state['now'], $new, $out['del'] );
		$new['_product_version'] = (string) \Automattic\Jetpack\Constants::get_constant( 'WC_VERSION' );
		if ( $is_var && ! isset( $m['_thumbnail_id'] ) ) {
			$new['_thumbnail_id'] = '0'; // a variation's save writes its image id (0) when the row is missing.
		}
		foreach ( $new as $k => $v ) {
			if ( isset( $m[ $k ] ) ) {
				if ( $m[ $k ][0][1] !== $v ) {
					$out['set'][ $m[ $k ][0][0] ] = array( $id, $k, $v );
				}
			} else {
				$out['add'][] = array( $id, $k, $v );
			}
		}
		$pf                   = wc_format_decimal( $price );
		$sf                   = wc_format_decimal( $sale );
		$out['lookup'][ $id ] = array( $manage ? wc_stock_amount( $stock ) : null, $status, $price, $sf && $pf === $sf ? 1 : 0 );
		$in_vis               = isset( $state['vis'][ $id ] );
		$want_vis             = 'outofstock' === $status;
		if ( ( $is_var || isset( $new['_stock_status'] ) ) && $in_vis !== $want_vis ) {
			$out[ $want_vis ? 'vis_add' : 'vis_del' ][] = $id;
		}
		if ( $is_var && (int) $p['post_parent'] ) {
			$this->parents[ (int) $p['post_parent'] ] = true;
		}
		$this->written[] = $id;
		return true;
	}

	/**
	 * Stock and its status, as validate_props() sets them on save; returns [stock, status].
	 *
	 * @param int   $id        Product id.
	 * @param bool  $is_var    A variation.
	 * @param bool  $manage    Manages stock.
	 * @param array $m         Its meta rows.
	 * @param array $fields    Field → value.
	 * @param int   $threshold Out-of-stock threshold.
	 * @param array $new       Meta key → value to write.
	 */
	private function plan_stock( int $id, bool $is_var, bool $manage, array $m, array $fields, int $threshold, array &$new ): array {
		$stock  = self::one( $m, '_stock' );
		$status = self::one( $m, '_stock_status', 'instock' );
		if ( ! $manage ) {
			return array( $stock, $status );
		}
		if ( isset( $fields['stock'] ) ) {
			$stock         = (string) wc_stock_amount( $fields['stock'] );
			$new['_stock'] = $stock;
		}
		if ( (int) $stock > $threshold ) {
			$ns = 'instock';
		} elseif ( 'no' !== self::one( $m, '_backorders', 'no' ) ) {
			$ns = 'onbackorder';
		} else {
			$ns = 'outofstock';
		}
		if ( $ns !== $status ) {
			$new['_stock_status']   = $ns;
			$this->status_changed[] = $id;
			if ( ! $is_var ) {
				$this->recount[] = $id;
			}
		}
		return array( $stock, $ns );
	}

	/**
	 * Prices, the way handle_updated_props() sets them; returns [price, sale price].
	 *
	 * @param array $m      Meta rows.
	 * @param array $fields Field → value.
	 * @param int   $now    Time.
	 * @param array $new    Meta key → value to write.
	 * @param int[] $del    Meta ids to delete.
	 */
	private static function plan_prices( array $m, array $fields, int $now, array &$new, array &$del ): array {
		$regular = self::one( $m, '_regular_price' );
		$sale    = self::one( $m, '_sale_price' );
		$price   = self::one( $m, '_price' );
		if ( ! isset( $fields['regular_price'] ) && ! isset( $fields['sale_price'] ) ) {
			return array( $price, $sale );
		}
		if ( isset( $fields['regular_price'] ) ) {
			$regular               = (string) wc_format_decimal( $fields['regular_price'] );
			$new['_regular_price'] = $regular;
		}
		if ( isset( $fields['sale_price'] ) ) {
			$was                = $sale;
			$sale               = (string) wc_format_decimal( $fields['sale_price'] );
			$new['_sale_price'] = $sale;
			if ( '' === $sale && '' !== $was ) {
				// The CRUD deletes a meta row set to '' (update_or_delete_post_meta) when the prop changed.
				unset( $new['_sale_price'] );
				$del[] = (int) $m['_sale_price'][0][0];
			}
		}
		if ( $sale >= $regular && '' !== $sale ) {
			// handle_updated_props(): a sale not below the regular price is written back as ''.
			$sale               = '';
			$new['_sale_price'] = '';
		}
		$on_sale = '' !== $sale && $regular > $sale;
		$from    = self::one( $m, '_sale_price_dates_from' );
		$to      = self::one( $m, '_sale_price_dates_to' );
		if ( $on_sale && '' !== $from && (int) $from > $now ) {
			$on_sale = false;
		}
		if ( $on_sale && '' !== $to && (int) $to < $now ) {
			$on_sale = false;
		}
		$price         = $on_sale ? $sale : $regular;
		$new['_price'] = $price;
		return array( $price, $sale );
	}

	/**
	 * The chunk's writes: meta deleted, updated and added, one lookup row per product upserted on the primary key
	 * (every row exists: checked by plan_product; a CASE per column would compare each row with every WHEN: quadratic
	 * in the chunk size), post_modified, the out-of-stock visibility terms.
	 *
	 * @param array $out The chunk's writes (write()).
	 */
	private function flush( array $out ): void {
		global $wpdb;
		$w = implode( ',', $this->written );
		if ( $out['del'] ) {
			$wpdb->query( "DELETE FROM {$wpdb->postmeta} WHERE meta_id IN (" . implode( ',', array_map( 'intval', $out['del'] ) ) . ')' );
		}
		if ( $out['set'] ) {
			self::update_meta( $out['set'] );
		}
		if ( $out['add'] ) {
			self::insert_meta( $out['add'] );
		}
		$tuples = array();
		foreach ( $out['lookup'] as $id => $l ) {
			$price    = '' === (string) $l[2] ? 'NULL' : "'" . $wpdb->_real_escape( (string) $l[2] ) . "'";
			$tuples[] = '(' . (int) $id . ', ' . ( null === $l[0] ? 'NULL' : "'" . $wpdb->_real_escape( (string) $l[0] ) . "'" ) . ", '" . $wpdb->_real_escape( (string) $l[1] ) . "', {$price}, {$price}, " . (int) $l[3] . ')';
		}
		$wpdb->query(
			"INSERT INTO {$wpdb->wc_product_meta_lookup} (product_id, stock_quantity, stock_status, min_price, max_price, onsale) VALUES " . implode( ',', $tuples )
			. ' ON DUPLICATE KEY UPDATE stock_quantity = VALUES(stock_quantity), stock_status = VALUES(stock_status), min_price = VALUES(min_price), max_price = VALUES(max_price), onsale = VALUES(onsale)'
		);
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->posts} SET post_modified = %s, post_modified_gmt = %s WHERE ID IN ({$w})", current_time( 'mysql' ), current_time( 'mysql', 1 ) ) );
		if ( ! $out['vis_add'] && ! $out['vis_del'] ) {
			return;
		}
		$tt = self::outofstock_tt();
		if ( $out['vis_add'] ) {
			$wpdb->query( "INSERT IGNORE INTO {$wpdb->term_relationships} (object_id, term_taxonomy_id, term_order) VALUES (" . implode( ", {$tt}, 0), (", array_map( 'intval', $out['vis_add'] ) ) . ", {$tt}, 0)" );
		}
		if ( $out['vis_del'] ) {
			$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->term_relationships} WHERE term_taxonomy_id = %d AND object_id IN (" . implode( ',', array_map( 'intval', $out['vis_del'] ) ) . ')', $tt ) );
		}
		foreach ( array_merge( $out['vis_add'], $out['vis_del'] ) as $id ) {
			wp_cache_delete( $id, 'product_visibility_relationships' );
		}
		wp_update_term_count_now( array( $tt ), 'product_visibility' );
	}

	/**
	 * Updates existing meta rows by meta id: multi-row INSERT … ON DUPLICATE KEY UPDATE on the primary key (linear,
	 * where an UPDATE with CASE meta_id WHEN … is quadratic in the number of rows).
	 *
	 * @param array $set Meta id → [post id, key, value].
	 */
	private static function update_meta( array $set ): void {
		global $wpdb;
		// Strings escaped one by one by the database client (what prepare() does per value), without prepare()'s
		// scans of a statement with thousands of placeholders.
		foreach ( array_chunk( $set, 1000, true ) as $part ) {
			$values = array();
			foreach ( $part as $mid => $r ) {
				$values[] = '(' . (int) $mid . ', ' . (int) $r[0] . ", '" . $wpdb->_real_escape( (string) $r[1] ) . "', '" . $wpdb->_real_escape( (string) $r[2] ) . "')";
			}
			$wpdb->query( "INSERT INTO {$wpdb->postmeta} (meta_id, post_id, meta_key, meta_value) VALUES " . implode( ',', $values ) . ' ON DUPLICATE KEY UPDATE meta_value = VALUES(meta_value)' );
		}
	}

	/**
	 * Multi-row INSERT of post meta.
	 *
	 * @param array $rows [[post_id, key, value]].
	 */
	private static function insert_meta( array $rows ): void {
		global $wpdb;
		foreach ( array_chunk( $rows, 1000 ) as $part ) {
			$values = array();
			foreach ( $part as $r ) {
				$values[] = '(' . (int) $r[0] . ", '" . $wpdb->_real_escape( (string) $r[1] ) . "', '" . $wpdb->_real_escape( (string) $r[2] ) . "')";
			}
			$wpdb->query( "INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode( ',', $values ) );
		}
	}

	/**
	 * Sets (insert or update) one meta value per product and key, in multi-row statements.
	 *
	 * @param array $values Post id → [key → value].
	 */
	public static function set_meta( array $values ): void {
		global $wpdb;
		$ids  = implode( ',', array_map( 'intval', array_keys( $values ) ) );
		$keys = array();
		foreach ( $values as $kv ) {
			$keys += array_flip( array_keys( $kv ) );
		}
		$have = array();
		$ph   = implode( ',', array_fill( 0, count( $keys ), '%s' ) );
		foreach ( $wpdb->get_results( $wpdb->prepare( "SELECT meta_id, post_id, meta_key FROM {$wpdb->postmeta} WHERE post_id IN ({$ids}) AND meta_key IN ({$ph})", array_keys( $keys ) ), ARRAY_A ) as $r ) {
			$have[ (int) $r['post_id'] ][ $r['meta_key'] ] = (int) $r['meta_id']; // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- an array key, not a query.
		}
		$set = array();
		$add = array();
		foreach ( $values as $id => $kv ) {
			foreach ( $kv as $k => $v ) {
				if ( isset( $have[ $id ][ $k ] ) ) {
					$set[ $have[ $id ][ $k ] ] = array( (int) $id, (string) $k, (string) $v );
				} else {
					$add[] = array( (int) $id, (string) $k, (string) $v );
				}
			}
			wp_cache_delete( (int) $id, 'post_meta' );
		}
		if ( $set ) {
			self::update_meta( $set );
		}
		if ( $add ) {
			self::insert_meta( $add );
		}
	}

	/**
	 * The product_type terms: term_taxonomy_id → slug.
	 *
	 * @return array<int,string>
	 */
	private static function product_types(): array {
		global $wpdb;
		static $out = null;
		if ( null !== $out ) {
			return $out;
		}
		$out = array();
		foreach ( $wpdb->get_results( "SELECT tt.term_taxonomy_id, t.slug FROM {$wpdb->term_taxonomy} tt JOIN {$wpdb->terms} t ON t.term_id = tt.term_id WHERE tt.taxonomy = 'product_type'", ARRAY_N ) as $r ) {
			$out[ (int) $r[0] ] = (string) $r[1];
		}
		return $out;
	}

	/** The term_taxonomy_id of the `outofstock` product_visibility term. */
	private static function outofstock_tt(): int {
		$t = get_term_by( 'slug', 'outofstock', 'product_visibility' );
		return $t ? (int) $t->term_taxonomy_id : 0;
	}

	/**
	 * Object caches and transients of the written products, as WC_Product_Data_Store_CPT::clear_caches().
	 *
	 * @param int[] $ids Product ids.
	 */
	private function clear_caches( array $ids ): void {
		global $wpdb;
		// clean_post_cache() loads each post it cleans (get_post): one query for the chunk instead of one per product.
		_prime_post_caches( $ids, false, false );
		$names = array();
		foreach ( $ids as $id ) {
			clean_post_cache( $id );
			wp_cache_delete( 'lookup_table', 'object_' . $id );
			\WC_Cache_Helper::invalidate_cache_group( 'product_' . $id );
			foreach ( array( 'wc_product_children_', 'wc_var_prices_', 'wc_related_', 'wc_child_has_weight_', 'wc_child_has_dimensions_' ) as $t ) {
				$names[] = $t . $id;
			}
		}
		if ( wp_using_ext_object_cache() ) {
			foreach ( $names as $n ) {
				delete_transient( $n );
			}
		} else {
			$opts = array();
			foreach ( $names as $n ) {
				$opts[] = '_transient_' . $n;
				$opts[] = '_transient_timeout_' . $n;
			}
			// Which of them exist: the shop's wc_ transients read by two range scans of the option_name index (a
			// locking read, so it sees what others committed), when there are not many; then only those are deleted.
			// Probing 10,000 names per chunk in a DELETE cost more than the rest of the cache work.
			$have = array();
			foreach ( array( '\_transient\_wc\_%', '\_transient\_timeout\_wc\_%' ) as $like ) {
				$got  = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s LIMIT 5001 LOCK IN SHARE MODE", $like ) );
				$have = count( $got ) > 5000 || null === $have ? null : array_merge( $have, $got );
			}
			$del = null === $have ? $opts : array_values( array_intersect( $opts, $have ) );
			if ( $del ) {
				$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name IN ('" . implode( "','", array_map( array( $wpdb, '_real_escape' ), $del ) ) . "')" );
			}
			foreach ( $opts as $o ) {
				wp_cache_delete( $o, 'options' );
			}
			wp_cache_delete( 'alloptions', 'options' );
			wp_cache_delete( 'notoptions', 'options' );
		}
		foreach ( array( 'wc_products_onsale', 'wc_featured_products', 'wc_outofstock_count', 'wc_low_stock_count' ) as $t ) {
			delete_transient( $t );
		}
		\WC_Cache_Helper::get_transient_version( 'product', true );
	}

	/** After the commit: what WooCommerce hangs on stock status changes, and the documented per-chunk hook. */
	public function after_commit(): void {
		if ( $this->status_changed ) {
			\WC_Post_Data::delete_product_query_transients();
			if ( 'yes' === get_option( 'woocommerce_hide_out_of_stock_items' ) ) {
				foreach ( $this->recount as $id ) {
					wc_recount_after_stock_change( $id );
				}
			}
			$lookup = wc_get_container()->get( \Automattic\WooCommerce\Internal\ProductAttributesLookup\LookupDataStore::class );
			foreach ( $this->status_changed as $id ) {
				$lookup->on_product_changed( $id, array( 'stock_status' => get_post_meta( $id, '_stock_status', true ) ) );
			}
		}
		if ( $this->written ) {
			/**
			 * Fires once per chunk of the sync's bulk writer, after its transaction committed.
			 *
			 * @param int[] $ids     Products and variations whose stock or prices were written.
			 * @param int[] $parents Variable parents whose price range was synced.
			 */
			do_action( 'erpsync_bulk_products_updated', $this->written, array_keys( $this->parents ) );
		}
	}

	/** After a rollback: forget cached state of the products. */
	public function forget(): void {
		foreach ( array_merge( $this->written, array_keys( $this->parents ) ) as $id ) {
			clean_post_cache( $id );
			wp_cache_delete( 'lookup_table', 'object_' . $id );
			\WC_Cache_Helper::invalidate_cache_group( 'product_' . $id );
		}
	}
}
