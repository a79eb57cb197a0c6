<?php
/**
 * What the owner sees of Sitoo's stock steps (Admin\Query\SitooStockQuery reads them):
 *
 * - the order screen's box **Sitoo stock** (HPOS and posts; only on orders that have a step): each step of the order
 *   at the physical warehouse — the reduction at processing, each refund's return (or its absorption into the
 *   reduction), the restock at cancelled, the hand-back before a delivery — with its items (SKU and the quantity
 *   Sitoo's stock moved by), the warehouse, when, its state in words and the reference Sitoo's transaction carries;
 *   a step stopped after StockStep::TRIES attempts has **Try again** (a link to admin-post `erpsync_sitoo_retry`:
 *   manage_woocommerce and its nonce — the box sits inside the order form, so no form of its own), which gives it
 *   its attempts again and queues it (StockOrders::retry(), StockRefunds::retry()): Sitoo's transactions are read
 *   first, so a send that did arrive is not sent twice;
 * - on WooCommerce → ERP Sync → Sitoo Complete Sync, the box **Stock puts not confirmed** (virtual warehouse): each
 *   put whose outcome is not known yet (product, SKU, the total before and put, since when, why), when it is read
 *   back next, the ones settled in the last 7 days, and **Settle now** (admin-post `erpsync_sitoo_settle`:
 *   manage_woocommerce and its nonce), which reads them back at once (StockUnknown::settle()).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Admin\Query\SitooStockQuery;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Sitoo\CompleteSyncPage;
use ErpSync\Plugin\Sync\Sitoo\StockLedger;
use ErpSync\Plugin\Sync\Sitoo\StockOrders;
use ErpSync\Plugin\Sync\Sitoo\StockRefunds;
use ErpSync\Plugin\Sync\Sitoo\StockUnknown;

defined( 'ABSPATH' ) || exit;

/** Sitoo stock views. */
final class SitooStockUi {

	const SETTLE       = 'erpsync_sitoo_settle';
	const NOTICE       = 'erpsync_sitoo_settle_notice_';
	const RETRY        = 'erpsync_sitoo_retry';
	const RETRY_NOTICE = 'erpsync_sitoo_retry_notice_';

	/** Hooks. */
	public static function register(): void {
		add_action( 'add_meta_boxes', array( __CLASS__, 'add_meta_box' ), 10, 2 );
		add_action( 'admin_post_' . self::SETTLE, array( __CLASS__, 'handle_settle' ) );
		add_action( 'admin_post_' . self::RETRY, array( __CLASS__, 'handle_retry' ) );
	}

	/**
	 * The box on the order screen (HPOS: the order; posts: its post), when the order has a Sitoo stock step.
	 *
	 * @param string                  $screen Screen id or post type.
	 * @param \WC_Order|\WP_Post|null $obj    The order or its post.
	 */
	public static function add_meta_box( $screen = '', $obj = null ): void {
		if ( ! current_user_can( 'manage_woocommerce' ) || ! Settings::enabled( 'sitoo' ) || ! function_exists( 'wc_get_page_screen_id' ) ) {
			return;
		}
		$id = $obj instanceof \WC_Order ? (int) $obj->get_id() : ( $obj instanceof \WP_Post ? (int) $obj->ID : 0 );
		if ( ! $id || ! SitooStockQuery::has_steps( $id ) ) {
			return;
		}
		add_meta_box( 'erpsync-sitoo-stock', __( 'Sitoo stock', 'erpsync' ), array( __CLASS__, 'meta_box' ), wc_get_page_screen_id( 'shop-order' ), 'normal', 'default' );
	}

