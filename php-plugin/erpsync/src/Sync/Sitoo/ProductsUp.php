<?php
/**
 * Products up (Complete Sync and the "send at once" trigger): products_up sends every unlinked product (simple,
 * variable with its variations) — a SKU Sitoo already holds is linked and overwritten; images are recreated —
 * exactly once: the products of a batch are marked `unknown` before the send, and after an ambiguous failure
 * (no answer, a 5xx, a lost reply) they are looked up by SKU (Sitoo::findProducts) before anything is sent again.
 * products_resync_parents / _variations / _images send the linked ones' fields, variant sets and images.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- product ids by cursor; values are placeholders or integers.

/** The operations products_up, products_resync_parents, products_resync_variations, products_resync_images. */
final class ProductsUp extends CatalogOperation {

	const BATCH = 50;

	/** The owner's name. */
	public function label(): string {
		switch ( $this->mode ) {
			case 'products_up':
				return __( 'Products: send all unmatched products to Sitoo (existing ones overwritten, images recreated)', 'erpsync' );
			case 'products_resync_parents':
				return __( 'Products: resync all matched simple and parent products', 'erpsync' );
			case 'products_resync_variations':
				return __( 'Products: resync all matched variations', 'erpsync' );
		}
		return __( 'Products: resync all matched product images', 'erpsync' );
	}

	/**
	 * Requests: one batch call per 50 products, plus per variable product its variant set (PUT + GET), plus per
	 * image a call and per product the image list.
	 *
	 * @param array $options Options.
	 */
	public function requests_needed( array $options ): int {
		$ids      = $this->candidates( $options, 0, PHP_INT_MAX );
		$variable = 0;
		$images   = 0;
		foreach ( $ids as $id ) {
			$p = wc_get_product( $id );
			if ( ! $p ) {
				continue;
			}
			$variable += $p->is_type( 'variable' ) ? 1 : 0;
			$images   += ( $p->get_image_id() ? 1 : 0 ) + count( $p->get_gallery_image_ids() );
		}
		switch ( $this->mode ) {
			case 'products_up':
				return (int) ceil( count( $ids ) / self::BATCH ) + 2 * $variable + count( $ids ) + $images;
			case 'products_resync_parents':
				return (int) ceil( count( $ids ) / self::BATCH );
			case 'products_resync_variations':
				return 2 * $variable;
		}
		return count( $ids ) * 2 + $images;
	}

	/**
	 * Product ids this mode works on, after $after, at most $limit.
	 *
	 * @param array $options Options.
	 * @param int   $after   Cursor.
	 * @param int   $limit   How many.
	 * @return int[]
	 */
	private function candidates( array $options, int $after, int $limit ): array {
		global $wpdb;
		$types = array( 'simple', 'variable' );
		if ( empty( $options['exclude_external'] ) ) {
			$types[] = 'external';
		}
		$in    = "'" . implode( "','", $types ) . "'";
		$ids   = array_map(
			'intval',
			$wpdb->get_col(
				$wpdb->prepare(
					"SELECT p.ID FROM {$wpdb->posts} p JOIN {$wpdb->term_relationships} tr ON tr.object_id = p.ID JOIN {$wpdb->term_taxonomy} tt ON tt.term_taxonomy_id = tr.term_taxonomy_id AND tt.taxonomy = 'product_type' JOIN {$wpdb->terms} t ON t.term_id = tt.term_id AND t.slug IN ({$in})
					 WHERE p.post_type = 'product' AND p.post_status IN ('publish', 'draft', 'private', 'pending') AND p.ID > %d ORDER BY p.ID LIMIT %d",
					$after,
					min( $limit, 1000000 )
				)
			)
		);
		$links = CatalogMap::all( 'product' );
		return array_values( array_filter( $ids, fn( $id ) => 'products_up' === $this->mode ? ! isset( $links[ $id ] ) : isset( $links[ $id ] ) ) );
	}

