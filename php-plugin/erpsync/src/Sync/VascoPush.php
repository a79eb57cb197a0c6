<?php
/**
 * Products pushed to VASCO (`Vasco::pushProduct`: the article is looked up by its code, then POSTed when VASCO
 * does not have it, PUT when it does). The plugin turns each product into a plain array and keeps the result.
 *
 * - The article code is the product's own SKU (or its EAN when the connector's `article_key` is `ean`); a product
 *   without it is refused with that reason, before anything is sent.
 * - VASCO articles are flat (erp-apis.md §2: `sifra`, `naziv`, … — no parent/variant relation in any source), so a
 *   variable product is pushed as its variations, each an article of its own under its own SKU; the parent itself
 *   is not an article. A variation that only inherits the parent's SKU is refused (all of them would be one code).
 * - Exactly once on create: a POST is never repeated blindly. When a push ends without an answer (transport error,
 *   lost reply, 5xx) it is tried once more through `pushProduct`, which looks the code up first: an article the
 *   first POST did create is then found and updated (PUT), never created twice.
 * - Dry run: `buildProductPayload` only — new or update (one GET by code) and the payload's main fields.
 * - The last result of each product is kept in post meta `_erpsync_vasco_push` (time, result, message).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Orders\Queue;

defined( 'ABSPATH' ) || exit;

/** Product push to VASCO. */
final class VascoPush {

	/** Product meta: the last push (JSON: time, result, code, message). */
	const META = '_erpsync_vasco_push';

	/**
	 * The connector.
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

	/** The connector. */
	private function connector() {
		if ( ! $this->connector ) {
			$this->connector = Connectors::make( 'vasco' );
		}
		return $this->connector;
	}

	/**
	 * The products an id stands for: itself, or the variations of a variable product.
	 *
	 * @param int $id Product id.
	 * @return \WC_Product[]
	 */
	public static function expand( int $id ): array {
		$p = wc_get_product( $id );
		if ( ! $p ) {
			return array();
		}
		if ( $p->is_type( 'variable' ) ) {
			return array_values( array_filter( array_map( 'wc_get_product', $p->get_children() ) ) );
		}
		return array( $p );
	}

	/**
	 * The product as the plain array the connector takes (keys of an empty code left out, so it is refused).
	 *
	 * @param \WC_Product $p Product or variation.
	 */
	public static function snapshot( \WC_Product $p ): array {
		$s   = array(
			'id'                 => (string) $p->get_id(),
			'name'               => wp_strip_all_tags( $p->get_name() ),
			'regular_price'      => (string) $p->get_regular_price( 'edit' ),
			'tax_rate_percent'   => self::tax_rate( $p ),
			'prices_include_tax' => wc_prices_include_tax(),
			'permalink'          => (string) get_permalink( $p->get_id() ),
		);
		$sku = trim( (string) $p->get_sku( 'edit' ) ); // the variation's own SKU, not the parent's.
		if ( '' !== $sku ) {
			$s['sku'] = $sku;
		}
		$ean = trim( (string) ( is_callable( array( $p, 'get_global_unique_id' ) ) ? $p->get_global_unique_id( 'edit' ) : '' ) );
		if ( '' === $ean ) {
			$meta = (string) SyncSettings::get()['vasco_ean_meta'];
			$ean  = '' !== $meta ? trim( (string) $p->get_meta( $meta ) ) : '';
		}
		if ( '' !== $ean ) {
			$s['ean'] = $ean;
		}
		if ( '' === $s['regular_price'] ) {
			unset( $s['regular_price'] );
		}
		return $s;
	}

	/**
	 * The VAT rate of the product's tax class in the shop's base country (0 when it is not taxable).
	 *
	 * @param \WC_Product $p Product.
	 */
	private static function tax_rate( \WC_Product $p ): string {
		if ( ! wc_tax_enabled() || 'none' === $p->get_tax_status() ) {
			return '0';
		}
		$rates = \WC_Tax::get_base_tax_rates( $p->get_tax_class() );
		$first = $rates ? reset( $rates ) : null;
		return $first ? (string) wc_format_decimal( $first['rate'] ) : '0';
	}

	/**
	 * Pushes (or, with $dry_run, only builds) the products behind the ids; one result per product or variation:
	 * [id, name, code, result (created|updated|refused|failed|new|update), message, payload (dry run)].
	 *
	 * @param int[] $ids     Product ids.
	 * @param bool  $dry_run Only show what would be sent.
	 */
	public function run( array $ids, bool $dry_run = false ): array {
		$out = array();
		foreach ( array_unique( array_map( 'absint', $ids ) ) as $id ) {
			$items = self::expand( $id );
			if ( ! $items ) {
				$out[] = array(
					'id'      => $id,
					'name'    => '',
					'code'    => '',
					'result'  => 'refused',
					/* translators: %d: product id */
					'message' => sprintf( __( 'Product %d does not exist.', 'erpsync' ), $id ),
				);
				continue;
			}
			$parent = wc_get_product( $id );
			if ( $parent && $parent->is_type( 'variable' ) && ! $parent->get_children() ) {
				$out[] = self::result( $parent, 'refused', __( 'A variable product without variations: VASCO articles are its variations, and it has none.', 'erpsync' ) );
				continue;
			}
			foreach ( $items as $p ) {
				$out[] = $dry_run ? $this->preview( $p ) : $this->push( $p );
			}
		}
		return $out;
	}