	/**
	 * Box body: a table of the order's steps.
	 *
	 * @param \WP_Post|\WC_Order $obj The order (HPOS) or its post.
	 */
	public static function meta_box( $obj ): void {
		$order = $obj instanceof \WC_Order ? $obj : wc_get_order( $obj->ID );
		if ( ! $order || ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$steps = SitooStockQuery::order_steps( $order );
		echo '<div class="erpsync-sitoo-stock">';
		self::retry_notice( (int) $order->get_id() );
		if ( ! $steps ) {
			echo '<p>' . esc_html__( 'No Sitoo stock step for this order.', 'erpsync' ) . '</p></div>';
			return;
		}
		echo '<p class="description">' . esc_html__( 'How this order moved the stock of the Sitoo warehouse (minus: taken from Sitoo, plus: put back).', 'erpsync' ) . '</p>';
		echo '<table class="widefat striped erpsync-sitoo-steps"><thead><tr><th>' . esc_html__( 'Step', 'erpsync' ) . '</th><th>' . esc_html__( 'Items at Sitoo', 'erpsync' ) . '</th><th>' . esc_html__( 'Warehouse', 'erpsync' ) . '</th><th>' . esc_html__( 'When', 'erpsync' ) . '</th><th>' . esc_html__( 'State', 'erpsync' ) . '</th><th>' . esc_html__( 'Sitoo reference', 'erpsync' ) . '</th></tr></thead><tbody>';
		foreach ( $steps as $s ) {
			echo '<tr class="erpsync-step erpsync-step-' . esc_attr( $s['step'] ) . ' erpsync-step-' . esc_attr( $s['status'] ) . '" data-step="' . esc_attr( $s['step'] ) . '" data-refund="' . esc_attr( (string) $s['refund'] ) . '">';
			echo '<td>' . esc_html( self::step_label( $s ) ) . '</td>';
			echo '<td class="erpsync-step-items" style="white-space:nowrap">' . implode( '<br />', array_map( 'esc_html', self::item_list( $s['amounts'], 'absorbed' === $s['status'] ) ) ) . '</td>';
			echo '<td>' . esc_html( '' === $s['warehouse'] ? '—' : $s['warehouse'] ) . '</td>';
			echo '<td>' . esc_html( $s['at'] ? self::when( $s['at'] ) : '—' ) . '</td>';
			echo '<td class="erpsync-step-state">' . esc_html( self::status_label( $s ) );
			if ( '' !== $s['error'] ) {
				/* translators: %s: the reason */
				echo '<br /><em class="erpsync-step-error" style="overflow-wrap:anywhere">' . esc_html( sprintf( __( 'Reason: %s', 'erpsync' ), $s['error'] ) ) . '</em>';
			}
			if ( 'stopped' === $s['status'] ) {
				echo '<br /><a class="button button-small erpsync-step-retry" href="' . esc_url( self::retry_url( (int) $order->get_id(), $s['step'], (int) $s['refund'] ) ) . '" title="' . esc_attr__( 'Queues it again: Sitoo\'s transactions are read first, so a send that did arrive is not sent twice.', 'erpsync' ) . '">' . esc_html__( 'Try again', 'erpsync' ) . '</a>';
			}
			echo '</td><td><code style="white-space:nowrap">' . esc_html( $s['ref'] ) . '</code></td></tr>';
		}
		echo '</tbody></table></div>';
	}

	/**
	 * The name of a step.
	 *
	 * @param array $s Step (SitooStockQuery::order_steps()).
	 */
	public static function step_label( array $s ): string {
		switch ( $s['step'] ) {
			case 'reduce':
				return __( 'Stock reduced (order processing)', 'erpsync' );
			case 'restock':
				return __( 'Stock put back (order cancelled)', 'erpsync' );
			case 'hand':
				return __( 'Handed to the delivery (before Sitoo delivers)', 'erpsync' );
			default:
				/* translators: %d: refund id */
				return sprintf( __( 'Refund #%d: items put back in stock', 'erpsync' ), (int) $s['refund'] );
		}
	}

	/**
	 * A step's state in words.
	 *
	 * @param array $s Step.
	 */
	public static function status_label( array $s ): string {
		switch ( $s['status'] ) {
			case 'done':
				return __( 'done', 'erpsync' );
			case 'absorbed':
				return __( 'left out of the reduction (refunded before it was sent): nothing to return', 'erpsync' );
			case 'waiting':
				if ( 'refund' === $s['step'] ) {
					return ! empty( $s['parked'] ) ? __( 'waiting for the order\'s stock reduction', 'erpsync' ) : __( 'queued', 'erpsync' );
				}
				return __( 'waiting to be sent', 'erpsync' );
			case 'sending':
				return __( 'being sent', 'erpsync' );
			case 'retrying':
				return __( 'tried again: queued (Sitoo\'s transactions are checked before anything is sent)', 'erpsync' );
			case 'stopped':
				/* translators: %d: attempts */
				return sprintf( _n( 'stopped after %d attempt: nothing more is sent', 'stopped after %d attempts: nothing more is sent', (int) $s['attempts'], 'erpsync' ), (int) $s['attempts'] );
			default:
				/* translators: %d: attempts */
				return sprintf( _n( 'not confirmed yet (%d attempt): Sitoo\'s transactions are checked before anything is sent again', 'not confirmed yet (%d attempts): Sitoo\'s transactions are checked before anything is sent again', (int) $s['attempts'], 'erpsync' ), (int) $s['attempts'] );
		}
	}

	/**
	 * Items as "SKU-1 −5", "SKU-2 +1", one an entry ("SKU-1 × 5" for quantities that did not move Sitoo: an absorbed
	 * refund's).
	 *
	 * @param array $amounts  SKU → signed quantity.
	 * @param bool  $unsigned Quantities without a sign.
	 * @return string[]
	 */
	public static function item_list( array $amounts, bool $unsigned = false ): array {
		if ( ! $amounts ) {
			return array( __( '(fixed when it is sent)', 'erpsync' ) );
		}
		$out = array();
		foreach ( $amounts as $sku => $q ) {
			$n     = StockLedger::fmt( abs( (float) $q ) );
			$out[] = $unsigned ? $sku . ' × ' . $n : $sku . ' ' . ( (float) $q < 0 ? '−' : '+' ) . $n;
		}
		return $out;
	}

	/**
	 * A time in the site's format.
	 *
	 * @param int $ts UTC timestamp.
	 */
	private static function when( int $ts ): string {
		return (string) wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $ts );
	}