	/**
	 * Batches of products from a cursor until the deadline.
	 *
	 * @param array $state    State (cursor 'after').
	 * @param float $deadline Deadline.
	 * @param array $options  Options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		if ( ! isset( $state['total'] ) ) {
			if ( 'products_up' === $this->mode && ! self::dry( $options ) ) {
				$this->resolve_unknown();
			}
			$state['total'] = count( $this->candidates( $options, 0, PHP_INT_MAX ) );
			$state['after'] = 0;
			$state['done']  = 0;
		}
		do {
			$ids = $this->candidates( $options, (int) $state['after'], self::BATCH );
			if ( ! $ids ) {
				return $this->result( true, (int) $state['done'], (int) $state['total'] );
			}
			$this->batch( $ids, $options );
			$state['after'] = max( $ids );
			$state['done'] += count( $ids );
		} while ( microtime( true ) < $deadline );
		return $this->result( false, (int) $state['done'], (int) $state['total'] );
	}

	/**
	 * One batch in this mode.
	 *
	 * @param int[] $ids     Product ids.
	 * @param array $options Options.
	 */
	public function batch( array $ids, array $options ): void {
		$products = array_filter( array_map( 'wc_get_product', $ids ) );
		switch ( $this->mode ) {
			case 'products_up':
				$this->send_new( $products, $options );
				break;
			case 'products_resync_parents':
				$this->resync_parents( $products, $options );
				break;
			case 'products_resync_variations':
				foreach ( $products as $p ) {
					if ( $p->is_type( 'variable' ) ) {
						$this->variants( $p, (string) CatalogMap::remote( 'product', $p->get_id() ), $options );
					}
				}
				break;
			default:
				foreach ( $products as $p ) {
					$this->images( $p, (string) CatalogMap::remote( 'product', $p->get_id() ), $options );
				}
		}
	}

	/**
	 * A product as the connector's batch calls take it.
	 *
	 * @param \WC_Product $p Product.
	 */
	public static function snapshot( \WC_Product $p ): array {
		$s     = array(
			'sku'               => (string) $p->get_sku( 'edit' ),
			'name'              => (string) $p->get_name( 'edit' ),
			'ean'               => method_exists( $p, 'get_global_unique_id' ) ? (string) $p->get_global_unique_id( 'edit' ) : '',
			'short_description' => wp_strip_all_tags( (string) $p->get_short_description( 'edit' ) ),
		);
		$price = (string) $p->get_regular_price( 'edit' );
		if ( '' !== $price ) {
			$s['regular_price'] = self::price_out( $p, $price );
		}
		$remote = CatalogMap::remote( 'product', $p->get_id() );
		if ( null !== $remote ) {
			$s['remote_id'] = (int) $remote;
		}
		return $s;
	}

	/**
	 * A price as Sitoo gets it: including VAT when "prices sent including VAT" is on, else excluding (Prices: the
	 * product's tax class rate at the shop's base location, exact integer arithmetic, half away from zero).
	 *
	 * @param \WC_Product $p     Product.
	 * @param string      $price Shop price.
	 */
	private static function price_out( \WC_Product $p, string $price ): string {
		return Prices::to_sitoo( $p, $price );
	}

	/**
	 * Whether a failure may have reached Sitoo (then the next send is preceded by a lookup).
	 *
	 * @param \Throwable $e Failure.
	 */
	public static function ambiguous( \Throwable $e ): bool {
		if ( $e instanceof \ErpSync\RateLimitedException ) {
			return false;
		}
		if ( $e instanceof \ErpSync\TransportException ) {
			return 'dns' !== $e->getKind() && 'connect' !== $e->getKind();
		}
		if ( $e instanceof \ErpSync\HttpException ) {
			return $e->getStatus() >= 500 || 0 === $e->getStatus();
		}
		return $e instanceof \ErpSync\ProtocolException;
	}

	/**
	 * Products whose create may have reached Sitoo: looked up by SKU, linked when there, unmarked when not.
	 */
	public function resolve_unknown(): void {
		$ids = CatalogMap::unknown( 'product' );
		if ( ! $ids ) {
			return;
		}
		$sku = array();
		foreach ( $ids as $id ) {
			$p = wc_get_product( $id );
			if ( $p && '' !== $p->get_sku( 'edit' ) ) {
				$sku[ $p->get_sku( 'edit' ) ] = $id;
			}
		}
		$found = $sku ? $this->sitoo()->findProducts( array_map( 'strval', array_keys( $sku ) ) ) : array();
		$links = array();
		foreach ( $found as $s => $hit ) {
			if ( isset( $sku[ (string) $s ] ) ) {
				$links[ $sku[ (string) $s ] ] = (string) $hit['productid'];
			}
		}
		CatalogMap::link( 'product', $links );
		CatalogMap::clear( 'product', array_diff( $ids, array_keys( $links ) ) );
		$this->count( 'found_after_lost_reply', count( $links ) );
	}

