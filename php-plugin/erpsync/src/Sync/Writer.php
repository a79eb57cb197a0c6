<?php
/**
 * Applies one chunk of plan rows: links into the mapping table, extra meta, and field updates — stock and prices
 * of existing products through BulkWriter (multi-row statements that leave what the CRUD would), everything else
 * and whatever BulkWriter hands back through the WooCommerce CRUD (also everything when the "force CRUD"
 * setting is on). Runs inside the engine's transaction.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- the plugin's mapping table and post meta in multi-row statements; every value is a placeholder.

/** One chunk's writes. */
final class Writer {

	/** Fields the bulk path writes. */
	const BULK_FIELDS = array( 'stock', 'regular_price', 'sale_price' );

	/**
	 * Connector id.
	 *
	 * @var string
	 */
	private string $connector;

	/**
	 * The bulk writer of this chunk (for its caches after the commit).
	 *
	 * @var BulkWriter|null
	 */
	private ?BulkWriter $bulk = null;

	/**
	 * Ids touched (caches).
	 *
	 * @var int[]
	 */
	private array $touched = array();

	/**
	 * Plan row id → why it failed (kept on the plan row).
	 *
	 * @var array<int,string>
	 */
	public array $errors = array();

	/**
	 * Local product id → remote id of the products the last `apply()` created (linked with the other links).
	 *
	 * @var array<int,string>
	 */
	private array $created = array();

	/**
	 * For one connector.
	 *
	 * @param string $connector Connector id.
	 */
	public function __construct( string $connector ) {
		$this->connector = $connector;
	}

	/**
	 * Applies the rows; returns counts (updated per field, linked, meta, errors, bulk, crud).
	 *
	 * @param array $rows Plan rows.
	 */
	public function apply( array $rows ): array {
		$counts = array();
		$this->create_rows( $rows, $counts );
		$this->image_rows( $rows, $counts );
		$links   = $this->created;
		$meta    = array();
		$changes = array();
		$row_of  = array();
		foreach ( $rows as $r ) {
			$id = (int) $r['local_id'];
			switch ( $r['action'] ) {
				case 'link':
					$links[ $id ] = (string) $r['remote_id'];
					break;
				case 'meta':
					$meta[ $id ][ $r['field'] ] = (string) $r['new_value'];
					break;
				case 'update':
					if ( ! SyncSettings::remote_owns( $this->connector, (string) $r['field'] ) ) {
						// Ownership changed since the plan was made: a field the back-office does not own is never written.
						$counts['skipped']['not_owned'] = ( $counts['skipped']['not_owned'] ?? 0 ) + 1;
						break;
					}
					$changes[ $id ][ $r['field'] ] = (string) $r['new_value'];
					$row_of[ $id ]                 = (int) ( $r['id'] ?? 0 );
					break;
			}
		}
		if ( $links ) {
			self::save_links( $this->connector, $links );
			$counts['linked'] = ( $counts['linked'] ?? 0 ) + count( $links );
		}
		if ( $meta ) {
			BulkWriter::set_meta( $meta );
			$counts['meta'] = count( $meta );
			$this->touched  = array_merge( $this->touched, array_keys( $meta ) );
		}
		if ( $changes ) {
			$this->write_changes( $changes, $row_of, $counts );
		}
		return $counts;
	}

	/**
	 * Categories first (a new product may be in one), then new products.
	 *
	 * @param array $rows   Plan rows.
	 * @param array $counts Counts, added to.
	 */
	private function create_rows( array $rows, array &$counts ): void {
		$this->created = array();
		foreach ( $rows as $r ) {
			if ( 'category' === $r['action'] ) {
				$this->category( (string) $r['remote_id'], (string) $r['new_value'] );
				$counts['created']['category'] = ( $counts['created']['category'] ?? 0 ) + 1;
			}
		}
		foreach ( $rows as $r ) {
			if ( 'create' !== $r['action'] ) {
				continue;
			}
			try {
				$this->created[ $this->create( (string) $r['remote_id'], (string) $r['new_value'] ) ] = (string) $r['remote_id'];
				$counts['created']['product'] = ( $counts['created']['product'] ?? 0 ) + 1;
			} catch ( \Throwable $e ) {
				$counts['errors']               = ( $counts['errors'] ?? 0 ) + 1;
				$this->errors[ (int) $r['id'] ] = $e->getMessage();
			}
		}
	}

	/**
	 * Image rows: downloads and attaches; what was skipped is kept on the plan row.
	 *
	 * @param array $rows   Plan rows.
	 * @param array $counts Counts, added to.
	 */
	private function image_rows( array $rows, array &$counts ): void {
		foreach ( $rows as $r ) {
			if ( 'images' !== $r['action'] ) {
				continue;
			}
			try {
				list( $got, $skipped )          = SorsImages::apply( (int) $r['local_id'], (string) $r['new_value'] );
				$counts['images']['downloaded'] = ( $counts['images']['downloaded'] ?? 0 ) + $got;
				$counts['images']['skipped']    = ( $counts['images']['skipped'] ?? 0 ) + count( $skipped );
				$counts['updated']['images']    = ( $counts['updated']['images'] ?? 0 ) + 1;
				if ( $skipped ) {
					$this->errors[ (int) $r['id'] ] = implode( '; ', $skipped );
				}
			} catch ( \Throwable $e ) {
				$counts['errors']               = ( $counts['errors'] ?? 0 ) + 1;
				$this->errors[ (int) $r['id'] ] = $e->getMessage();
			}
		}
	}