	/**
	 * The box on the Sitoo tab (CompleteSyncPage): the puts not confirmed, the next read-back, Settle now, the ones
	 * settled lately. Drawn when there is something to show or the warehouse is virtual.
	 */
	public static function unknown_box(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$rows    = SitooStockQuery::unknown();
		$settled = SitooStockQuery::settled();
		if ( ! $rows && ! $settled && 'virtual' !== (string) Settings::get( 'sitoo' )['warehouse_type'] ) {
			return;
		}
		echo '<div class="postbox erpsync-sitoo-unknown"><div class="inside"><h2>' . esc_html__( 'Stock puts not confirmed', 'erpsync' ) . '</h2>';
		self::settle_notice();
		echo '<p class="description">' . esc_html__( 'A stock change sent to the virtual warehouse whose reply was lost, and whose total could not be read back, is neither counted nor sent again: it waits here until Sitoo\'s total is read back. Meanwhile the product\'s stock changes are held back and the stock poll leaves it alone.', 'erpsync' ) . '</p>';
		if ( ! $rows ) {
			echo '<p class="erpsync-unknown-none">' . esc_html__( 'None: every stock put is confirmed.', 'erpsync' ) . '</p>';
		} else {
			echo '<p class="erpsync-unknown-next"><strong>' . esc_html( self::next_label( SitooStockQuery::next_settle() ) ) . '</strong></p>';
			self::unknown_table( $rows, false );
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
			wp_nonce_field( self::SETTLE );
			echo '<input type="hidden" name="action" value="' . esc_attr( self::SETTLE ) . '"><p><button type="submit" class="button button-primary erpsync-settle-now">' . esc_html__( 'Settle now', 'erpsync' ) . '</button> <span class="description">' . esc_html__( 'Reads Sitoo\'s totals back now; a put that did not arrive is sent once.', 'erpsync' ) . '</span></p></form>';
		}
		if ( $settled ) {
			echo '<h3>' . esc_html__( 'Settled in the last 7 days', 'erpsync' ) . '</h3>';
			self::unknown_table( $settled, true );
		}
		echo '</div></div>';
	}

	/**
	 * When the next read-back happens, in words.
	 *
	 * @param array $next SitooStockQuery::next_settle().
	 */
	public static function next_label( array $next ): string {
		if ( 'running' === $next['by'] ) {
			return __( 'Being read back now.', 'erpsync' );
		}
		if ( ! $next['at'] ) {
			return __( 'No read-back is scheduled: press Settle now.', 'erpsync' );
		}
		/* translators: %s: date and time */
		return sprintf( 'poll' === $next['by'] ? __( 'Read back with the next stock poll, at %s.', 'erpsync' ) : __( 'Read back next at %s.', 'erpsync' ), self::when( (int) $next['at'] ) );
	}

