<?php
/**
 * "Send to VASCO" on the products list (bulk actions: send, and a dry run "what would be sent") and on the product
 * screen (a box with the last push and two buttons). The results of one action are kept for the user who ran it
 * (a transient per user, shown once after the redirect as a notice with one line per product), and the last push
 * of each product stays on the product. Every action needs `manage_woocommerce` and its nonce.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\VascoPush;

defined( 'ABSPATH' ) || exit;

/** Product push screens. */
final class VascoPushUi {

	const SEND    = 'erpsync_vasco_push';
	const DRY_RUN = 'erpsync_vasco_push_dry';
	const POST    = 'erpsync_vasco_push';

	/** Transient (per user) holding the results to show. */
	const RESULTS = 'erpsync_vasco_push_results_';

	/** Hooks. */
	public static function register(): void {
		add_filter( 'bulk_actions-edit-product', array( __CLASS__, 'bulk_actions' ) );
		add_filter( 'handle_bulk_actions-edit-product', array( __CLASS__, 'handle_bulk' ), 10, 3 );
		add_action( 'admin_post_' . self::POST, array( __CLASS__, 'handle_button' ) );
		add_action( 'add_meta_boxes_product', array( __CLASS__, 'add_meta_box' ) );
		add_action( 'admin_notices', array( __CLASS__, 'notices' ) );
	}

	/** Whether the actions are offered: VASCO on and the user a shop manager. */
	private static function offered(): bool {
		return current_user_can( 'manage_woocommerce' ) && Settings::enabled( 'vasco' );
	}

	/**
	 * The two bulk actions.
	 *
	 * @param array $actions Bulk actions.
	 */
	public static function bulk_actions( $actions ) {
		if ( self::offered() ) {
			$actions[ self::SEND ]    = __( 'Send to VASCO', 'erpsync' );
			$actions[ self::DRY_RUN ] = __( 'Send to VASCO (dry run: show what would be sent)', 'erpsync' );
		}
		return $actions;
	}

	/**
	 * Runs a bulk action on the chosen products.
	 *
	 * @param string $redirect Where the list goes back to.
	 * @param string $action   Bulk action.
	 * @param array  $ids      Product ids.
	 */
	public static function handle_bulk( $redirect, $action, $ids ) {
		if ( ! in_array( $action, array( self::SEND, self::DRY_RUN ), true ) ) {
			return $redirect;
		}
		self::check_allowed();
		check_admin_referer( 'bulk-posts' );
		self::run( (array) $ids, self::DRY_RUN === $action );
		return add_query_arg( 'erpsync_vasco_push', '1', remove_query_arg( 'erpsync_vasco_push', (string) $redirect ) );
	}

