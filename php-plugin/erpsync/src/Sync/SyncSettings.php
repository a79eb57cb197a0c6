<?php
/**
 * Settings of the inbound sync (option `erpsync_sync`): who owns which field per connector, the guard, the
 * schedules, the CRUD-forcing switch and the per-connector sync options (VASCO's EAN source, SORS's create status).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

defined( 'ABSPATH' ) || exit;

/** Sync settings. */
final class SyncSettings {

	const OPTION = 'erpsync_sync';

	/** Fields a sync can own, in the order the screens show them. */
	const FIELDS = array( 'stock', 'regular_price', 'sale_price', 'name', 'description', 'categories', 'images', 'attributes', 'status' );

	/** Owners: the back-office (a sync writes the field), the shop or nobody (a sync never writes it). */
	const OWNERS = array( 'remote', 'shop', 'none' );

	/** Schedule choices (seconds; 0 = off). */
	const FREQUENCIES = array(
		'off'        => 0,
		'15min'      => 900,
		'hourly'     => 3600,
		'sixhourly'  => 21600,
		'twicedaily' => 43200,
		'daily'      => 86400,
	);

	/** Defaults. VASCO: the back-office owns stock; SORS: catalogue, prices and stock (what its plugin syncs). */
	public static function defaults(): array {
		$own = array_fill_keys( self::FIELDS, 'shop' );
		return array(
			'own'                     => array(
				'vasco' => array_merge( $own, array( 'stock' => 'remote' ) ),
				'sors'  => array_merge(
					$own,
					array(
						'stock'         => 'remote',
						'regular_price' => 'remote',
						'name'          => 'remote',
						'categories'    => 'remote',
						'images'        => 'remote',
					)
				),
				// Sitoo: the stock the shop shares with the POS (as deltas, Sync\Sitoo\StockDown), and what a matched
				// product takes from Sitoo in the catalogue down (Complete Sync).
				'sitoo' => array_merge(
					$own,
					array(
						'stock'         => 'remote',
						'regular_price' => 'remote',
						'name'          => 'remote',
						'description'   => 'remote',
						'categories'    => 'remote',
						'attributes'    => 'remote',
					)
				),
			),
			'schedule'                => array(
				'vasco:stock'  => 'hourly',
				'sors:catalog' => 'off',
				'sors:stock'   => 'off',
				'sors:images'  => 'off',
			),
			'guard_percent'           => 20,
			'guard_min'               => 10,
			'force_crud'              => 'no',
			'slice_seconds'           => 20,
			'chunk'                   => 500,
			'vasco_ean'               => 'gtin',
			'vasco_ean_meta'          => '_alg_ean',
			'vasco_supplier'          => 'yes',
			'sors_status'             => 'draft',
			'image_max_kb'            => 5120,
			'page_size'               => 500,
			// VASCO invoice state of exported orders (Orders\VascoInvoice).
			'vasco_invoice_frequency' => 'hourly',
			'vasco_invoice_days'      => 14,
			'vasco_invoice_batch'     => 20,
			'vasco_invoice_docs'      => '',
			// SORS catalogue: the item fields holding what the API reply's names are not known for (erp-apis.md §1).
			'sors_fields'             => array(
				'status'      => 'active',
				'sale_price'  => 'salePrice',
				'description' => 'description',
				'attributes'  => 'attributes',
			),
		);
	}

	/** Stored settings over the defaults. */
	public static function get(): array {
		$s = get_option( self::OPTION, array() );
		$s = is_array( $s ) ? $s : array();
		$d = self::defaults();
		foreach ( array( 'own', 'schedule', 'sors_fields' ) as $k ) {
			$s[ $k ] = array_replace_recursive( $d[ $k ], isset( $s[ $k ] ) && is_array( $s[ $k ] ) ? $s[ $k ] : array() );
		}
		return array_merge( $d, $s );
	}

	/**
	 * Saves (merged over the stored settings; values already checked).
	 *
	 * @param array $values Settings.
	 */
	public static function put( array $values ): void {
		update_option( self::OPTION, array_replace_recursive( self::get(), $values ), false );
	}

	/**
	 * Field → owner for the connector.
	 *
	 * @param string $connector Connector id.
	 */
	public static function ownership( string $connector ): array {
		$s = self::get();
		return $s['own'][ $connector ] ?? array_fill_keys( self::FIELDS, 'shop' );
	}

	/**
	 * Whether the back-office owns the field (the only case in which a sync writes it).
	 *
	 * @param string $connector Connector id.
	 * @param string $field     One of FIELDS.
	 */
	public static function remote_owns( string $connector, string $field ): bool {
		return 'remote' === ( self::ownership( $connector )[ $field ] ?? 'shop' );
	}

	/**
	 * Seconds between scheduled runs of a sync (0 = off).
	 *
	 * @param string $sync "connector:what".
	 */
	public static function frequency( string $sync ): int {
		$s = self::get();
		return self::FREQUENCIES[ $s['schedule'][ $sync ] ?? 'off' ] ?? 0;
	}
}
