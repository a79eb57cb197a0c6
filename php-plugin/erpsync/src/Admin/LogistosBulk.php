<?php
/**
 * Logistos has no order lookup, so an export that may have reached it stops as `failed` ("check whether the order
 * is there, then Retry") instead of being sent blindly. After an outage that can be many orders: two bulk actions on
 * the orders list (HPOS and posts screens) resolve them at once, once the owner has checked Logistos:
 *
 * - **Logistos: Retry** — the chosen orders whose Logistos export is `failed` or `unknown` are queued again (sent
 *   without a lookup: the owner checked they are not there);
 * - **Logistos: Mark as received by the back-office** — they are recorded as `done` (the owner checked they are
 *   there), with an order note, and nothing is sent.
 *
 * Orders in any other state (never queued, waiting, being sent, exported) are left alone and counted as skipped.
 * Both need `manage_woocommerce` and the list's bulk nonce (checked here as well, not only by the list table).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Orders\Queue;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Bulk Retry / Mark as received for Logistos exports. */
final class LogistosBulk {

	const RETRY    = 'erpsync_logistos_retry';
	const RECEIVED = 'erpsync_logistos_received';

	/** The list screens and the nonce action of their bulk form. */
	const SCREENS = array(
		'woocommerce_page_wc-orders' => 'bulk-orders',
		'edit-shop_order'            => 'bulk-posts',
	);

	/** Hooks. */
	public static function register(): void {
		foreach ( array_keys( self::SCREENS ) as $screen ) {
			add_filter( "bulk_actions-{$screen}", array( __CLASS__, 'bulk_actions' ) );
			add_filter(
				"handle_bulk_actions-{$screen}",
				static function ( $redirect, $action, $ids ) use ( $screen ) {
					return self::handle( (string) $redirect, (string) $action, (array) $ids, self::SCREENS[ $screen ] );
				},
				10,
				3
			);
		}
		add_action( 'admin_notices', array( __CLASS__, 'notices' ) );
	}

	/**
	 * Adds the two actions when Logistos is switched on.
	 *
	 * @param array $actions Bulk actions.
	 */
	public static function bulk_actions( $actions ) {
		if ( current_user_can( 'manage_woocommerce' ) && Settings::enabled( 'logistos' ) ) {
			$actions[ self::RETRY ]    = __( 'Logistos: Retry failed exports', 'erpsync' );
			$actions[ self::RECEIVED ] = __( 'Logistos: Mark as received by the back-office', 'erpsync' );
		}
		return $actions;
	}

	/**
	 * Runs one of the two actions on the chosen orders.
	 *
	 * @param string $redirect     Where the list goes back to.
	 * @param string $action       Bulk action.
	 * @param array  $ids          Order ids.
	 * @param string $nonce_action The list's bulk nonce action.
	 */
	public static function handle( string $redirect, string $action, array $ids, string $nonce_action ): string {
		if ( ! in_array( $action, array( self::RETRY, self::RECEIVED ), true ) ) {
			return $redirect;
		}
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( $nonce_action );
		$done    = 0;
		$skipped = 0;
		foreach ( array_unique( array_map( 'absint', $ids ) ) as $id ) {
			$order = $id ? wc_get_order( $id ) : null;
			if ( ! $order || ! self::release( $id, self::RETRY === $action ? 'queued' : 'done', (string) $order->get_order_number() ) ) {
				++$skipped;
				continue;
			}
			if ( self::RETRY === $action ) {
				Queue::enqueue( $id, 'logistos', 0, true );
				/* translators: %s: user name */
				$order->add_order_note( sprintf( __( 'Logistos: queued again by %s (bulk Retry, sent without a lookup).', 'erpsync' ), wp_get_current_user()->user_login ) );
			} else {
				as_unschedule_all_actions(
					Queue::EXPORT,
					array(
						'order_id'  => $id,
						'connector' => 'logistos',
					),
					Queue::GROUP
				);
				/* translators: %s: user name */
				$order->add_order_note( sprintf( __( 'Logistos: marked as received by the back-office by %s; not sent again.', 'erpsync' ), wp_get_current_user()->user_login ) );
			}
			Queue::log( 'logistos', 'info', "order {$id}: bulk " . ( self::RETRY === $action ? 'retry' : 'marked as received' ) . ' by user ' . get_current_user_id() );
			++$done;
		}
		return add_query_arg(
			array(
				'erpsync_logistos' => self::RETRY === $action ? 'retried' : 'received',
				'erpsync_n'        => $done,
				'erpsync_skipped'  => $skipped,
			),
			$redirect
		);
	}

	/**
	 * Moves one order's Logistos export from failed/unknown to the new state, unless a runner holds it right now.
	 * One UPDATE, so two owners pressing at once change it once.
	 *
	 * @param int    $id     Order id.
	 * @param string $state  'queued' (Retry) or 'done' (received).
	 * @param string $number The shop's order number (the remote number of a received order).
	 * @return bool Whether the row changed.
	 */
	private static function release( int $id, string $state, string $number ): bool {
		global $wpdb;
		$now  = current_time( 'mysql', true );
		$done = 'done' === $state;
		$t    = Installer::map_table();
		$n    = $wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare(
				// phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $t is the plugin's own table name (Installer::map_table()).
				"UPDATE {$t} SET state = %s, attempts = 0, last_error = '', remote_id = %s, remote_number = %s, claimed_by = '', claimed_until = NULL, updated_at = %s
				 WHERE connector = 'logistos' AND object_type = 'order' AND local_id = %d AND state IN ('failed', 'unknown') AND (claimed_until IS NULL OR claimed_until < %s)",
				$state,
				$done ? (string) $id : '',
				$done ? $number : '',
				$now,
				$id,
				$now
			)
		);
		return 1 === (int) $n;
	}

	/** "N orders queued again / marked as received; M left alone" after the action. */
	public static function notices(): void {
		if ( ! isset( $_GET['erpsync_logistos'], $_GET['erpsync_n'] ) || ! current_user_can( 'manage_woocommerce' ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
			return;
		}
		$n       = absint( $_GET['erpsync_n'] ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$skipped = isset( $_GET['erpsync_skipped'] ) ? absint( $_GET['erpsync_skipped'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended
		$text    = 'retried' === sanitize_key( wp_unslash( $_GET['erpsync_logistos'] ) ) // phpcs:ignore WordPress.Security.NonceVerification.Recommended
			/* translators: %d: count */
			? sprintf( _n( 'Logistos: %d order queued again.', 'Logistos: %d orders queued again.', $n, 'erpsync' ), $n )
			/* translators: %d: count */
			: sprintf( _n( 'Logistos: %d order marked as received.', 'Logistos: %d orders marked as received.', $n, 'erpsync' ), $n );
		if ( $skipped ) {
			/* translators: %d: count */
			$text .= ' ' . sprintf( _n( '%d order was left alone (its Logistos export is not failed or in doubt).', '%d orders were left alone (their Logistos export is not failed or in doubt).', $skipped, 'erpsync' ), $skipped );
		}
		echo '<div class="notice notice-info is-dismissible erpsync-logistos-bulk"><p>' . esc_html( $text ) . '</p></div>';
	}
}