	/**
	 * A table of `stock_unknown` rows.
	 *
	 * @param array $rows    SitooStockQuery::unknown() or settled().
	 * @param bool  $settled Settled ones (their outcome instead of the reason).
	 */
	private static function unknown_table( array $rows, bool $settled ): void {
		echo '<table class="widefat striped erpsync-unknown-' . ( $settled ? 'settled' : 'pending' ) . '"><thead><tr><th>' . esc_html__( 'Product', 'erpsync' ) . '</th><th>' . esc_html__( 'SKU', 'erpsync' ) . '</th><th>' . esc_html__( 'Warehouse', 'erpsync' ) . '</th><th>' . esc_html__( 'Change put', 'erpsync' ) . '</th><th>' . esc_html( $settled ? __( 'Settled', 'erpsync' ) : __( 'Since', 'erpsync' ) ) . '</th><th>' . esc_html( $settled ? __( 'Outcome', 'erpsync' ) : __( 'Why', 'erpsync' ) ) . '</th></tr></thead><tbody>';
		foreach ( $rows as $r ) {
			$link = $r['product'] ? get_edit_post_link( $r['product'] ) : '';
			$name = '' !== $r['name'] ? $r['name'] : '#' . $r['product'];
			echo '<tr data-sku="' . esc_attr( $r['sku'] ) . '"><td>';
			if ( $link ) {
				echo '<a href="' . esc_url( $link ) . '">' . esc_html( $name ) . '</a>';
			} else {
				echo esc_html( $name );
			}
			echo '</td>';
			echo '<td><code style="white-space:nowrap">' . esc_html( $r['sku'] ) . '</code></td><td>' . esc_html( $r['warehouse'] ) . '</td>';
			$delta = (float) $r['delta'];
			/* translators: 1: signed change, 2: Sitoo total before, 3: total put */
			echo '<td style="white-space:nowrap">' . esc_html( sprintf( __( '%1$s (Sitoo total %2$s → %3$s)', 'erpsync' ), ( $delta < 0 ? '−' : '+' ) . StockLedger::fmt( abs( $delta ) ), $r['before'], $r['after'] ) ) . '</td>';
			echo '<td>' . esc_html( self::when( $r['since'] ) ) . '</td><td>';
			if ( $settled ) {
				echo esc_html( self::how_label( $r['how'] ) );
			} else {
				echo esc_html( 'settling' === $r['state'] ? __( 'being read back', 'erpsync' ) : ( '' !== $r['error'] ? $r['error'] : __( 'not known', 'erpsync' ) ) );
				if ( $r['attempts'] > 0 ) {
					/* translators: %d: read-backs tried */
					echo '<br /><span class="description">' . esc_html( sprintf( _n( '%d read-back tried', '%d read-backs tried', $r['attempts'], 'erpsync' ), $r['attempts'] ) ) . '</span>';
				}
			}
			echo '</td></tr>';
		}
		echo '</tbody></table>';
	}

	/**
	 * A settlement's outcome in words.
	 *
	 * @param string $how arrived, resent, assumed (StockUnknown).
	 */
	public static function how_label( string $how ): string {
		$l = array(
			'arrived' => __( 'it had arrived (counted once)', 'erpsync' ),
			'resent'  => __( 'it had not arrived: sent again, once', 'erpsync' ),
			'assumed' => __( 'taken as arrived (Sitoo\'s total changed since; the rest came down with the poll)', 'erpsync' ),
		);
		return $l[ $how ] ?? $how;
	}

	/** Settle now (admin-post, POST): reads the unknown puts back at once. */
	public static function handle_settle(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( self::SETTLE );
		try {
			$out = StockUnknown::settle();
		} catch ( \Throwable $e ) {
			$out = array( '' => Redact::text( $e->getMessage(), Settings::secrets( 'sitoo' ) ) );
		}
		set_transient( self::NOTICE . get_current_user_id(), $out, 300 );
		wp_safe_redirect( CompleteSyncPage::url() );
		exit;
	}