	/** The buttons on the product screen (admin-post.php). */
	public static function handle_button(): void {
		$id = isset( $_GET['product_id'] ) ? absint( $_GET['product_id'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- checked just below.
		self::check_allowed();
		check_admin_referer( self::POST . '_' . $id );
		self::run( array( $id ), ! empty( $_GET['dry_run'] ) );
		wp_safe_redirect( add_query_arg( 'erpsync_vasco_push', '1', admin_url( 'post.php?post=' . $id . '&action=edit' ) ) );
		exit;
	}

	/** Stops anyone without the capability, or when VASCO is off. */
	private static function check_allowed(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
		if ( ! Settings::enabled( 'vasco' ) ) {
			wp_die( esc_html__( 'VASCO is not switched on.', 'erpsync' ), '', array( 'response' => 400 ) );
		}
	}

	/**
	 * Pushes (or previews) and keeps the results for this user.
	 *
	 * @param int[] $ids     Product ids.
	 * @param bool  $dry_run Dry run.
	 */
	public static function run( array $ids, bool $dry_run ): array {
		try {
			$rows = ( new VascoPush() )->run( $ids, $dry_run );
		} catch ( \Throwable $e ) {
			$rows = array(
				array(
					'id'      => 0,
					'name'    => '',
					'code'    => '',
					'result'  => 'failed',
					'message' => $e->getMessage(),
				),
			);
		}
		set_transient(
			self::RESULTS . get_current_user_id(),
			array(
				'dry_run' => $dry_run,
				'rows'    => $rows,
			),
			HOUR_IN_SECONDS
		);
		return $rows;
	}

	/** The results of the user's last action, once. */
	public static function notices(): void {
		if ( ! isset( $_GET['erpsync_vasco_push'] ) || ! current_user_can( 'manage_woocommerce' ) ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- display only.
			return;
		}
		$key  = self::RESULTS . get_current_user_id();
		$data = get_transient( $key );
		if ( ! is_array( $data ) || empty( $data['rows'] ) ) {
			return;
		}
		delete_transient( $key );
		$bad = count(
			array_filter(
				$data['rows'],
				static function ( $r ) {
					return in_array( $r['result'], array( 'refused', 'failed' ), true );
				}
			)
		);
		echo '<div class="notice ' . ( $bad ? 'notice-warning' : 'notice-success' ) . ' is-dismissible erpsync-vasco-push"><p><strong>';
		echo esc_html( $data['dry_run'] ? __( 'VASCO dry run: nothing was sent. This is what would be sent:', 'erpsync' ) : __( 'Sent to VASCO:', 'erpsync' ) );
		echo '</strong></p><table class="widefat striped erpsync-vasco-push-results"><thead><tr><th>' . esc_html__( 'Product', 'erpsync' ) . '</th><th>' . esc_html__( 'Article code', 'erpsync' ) . '</th><th>' . esc_html__( 'Result', 'erpsync' ) . '</th><th>' . esc_html__( 'Details', 'erpsync' ) . '</th></tr></thead><tbody>';
		foreach ( $data['rows'] as $r ) {
			$details = (string) $r['message'];
			if ( ! empty( $r['payload'] ) ) {
				$parts = array();
				foreach ( $r['payload'] as $k => $v ) {
					$parts[] = $k . ': ' . ( is_scalar( $v ) ? (string) $v : (string) wp_json_encode( $v ) );
				}
				$details = implode( ', ', $parts );
			}
			echo '<tr class="erpsync-push-' . esc_attr( $r['result'] ) . '" data-product="' . esc_attr( (string) $r['id'] ) . '"><td>' . esc_html( '' !== $r['name'] ? $r['name'] . ' (#' . $r['id'] . ')' : '#' . $r['id'] ) . '</td><td>' . esc_html( $r['code'] ) . '</td><td class="erpsync-push-result">' . esc_html( self::label( $r['result'] ) ) . '</td><td>' . esc_html( $details ) . '</td></tr>';
		}
		echo '</tbody></table><p></p></div>';
	}

	/**
	 * A result in words.
	 *
	 * @param string $result Result key.
	 */
	public static function label( string $result ): string {
		$l = array(
			'created' => __( 'created in VASCO', 'erpsync' ),
			'updated' => __( 'updated in VASCO', 'erpsync' ),
			'new'     => __( 'would be created (new article)', 'erpsync' ),
			'update'  => __( 'would update the existing article', 'erpsync' ),
			'refused' => __( 'not sent', 'erpsync' ),
			'failed'  => __( 'failed', 'erpsync' ),
		);
		return $l[ $result ] ?? $result;
	}

	/** The box on the product screen. */
	public static function add_meta_box(): void {
		if ( self::offered() ) {
			add_meta_box( 'erpsync-vasco-push', __( 'VASCO article', 'erpsync' ), array( __CLASS__, 'meta_box' ), 'product', 'side', 'default' );
		}
	}

	/**
	 * Box body: the last push and the two buttons.
	 *
	 * @param \WP_Post $post The product's post.
	 */
	public static function meta_box( $post ): void {
		$id   = (int) $post->ID;
		$last = VascoPush::last( $id );
		echo '<p class="erpsync-vasco-last">';
		if ( $last ) {
			/* translators: 1: result, 2: date */
			echo esc_html( sprintf( __( 'Last push: %1$s, %2$s', 'erpsync' ), self::label( (string) $last['result'] ), wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $last['time'] ) ) );
			if ( '' !== (string) $last['code'] ) {
				echo '<br />' . esc_html__( 'Article code', 'erpsync' ) . ' <code>' . esc_html( $last['code'] ) . '</code>';
			}
			if ( '' !== (string) $last['message'] ) {
				echo '<br /><span class="description">' . esc_html( $last['message'] ) . '</span>';
			}
		} else {
			esc_html_e( 'Never sent to VASCO.', 'erpsync' );
		}
		echo '</p>';
		if ( 'auto-draft' === $post->post_status ) {
			echo '<p class="description">' . esc_html__( 'Save the product first.', 'erpsync' ) . '</p>';
			return;
		}
		$url = admin_url( 'admin-post.php?action=' . self::POST . '&product_id=' . $id );
		echo '<p><a class="button erpsync-vasco-send" href="' . esc_url( wp_nonce_url( $url, self::POST . '_' . $id ) ) . '">' . esc_html__( 'Send to VASCO', 'erpsync' ) . '</a> ';
		echo '<a class="button-link erpsync-vasco-dry" href="' . esc_url( wp_nonce_url( $url . '&dry_run=1', self::POST . '_' . $id ) ) . '">' . esc_html__( 'Dry run', 'erpsync' ) . '</a></p>';
	}
}
