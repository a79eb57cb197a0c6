<?php
/**
 * SORS catalogue and prices: products (id, code/SKU, barcode as EAN, name, group, price of the chosen price type)
 * matched by link, SKU, then EAN; the owned fields updated; products the shop does not have created (draft or
 * published: a setting) through the CRUD; product groups become product categories linked to their group id.
 *
 * The catalogue goes from the HTTP replies into the matcher in C (Sors::fetchProductsInto): no PHP array per product;
 * the fields of products to create come back from the matcher (unmatchedRemoteItems) for the unmatched ones only.
 * When the back-office owns a field the matcher does not carry (status, sale price, description, attributes:
 * ExtraFields), the items pass through PHP and a compact copy (about 100 bytes each) is kept for the creates.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Installer;

defined( 'ABSPATH' ) || exit;

/** SORS catalogue sync. */
class SorsCatalog implements Source {

	/**
	 * Remote id → the item's fields joined by U+001F (for creates).
	 *
	 * @var array<int|string,string>
	 */
	protected array $items = array();

	/**
	 * Remote id → the owned fields beyond the matcher's (ExtraFields), only when the back-office owns any.
	 *
	 * @var array<string,array>
	 */
	protected array $extra = array();

	/**
	 * True when this run's pages went into the matcher in C (no PHP copy of the items).
	 *
	 * @var bool
	 */
	protected bool $fed_in_c = false;

	/**
	 * Group id → name.
	 *
	 * @var array<string,string>
	 */
	protected array $groups = array();

	/**
	 * The connector.
	 *
	 * @var \ErpSync\Connector\Sors|null
	 */
	protected $connector;

	/**
	 * Optional connector object (tests).
	 *
	 * @param object|null $connector A connector.
	 */
	public function __construct( $connector = null ) {
		$this->connector = $connector;
	}

	/** The connector. */
	protected function connector() {
		if ( ! $this->connector ) {
			$this->connector = Connectors::make( 'sors' );
		}
		return $this->connector;
	}

	/** Matcher options. */
	public function matcher_options(): array {
		$own = SyncSettings::ownership( 'sors' );
		return array(
			'keys'                      => array( 'link', 'sku', 'ean' ),
			'own'                       => array(
				'stock'      => 'local',
				'price'      => 'remote' === $own['regular_price'] ? 'remote' : 'local',
				'name'       => 'remote' === $own['name'] ? 'remote' : 'local',
				'categories' => 'remote' === $own['categories'] ? 'remote' : 'local',
			),
			'prices_include_tax'        => 'yes' === get_option( 'woocommerce_prices_include_tax' ),
			'remote_prices_include_tax' => 'yes' === get_option( 'woocommerce_prices_include_tax' ),
		);
	}

	/**
	 * Groups, then the catalogue page by page into the matcher.
	 *
	 * @param \ErpSync\Matcher\Matcher $m The matcher.
	 */
	public function fetch( $m ): int {
		$c = $this->connector();
		foreach ( $c->productGroups() as $g ) {
			$this->groups[ (string) $g['id'] ] = (string) ( $g['name'] ?? $g['id'] );
		}
		$size = max( 1, min( 10000, (int) SyncSettings::get()['page_size'] ) );
		$own  = ExtraFields::owned( 'sors' );
		if ( ! $own && method_exists( $c, 'fetchProductsInto' ) ) {
			// The pages straight into the matcher in C; the fields of products to create come back from the matcher.
			$this->fed_in_c = true;
			return (int) $c->fetchProductsInto( $m, $size );
		}
		// Fields the matcher does not carry are owned (ExtraFields), or a connector object without the C path (a
		// test double): the items through PHP arrays, a compact copy kept for the creates.
		$this->fed_in_c = false;
		$keep           = &$this->items;
		$extra          = &$this->extra;
		$names          = (array) SyncSettings::get()['sors_fields'];
		return (int) $c->fetchProducts(
			static function ( array $items ) use ( $m, &$keep, &$extra, $own, $names ) {
				$batch = array();
				foreach ( $items as $p ) {
					$id = (string) ( $p['id'] ?? '' );
					if ( '' === $id ) {
						continue;
					}
					$item    = array(
						'id'         => $id,
						'sku'        => (string) ( $p['sku'] ?? '' ),
						'ean'        => (string) ( $p['barcode'] ?? '' ),
						'price'      => isset( $p['price'] ) ? (string) $p['price'] : null,
						'name'       => (string) ( $p['name'] ?? '' ),
						'categories' => (string) ( $p['groupId'] ?? '' ),
					);
					$batch[] = $item;
					if ( $own ) {
						$ex = ExtraFields::from_item( $p, $own, $names );
						if ( $ex ) {
							$extra[ $id ] = $ex;
						}
					}
					// Numeric ids as integer keys (no key string per item); the fields joined by U+001F.
					$keep[ ctype_digit( $id ) && '0' !== $id[0] && strlen( $id ) < 19 ? (int) $id : $id ] = implode( "\x1f", array( $item['sku'], $item['ean'], (string) $item['price'], $item['name'], $item['categories'], null === $item['price'] ? '0' : '1' ) );
				}
				$m->addRemote( $batch );
			},
			$size
		);
	}