	/**
	 * Field changes: in multi-row statements where every field allows it, else through the CRUD (a variation's
	 * parent synced once after).
	 *
	 * @param array $changes Local id → field → new value.
	 * @param array $row_of  Local id → plan row id (for errors).
	 * @param array $counts  Counts, added to.
	 */
	private function write_changes( array $changes, array $row_of, array &$counts ): void {
		$crud  = array();
		$bulk  = array();
		$force = 'yes' === SyncSettings::get()['force_crud'];
		foreach ( $changes as $id => $fields ) {
			if ( $force || array_diff( array_keys( $fields ), self::BULK_FIELDS ) ) {
				$crud[ $id ] = $fields;
			} else {
				$bulk[ $id ] = $fields;
			}
		}
		if ( $bulk ) {
			$this->bulk = new BulkWriter();
			foreach ( $this->bulk->write( $bulk ) as $id ) {
				$crud[ $id ] = $bulk[ $id ];
				unset( $bulk[ $id ] );
			}
			$counts['bulk'] = count( $bulk );
		}
		$parents = array();
		foreach ( $crud as $id => $fields ) {
			try {
				$parent = self::crud_update( (int) $id, $fields, $this->connector );
				if ( $parent ) {
					$parents[ $parent ] = true;
				}
			} catch ( \Throwable $e ) {
				$counts['errors']                    = ( $counts['errors'] ?? 0 ) + 1;
				$this->errors[ $row_of[ $id ] ?? 0 ] = $e->getMessage();
				unset( $changes[ $id ] );
			}
		}
		foreach ( array_keys( $parents ) as $parent ) {
			\WC_Post_Data::deferred_product_sync( $parent );
		}
		if ( $crud ) {
			$counts['crud'] = count( $crud );
		}
		foreach ( $changes as $fields ) {
			foreach ( array_keys( $fields ) as $f ) {
				$counts['updated'][ $f ] = ( $counts['updated'][ $f ] ?? 0 ) + 1;
			}
		}
		$this->touched = array_merge( $this->touched, array_keys( $changes ) );
	}

	/**
	 * Writes fields through the WooCommerce CRUD; returns the parent id of a variation (its range is synced after).
	 *
	 * @param int    $id        Product id.
	 * @param array  $fields    Field → value.
	 * @param string $connector Connector id (categories are its linked groups).
	 * @throws \RuntimeException When the product is gone.
	 */
	public static function crud_update( int $id, array $fields, string $connector = '' ): int {
		$p = wc_get_product( $id );
		if ( ! $p ) {
			/* translators: %d: product id */
			throw new \RuntimeException( sprintf( __( 'Product %d no longer exists.', 'erpsync' ), $id ) );
		}
		foreach ( $fields as $f => $v ) {
			switch ( $f ) {
				case 'stock':
					if ( ! $p->get_manage_stock() || 'parent' === $p->get_manage_stock() ) {
						$p->set_manage_stock( true );
					}
					$p->set_stock_quantity( wc_stock_amount( $v ) );
					break;
				case 'regular_price':
					$p->set_regular_price( $v );
					break;
				case 'sale_price':
					$p->set_sale_price( $v );
					break;
				case 'name':
					$p->set_name( $v );
					break;
				case 'description':
					$p->set_description( $v );
					break;
				case 'status':
					$p->set_status( $v );
					break;
				case 'attributes':
					ExtraFields::set_attributes( $p, $v );
					break;
				case 'categories':
					$p->set_category_ids( self::category_terms( $connector, $v ) );
					break;
			}
		}
		$p->save();
		return $p->is_type( 'variation' ) ? (int) $p->get_parent_id() : 0;
	}

	/**
	 * Term ids of the categories linked to these back-office groups (comma-separated ids).
	 *
	 * @param string $connector Connector id.
	 * @param string $groups    Group ids.
	 */
	public static function category_terms( string $connector, string $groups ): array {
		global $wpdb;
		$ids = array_values( array_filter( array_map( 'trim', explode( ',', $groups ) ), 'strlen' ) );
		if ( ! $ids ) {
			return array();
		}
		$ph = implode( ',', array_fill( 0, count( $ids ), '%s' ) );
		return array_map( 'intval', $wpdb->get_col( $wpdb->prepare( 'SELECT local_id FROM ' . Installer::map_table() . " WHERE connector = %s AND object_type = 'category' AND remote_id IN ({$ph})", array_merge( array( $connector ), $ids ) ) ) );
	}

