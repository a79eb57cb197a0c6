<?php
/**
 * What the shop owner sees on orders: a meta box (state, back-office number, attempts, last error, Retry) on the
 * order screen, a column in the orders list, and a bulk action "Send to back-office". Works with HPOS on
 * (wc-orders screen) and off (shop_order posts screen).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Orders\AfterExport;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Orders\Queue;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Order screen and list. */
final class OrderUi {

	const COLUMN = 'erpsync';
	const BULK   = 'erpsync_send';

	/** Hooks. */
	public static function register(): void {
		add_action( 'add_meta_boxes', array( __CLASS__, 'add_meta_box' ) );
		foreach ( array( 'woocommerce_page_wc-orders', 'edit-shop_order' ) as $screen ) {
			add_filter( "bulk_actions-{$screen}", array( __CLASS__, 'bulk_actions' ) );
			add_filter( "handle_bulk_actions-{$screen}", array( __CLASS__, 'handle_bulk' ), 10, 3 );
		}
		add_filter( 'manage_woocommerce_page_wc-orders_columns', array( __CLASS__, 'columns' ) );
		add_filter( 'manage_edit-shop_order_columns', array( __CLASS__, 'columns' ) );
		add_action( 'manage_woocommerce_page_wc-orders_custom_column', array( __CLASS__, 'column_hpos' ), 10, 2 );
		add_action( 'manage_shop_order_posts_custom_column', array( __CLASS__, 'column_posts' ), 10, 2 );
		add_action( 'admin_notices', array( __CLASS__, 'notices' ) );
	}

