<?php
/**
 * The shop side of a sync: products and variations read straight from the database in id order, a chunk at a
 * time, so a large catalogue never sits in PHP at once. SKU, GTIN and stock come from WooCommerce's own
 * `wc_product_meta_lookup` (one row per product, kept by every CRUD save), the regular price and an EAN kept
 * in another meta key from post meta only when the sync needs them, the link from the mapping table. Variable,
 * grouped and external parents are left out: their stock and prices live on their children.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Infra\Installer;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- reads WordPress's and WooCommerce's tables and the plugin's mapping table in bulk; table names come from $wpdb and Installer, values are prepared.

/** Chunked read of the shop's catalogue. */
final class LocalCatalog {

	/**
	 * Calls $fn with each chunk of products: [['id', 'parent_id', 'remote_id', 'sku', 'ean', 'stock', 'regular_price', 'name'], ...].
	 *
	 * @param string   $connector  Connector id (for its links).
	 * @param string   $ean_key    Meta key of the EAN/GTIN (`_global_unique_id`: WooCommerce's GTIN field).
	 * @param callable $fn         Receives one chunk.
	 * @param int      $chunk      Products per chunk.
	 * @param bool     $with_price Read the regular price (only when the back-office owns it).
	 * @return int Products read.
	 */
	public static function each( string $connector, string $ean_key, callable $fn, int $chunk = 5000, bool $with_price = true ): int {
		global $wpdb;
		$map    = Installer::map_table();
		$parent = self::parent_type_ids();
		$gtin   = '_global_unique_id' === $ean_key && self::lookup_has_gtin();
		$cols   = 'p.ID AS id, p.post_parent AS parent_id, p.post_title AS name, m.remote_id AS remote_id, l.sku AS sku, l.stock_quantity AS stock, '
			. 'l.max_price AS price, l.onsale AS onsale, ' . ( $gtin ? 'l.global_unique_id' : 'ean.meta_value' ) . ' AS ean';
		$joins  = "LEFT JOIN {$wpdb->wc_product_meta_lookup} l ON l.product_id = p.ID"
			. ( $gtin ? '' : $wpdb->prepare( " LEFT JOIN {$wpdb->postmeta} ean ON ean.post_id = p.ID AND ean.meta_key = %s", $ean_key ) )
			. $wpdb->prepare( " LEFT JOIN {$map} m ON m.connector = %s AND m.object_type = 'product' AND m.local_id = p.ID", $connector );
		$last   = 0;
		$total  = 0;
		$seen   = 0;
		do {
			$rows = $wpdb->get_results(
				$wpdb->prepare(
					"SELECT {$cols} FROM {$wpdb->posts} p {$joins}
					 WHERE p.ID > %d AND p.post_type IN ('product', 'product_variation') AND p.post_status NOT IN ('trash', 'auto-draft')
					 ORDER BY p.ID LIMIT %d",
					$last,
					$chunk
				),
				ARRAY_A
			);
			if ( ! $rows ) {
				break;
			}
			$got  = count( $rows );
			$last = (int) end( $rows )['id'];
			$out  = array();
			// The regular price is the active price (lookup) unless the product is on sale: those few are read from
			// post meta (a post-meta join per product reads all its meta rows: four times slower at 100,000).
			$sale = array();
			if ( $with_price ) {
				$ids = array();
				foreach ( $rows as $r ) {
					if ( (int) $r['onsale'] ) {
						$ids[] = (int) $r['id'];
					}
				}
				if ( $ids ) {
					foreach ( $wpdb->get_results( "SELECT post_id, meta_value FROM {$wpdb->postmeta} WHERE meta_key = '_regular_price' AND post_id IN (" . implode( ',', $ids ) . ')', ARRAY_N ) as $r ) {
						$sale[ (int) $r[0] ] = (string) $r[1];
					}
				}
			}
			foreach ( $rows as $r ) {
				$id = (int) $r['id'];
				if ( isset( $parent[ $id ] ) || $id === $seen ) {
					continue; // a parent type, or a second row of a product with duplicated meta.
				}
				$seen  = $id;
				$out[] = array(
					'id'            => $id,
					'parent_id'     => (int) $r['parent_id'],
					'remote_id'     => (string) $r['remote_id'],
					'sku'           => (string) $r['sku'],
					'ean'           => (string) $r['ean'],
					'stock'         => null === $r['stock'] || '' === $r['stock'] ? null : (string) $r['stock'],
					'regular_price' => $with_price ? self::regular( $r, $sale[ $id ] ?? null ) : null,
					'name'          => (string) $r['name'],
				);
			}
			$total += count( $out );
			if ( $out ) {
				$fn( $out );
			}
		} while ( $got === $chunk );
		return $total;
	}

