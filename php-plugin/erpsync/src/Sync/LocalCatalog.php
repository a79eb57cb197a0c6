<?php
/**
 * The shop side of a sync: products and variations read straight from the database in id order, a chunk at a
 * time (id, parent, SKU, EAN, stock, regular price, name, stored link), so a large catalogue never sits in PHP
 * at once. Variable, grouped and external parents are left out: their stock and prices live on their children.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Installer;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- reads WordPress's own tables and the plugin's mapping table in bulk; table names come from $wpdb and Installer.

/** Streaming read of the shop's catalogue. */
final class LocalCatalog {

	/**
	 * Calls $fn with each chunk of products: [['id', 'parent_id', 'remote_id', 'sku', 'ean', 'stock', 'regular_price', 'name'], ...].
	 *
	 * @param string   $connector Connector id (for its links).
	 * @param string   $ean_key   Meta key of the EAN/GTIN.
	 * @param callable $fn        Receives one chunk.
	 * @param int      $chunk     Products per chunk.
	 * @return int Products read.
	 */
	public static function each( string $connector, string $ean_key, callable $fn, int $chunk = 5000 ): int {
		global $wpdb;
		$map    = Installer::map_table();
		$parent = self::parent_type_ids();
		$last   = 0;
		$total  = 0;
		do {
			$rows = $wpdb->get_results(
				$wpdb->prepare(
					"SELECT p.ID AS id, p.post_parent AS parent_id, p.post_title AS name, COALESCE(m.remote_id, '') AS remote_id,
					        sku.meta_value AS sku, ean.meta_value AS ean, st.meta_value AS stock, rp.meta_value AS regular_price
					 FROM {$wpdb->posts} p
					 LEFT JOIN {$wpdb->postmeta} sku ON sku.post_id = p.ID AND sku.meta_key = '_sku'
					 LEFT JOIN {$wpdb->postmeta} ean ON ean.post_id = p.ID AND ean.meta_key = %s
					 LEFT JOIN {$wpdb->postmeta} st ON st.post_id = p.ID AND st.meta_key = '_stock'
					 LEFT JOIN {$wpdb->postmeta} rp ON rp.post_id = p.ID AND rp.meta_key = '_regular_price'
					 LEFT JOIN {$map} m ON m.connector = %s AND m.object_type = 'product' AND m.local_id = p.ID
					 WHERE p.ID > %d AND p.post_type IN ('product', 'product_variation') AND p.post_status NOT IN ('trash', 'auto-draft')
					 GROUP BY p.ID ORDER BY p.ID LIMIT %d",
					$ean_key,
					$connector,
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
			foreach ( $rows as $r ) {
				$id = (int) $r['id'];
				if ( isset( $parent[ $id ] ) ) {
					continue;
				}
				$out[] = array(
					'id'            => $id,
					'parent_id'     => (int) $r['parent_id'],
					'remote_id'     => (string) $r['remote_id'],
					'sku'           => (string) $r['sku'],
					'ean'           => (string) $r['ean'],
					'stock'         => null === $r['stock'] || '' === $r['stock'] ? null : (string) $r['stock'],
					'regular_price' => null === $r['regular_price'] || '' === $r['regular_price'] ? null : (string) $r['regular_price'],
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
