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
		if ( ! $vs ) {
			return array();
		}
		self::check_skus( $vs );
		$pid = $parent->get_id();
		$ids = self::insert( array( array( $parent, $vs ) ) )[0];
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
	 * Writes the variations of several saved variable products: one statement each for the posts, their guids, the
	 * post meta and the lookup rows of all of them (the slugs: one query, plus one per taken slug). No cache
	 * clean-up, no sync of the parents: the caller does that.
	 *
	 * @param array $groups List of [WC_Product_Variable parent, variations as in variations()].
	 * @return int[][] New ids per group, in the order given.
	 */
	public static function insert( array $groups ): array {
		global $wpdb;
		$now    = current_time( 'mysql' );
		$gmt    = current_time( 'mysql', 1 );
		$author = get_current_user_id();
		$rows   = array();
		$args   = array();
		$names  = array();
		$flat   = array();
		foreach ( $groups as $g => list( $parent, $vs ) ) {
			$pid = $parent->get_id();
			foreach ( array_values( $vs ) as $v ) {
				$tmp = new \WC_Product_Variation();
				$tmp->set_parent_id( $pid );
				$tmp->set_attributes( $v['attrs'] );
				list( $title, $excerpt ) = self::title( $tmp, $parent );
				$names[]                 = sanitize_title( $title );
				$rows[]                  = "(%d, %s, %s, '', %s, %s, 'publish', 'closed', 'closed', '', %s, '', '', %s, %s, '', %d, '', 0, 'product_variation', '', 0)";
				array_push( $args, $author, $now, $gmt, $title, $excerpt, end( $names ), $now, $gmt, $pid );
				$flat[] = array( $g, $v );
			}
		}
		if ( ! $flat ) {
			return array_fill( 0, count( $groups ), array() );
		}
		self::q( $wpdb->prepare( "INSERT INTO {$wpdb->posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, comment_status, ping_status, post_password, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, post_parent, guid, menu_order, post_type, post_mime_type, comment_count) VALUES " . implode( ',', $rows ), $args ) );
		$first = (int) $wpdb->insert_id;
		$ids   = range( $first, $first + count( $flat ) - 1 );
		self::check_ids( $ids );
		self::q( $wpdb->prepare( "UPDATE {$wpdb->posts} SET guid = CONCAT(%s, ID) WHERE ID BETWEEN %d AND %d", home_url( '/?post_type=product_variation&p=' ), $first, end( $ids ) ) );
		self::unique_names( $ids, $names, 'product_variation' );
		$meta  = array();
		$args  = array();
		$look  = array();
		$largs = array();
		$out   = array_fill( 0, count( $groups ), array() );
		foreach ( $flat as $i => list( $g, $v ) ) {
			$id          = $ids[ $i ];
			$out[ $g ][] = $id;
			$price       = null === $v['price'] ? '' : wc_format_decimal( $v['price'] );
			self::meta_rows( $meta, $args, $id, self::variation_meta( $v, $price ) );
			$look[] = "(%d, %s, '', 0, 0, %s, %s, 0, NULL, 'instock', 0, 0, 0, 'taxable', 'parent')";
			array_push( $largs, $id, (string) $v['sku'], '' === $price ? null : $price, '' === $price ? null : $price );
		}
		self::insert_meta( $meta, $args );
		self::q( $wpdb->prepare( "INSERT INTO {$wpdb->wc_product_meta_lookup} (product_id, sku, global_unique_id, virtual, downloadable, min_price, max_price, onsale, stock_quantity, stock_status, rating_count, average_rating, total_sales, tax_status, tax_class) VALUES " . implode( ',', $look ), $largs ) );
		return $out;
	}

	/**
	 * Runs one statement; a database error throws (the caller's transaction is rolled back).
	 *
	 * @param string $sql Prepared statement.
	 * @throws \RuntimeException The statement failed.
	 */
	public static function q( string $sql ): int {
		global $wpdb;
		$r = $wpdb->query( $sql );
		if ( false === $r || '' !== $wpdb->last_error ) {
			throw new \RuntimeException( 'Bulk write failed: ' . esc_html( $wpdb->last_error ) );
		}
		return (int) $r;
	}

	/**
	 * The ids of a multi-row INSERT are insert_id … insert_id + n − 1 only under InnoDB's "consecutive" (1) or
	 * "traditional" (0) auto-increment lock mode; whether that holds (asked once per process).
	 */
	public static function consecutive_ids(): bool {
		global $wpdb;
		static $ok = null;
		if ( null === $ok ) {
			$ok = (int) $wpdb->get_var( 'SELECT @@innodb_autoinc_lock_mode' ) < 2;
		}
		return $ok;
	}

	/**
	 * Refuses to go on when the new ids are not consecutive (lock mode 2 with concurrent inserts).
	 *
	 * @param int[] $ids Ids assumed.
	 * @throws \RuntimeException They are not.
	 */
	public static function check_ids( array $ids ): void {
		global $wpdb;
		$n = (int) $wpdb->rows_affected; // before consecutive_ids() may run a query.
		if ( count( $ids ) !== $n || ! self::consecutive_ids() ) {
			throw new \RuntimeException( 'Bulk write: the new ids are not consecutive' );
		}
	}

	/**
	 * The post meta of a new variation, in the order WC_Product_Variation::save() writes it.
	 *
	 * @param array  $v     Variation (sku, attrs).
	 * @param string $price Formatted price, '' for none.
	 * @return array<string,string|null>
	 */
	private static function variation_meta( array $v, string $price ): array {
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
		return $pairs;
	}

	/**
	 * Writes post meta rows made by meta_rows(), 5,000 rows a statement (a batch of groups with many variations
	 * stays under max_allowed_packet).
	 *
	 * @param string[] $rows Row templates.
	 * @param array    $args Their values, in order.
	 */
	public static function insert_meta( array $rows, array $args ): void {
		global $wpdb;
		$at = 0;
		foreach ( array_chunk( $rows, 5000 ) as $chunk ) {
			$n = substr_count( implode( '', $chunk ), '%' );
			self::q( $wpdb->prepare( "INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode( ',', $chunk ), array_slice( $args, $at, $n ) ) );
			$at += $n;
		}
	}

	/**
	 * Appends one post's meta to a multi-row INSERT (NULL kept as NULL; a list value is several rows).
	 *
	 * @param string[] $rows  Row templates (by reference).
	 * @param array    $args  Values (by reference).
	 * @param int      $id    Post id.
	 * @param array    $pairs Key → value (string, null, or a list of strings for a repeated key).
	 */
	public static function meta_rows( array &$rows, array &$args, int $id, array $pairs ): void {
		foreach ( $pairs as $k => $val ) {
			foreach ( is_array( $val ) ? $val : array( $val ) as $one ) {
				$rows[] = null === $one ? '(%d, %s, NULL)' : '(%d, %s, %s)';
				array_push( $args, $id, (string) $k );
				if ( null !== $one ) {
					$args[] = (string) $one;
				}
			}
		}
	}

	/**
	 * Refuses SKUs the shop already has or that repeat, as the CRUD does (nothing is written then).
	 *
	 * @param array $vs Variations.
	 * @throws \RuntimeException A SKU that is taken.
	 */
	public static function check_skus( array $vs ): void {
		$dup = self::taken_skus( array_map( static fn( $v ) => (string) $v['sku'], $vs ) );
		if ( $dup ) {
			/* translators: %s: SKUs */
			throw new \RuntimeException( sprintf( __( 'Invalid or duplicated SKU: %s', 'erpsync' ), implode( ', ', $dup ) ) );
		}
	}

	/**
	 * SKUs of a list that repeat in it, else those the shop already has (not in the bin), as they are spelt in the
	 * list: compared as the database compares them (the lookup column's collation: case-insensitive), as
	 * wc_product_has_unique_sku() does, so "abc" is taken when the shop holds "ABC" (the repeats within the list: as
	 * the connection compares them). Two queries at most.
	 *
	 * @param string[] $skus SKUs ('' ignored).
	 * @return string[]
	 */
	public static function taken_skus( array $skus ): array {
		global $wpdb;
		$skus = array_values( array_filter( array_map( 'strval', $skus ), 'strlen' ) );
		if ( ! $skus ) {
			return array();
		}
		$list = implode( ' UNION ALL ', array_fill( 0, count( $skus ), 'SELECT %d AS n, %s AS sku' ) );
		$args = array();
		foreach ( $skus as $i => $sku ) {
			array_push( $args, $i, $sku );
		}
		$hit = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT i.n FROM ($list) i JOIN ($list) j ON j.sku = i.sku AND j.n <> i.n", array_merge( $args, $args ) ) );
		if ( ! $hit ) {
			// The column against literals (the column's collation, whatever the connection's): which of the list each shop SKU is.
			$case = array();
			foreach ( $skus as $i => $sku ) {
				array_push( $case, $sku, $i );
			}
			$in  = implode( ',', array_fill( 0, count( $skus ), '%s' ) );
			$hit = $wpdb->get_col( $wpdb->prepare( 'SELECT DISTINCT CASE ' . str_repeat( 'WHEN l.sku = %s THEN %d ', count( $skus ) ) . "END FROM {$wpdb->wc_product_meta_lookup} l JOIN {$wpdb->posts} p ON p.ID = l.product_id AND p.post_status <> 'trash' WHERE l.sku IN ($in)", array_merge( $case, $skus ) ) ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber -- the placeholders are in the CASE.
		}
		$hit = array_map( 'intval', $hit );
		sort( $hit ); // in the list's order.
		return array_values( array_unique( array_map( static fn( $n ) => $skus[ $n ], $hit ) ) );
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
	 * @param int[]    $ids   New ids (consecutive).
	 * @param string[] $names Wanted slugs, same order ('' = none, left alone).
	 * @param string   $type  Post type.
	 * @return string[] The slugs given to them, same order.
	 */
	public static function unique_names( array $ids, array $names, string $type ): array {
		global $wpdb;
		$names = array_values( $names );
		$want  = array_values( array_unique( array_filter( $names, 'strlen' ) ) );
		if ( ! $want ) {
			return $names;
		}
		$taken = array_flip(
			$wpdb->get_col(
				$wpdb->prepare(
					"SELECT post_name FROM {$wpdb->posts} WHERE post_type = %s AND ID NOT BETWEEN %d AND %d AND post_name IN (" . implode( ',', array_fill( 0, count( $want ), '%s' ) ) . ')',
					array_merge( array( $type, $ids[0], end( $ids ) ), $want )
				)
			)
		);
		if ( 'product_variation' !== $type ) {
			$taken += array_flip( array_merge( $GLOBALS['wp_rewrite']->feeds ?? array( 'feed', 'rdf', 'rss', 'rss2', 'atom' ), array( 'embed' ) ) ); // wp_unique_post_slug's "bad flat slugs".
		}
		foreach ( $ids as $i => $id ) {
			$slug = $names[ $i ];
			if ( '' === $slug ) {
				continue;
			}
			if ( isset( $taken[ $slug ] ) ) {
				$n = 2;
				while ( isset( $taken[ "$slug-$n" ] ) || $wpdb->get_var( $wpdb->prepare( "SELECT ID FROM {$wpdb->posts} WHERE post_type = %s AND post_name = %s LIMIT 1", $type, "$slug-$n" ) ) ) {
					++$n;
				}
				$slug = "$slug-$n";
				$wpdb->update( $wpdb->posts, array( 'post_name' => $slug ), array( 'ID' => $id ) );
			}
			$taken[ $slug ] = true;
			$names[ $i ]    = $slug;
		}
		return $names;
	}
}