	/** Columns of each_packed()'s rows, in order (Matcher::addLocalPacked()). */
	const PACKED = array( 'id', 'parent_id', 'remote_id', 'sku', 'ean', 'stock', 'regular_price', 'name', 'categories' );

	/**
	 * The same products as each(), but every chunk as one packed string built by the database (per row and column
	 * "<byte length>:<bytes>" or "-" for NULL, GROUP_CONCAT over the chunk): PHP holds one string per chunk and never an
	 * array per product. Calls $fn( string $packed, int[] $no_key, int $count ) per chunk; $no_key lists the products
	 * that have neither the required key nor a link (they are skipped and listed).
	 *
	 * @param string   $connector  Connector id (for its links).
	 * @param string   $ean_key    Meta key of the EAN/GTIN (`_global_unique_id`: WooCommerce's GTIN field).
	 * @param callable $fn         Receives one chunk.
	 * @param int      $chunk      Products per chunk.
	 * @param bool     $with_price Read the regular price (only when the back-office owns it).
	 * @param string   $required   'ean', 'sku' or '' (see Source::required_key()).
	 * @param bool     $groups     Read the SORS groups the product's categories are linked to (comma-joined).
	 * @throws \RuntimeException When the database cut a chunk short (group_concat_max_len).
	 * @return int Products read.
	 */
	public static function each_packed( string $connector, string $ean_key, callable $fn, int $chunk = 10000, bool $with_price = true, string $required = '', bool $groups = false ): int {
		global $wpdb;
		$map   = Installer::map_table();
		$gtin  = '_global_unique_id' === $ean_key && self::lookup_has_gtin();
		$ean   = $gtin ? 'l.global_unique_id' : $wpdb->prepare( "(SELECT e.meta_value FROM {$wpdb->postmeta} e WHERE e.post_id = p.ID AND e.meta_key = %s LIMIT 1)", $ean_key );
		$price = $with_price ? "IF(l.onsale, (SELECT NULLIF(r.meta_value, '') FROM {$wpdb->postmeta} r WHERE r.post_id = p.ID AND r.meta_key = '_regular_price' LIMIT 1), l.max_price)" : 'NULL';
		$cats  = $groups ? $wpdb->prepare(
			"(SELECT GROUP_CONCAT(g.remote_id ORDER BY g.remote_id SEPARATOR ',') FROM {$wpdb->term_relationships} tr
			  JOIN {$wpdb->term_taxonomy} tt ON tt.term_taxonomy_id = tr.term_taxonomy_id AND tt.taxonomy = 'product_cat'
			  JOIN {$map} g ON g.connector = %s AND g.object_type = 'category' AND g.local_id = tt.term_id WHERE tr.object_id = p.ID)",
			$connector
		) : 'NULL';
		$f     = static function ( string $x ): string {
			return "IF(({$x}) IS NULL, '-', CONCAT(LENGTH(CAST(({$x}) AS CHAR)), ':', CAST(({$x}) AS CHAR)))";
		};
		$cols  = array( 'p.ID', 'p.post_parent', 'm.remote_id', 'l.sku', $ean, 'l.stock_quantity', $price, 'p.post_title', $cats );
		$row   = 'CONCAT(' . implode( ', ', array_map( $f, $cols ) ) . ')';
		$key   = 'ean' === $required ? $ean : ( 'sku' === $required ? 'l.sku' : '' );
		$nokey = '' === $key ? '0' : "(TRIM(IFNULL({$key}, '')) = '' AND IFNULL(m.remote_id, '') = '')";
		$joins = "LEFT JOIN {$wpdb->wc_product_meta_lookup} l ON l.product_id = p.ID"
			. $wpdb->prepare( " LEFT JOIN {$map} m ON m.connector = %s AND m.object_type = 'product' AND m.local_id = p.ID", $connector );
		// Variable, grouped and external parents are left out: their stock and prices live on their children.
		$types = "NOT EXISTS (SELECT 1 FROM {$wpdb->term_relationships} pt
			 JOIN {$wpdb->term_taxonomy} ptt ON ptt.term_taxonomy_id = pt.term_taxonomy_id AND ptt.taxonomy = 'product_type'
			 JOIN {$wpdb->terms} ptn ON ptn.term_id = ptt.term_id AND ptn.slug IN ('variable', 'grouped', 'external') WHERE pt.object_id = p.ID)";
		$max   = 256 * 1024 * 1024;
		$wpdb->query( "SET SESSION group_concat_max_len = {$max}" );
		$last  = 0;
		$total = 0;
		do {
			$r   = $wpdb->get_row(
				$wpdb->prepare(
					"SELECT COUNT(*) AS n, MAX(x.id) AS last_id, GROUP_CONCAT(x.r ORDER BY x.id SEPARATOR '') AS packed,
					        GROUP_CONCAT(IF(x.nokey, x.id, NULL) ORDER BY x.id SEPARATOR ',') AS nokey
					 FROM (SELECT p.ID AS id, {$row} AS r, {$nokey} AS nokey FROM {$wpdb->posts} p {$joins}
					       WHERE p.ID > %d AND p.post_type IN ('product', 'product_variation') AND p.post_status NOT IN ('trash', 'auto-draft') AND {$types}
					       ORDER BY p.ID LIMIT %d) x",
					$last,
					$chunk
				),
				ARRAY_A
			);
			$got = $r ? (int) $r['n'] : 0;
			if ( 0 === $got ) {
				break;
			}
			if ( strlen( (string) $r['packed'] ) >= $max ) {
				throw new \RuntimeException( 'LocalCatalog: a chunk of the shop was cut short by group_concat_max_len; lower the chunk size.' );
			}
			$last   = (int) $r['last_id'];
			$total += $got;
			$fn( (string) $r['packed'], '' === (string) $r['nokey'] ? array() : array_map( 'intval', explode( ',', (string) $r['nokey'] ) ), $got );
		} while ( $got === $chunk );
		return $total;
	}

	/**
	 * The regular price of a row: from post meta when on sale, else the lookup's price (WooCommerce keeps `_price`
	 * equal to the regular price outside a sale).
	 *
	 * @param array       $r    Row.
	 * @param string|null $meta `_regular_price` of an on-sale product.
	 */
	private static function regular( array $r, ?string $meta ): ?string {
		$v = (int) $r['onsale'] ? $meta : $r['price'];
		return null === $v || '' === $v ? null : (string) $v;
	}

	/** Whether wc_product_meta_lookup has the GTIN column (WooCommerce 9.2+). */
	private static function lookup_has_gtin(): bool {
		global $wpdb;
		static $has = null;
		if ( null === $has ) {
			$has = (bool) $wpdb->get_var( $wpdb->prepare( "SHOW COLUMNS FROM {$wpdb->wc_product_meta_lookup} LIKE %s", 'global_unique_id' ) );
		}
		return $has;
	}

	/** Ids of variable, grouped and external products (as keys). */
	private static function parent_type_ids(): array {
		global $wpdb;
		$ids = $wpdb->get_col(
			"SELECT tr.object_id FROM {$wpdb->term_relationships} tr
			 JOIN {$wpdb->term_taxonomy} tt ON tt.term_taxonomy_id = tr.term_taxonomy_id AND tt.taxonomy = 'product_type'
			 JOIN {$wpdb->terms} t ON t.term_id = tt.term_id AND t.slug IN ('variable', 'grouped', 'external')"
		);
		return array_fill_keys( array_map( 'intval', $ids ), true );
	}
}
