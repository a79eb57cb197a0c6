<?php
/**
 * Where a SORS customer's debt is shown: the customer's own My Account dashboard (the logged-in user only, never
 * another user's), the user profile and the order screen (manage_woocommerce).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Sync\Debt;

defined( 'ABSPATH' ) || exit;

/** Debt screens. */
final class DebtUi {

	/** Hooks. */
	public static function register(): void {
		add_action( 'woocommerce_account_dashboard', array( __CLASS__, 'my_account' ) );
		add_action( 'show_user_profile', array( __CLASS__, 'profile' ) );
		add_action( 'edit_user_profile', array( __CLASS__, 'profile' ) );
		add_action( 'add_meta_boxes', array( __CLASS__, 'add_meta_box' ) );
	}

	/**
	 * Balance and overdue amount as HTML (escaped).
	 *
	 * @param array $d Debt::for_user() result.
	 */
	private static function amounts( array $d ): string {
		if ( isset( $d['error'] ) ) {
			return '<span class="erpsync-debt-error">' . esc_html__( 'The balance cannot be read from SORS right now.', 'erpsync' ) . '</span>';
		}
		$money = static function ( string $v, string $cur ): string {
			return wp_strip_all_tags( wc_price( (float) $v, array( 'currency' => $cur ) ) );
		};
		return '<span class="erpsync-debt-balance">' . esc_html( $money( $d['balance'], $d['currency'] ) ) . '</span>'
			/* translators: %s: overdue amount */
			. ' <span class="erpsync-debt-overdue">(' . esc_html( sprintf( __( 'overdue: %s', 'erpsync' ), $money( $d['overdue'], $d['currency'] ) ) ) . ')</span>';
	}

	/** My Account dashboard: the logged-in customer's own balance, when linked to a SORS customer. */
	public static function my_account(): void {
		$d = Debt::for_user( get_current_user_id() );
		if ( ! $d || isset( $d['error'] ) ) {
			return; // nothing for an unlinked customer; an error is logged, not shown to the customer.
		}
		echo '<p class="erpsync-debt">' . esc_html__( 'Your balance with us:', 'erpsync' ) . ' ' . self::amounts( $d ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- amounts() escapes.
	}

	/**
	 * User profile (admin).
	 *
	 * @param \WP_User $user The user shown.
	 */
	public static function profile( $user ): void {
		if ( ! current_user_can( 'manage_woocommerce' ) || ! $user instanceof \WP_User ) {
			return;
		}
		$d = Debt::for_user( (int) $user->ID );
		if ( ! $d ) {
			return;
		}
		echo '<h2>' . esc_html__( 'SORS balance', 'erpsync' ) . '</h2><table class="form-table"><tr><th>' . esc_html__( 'Debt', 'erpsync' ) . '</th><td class="erpsync-debt">' . self::amounts( $d ) . '</td></tr></table>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- amounts() escapes.
	}

	/** The order screen's box (HPOS and posts), when the order's customer is linked. */
	public static function add_meta_box(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) || ! function_exists( 'wc_get_page_screen_id' ) || ! \ErpSync\Plugin\Infra\Settings::enabled( 'sors' ) ) {
			return;
		}
		add_meta_box( 'erpsync-debt', __( 'SORS balance', 'erpsync' ), array( __CLASS__, 'meta_box' ), wc_get_page_screen_id( 'shop-order' ), 'side', 'low' );
	}

	/**
	 * Meta box body.
	 *
	 * @param \WP_Post|\WC_Order $obj The order (HPOS) or its post.
	 */
	public static function meta_box( $obj ): void {
		$order = $obj instanceof \WC_Order ? $obj : wc_get_order( $obj->ID );
		if ( ! $order || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$d = Debt::for_user( (int) $order->get_customer_id() );
		echo '<p class="erpsync-debt">' . ( $d ? self::amounts( $d ) : esc_html__( 'The customer is not linked to a SORS customer.', 'erpsync' ) ) . '</p>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- amounts() escapes.
	}
}
