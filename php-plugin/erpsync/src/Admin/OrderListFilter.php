<?php
/**
 * A filter on WooCommerce's orders list by back-office state ("VASCO: stopped", "Sitoo: not sent", …), HPOS
 * (wc-orders screen, through the orders table query's documented clauses filter) and posts (shop_order).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Orders list filter. */
final class OrderListFilter {

	const PARAM = 'erpsync_state';

	/** Hooks. */
	public static function register(): void {
		add_action( 'woocommerce_order_list_table_restrict_manage_orders', array( __CLASS__, 'dropdown' ) );
		add_action(
			'restrict_manage_posts',
			static function ( $post_type ) {
				if ( 'shop_order' === $post_type ) {
					self::dropdown();
				}
			}
		);
		add_filter( 'woocommerce_order_list_table_prepare_items_query_args', array( __CLASS__, 'hpos_args' ) );
		add_filter( 'woocommerce_orders_table_query_clauses', array( __CLASS__, 'hpos_clauses' ), 10, 3 );
		add_filter( 'posts_where', array( __CLASS__, 'posts_where' ), 10, 2 );
		add_action( 'admin_head', array( __CLASS__, 'styles' ) );
	}

	/** The pills of the Back-office column side by side, wrapping, without WooCommerce's negative margin. */
	public static function styles(): void {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( $screen && in_array( $screen->id, array( 'woocommerce_page_wc-orders', 'edit-shop_order' ), true ) ) {
			echo '<style id="erpsync-orders-list-css">.erpsync-cell{display:flex;flex-wrap:wrap;gap:4px}.erpsync-cell .order-status{margin:0;max-width:100%}</style>';
		}
	}

	/** The chosen filter: [connector or '', state or 'none'], or null. */
	public static function chosen(): ?array {
		if ( ! isset( $_GET[ self::PARAM ] ) || ! current_user_can( 'manage_woocommerce' ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a list view.
			return null;
		}
		$v = sanitize_text_field( wp_unslash( $_GET[ self::PARAM ] ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		if ( ! preg_match( '/^([a-z]*):([a-z]+)$/', $v, $m ) ) {
			return null;
		}
		if ( ( '' !== $m[1] && ! in_array( $m[1], Settings::CONNECTORS, true ) ) || ! in_array( $m[2], array( 'none', 'done', 'failed', 'retry', 'unknown', 'queued', 'blacklisted' ), true ) ) {
			return null;
		}
		if ( 'none' === $m[2] && '' === $m[1] ) {
			return null;
		}
		return array( $m[1], $m[2] );
	}

	/** The dropdown above the list. */
	public static function dropdown(): void {
		$enabled = Settings::enabled_connectors();
		if ( ! $enabled || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$c   = self::chosen();
		$cur = $c ? $c[0] . ':' . $c[1] : '';
		echo '<label for="erpsync-state-filter" class="screen-reader-text">' . esc_html__( 'Filter by back-office state', 'erpsync' ) . '</label><select name="' . esc_attr( self::PARAM ) . '" id="erpsync-state-filter"><option value="">' . esc_html__( 'Any back-office state', 'erpsync' ) . '</option>';
		$states = array(
			'failed'      => __( 'stopped (needs you)', 'erpsync' ),
			'retry'       => __( 'retrying', 'erpsync' ),
			'queued'      => __( 'queued', 'erpsync' ),
			'done'        => __( 'sent', 'erpsync' ),
			'blacklisted' => __( 'blacklisted', 'erpsync' ),
		);
		foreach ( $states as $s => $t ) {
			/* translators: %s: state */
			echo '<option value="' . esc_attr( ':' . $s ) . '"' . selected( ':' . $s, $cur, false ) . '>' . esc_html( sprintf( __( 'Any back-office: %s', 'erpsync' ), $t ) ) . '</option>';
		}
		foreach ( $enabled as $id ) {
			foreach ( $states + array( 'none' => __( 'not sent', 'erpsync' ) ) as $s => $t ) {
				echo '<option value="' . esc_attr( $id . ':' . $s ) . '"' . selected( $id . ':' . $s, $cur, false ) . '>' . esc_html( Settings::label( $id ) . ': ' . $t ) . '</option>';
			}
		}
		echo '</select>';
	}

	/**
	 * SQL condition on an order id column.
	 *
	 * @param string $column Qualified id column.
	 * @param array  $c      Chosen filter.
	 */
	public static function condition( string $column, array $c ): string {
		global $wpdb;
		$t = Installer::map_table();
		if ( 'none' === $c[1] ) {
			return $wpdb->prepare( "{$column} NOT IN (SELECT local_id FROM {$t} WHERE object_type = 'order' AND connector = %s)", $c[0] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		if ( '' === $c[0] ) {
			return $wpdb->prepare( "{$column} IN (SELECT local_id FROM {$t} WHERE object_type = 'order' AND state = %s)", $c[1] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		}
		return $wpdb->prepare( "{$column} IN (SELECT local_id FROM {$t} WHERE object_type = 'order' AND connector = %s AND state = %s)", $c[0], $c[1] ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * HPOS: marks the list's query.
	 *
	 * @param array $args wc_get_orders() arguments of the list.
	 */
	public static function hpos_args( $args ) {
		$c = self::chosen();
		if ( $c ) {
			$args[ self::PARAM ] = $c;
		}
		return $args;
	}

	/**
	 * HPOS: the condition on the marked query.
	 *
	 * @param array  $clauses Query clauses.
	 * @param object $query   OrdersTableQuery.
	 * @param array  $args    Its arguments.
	 */
	public static function hpos_clauses( $clauses, $query, $args ) {
		if ( ! empty( $args[ self::PARAM ] ) && is_array( $args[ self::PARAM ] ) && method_exists( $query, 'get_table_name' ) ) {
			$clauses['where'] = ( '' !== trim( (string) $clauses['where'] ) ? '(' . $clauses['where'] . ') AND ' : '' ) . self::condition( $query->get_table_name( 'orders' ) . '.id', $args[ self::PARAM ] );
		}
		return $clauses;
	}

	/**
	 * Posts storage: the condition on the orders list's main query.
	 *
	 * @param string    $where WHERE.
	 * @param \WP_Query $q     Query.
	 */
	public static function posts_where( $where, $q ) {
		global $wpdb;
		if ( ! is_admin() || ! $q->is_main_query() || 'shop_order' !== $q->get( 'post_type' ) ) {
			return $where;
		}
		$c = self::chosen();
		return $c ? $where . ' AND ' . self::condition( $wpdb->posts . '.ID', $c ) : $where;
	}
}
