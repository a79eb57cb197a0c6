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

use ErpSync\Plugin\Installer;
use ErpSync\Plugin\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- the plugin's mapping table and post meta in multi-row statements; every value is a placeholder.

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
		$counts  = array();
		$links   = array();
		$meta    = array();
		$changes = array();
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
					$changes[ $id ][ $r['field'] ] = (string) $r['new_value'];
					break;
			}
		}
		if ( $links ) {
			self::save_links( $this->connector, $links );
			$counts['linked'] = count( $links );
		}
		if ( $meta ) {
			BulkWriter::set_meta( $meta );
			$counts['meta'] = count( $meta );
			$this->touched  = array_merge( $this->touched, array_keys( $meta ) );
		}
		if ( ! $changes ) {
			return $counts;
		}
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
				$parent = self::crud_update( (int) $id, $fields );
				if ( $parent ) {
					$parents[ $parent ] = true;
				}
			} catch ( \Throwable $e ) {
				$counts['errors'] = ( $counts['errors'] ?? 0 ) + 1;
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
		return $counts;
	}

	/**
	 * Writes fields through the WooCommerce CRUD; returns the parent id of a variation (its range is synced after).
	 *
	 * @param int   $id     Product id.
	 * @param array $fields Field → value.
	 * @throws \RuntimeException When the product is gone.
	 */
	public static function crud_update( int $id, array $fields ): int {
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
			}
		}
		$p->save();
		return $p->is_type( 'variation' ) ? (int) $p->get_parent_id() : 0;
	}

	/**
	 * Links products to their remote ids (insert or replace) in the mapping table.
	 *
	 * @param string $connector Connector id.
	 * @param array  $links     Local id → remote id.
	 */
	public static function save_links( string $connector, array $links ): void {
		global $wpdb;
		$env    = Settings::environment( $connector );
		$now    = current_time( 'mysql', true );
		$values = array();
		$args   = array();
		foreach ( $links as $id => $remote ) {
			$values[] = "(%s, 'product', %d, %s, 'done', %s, %s)";
			array_push( $args, $connector, (int) $id, (string) $remote, $env, $now );
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
