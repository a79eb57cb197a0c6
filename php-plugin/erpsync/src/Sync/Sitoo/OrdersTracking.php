<?php
/**
 * "Keep fetched Sitoo orders out of analytics and tracking": for an order fetched from Sitoo (meta
 * `_erpsync_sitoo_in`, or one being created), the callbacks of tracking and analytics code (Google Analytics, GTM,
 * pixels, WooCommerce Analytics' order import …, matched by name: filter `erpsync_sitoo_tracking_pattern`) are
 * taken off the order hooks for that call and put back after it, so no tracking script or event fires and the
 * order does not reach WooCommerce Analytics; and WooCommerce sends none of its emails for it.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Tracking kept away from fetched orders. */
final class OrdersTracking {

	/** Order hooks whose first argument is the order id. */
	const HOOKS = array( 'woocommerce_new_order', 'woocommerce_update_order', 'woocommerce_order_status_changed', 'woocommerce_order_status_processing', 'woocommerce_order_status_completed', 'woocommerce_order_status_on-hold', 'woocommerce_payment_complete', 'woocommerce_checkout_order_processed', 'woocommerce_thankyou' );

	/**
	 * Callbacks taken off: hook → list of [priority, callback, accepted args].
	 *
	 * @var array
	 */
	private static array $taken = array();

	/** Hooks. */
	public static function register(): void {
		foreach ( (array) apply_filters( 'erpsync_sitoo_tracking_hooks', self::HOOKS ) as $hook ) {
			add_action( $hook, array( __CLASS__, 'before' ), PHP_INT_MIN, 1 );
			add_action( $hook, array( __CLASS__, 'after' ), PHP_INT_MAX, 1 );
		}
		add_filter( 'woocommerce_email_enabled_new_order', array( __CLASS__, 'email' ), 99, 2 );
		foreach ( array( 'customer_processing_order', 'customer_completed_order', 'customer_on_hold_order', 'new_order' ) as $id ) {
			add_filter( 'woocommerce_email_enabled_' . $id, array( __CLASS__, 'email' ), 99, 2 );
		}
	}

	/**
	 * Whether the setting is on and the order is a fetched one.
	 *
	 * @param mixed $order Order id or object.
	 */
	public static function applies( $order ): bool {
		if ( 'yes' !== ( Settings::get( 'sitoo' )['orders_in_no_tracking'] ?? 'yes' ) ) {
			return false;
		}
		if ( OrdersIn::creating() ) {
			return true;
		}
		$o = $order instanceof \WC_Order ? $order : ( is_numeric( $order ) ? wc_get_order( (int) $order ) : null );
		return $o instanceof \WC_Order && 'yes' === $o->get_meta( OrdersIn::META_IN );
	}

	/**
	 * Takes the tracking callbacks off the running hook.
	 *
	 * @param mixed $order_id First argument of the hook.
	 * @return mixed The argument (filters).
	 */
	public static function before( $order_id ) {
		global $wp_filter;
		$hook = current_filter();
		if ( ! self::applies( $order_id ) || ! isset( $wp_filter[ $hook ] ) ) {
			return $order_id;
		}
		$pattern = (string) apply_filters( 'erpsync_sitoo_tracking_pattern', '/analytics|OrdersScheduler|gtm|gtag|google|track|pixel|facebook|klaviyo|matomo/i' );
		foreach ( $wp_filter[ $hook ]->callbacks as $prio => $cbs ) {
			foreach ( $cbs as $cb ) {
				$name = self::name( $cb['function'] );
				if ( '' !== $name && false === strpos( $name, __CLASS__ ) && preg_match( $pattern, $name ) ) {
					self::$taken[ $hook ][] = array( $prio, $cb['function'], (int) $cb['accepted_args'] );
					remove_action( $hook, $cb['function'], $prio );
				}
			}
		}
		return $order_id;
	}

	/**
	 * Puts them back.
	 *
	 * @param mixed $order_id First argument of the hook.
	 * @return mixed The argument.
	 */
	public static function after( $order_id ) {
		$hook = current_filter();
		foreach ( self::$taken[ $hook ] ?? array() as $t ) {
			add_action( $hook, $t[1], $t[0], $t[2] );
		}
		unset( self::$taken[ $hook ] );
		return $order_id;
	}

	/**
	 * No WooCommerce email for a fetched order.
	 *
	 * @param bool  $enabled Enabled.
	 * @param mixed $order   The email's object.
	 */
	public static function email( $enabled, $order = null ) {
		if ( $order instanceof \WC_Order && ( OrdersIn::creating() || '' !== (string) $order->get_meta( OrdersIn::META_ORDERID ) ) ) {
			return false;
		}
		return $enabled;
	}

	/**
	 * A callback's name: "Class::method", "function", "Closure".
	 *
	 * @param mixed $f Callback.
	 */
	private static function name( $f ): string {
		if ( is_string( $f ) ) {
			return $f;
		}
		if ( is_array( $f ) && 2 === count( $f ) ) {
			return ( is_object( $f[0] ) ? get_class( $f[0] ) : (string) $f[0] ) . '::' . (string) $f[1];
		}
		return is_object( $f ) ? get_class( $f ) : '';
	}
}