	/**
	 * Sends unlinked products: batch create, SKUs Sitoo holds linked and overwritten, variant sets, images.
	 *
	 * @param \WC_Product[] $products Products.
	 * @param array         $options  Options.
	 * @throws \ErpSync\Exception A failure that certainly did not reach Sitoo.
	 */
	public function send_new( array $products, array $options ): void {
		$snaps = array();
		$by    = array();
		foreach ( $products as $p ) {
			$s = self::snapshot( $p );
			$this->plan( $options, 'send', $p->get_id(), '', $s['sku'] );
			if ( ! \ErpSync\Connector\Sitoo::fixSku( $s['sku'] ) || \ErpSync\Connector\Sitoo::fixSku( $s['sku'] ) !== $s['sku'] || '' === $s['sku'] ) {
				/* translators: %d: product id */
				$this->item_error( sprintf( __( 'Product %d has no SKU or one Sitoo does not allow: Tools → Fix SKU mends it.', 'erpsync' ), $p->get_id() ), $options );
				continue;
			}
			$snaps[]         = $s;
			$by[ $s['sku'] ] = $p;
		}
		if ( ! $snaps || self::dry( $options ) ) {
			return;
		}
		$ids = array_map( static fn( $p ) => $p->get_id(), array_values( $by ) );
		CatalogMap::mark_unknown( 'product', $ids );
		try {
			$res = $this->sitoo()->pushProducts( $snaps );
		} catch ( \ErpSync\Exception $e ) {
			if ( ! self::ambiguous( $e ) ) {
				CatalogMap::clear( 'product', $ids );
				throw $e;
			}
			$this->resolve_unknown(); // the lookup first: what arrived is linked, never sent twice.
			$res = array();
			foreach ( $snaps as $s ) {
				$linked = CatalogMap::remote( 'product', $by[ $s['sku'] ]->get_id() );
				$res[]  = null === $linked
					? array(
						'sku'   => $s['sku'],
						'ok'    => false,
						'error' => $e->getMessage(),
					)
					: array(
						'sku'       => $s['sku'],
						'ok'        => true,
						'productid' => (int) $linked,
						'found'     => true,
					);
			}
		}
		$links = array();
		$taken = array();
		foreach ( $res as $r ) {
			$p = $by[ (string) $r['sku'] ] ?? null;
			if ( ! $p ) {
				continue;
			}
			if ( ! empty( $r['ok'] ) ) {
				$links[ $p->get_id() ] = (string) $r['productid'];
				$this->count( empty( $r['found'] ) ? 'sent' : 'linked' );
			} elseif ( false !== stripos( (string) $r['error'], 'exists' ) ) {
				$taken[ (string) $r['sku'] ] = $p;
			} else {
				CatalogMap::clear( 'product', array( $p->get_id() ) );
				$this->item_error( sprintf( 'product %d (%s): %s', $p->get_id(), $r['sku'], $r['error'] ), $options );
			}
		}
		CatalogMap::link( 'product', $links );
		if ( $taken ) {
			$this->overwrite( $taken, $options );
		}
		foreach ( $by as $p ) {
			$remote = CatalogMap::remote( 'product', $p->get_id() );
			if ( null === $remote ) {
				continue;
			}
			if ( $p->is_type( 'variable' ) ) {
				$this->variants( $p, $remote, $options );
			}
			$this->images( $p, $remote, $options );
		}
	}

	/**
	 * SKUs Sitoo already holds: linked, then overwritten with the shop's fields.
	 *
	 * @param array<string,\WC_Product> $taken SKU → product.
	 * @param array                     $options Options.
	 */
	private function overwrite( array $taken, array $options ): void {
		$found = $this->sitoo()->findProducts( array_map( 'strval', array_keys( $taken ) ) );
		$links = array();
		foreach ( $taken as $sku => $p ) {
			if ( isset( $found[ $sku ] ) ) {
				$links[ $p->get_id() ] = (string) $found[ $sku ]['productid'];
			} else {
				CatalogMap::clear( 'product', array( $p->get_id() ) );
				$this->item_error( sprintf( 'product %d (%s): Sitoo says the SKU exists but does not return it', $p->get_id(), $sku ), $options );
			}
		}
		CatalogMap::link( 'product', $links );
		$this->count( 'overwritten', count( $links ) );
		$this->resync_parents( array_values( array_filter( $taken, static fn( $p ) => isset( $links[ $p->get_id() ] ) ) ), $options );
	}

	/**
	 * Fields of linked products (batch PUT).
	 *
	 * @param \WC_Product[] $products Products.
	 * @param array         $options  Options.
	 */
	public function resync_parents( array $products, array $options ): void {
		$snaps = array();
		foreach ( $products as $p ) {
			$s = self::snapshot( $p );
			if ( empty( $s['remote_id'] ) ) {
				continue;
			}
			$this->plan( $options, 'update', $p->get_id(), (string) $s['remote_id'], $s['sku'] );
			$snaps[] = $s;
		}
		if ( ! $snaps || self::dry( $options ) ) {
			return;
		}
		foreach ( $this->sitoo()->updateProducts( $snaps ) as $r ) {
			if ( ! empty( $r['ok'] ) ) {
				$this->count( 'updated' );
			} else {
				$this->item_error( sprintf( 'product %s (%s): %s', $r['remote_id'] ?? '?', $r['sku'] ?? '', $r['error'] ?? '' ), $options );
			}
		}
	}