	/** The meta box on the order screen (HPOS or posts). */
	public static function add_meta_box(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) || ! Settings::enabled_connectors() ) {
			return;
		}
		add_meta_box( 'erpsync-order', __( 'Back-office', 'erpsync' ), array( __CLASS__, 'meta_box' ), wc_get_page_screen_id( 'shop-order' ), 'side', 'default' );
	}

	/**
	 * Meta box body.
	 *
	 * @param \WP_Post|\WC_Order $obj The order (HPOS) or its post.
	 */
	public static function meta_box( $obj ): void {
		$order = $obj instanceof \WC_Order ? $obj : wc_get_order( $obj->ID );
		if ( ! $order ) {
			return;
		}
		$id      = (int) $order->get_id();
		$rows    = Mapping::for_objects( 'order', array( $id ) )[ $id ] ?? array();
		$changes = Mapping::for_objects( AfterExport::TYPE, array( $id ) )[ $id ] ?? array();
		echo '<div class="erpsync-meta-box">';
		foreach ( Settings::enabled_connectors() as $c ) {
			$row = $rows[ $c ] ?? null;
			echo '<p class="erpsync-connector erpsync-' . esc_attr( $c ) . '"><strong>' . esc_html( Settings::label( $c ) ) . ':</strong> ';
			echo '<span class="erpsync-state">' . esc_html( self::state_label( $row ) ) . '</span>';
			if ( $row && '' !== (string) $row['remote_number'] ) {
				echo '<br />' . esc_html__( 'Document', 'erpsync' ) . ' <span class="erpsync-remote-number">' . esc_html( $row['remote_number'] ) . '</span>';
			}
			if ( $row && (int) $row['attempts'] > 0 && 'done' !== $row['state'] ) {
				/* translators: %d: attempts */
				echo '<br />' . esc_html( sprintf( _n( '%d attempt', '%d attempts', (int) $row['attempts'], 'erpsync' ), (int) $row['attempts'] ) );
			}
			echo ( ! $row || 'done' !== $row['state'] ) ? '<br />' : '';
			Reasons::render( $c, $id, $row ); // the reason, the setting to fix (linked) and what happens next.
			if ( isset( $changes[ $c ] ) ) {
				echo '<br /><mark class="erpsync-changed erpsync-changed-' . esc_attr( $changes[ $c ]['state'] ) . '">' . esc_html( AfterExport::label( $changes[ $c ] ) ) . '</mark>';
				if ( '' !== (string) $changes[ $c ]['last_error'] && 'done' !== $changes[ $c ]['state'] ) {
					echo '<br /><span class="erpsync-changed-detail">' . esc_html( $changes[ $c ]['last_error'] ) . '</span>';
				}
			}
			if ( ! $row || 'done' !== $row['state'] ) {
				$url = wp_nonce_url( admin_url( 'admin-post.php?action=erpsync_retry&connector=' . $c . '&order_id=' . $id ), 'erpsync_retry_' . $id . '_' . $c );
				echo '<br /><a class="button erpsync-retry" href="' . esc_url( $url ) . '">' . esc_html( $row ? __( 'Retry', 'erpsync' ) : __( 'Send now', 'erpsync' ) ) . '</a>';
			}
			echo '</p>';
		}
		echo '</div>';
	}

	/**
	 * A state in words.
	 *
	 * @param array|null $row Mapping row, or null when the order was never queued.
	 */
	public static function state_label( ?array $row ): string {
		if ( ! $row ) {
			return __( 'not queued', 'erpsync' );
		}
		$labels = array(
			'queued'      => __( 'queued', 'erpsync' ),
			'retry'       => __( 'waiting to retry', 'erpsync' ),
			'unknown'     => __( 'waiting to retry (will check the back-office first)', 'erpsync' ),
			'done'        => __( 'sent', 'erpsync' ),
			'failed'      => __( 'failed', 'erpsync' ),
			'blacklisted' => __( 'not sent (blacklisted email)', 'erpsync' ),
		);
		return $labels[ $row['state'] ] ?? (string) $row['state'];
	}

	/**
	 * Adds the column.
	 *
	 * @param array $cols Columns.
	 */
	public static function columns( $cols ) {
		if ( Settings::enabled_connectors() ) {
			$cols[ self::COLUMN ] = __( 'Back-office', 'erpsync' );
		}
		return $cols;
	}

	/**
	 * Column cell (HPOS).
	 *
	 * @param string    $column Column.
	 * @param \WC_Order $order  Order.
	 */
	public static function column_hpos( $column, $order ): void {
		if ( self::COLUMN === $column && $order ) {
			self::cell( (int) $order->get_id() );
		}
	}

	/**
	 * Column cell (posts).
	 *
	 * @param string $column  Column.
	 * @param int    $post_id Order id.
	 */
	public static function column_posts( $column, $post_id ): void {
		if ( self::COLUMN === $column ) {
			self::cell( (int) $post_id );
		}
	}

	/**
	 * Prints the column cell: one line per enabled connector, the remote number or the state.
	 *
	 * @param int $id Order id.
	 */
	private static function cell( int $id ): void {
		$rows    = Mapping::for_objects( 'order', array( $id ) )[ $id ] ?? array();
		$changes = Mapping::for_objects( AfterExport::TYPE, array( $id ) )[ $id ] ?? array();
		$parts   = array();
		foreach ( Settings::enabled_connectors() as $c ) {
			$parts[] = Pills::html( $c, $rows[ $c ] ?? null ); // WooCommerce's status pill, one per back-office.
			if ( isset( $changes[ $c ] ) ) {
				$parts[] = '<mark class="order-status erpsync-changed" title="' . esc_attr( (string) $changes[ $c ]['last_error'] ) . '"><span>' . esc_html( Settings::label( $c ) . ': ' . AfterExport::label( $changes[ $c ] ) ) . '</span></mark>';
			}
		}
		echo '<div class="erpsync-cell">' . implode( ' ', $parts ) . '</div>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- every part is escaped in Pills::html().
	}

	/**
	 * Adds the bulk action.
	 *
	 * @param array $actions Bulk actions.
	 */
	public static function bulk_actions( $actions ) {
		if ( current_user_can( 'manage_woocommerce' ) && Settings::enabled_connectors() ) {
			$actions[ self::BULK ] = __( 'Send to back-office', 'erpsync' );
		}
		return $actions;
	}

	/**
	 * Bulk action: queues the chosen orders for every enabled connector (exported ones are left alone). WordPress
	 * and WooCommerce check the list's bulk nonce before this runs; the capability is checked here.
	 *
	 * @param string $redirect Redirect URL.
	 * @param string $action   Action.
	 * @param array  $ids      Order ids.
	 */
	public static function handle_bulk( $redirect, $action, $ids ) {
		if ( self::BULK !== $action ) {
			return $redirect;
		}
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
		$n = 0;
		foreach ( array_map( 'absint', (array) $ids ) as $id ) {
			foreach ( Settings::enabled_connectors() as $c ) {
				if ( wc_get_order( $id ) && Queue::enqueue( $id, $c, 0, true ) ) {
					++$n;
				}
			}
		}
		return add_query_arg( 'erpsync_queued', $n, $redirect );
	}

	/** "N exports queued" after a bulk action or a Retry. */
	public static function notices(): void {
		if ( ! isset( $_GET['erpsync_queued'] ) || ! current_user_can( 'manage_woocommerce' ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
			return;
		}
		$n = absint( $_GET['erpsync_queued'] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		/* translators: %d: count */
		echo '<div class="notice notice-info is-dismissible erpsync-queued"><p>' . esc_html( sprintf( _n( '%d export queued for the back-office.', '%d exports queued for the back-office.', $n, 'erpsync' ), $n ) ) . '</p></div>';
	}
}
