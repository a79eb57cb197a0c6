<?php
/**
 * VASCO stock: articles (code, EAN from dodatnaPolja or the article code, name, price) with stock summed over the
 * chosen warehouses plus supplier stock (PROSTO_C9) as the connector's fetchStock() gives it; matched by the stored
 * link, then EAN. Own and supplier stock are kept on the product (read-only fields on its Inventory tab).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Infra\Connectors;

defined( 'ABSPATH' ) || exit;

/** VASCO stock sync. */
final class VascoStock implements Source {

	use SkipsUnmatched;

	/** Product meta holding "own|supplier" of the last sync. */
	const META = '_erpsync_vasco_stock';

	/**
	 * The connector (built on first use).
	 *
	 * @var \ErpSync\Connector\Vasco|null
	 */
	private $connector;

	/**
	 * Optional connector object (tests).
	 *
	 * @param object|null $connector A connector.
	 */
	public function __construct( $connector = null ) {
		$this->connector = $connector;
	}

	/** Matcher options. */
	public function matcher_options(): array {
		$own = SyncSettings::ownership( 'vasco' );
		return array(
			'keys'               => array( 'link', 'ean' ),
			'own'                => array(
				'stock' => 'remote' === $own['stock'] ? 'remote' : 'local',
				'price' => 'remote' === $own['regular_price'] ? 'remote' : 'local',
				'name'  => 'remote' === $own['name'] ? 'remote' : 'local',
			),
			'prices_include_tax' => 'yes' === get_option( 'woocommerce_prices_include_tax' ),
		);
	}

	/**
	 * Stock first (one call), then the articles page by page straight into the matcher in C
	 * (Vasco::fetchProductsInto: no PHP array per article; "own|supplier" travels with each item to matched()).
	 *
	 * @param \ErpSync\Matcher\Matcher $m The matcher.
	 */
	public function fetch( $m ): int {
		$c        = $this->connector ? $this->connector : Connectors::make( 'vasco' );
		$supplier = 'no' !== SyncSettings::get()['vasco_supplier'];
		if ( method_exists( $c, 'fetchProductsInto' ) ) {
			return (int) $c->fetchProductsInto( $m, $supplier );
		}
		return $this->fetch_arrays( $c, $m, $supplier );
	}

	/**
	 * The same through PHP arrays (a connector object without fetchProductsInto, e.g. a test double).
	 *
	 * @param object                   $c        The connector.
	 * @param \ErpSync\Matcher\Matcher $m        The matcher.
	 * @param bool                     $supplier Count supplier stock.
	 */
	private function fetch_arrays( $c, $m, bool $supplier ): int {
		$stock = array();
		foreach ( $c->fetchStock() as $row ) {
			$stock[ (string) $row['code'] ] = $row;
		}
		$n = $c->fetchProducts(
			static function ( array $items ) use ( $m, &$stock, $supplier ) {
				$batch = array();
				foreach ( $items as $a ) {
					$code = (string) ( $a['sifra'] ?? '' );
					if ( '' === $code ) {
						continue;
					}
					$ean = '';
					foreach ( (array) ( $a['dodatnaPolja'] ?? array() ) as $f ) {
						if ( is_array( $f ) && 'EAN' === ( $f['naziv'] ?? '' ) ) {
							$ean = (string) ( $f['vrednost'] ?? '' );
						}
					}
					if ( '' === $ean && preg_match( '/^\d{8,14}$/', $code ) ) {
						$ean = $code; // shops that number articles by EAN.
					}
					$s       = $stock[ $code ] ?? null;
					$batch[] = array(
						'id'    => $code,
						'ean'   => $ean,
						'stock' => $s ? self::stock_of( $s, $supplier ) : '0',
						'price' => isset( $a['prodajnaCena'] ) ? (string) $a['prodajnaCena'] : null,
						'name'  => (string) ( $a['naziv'] ?? '' ),
						'extra' => ( $s ? $s['own'] : '0' ) . '|' . ( $s ? $s['supplier'] : '0' ),
					);
				}
				$m->addRemote( $batch );
			}
		);
		return (int) $n;
	}

	/**
	 * The stock the shop gets: VASCO's total (own − reserved + supplier), without the supplier's part when the owner
	 * does not count it (setting "VASCO: count supplier stock").
	 *
	 * @param array $row      fetchStock() row.
	 * @param bool  $supplier Count supplier stock.
	 */
	private static function stock_of( array $row, bool $supplier ): string {
		if ( $supplier ) {
			return (string) $row['total'];
		}
		return (string) wc_format_decimal( (float) $row['total'] - (float) $row['supplier'], false, true );
	}

	/** Where the EAN lives (setting): WooCommerce's GTIN field or a meta key. */
	public function ean_meta_key(): string {
		$s = SyncSettings::get();
		return 'meta' === $s['vasco_ean'] && '' !== $s['vasco_ean_meta'] ? (string) $s['vasco_ean_meta'] : '_global_unique_id';
	}

	/** Products without EAN are skipped and listed. */
	public function required_key(): string {
		return 'ean';
	}

	/**
	 * Own/supplier stock rows where they changed.
	 *
	 * @param array $pairs [[local_id, remote_id, "own|supplier"], ...].
	 */
	public function extra_rows( array $pairs ): array {
		global $wpdb;
		if ( ! $pairs ) {
			return array();
		}
		$ids = array_map( 'intval', array_column( $pairs, 0 ) );
		$old = array();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- ids are integers; one read per chunk.
		foreach ( $wpdb->get_results( $wpdb->prepare( "SELECT post_id, meta_value FROM {$wpdb->postmeta} WHERE meta_key = %s AND post_id IN (" . implode( ',', $ids ) . ')', self::META ), ARRAY_N ) as $r ) {
			$old[ (int) $r[0] ] = (string) $r[1];
		}
		$rows = array();
		foreach ( $pairs as $p ) {
			$new = (string) ( $p[2] ?? '' );
			if ( '' !== $new && ( $old[ (int) $p[0] ] ?? null ) !== $new ) {
				$rows[] = array(
					'action'    => 'meta',
					'local_id'  => (int) $p[0],
					'remote_id' => (string) $p[1],
					'field'     => self::META,
					'old_value' => $old[ (int) $p[0] ] ?? '',
					'new_value' => $new,
				);
			}
		}
		return $rows;
	}

	/**
	 * Own and supplier stock of a product as the last sync left them: ['own' => string, 'supplier' => string] or null.
	 *
	 * @param int $product_id Product id.
	 */
	public static function product_stock( int $product_id ): ?array {
		$v = (string) get_post_meta( $product_id, self::META, true );
		if ( '' === $v ) {
			return null;
		}
		$p = explode( '|', $v, 2 );
		return array(
			'own'      => $p[0],
			'supplier' => $p[1] ?? '0',
		);
	}
}
