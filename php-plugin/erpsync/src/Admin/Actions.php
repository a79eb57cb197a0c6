<?php
/**
 * The admin actions (admin-post.php): Test connection, Retry of one order, Logistos handshake. Each checks
 * manage_woocommerce and its own nonce before doing anything, and answers with a redirect and a message in words.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Orders\Queue;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Admin-post handlers. */
final class Actions {

	/** Hooks. */
	public static function register(): void {
		add_action( 'admin_post_erpsync_test_connection', array( __CLASS__, 'test_connection' ) );
		add_action( 'admin_post_erpsync_retry', array( __CLASS__, 'retry' ) );
		add_action( 'admin_post_erpsync_logistos_connect', array( __CLASS__, 'logistos_connect' ) );
	}

	/** Refuses without the capability. */
	private static function require_capability(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
	}

	/** The connector named in the request, or a refusal. */
	private static function connector_param(): string {
		$id = isset( $_GET['connector'] ) ? sanitize_key( wp_unslash( $_GET['connector'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- checked by the caller right after.
		if ( ! in_array( $id, Settings::CONNECTORS, true ) ) {
			wp_die( esc_html__( 'Unknown back-office.', 'erpsync' ), '', array( 'response' => 400 ) );
		}
		return $id;
	}

	/**
	 * Redirects to the page and stops.
	 *
	 * @param string $url Where to go back to (an admin URL).
	 */
	private static function back( string $url ): void {
		wp_safe_redirect( $url );
		exit;
	}

	/** Test connection of the saved settings; the result is shown once on the section. */
	public static function test_connection(): void {
		self::require_capability();
		$id = self::connector_param();
		check_admin_referer( 'erpsync_test_connection_' . $id );
		set_transient( 'erpsync_test_' . get_current_user_id() . '_' . $id, Connectors::test( $id ), 5 * MINUTE_IN_SECONDS );
		self::back( admin_url( 'admin.php?page=wc-settings&tab=erpsync&section=' . $id ) );
	}

	/** Retry of one order (meta box button). */
	public static function retry(): void {
		self::require_capability();
		$id       = self::connector_param();
		$order_id = isset( $_GET['order_id'] ) ? absint( $_GET['order_id'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- checked next.
		check_admin_referer( 'erpsync_retry_' . $order_id . '_' . $id );
		$order = wc_get_order( $order_id );
		if ( ! $order ) {
			wp_die( esc_html__( 'Order not found.', 'erpsync' ), '', array( 'response' => 404 ) );
		}
		$queued = Queue::enqueue( $order_id, $id, 0, true );
		if ( $queued ) {
			/* translators: %s: back-office */
			$order->add_order_note( sprintf( __( '%s: queued again by hand.', 'erpsync' ), Settings::label( $id ) ) );
		}
		self::back( add_query_arg( 'erpsync_queued', $queued ? 1 : 0, $order->get_edit_order_url() ) );
	}

	/**
	 * Logistos: after the owner's consent, a read-only REST key for Logistos, the handshake, then the historical
	 * orders in batches (queued). The consumer secret goes only to Logistos: it is not stored by the plugin.
	 */
	public static function logistos_connect(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_logistos_connect' );
		$r = self::handshake( get_current_user_id() );
		set_transient( 'erpsync_test_' . get_current_user_id() . '_logistos', $r, 5 * MINUTE_IN_SECONDS );
		self::back( admin_url( 'admin.php?page=wc-settings&tab=erpsync&section=logistos' ) );
	}

	/**
	 * The handshake (also used by WP-CLI). Returns ['ok' => bool, 'message' => string].
	 *
	 * @param int $user_id The user the REST key belongs to (an administrator or shop manager).
	 */
	public static function handshake( int $user_id ): array {
		global $wpdb;
		$s = Settings::get( 'logistos' );
		if ( 'yes' !== $s['consent'] ) {
			return array(
				'ok'      => false,
				'message' => __( 'Logistos: tick "Share REST keys" and save before connecting.', 'erpsync' ),
			);
		}
		if ( ! Settings::enabled( 'logistos' ) ) {
			return array(
				'ok'      => false,
				'message' => __( 'Logistos: enable the connector and save before connecting.', 'erpsync' ),
			);
		}
		if ( '' !== (string) $s['handshake_at'] ) {
			return array(
				'ok'      => false,
				'message' => __( 'Logistos is already connected. To connect again, untick "Share REST keys", save (the key is revoked), then tick it again.', 'erpsync' ),
			);
		}
		$ck = 'ck_' . wc_rand_hash();
		$cs = 'cs_' . wc_rand_hash();
		$wpdb->insert( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- WooCommerce's own API key table, as WooCommerce writes it.
			$wpdb->prefix . 'woocommerce_api_keys',
			array(
				'user_id'         => $user_id,
				'description'     => 'Logistos (erpsync)',
				'permissions'     => 'read',
				'consumer_key'    => wc_api_hash( $ck ),
				'consumer_secret' => $cs,
				'truncated_key'   => substr( $ck, -7 ),
			),
			array( '%d', '%s', '%s', '%s', '%s', '%s' )
		);
		$key_id = (int) $wpdb->insert_id;
		try {
			Connectors::make( 'logistos' )->handshake(
				array(
					'store_url'       => home_url( '/' ),
					'consumer_key'    => $ck,
					'consumer_secret' => $cs,
				)
			);
		} catch ( \Throwable $e ) {
			$wpdb->delete( $wpdb->prefix . 'woocommerce_api_keys', array( 'key_id' => $key_id ), array( '%d' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			return array(
				'ok'      => false,
				/* translators: %s: reason */
				'message' => sprintf( __( 'Logistos: the handshake failed: %s', 'erpsync' ), Redact::text( $e->getMessage(), array( $ck, $cs ) ) ),
			);
		}
		Settings::put(
			'logistos',
			array(
				'handshake_at' => gmdate( 'Y-m-d H:i' ) . ' UTC',
				'api_key_id'   => $key_id,
			)
		);
		as_enqueue_async_action( Queue::HISTORY, array( 'page' => 1 ), Queue::GROUP );
		return array(
			'ok'      => true,
			'message' => __( 'Logistos: connected; historical orders are being sent in the background.', 'erpsync' ),
		);
	}

	/**
	 * Revokes the REST key made for Logistos (consent withdrawn, connector off) and forgets the handshake.
	 *
	 * @return bool Whether a key was revoked.
	 */
	public static function revoke_logistos(): bool {
		global $wpdb;
		$s      = Settings::get( 'logistos' );
		$key_id = (int) $s['api_key_id'];
		if ( $key_id > 0 ) {
			$wpdb->delete( $wpdb->prefix . 'woocommerce_api_keys', array( 'key_id' => $key_id ), array( '%d' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- WooCommerce's API key table, as WooCommerce deletes keys.
		}
		if ( $key_id > 0 || '' !== (string) $s['handshake_at'] ) {
			Settings::put(
				'logistos',
				array(
					'api_key_id'   => 0,
					'handshake_at' => '',
				)
			);
		}
		return $key_id > 0;
	}
}
