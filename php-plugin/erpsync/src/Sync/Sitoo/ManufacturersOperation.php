<?php
/**
 * Manufacturers (Complete Sync): every Sitoo manufacturer is matched by name to a term of the WooCommerce
 * "manufacturer" attribute (taxonomy pa_manufacturer, created when the shop has none) and linked (object type
 * manufacturer); a name the attribute lacks becomes a term. Products down then give a product its manufacturer.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** The manufacturers operation. */
final class ManufacturersOperation extends CatalogOperation {

	const TAXONOMY = 'pa_manufacturer';

	/** The owner's name. */
	public function label(): string {
		return __( 'Manufacturers: fetch all from Sitoo and match the "manufacturer" attribute', 'erpsync' );
	}

	/**
	 * One list call (500 a page).
	 *
	 * @param array $options Options.
	 */
	public function requests_needed( array $options ): int {
		return 1;
	}

	/**
	 * Runs whole.
	 *
	 * @param array $state    State.
	 * @param float $deadline Deadline.
	 * @param array $options  Options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		$n = $this->match( $options );
		return $this->result( true, $n, $n );
	}

	/** The attribute taxonomy, registered now when the shop has none (so terms can be made at once). */
	public static function ensure_taxonomy(): bool {
		if ( taxonomy_exists( self::TAXONOMY ) ) {
			return true;
		}
		if ( ! wc_attribute_taxonomy_id_by_name( 'manufacturer' ) ) {
			$id = wc_create_attribute(
				array(
					'name' => __( 'Manufacturer', 'erpsync' ),
					'slug' => 'manufacturer',
				)
			);
			if ( is_wp_error( $id ) ) {
				return false;
			}
		}
		// WooCommerce registers attribute taxonomies on init; one made now is registered for this request the same way.
		register_taxonomy(
			self::TAXONOMY,
			array( 'product' ),
			array(
				'hierarchical' => false,
				'public'       => false,
				'query_var'    => false,
				'rewrite'      => false,
				'show_ui'      => false,
			)
		);
		return taxonomy_exists( self::TAXONOMY );
	}

	/**
	 * Fetches and matches; returns how many Sitoo manufacturers.
	 *
	 * @param array $options Options.
	 */
	public function match( array $options ): int {
		$list = $this->sitoo()->manufacturers();
		$dry  = self::dry( $options );
		if ( ! $dry && ! self::ensure_taxonomy() ) {
			$this->item_error( __( 'The "manufacturer" product attribute could not be created.', 'erpsync' ), $options );
			return count( $list );
		}
		$links = CatalogMap::all( 'manufacturer' );
		$have  = array_flip( $links );
		$new   = array();
		foreach ( $list as $m ) {
			$rid  = (string) ( $m['externalcompanyid'] ?? $m['manufacturerid'] ?? '' );
			$name = trim( (string) ( $m['name'] ?? '' ) );
			if ( '' === $rid || '' === $name || isset( $have[ $rid ] ) ) {
				continue;
			}
			$term = taxonomy_exists( self::TAXONOMY ) ? get_term_by( 'name', $name, self::TAXONOMY ) : false;
			if ( $term ) {
				$this->plan( $options, 'link', (int) $term->term_id, $rid, $name );
				$new[ (int) $term->term_id ] = $rid;
				$this->count( 'linked' );
				continue;
			}
			$this->plan( $options, 'create', 0, $rid, $name );
			$this->count( 'created' );
			if ( $dry ) {
				continue;
			}
			$t = Origin::run( fn() => wp_insert_term( $name, self::TAXONOMY ) );
			if ( is_wp_error( $t ) ) {
				$this->item_error( sprintf( 'manufacturer %s: %s', $name, $t->get_error_message() ), $options );
				continue;
			}
			$new[ (int) $t['term_id'] ] = $rid;
		}
		if ( ! $dry ) {
			CatalogMap::link( 'manufacturer', $new );
			update_option( 'erpsync_sitoo_manufacturers_at', time(), false );
		}
		return count( $list );
	}
}
