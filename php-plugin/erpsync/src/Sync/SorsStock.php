<?php
/**
 * SORS stock of the chosen stock mode, matched by link, then SKU; the stock written when SORS owns it.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

defined( 'ABSPATH' ) || exit;

/** SORS stock sync. */
final class SorsStock extends SorsCatalog {

	use SkipsUnmatched;

	/** Matcher options. */
	public function matcher_options(): array {
		return array(
			'keys' => array( 'link', 'sku' ),
			'own'  => array(
				'stock' => SyncSettings::remote_owns( 'sors', 'stock' ) ? 'remote' : 'local',
				'price' => 'local',
				'name'  => 'local',
			),
		);
	}

	/**
	 * Stock pages into the matcher: straight from the replies in C (Sors::fetchStockInto), or through PHP arrays
	 * for a connector object without it.
	 *
	 * @param \ErpSync\Matcher\Matcher $m The matcher.
	 */
	public function fetch( $m ): int {
		$c = $this->connector();
		if ( method_exists( $c, 'fetchStockInto' ) ) {
			return (int) $c->fetchStockInto( $m, max( 1, min( 10000, (int) SyncSettings::get()['page_size'] ) ) );
		}
		return (int) $c->fetchStock(
			static function ( array $items ) use ( $m ) {
				$batch = array();
				foreach ( $items as $s ) {
					$batch[] = array(
						'id'    => (string) ( $s['productId'] ?? '' ),
						'sku'   => (string) ( $s['sku'] ?? '' ),
						'stock' => isset( $s['quantity'] ) ? (string) $s['quantity'] : null,
					);
				}
				$m->addRemote( $batch );
			},
			max( 1, min( 10000, (int) SyncSettings::get()['page_size'] ) )
		);
	}

	/** No categories from the stock sync. */
	public function first_rows(): array {
		return array();
	}
}