	/** What the last Settle now of this user did, once. */
	private static function settle_notice(): void {
		$key = self::NOTICE . get_current_user_id();
		$out = get_transient( $key );
		if ( ! is_array( $out ) ) {
			return;
		}
		delete_transient( $key );
		if ( ! $out ) {
			echo '<div class="notice notice-info inline erpsync-settle-result"><p>' . esc_html__( 'Nothing to settle (another run has them, or none is left).', 'erpsync' ) . '</p></div>';
			return;
		}
		$parts = array();
		$bad   = false;
		foreach ( $out as $sku => $how ) {
			$bad     = $bad || 'unknown' === $how || '' === (string) $sku;
			$words   = array(
				'unknown'                 => __( 'still not known (Sitoo could not be read; tried again later)', 'erpsync' ),
				'arrived'                 => self::how_label( 'arrived' ),
				'not arrived'             => self::how_label( 'resent' ),
				'assumed (changed since)' => self::how_label( 'assumed' ),
			);
			$parts[] = '' === (string) $sku ? (string) $how : $sku . ': ' . ( $words[ $how ] ?? $how );
		}
		echo '<div class="notice ' . ( $bad ? 'notice-warning' : 'notice-success' ) . ' inline erpsync-settle-result"><p>' . esc_html__( 'Settle now:', 'erpsync' ) . ' ' . esc_html( implode( '; ', $parts ) ) . '</p></div>';
	}

	/**
	 * The nonce action of one step's Try again.
	 *
	 * @param int    $order_id Order id.
	 * @param string $step     reduce, restock, hand, refund.
	 * @param int    $refund   Refund id (0: the order's own step).
	 */
	private static function retry_action( int $order_id, string $step, int $refund ): string {
		return self::RETRY . '_' . $order_id . '_' . $step . '_' . $refund;
	}

	/**
	 * The Try again link of a stopped step (admin-post, with its nonce, as WordPress's row actions).
	 *
	 * @param int    $order_id Order id.
	 * @param string $step     reduce, restock, hand, refund.
	 * @param int    $refund   Refund id (0: the order's own step).
	 */
	public static function retry_url( int $order_id, string $step, int $refund ): string {
		$url = add_query_arg(
			array(
				'action' => self::RETRY,
				'order'  => $order_id,
				'step'   => $step,
				'refund' => $refund,
			),
			admin_url( 'admin-post.php' )
		);
		return wp_nonce_url( $url, self::retry_action( $order_id, $step, $refund ) );
	}

	/** Try again (admin-post): a stopped step of an order is given its attempts again and queued; back to the order. */
	public static function handle_retry(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- the nonce's action is made of these three; it is checked right below.
		$order_id = absint( wp_unslash( $_GET['order'] ?? 0 ) );
		$step     = sanitize_key( wp_unslash( $_GET['step'] ?? '' ) );
		$refund   = absint( wp_unslash( $_GET['refund'] ?? 0 ) );
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		check_admin_referer( self::retry_action( $order_id, $step, $refund ) );
		$order = wc_get_order( $order_id );
		if ( ! $order instanceof \WC_Order || $order instanceof \WC_Order_Refund ) {
			wp_die( esc_html__( 'This order does not exist.', 'erpsync' ), '', array( 'response' => 404 ) );
		}
		$by = (string) wp_get_current_user()->display_name;
		if ( 'refund' === $step ) {
			$r  = wc_get_order( $refund );
			$ok = $r instanceof \WC_Order_Refund && (int) $r->get_parent_id() === $order_id && StockRefunds::retry( $refund, $by );
		} else {
			$ok = StockOrders::retry( $order_id, $step, $by );
		}
		$label = self::step_label(
			array(
				'step'   => $step,
				'refund' => $refund,
			)
		);
		set_transient( self::RETRY_NOTICE . get_current_user_id() . '_' . $order_id, array( $ok, $label ), 300 );
		wp_safe_redirect( $order->get_edit_order_url() . '#erpsync-sitoo-stock' );
		exit;
	}

	/**
	 * What the last Try again of this user on this order did, once.
	 *
	 * @param int $order_id Order id.
	 */
	private static function retry_notice( int $order_id ): void {
		$key = self::RETRY_NOTICE . get_current_user_id() . '_' . $order_id;
		$out = get_transient( $key );
		if ( ! is_array( $out ) || 2 !== count( $out ) ) {
			return;
		}
		delete_transient( $key );
		list( $ok, $label ) = $out;
		if ( $ok ) {
			/* translators: %s: the step's name */
			$text = sprintf( __( '%s: tried again. It is queued; Sitoo\'s transactions are read first, so a send that did arrive is not sent twice.', 'erpsync' ), $label );
		} else {
			/* translators: %s: the step's name */
			$text = sprintf( __( '%s: nothing was done — the step is not stopped (it was tried again already, or it is done).', 'erpsync' ), $label );
		}
		echo '<div class="notice ' . ( $ok ? 'notice-success' : 'notice-warning' ) . ' inline erpsync-retry-result"><p>' . esc_html( $text ) . '</p></div>';
	}
}