	/**
	 * The product category of a back-office group: the linked one, else one of that name, else a new one; linked.
	 *
	 * @param string $group Group id.
	 * @param string $name  Group name.
	 * @throws \RuntimeException When WordPress refuses the term.
	 */
	private function category( string $group, string $name ): int {
		$have = self::category_terms( $this->connector, $group );
		if ( $have ) {
			return $have[0];
		}
		$t = term_exists( $name, 'product_cat' );
		if ( ! $t ) {
			$t = wp_insert_term( $name, 'product_cat' );
		}
		if ( is_wp_error( $t ) ) {
			throw new \RuntimeException( $t->get_error_message() );
		}
		$term = (int) ( is_array( $t ) ? $t['term_id'] : $t );
		self::save_links( $this->connector, array( $term => $group ), 'category' );
		return $term;
	}

	/**
	 * Creates a product from a back-office item through the CRUD (status from the setting); returns its id.
	 *
	 * @param string $remote_id Back-office id.
	 * @param string $json      [sku, ean, price, name, group, owned extra fields] as the source stored it.
	 * @throws \RuntimeException When the item is unusable or WooCommerce refuses it (duplicate SKU …).
	 */
	private function create( string $remote_id, string $json ): int {
		$d = json_decode( $json, true );
		if ( ! is_array( $d ) || '' === (string) ( $d[3] ?? '' ) ) {
			/* translators: %s: back-office id */
			throw new \RuntimeException( sprintf( __( 'Back-office item %s has no name.', 'erpsync' ), $remote_id ) );
		}
		$s = SyncSettings::get();
		$p = new \WC_Product_Simple();
		$p->set_name( (string) $d[3] );
		$p->set_status( 'publish' === $s['sors_status'] ? 'publish' : 'draft' );
		if ( '' !== (string) $d[0] ) {
			$p->set_sku( (string) $d[0] ); // a duplicate SKU throws: reported on the plan row.
		}
		if ( '' !== (string) $d[1] && method_exists( $p, 'set_global_unique_id' ) ) {
			try {
				$p->set_global_unique_id( (string) $d[1] );
			} catch ( \WC_Data_Exception $e ) {
				unset( $e ); // an invalid or duplicate EAN is left out; the SKU and link identify the product.
			}
		}
		if ( null !== $d[2] && SyncSettings::remote_owns( $this->connector, 'regular_price' ) ) {
			$p->set_regular_price( (string) $d[2] );
		}
		if ( '' !== (string) $d[4] && SyncSettings::remote_owns( $this->connector, 'categories' ) ) {
			$p->set_category_ids( self::category_terms( $this->connector, (string) $d[4] ) );
		}
		// The owned fields beyond the matcher's (only those the back-office owns were kept).
		foreach ( (array) ( $d[5] ?? array() ) as $f => $v ) {
			if ( ! in_array( $f, ExtraFields::FIELDS, true ) || ! SyncSettings::remote_owns( $this->connector, $f ) ) {
				continue;
			}
			if ( 'status' === $f ) {
				$p->set_status( (string) $v );
			} elseif ( 'sale_price' === $f ) {
				$p->set_sale_price( (string) $v );
			} elseif ( 'description' === $f ) {
				$p->set_description( (string) $v );
			} else {
				ExtraFields::set_attributes( $p, (string) $v );
			}
		}
		return (int) $p->save();
	}

	/**
	 * Links products to their remote ids (insert or replace) in the mapping table.
	 *
	 * @param string $connector Connector id.
	 * @param array  $links     Local id → remote id.
	 * @param string $type      Object type (product, category).
	 */
	public static function save_links( string $connector, array $links, string $type = 'product' ): void {
		global $wpdb;
		$env    = Settings::environment( $connector );
		$now    = current_time( 'mysql', true );
		$values = array();
		$args   = array();
		foreach ( $links as $id => $remote ) {
			$values[] = "(%s, %s, %d, %s, 'done', %s, %s)";
			array_push( $args, $connector, $type, (int) $id, (string) $remote, $env, $now );
		}
		$wpdb->query(
			$wpdb->prepare(
				'INSERT INTO ' . Installer::map_table() . ' (connector, object_type, local_id, remote_id, state, env, updated_at) VALUES ' . implode( ',', $values ) .
				' ON DUPLICATE KEY UPDATE remote_id = VALUES(remote_id), state = VALUES(state), env = VALUES(env), updated_at = VALUES(updated_at)',
				$args
			)
		);
	}

	/** After the commit: caches, transients, the per-chunk hook. */
	public function after_commit(): void {
		if ( $this->bulk ) {
			$this->bulk->after_commit();
		}
		foreach ( array_unique( $this->touched ) as $id ) {
			wp_cache_delete( (int) $id, 'post_meta' );
		}
	}

	/** After a rollback: forget what this process cached of the touched products. */
	public function forget(): void {
		if ( $this->bulk ) {
			$this->bulk->forget();
		}
		foreach ( array_unique( $this->touched ) as $id ) {
			clean_post_cache( (int) $id );
		}
	}
}
