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
