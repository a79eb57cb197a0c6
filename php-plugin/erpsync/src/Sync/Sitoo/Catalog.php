<?php
/**
 * The Sitoo catalogue's wiring: its Complete Sync operations (filter erpsync_sitoo_operations), the "send changes
 * of linked products, variations, categories and coupons at once" hooks (never for writes a Sitoo sync made: Origin), and
 * the Sitoo page (Complete Sync, Misc, Tools).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Registration. */
final class Catalog {

	const SEND_HOOK = 'erpsync_sitoo_send_object';

	/** Hooks. */
	public static function register(): void {
		add_filter( 'erpsync_sitoo_operations', array( __CLASS__, 'operations' ) );
		add_action( 'woocommerce_update_product', array( __CLASS__, 'on_product' ), 20, 1 );
		add_action( 'woocommerce_update_product_variation', array( __CLASS__, 'on_variation' ), 20, 1 );
		add_action( 'edited_product_cat', array( __CLASS__, 'on_category' ), 20, 1 );
		add_action( 'woocommerce_update_coupon', array( __CLASS__, 'on_coupon' ), 20, 1 );
		add_action( self::SEND_HOOK, array( __CLASS__, 'send_object' ), 10, 2 );
		CompleteSyncPage::register();
	}

	/**
	 * This helper's operations, added to the list.
	 *
	 * @param array $ops id → Operation.
	 */
	public static function operations( $ops ): array {
		$ops  = is_array( $ops ) ? $ops : array();
		$mine = array(
			new CatalogMatchAll(),
			new CategoriesOperation( 'match_categories' ),
			new ProductsDown( 'match_products' ),
			new VouchersOperation( 'match_vouchers' ),
			new ManufacturersOperation( 'manufacturers' ),
			new CategoriesOperation( 'categories_down' ),
			new CategoriesOperation( 'categories_up' ),
			new CategoriesOperation( 'categories_resync' ),
			new ProductsDown( 'products_down' ),
			new ProductsUp( 'products_up' ),
			new ProductsUp( 'products_resync_parents' ),
			new ProductsUp( 'products_resync_variations' ),
			new ProductsUp( 'products_resync_images' ),
			new ImagesDown( 'products_images_down' ),
			new VouchersOperation( 'vouchers_down' ),
			new VouchersOperation( 'vouchers_up' ),
		);
		foreach ( $mine as $op ) {
			$ops[ $op->id() ] = $op;
		}
		return $ops;
	}

	/** Whether changes of linked objects go up at once (Sitoo on, the setting on, and not a write Sitoo made). */
	public static function at_once(): bool {
		if ( Origin::active() || ! Settings::enabled( 'sitoo' ) ) {
			return false;
		}
		return 'yes' === ( Settings::get( 'sitoo' )['misc_send_at_once'] ?? 'no' );
	}

	/**
	 * Queues one send (once while one is pending).
	 *
	 * @param string $type product, variations, category.
	 * @param int    $id   Local id.
	 */
	private static function queue( string $type, int $id ): void {
		if ( ! function_exists( 'as_enqueue_async_action' ) ) {
			return;
		}
		$args = array( $type, $id );
		if ( ! as_has_scheduled_action( self::SEND_HOOK, $args, 'erpsync' ) ) {
			as_enqueue_async_action( self::SEND_HOOK, $args, 'erpsync' );
		}
	}

	/**
	 * A product was saved.
	 *
	 * @param int $id Product id.
	 */
	public static function on_product( $id ): void {
		if ( self::at_once() && null !== CatalogMap::remote( 'product', (int) $id ) ) {
			self::queue( 'product', (int) $id );
		}
	}

	/**
	 * A variation was saved: its parent's variant set goes up.
	 *
	 * @param int $id Variation id.
	 */
	public static function on_variation( $id ): void {
		if ( ! self::at_once() ) {
			return;
		}
		$parent = (int) wp_get_post_parent_id( (int) $id );
		if ( $parent && null !== CatalogMap::remote( 'product', $parent ) ) {
			self::queue( 'variations', $parent );
		}
	}

	/**
	 * A product category was edited.
	 *
	 * @param int $term_id Term id.
	 */
	public static function on_category( $term_id ): void {
		if ( self::at_once() && null !== CatalogMap::remote( 'category', (int) $term_id ) ) {
			self::queue( 'category', (int) $term_id );
		}
	}

	/**
	 * A coupon was saved: its linked voucher is rewritten (Sitoo::updateVoucher).
	 *
	 * @param int $id Coupon id.
	 */
	public static function on_coupon( $id ): void {
		if ( self::at_once() && null !== CatalogMap::remote( 'voucher', (int) $id ) ) {
			self::queue( 'voucher', (int) $id );
		}
	}

	/**
	 * The queued send (Action Scheduler): a rate limit queues it again after the wait.
	 *
	 * @param string $type product, variations, category, voucher.
	 * @param int    $id   Local id.
	 */
	public static function send_object( $type, $id ): void {
		$id = (int) $id;
		try {
			switch ( (string) $type ) {
				case 'product':
					$p = wc_get_product( $id );
					if ( $p ) {
						$op = new ProductsUp( 'products_resync_parents' );
						$op->resync_parents( array( $p ), array( 'ignore_errors' => true ) );
						if ( $p->is_type( 'variable' ) ) {
							$op->variants( $p, (string) CatalogMap::remote( 'product', $id ), array( 'ignore_errors' => true ) );
						}
					}
					break;
				case 'variations':
					$p = wc_get_product( $id );
					if ( $p && $p->is_type( 'variable' ) ) {
						( new ProductsUp( 'products_resync_variations' ) )->variants( $p, (string) CatalogMap::remote( 'product', $id ), array( 'ignore_errors' => true ) );
					}
					break;
				case 'voucher':
					$remote = CatalogMap::remote( 'voucher', $id );
					if ( null !== $remote && 'shop_coupon' === get_post_type( $id ) ) {
						CatalogOperation::connector()->updateVoucher( (string) $remote, VouchersOperation::snapshot( new \WC_Coupon( $id ) ) );
					}
					break;
				case 'category':
					$t      = get_term( $id, 'product_cat' );
					$remote = CatalogMap::remote( 'category', $id );
					if ( $t && ! is_wp_error( $t ) && null !== $remote ) {
						CatalogOperation::connector()->updateCategory( $remote, html_entity_decode( $t->name, ENT_QUOTES ), CategoriesOperation::remote_parent( $t ) );
					}
					break;
			}
		} catch ( \ErpSync\RateLimitedException $e ) {
			as_schedule_single_action( time() + max( 1, (int) ceil( $e->getRetryAfter() ) ), self::SEND_HOOK, array( (string) $type, $id ), 'erpsync' );
		} catch ( \ErpSync\Exception $e ) {
			CompleteSync::log( sprintf( 'send %s %d at once failed: %s', (string) $type, $id, $e->getMessage() ) );
		}
	}
}