	/**
	 * One result row.
	 *
	 * @param \WC_Product $p       Product.
	 * @param string      $result  Result.
	 * @param string      $message Words.
	 * @param string      $code    Article code.
	 */
	private static function result( \WC_Product $p, string $result, string $message, string $code = '' ): array {
		return array(
			'id'      => (int) $p->get_id(),
			'name'    => wp_strip_all_tags( $p->get_name() ),
			'code'    => $code,
			'result'  => $result,
			'message' => $message,
		);
	}

	/**
	 * Why a product cannot be pushed ('' when it can): a variation that only has its parent's SKU.
	 *
	 * @param \WC_Product $p Product.
	 * @param array       $s Its snapshot.
	 */
	private function refusal( \WC_Product $p, array $s ): string {
		if ( $p->is_type( 'variation' ) && ! isset( $s['sku'] ) && 'ean' !== $this->article_key() ) {
			return __( 'This variation has no SKU of its own (it would share its parent\'s code with the other variations); give it one first.', 'erpsync' );
		}
		return '';
	}

	/** Which product field is the article code ('sku' or 'ean', the connector's `article_key`). */
	private function article_key(): string {
		$cs = Settings::connector_settings( 'vasco' );
		return 'ean' === ( $cs['article_key'] ?? 'sku' ) ? 'ean' : 'sku';
	}

	/**
	 * Dry run of one product: the payload's main fields, and new or update (looked up by code).
	 *
	 * @param \WC_Product $p Product.
	 */
	private function preview( \WC_Product $p ): array {
		$s   = self::snapshot( $p );
		$why = $this->refusal( $p, $s );
		if ( '' !== $why ) {
			return self::result( $p, 'refused', $why );
		}
		try {
			$payload = json_decode( $this->connector()->buildProductPayload( $s ), true );
		} catch ( \ErpSync\ValidationException $e ) {
			return self::result( $p, 'refused', $e->getMessage() );
		}
		$code = (string) ( $payload['sifra'] ?? ( $s[ $this->article_key() ] ?? '' ) );
		try {
			$found = null !== $this->connector()->findProduct( $s );
		} catch ( \ErpSync\Exception $e ) {
			return self::result( $p, 'failed', $e->getMessage(), $code );
		}
		$row            = self::result( $p, $found ? 'update' : 'new', '', $code );
		$row['payload'] = array_intersect_key( (array) $payload, array_flip( array( 'sifra', 'naziv', 'enota', 'grupa', 'stopnjaDDV', 'prodajnaCena' ) ) );
		return $row;
	}

	/**
	 * Pushes one product; an ambiguous failure is tried once more (the lookup comes first, so a POST that did
	 * arrive is found and becomes a PUT). The result is kept on the product.
	 *
	 * @param \WC_Product $p Product.
	 */
	private function push( \WC_Product $p ): array {
		$s   = self::snapshot( $p );
		$why = $this->refusal( $p, $s );
		if ( '' !== $why ) {
			return self::keep( $p, self::result( $p, 'refused', $why ) );
		}
		$note = '';
		for ( $attempt = 1; ; $attempt++ ) {
			try {
				$r      = $this->connector()->pushProduct( $s );
				$result = ! empty( $r['created'] ) ? 'created' : 'updated';
				if ( $attempt > 1 && 'updated' === $result ) {
					// The first attempt's POST may have created it: VASCO has it once either way.
					$note = __( 'The first reply was lost; VASCO had the article when looked up again, so it was updated, not created twice.', 'erpsync' );
				}
				Queue::log( 'vasco', 'info', sprintf( 'product %d pushed: %s %s', $p->get_id(), $result, (string) $r['remote_id'] ) );
				return self::keep( $p, self::result( $p, $result, $note, (string) $r['remote_id'] ) );
			} catch ( \ErpSync\ValidationException $e ) {
				return self::keep( $p, self::result( $p, 'refused', $e->getMessage() ) );
			} catch ( \ErpSync\Exception $e ) {
				$ambiguous = $e instanceof \ErpSync\TransportException || ( $e instanceof \ErpSync\HttpException && ! $e instanceof \ErpSync\RateLimitedException && $e->getStatus() >= 500 );
				if ( $ambiguous && 1 === $attempt ) {
					continue;
				}
				Queue::log( 'vasco', 'error', sprintf( 'product %d not pushed: %s', $p->get_id(), $e->getMessage() ) );
				return self::keep( $p, self::result( $p, 'failed', $e->getMessage(), (string) ( $s[ $this->article_key() ] ?? '' ) ) );
			}
		}
	}

	/**
	 * Keeps the result on the product (the list column and the product screen show it).
	 *
	 * @param \WC_Product $p   Product.
	 * @param array       $row Result.
	 */
	private static function keep( \WC_Product $p, array $row ): array {
		update_post_meta(
			$p->get_id(),
			self::META,
			wp_slash(
				(string) wp_json_encode(
					array(
						'time'    => time(),
						'result'  => $row['result'],
						'code'    => $row['code'],
						'message' => $row['message'],
					)
				)
			)
		);
		return $row;
	}

	/**
	 * The last push of a product, or null.
	 *
	 * @param int $id Product id.
	 */
	public static function last( int $id ): ?array {
		$v = json_decode( (string) get_post_meta( $id, self::META, true ), true );
		return is_array( $v ) ? $v : null;
	}
}