	/** WooCommerce's GTIN field. */
	public function ean_meta_key(): string {
		return '_global_unique_id';
	}

	/** Any key will do. */
	public function required_key(): string {
		return '';
	}

	/**
	 * Updates of the owned fields the matcher does not compare (status, sale price, description, attributes).
	 *
	 * @param array $pairs [[local_id, remote_id], ...] of one chunk.
	 */
	public function extra_rows( array $pairs ): array {
		return $this->extra ? ExtraFields::rows( $pairs, $this->extra ) : array();
	}

	/** Rows that come before the products: categories to create for groups not linked yet. */
	public function first_rows(): array {
		global $wpdb;
		if ( ! $this->groups || ! SyncSettings::remote_owns( 'sors', 'categories' ) ) {
			return array();
		}
		$linked = array_flip(
			$wpdb->get_col( $wpdb->prepare( 'SELECT remote_id FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = 'category'", 'sors' ) ) // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- the plugin's mapping table.
		);
		$rows   = array();
		foreach ( $this->groups as $id => $name ) {
			if ( ! isset( $linked[ (string) $id ] ) ) {
				$rows[] = array(
					'action'    => 'category',
					'remote_id' => (string) $id,
					'new_value' => $name,
				);
			}
		}
		return $rows;
	}

	/**
	 * Creates for back-office products the shop lacks.
	 *
	 * @param string[] $remote_ids Ids.
	 */
	public function unmatched_rows( array $remote_ids ): array {
		$rows = array();
		foreach ( $remote_ids as $id ) {
			$id     = (string) $id;
			$f      = explode( "\x1f", $this->items[ ctype_digit( $id ) && '0' !== $id[0] && strlen( $id ) < 19 ? (int) $id : $id ] ?? '' );
			$rows[] = array(
				'action'    => 'create',
				'remote_id' => $id,
				'new_value' => 6 === count( $f ) ? (string) wp_json_encode( array( $f[0], $f[1], '1' === $f[5] ? $f[2] : null, $f[3], $f[4], $this->extra[ $id ] ?? array() ) ) : '',
			);
		}
		return $rows;
	}

	/**
	 * Local categories as the comma-joined group ids they are linked to (what the matcher compares).
	 *
	 * @param int[] $ids Product ids.
	 * @return array<int,string>
	 */
	public static function local_groups( array $ids ): array {
		global $wpdb;
		if ( ! $ids ) {
			return array();
		}
		$in  = implode( ',', array_map( 'intval', $ids ) );
		$out = array();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- ids are integers; the plugin's mapping table.
		foreach ( $wpdb->get_results( $wpdb->prepare( "SELECT tr.object_id, GROUP_CONCAT(m.remote_id ORDER BY m.remote_id SEPARATOR ',') FROM {$wpdb->term_relationships} tr JOIN {$wpdb->term_taxonomy} tt ON tt.term_taxonomy_id = tr.term_taxonomy_id AND tt.taxonomy = 'product_cat' JOIN " . Installer::map_table() . " m ON m.connector = %s AND m.object_type = 'category' AND m.local_id = tt.term_id WHERE tr.object_id IN ({$in}) GROUP BY tr.object_id", 'sors' ), ARRAY_N ) as $r ) {
			$out[ (int) $r[0] ] = (string) $r[1];
		}
		return $out;
	}

	/**
	 * Creates for back-office products the shop lacks, with the fields the reply gave.
	 *
	 * @param array $items Matcher::unmatchedRemoteItems() rows [id, sku, ean, price, name, categories, images].
	 */
	public function unmatched_items_rows( array $items ): array {
		if ( ! $this->fed_in_c ) {
			return $this->unmatched_rows( array_column( $items, 0 ) );
		}
		$rows = array();
		foreach ( $items as $it ) {
			$rows[] = array(
				'action'    => 'create',
				'remote_id' => (string) $it[0],
				'new_value' => (string) wp_json_encode( array( (string) $it[1], (string) $it[2], null === $it[3] ? null : (string) $it[3], (string) $it[4], (string) $it[5], array() ) ),
			);
		}
		return $rows;
	}
}