	/**
	 * The whole variant set of a variable product (a PUT replaces all); the variations are linked by SKU.
	 *
	 * @param \WC_Product $p       Variable product.
	 * @param string      $remote  Its Sitoo productid.
	 * @param array       $options Options.
	 * @throws \ErpSync\RateLimitedException Sitoo asks to wait: the job pauses.
	 */
	public function variants( \WC_Product $p, string $remote, array $options ): void {
		if ( '' === $remote ) {
			return;
		}
		$attrs = array();
		foreach ( $p->get_attributes( 'edit' ) as $key => $a ) {
			if ( ! $a->get_variation() ) {
				continue;
			}
			$opts          = $a->is_taxonomy() ? array_map( static fn( $t ) => $t->name, $a->get_terms() ? $a->get_terms() : array() ) : $a->get_options();
			$attrs[ $key ] = array(
				'name'    => $a->is_taxonomy() ? wc_attribute_label( $a->get_name() ) : $a->get_name(),
				'options' => array_values( array_map( 'strval', $opts ) ),
				'tax'     => $a->is_taxonomy() ? $a->get_name() : '',
			);
		}
		$vars = array();
		$ids  = array();
		foreach ( $p->get_children() as $vid ) {
			$v = wc_get_product( $vid );
			if ( ! $v ) {
				continue;
			}
			$s  = self::snapshot( $v );
			$va = array();
			foreach ( $attrs as $key => $a ) {
				$val = (string) $v->get_attribute( $key );
				if ( '' !== $a['tax'] ) {
					$t   = get_term_by( 'slug', (string) ( $v->get_attributes( 'edit' )[ $key ] ?? '' ), $a['tax'] );
					$val = $t ? $t->name : $val;
				}
				$va[] = array( 'option' => $val );
			}
			$s['attributes']  = $va;
			$vars[]           = $s;
			$ids[ $s['sku'] ] = $vid;
		}
		$this->plan( $options, 'variants', $p->get_id(), $remote, (string) count( $vars ) );
		if ( self::dry( $options ) || ! $vars ) {
			return;
		}
		try {
			$stored = $this->sitoo()->setVariants( $remote, array( 'attributes' => array_values( $attrs ) ), $vars );
		} catch ( \ErpSync\RateLimitedException $e ) {
			throw $e;
		} catch ( \ErpSync\Exception $e ) {
			$this->item_error( sprintf( 'product %d variants: %s', $p->get_id(), $e->getMessage() ), $options );
			return;
		}
		$links = array();
		foreach ( (array) ( $stored['variants'] ?? array() ) as $sv ) {
			if ( isset( $ids[ (string) ( $sv['sku'] ?? '' ) ] ) && ! empty( $sv['productid'] ) ) {
				$links[ $ids[ (string) $sv['sku'] ] ] = (string) $sv['productid'];
			}
		}
		CatalogMap::link( 'product', $links );
		$this->count( 'variations_sent', count( $links ) );
	}

	/**
	 * Images recreated: Sitoo's images of the product unlinked (last first: indexes shift), then the featured image
	 * and the gallery uploaded (their file names made safe by the connector).
	 *
	 * @param \WC_Product $p       Product.
	 * @param string      $remote  Sitoo productid.
	 * @param array       $options Options.
	 * @throws \ErpSync\RateLimitedException Sitoo asks to wait: the job pauses.
	 */
	public function images( \WC_Product $p, string $remote, array $options ): void {
		$files = array_values( array_filter( array_merge( array( (int) $p->get_image_id() ), array_map( 'intval', $p->get_gallery_image_ids() ) ) ) );
		if ( '' === $remote || ( ! $files && 'products_up' === $this->mode ) ) {
			return;
		}
		$this->plan( $options, 'images', $p->get_id(), $remote, (string) count( $files ) );
		if ( self::dry( $options ) ) {
			return;
		}
		try {
			$old = $this->sitoo()->images( $remote );
			for ( $i = count( (array) ( $old['items'] ?? $old ) ) - 1; $i >= 0; $i-- ) {
				$this->sitoo()->unlinkImage( $remote, $i );
			}
			foreach ( $files as $aid ) {
				$path = get_attached_file( $aid );
				if ( ! $path || ! is_readable( $path ) ) {
					/* translators: %d: attachment id */
					$this->item_error( sprintf( __( 'Image %d: the file is missing.', 'erpsync' ), $aid ), $options );
					continue;
				}
				$this->sitoo()->uploadImage( $remote, wp_basename( $path ), (string) file_get_contents( $path ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local upload.
				$this->count( 'images_sent' );
			}
		} catch ( \ErpSync\RateLimitedException $e ) {
			throw $e;
		} catch ( \ErpSync\Exception $e ) {
			$this->item_error( sprintf( 'product %d images: %s', $p->get_id(), $e->getMessage() ), $options );
		}
	}
}
