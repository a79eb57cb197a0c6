<?php
/**
 * The tabs of WooCommerce → ERP Sync (Admin\Dashboard), each drawn from its query class (Admin\Query\*) with the
 * WordPress admin markup (widefat tables, tablenav, postbox, nav tabs). Everything printed is escaped here.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Admin\Query\ActivityQuery;
use ErpSync\Plugin\Admin\Query\BlacklistQuery;
use ErpSync\Plugin\Admin\Query\LogQuery;
use ErpSync\Plugin\Admin\Query\OrdersQuery;
use ErpSync\Plugin\Admin\Query\OverviewQuery;
use ErpSync\Plugin\Admin\Query\SyncRunsQuery;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Tab renderers. */
final class Screens {

	/** Raw query arguments of the view (sanitised by the query classes). */
	private static function get_args(): array {
		return wp_unslash( $_GET ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- a view; the query classes sanitise each value.
	}

	/**
	 * A <select> with a label.
	 *
	 * @param string $name     Name and id suffix.
	 * @param string $label    Label.
	 * @param array  $options  Value → text ('' first for "all").
	 * @param string $selected Selected value.
	 */
	private static function select( string $name, string $label, array $options, string $selected ): void {
		$id = 'erpsync-filter-' . $name;
		echo '<label for="' . esc_attr( $id ) . '">' . esc_html( $label ) . '</label> <select name="' . esc_attr( $name ) . '" id="' . esc_attr( $id ) . '">';
		foreach ( $options as $v => $t ) {
			echo '<option value="' . esc_attr( (string) $v ) . '"' . selected( (string) $v, $selected, false ) . '>' . esc_html( $t ) . '</option>';
		}
		echo '</select> ';
	}

	/** Back-office choices with an "all" entry. */
	private static function connector_options(): array {
		$o = array( '' => __( 'All back-offices', 'erpsync' ) );
		foreach ( Settings::CONNECTORS as $c ) {
			$o[ $c ] = Settings::label( $c );
		}
		return $o;
	}

	/** Overview: a card per back-office and the 30-day chart. */
	public static function overview(): void {
		$cards   = OverviewQuery::cards();
		$enabled = Settings::enabled_connectors();
		$today   = OverviewQuery::today_utc();
		echo '<div class="erpsync-cards">';
		foreach ( Settings::CONNECTORS as $c ) {
			$on   = in_array( $c, $enabled, true );
			$k    = $cards[ $c ];
			$call = OverviewQuery::last_call( $c );
			$runs = SyncRunsQuery::latest( 1, $c );
			$next = OverviewQuery::next_action( 'erpsync_sync' );
			echo '<section class="postbox erpsync-card erpsync-card-' . esc_attr( $c ) . '" aria-labelledby="erpsync-card-' . esc_attr( $c ) . '"><h2 id="erpsync-card-' . esc_attr( $c ) . '">' . esc_html( Settings::label( $c ) ) . ' ';
			echo '<mark class="order-status ' . esc_attr( $on ? 'status-processing' : 'status-cancelled' ) . '"><span>' . esc_html( $on ? __( 'on', 'erpsync' ) : __( 'off', 'erpsync' ) ) . '</span></mark></h2>';
			if ( $call ) {
				$ok = OverviewQuery::call_ok( $call );
				/* translators: 1: time, 2: HTTP status or error */
				$txt = sprintf( __( 'Last call %1$s: %2$s', 'erpsync' ), Dashboard::when( $call['created_at'] ), $ok ? sprintf( 'HTTP %d', (int) $call['status'] ) : ( (int) $call['status'] ? sprintf( 'HTTP %d', (int) $call['status'] ) : Redact::text( (string) $call['error'] ) ) );
				echo '<p class="erpsync-connection ' . ( $ok ? 'erpsync-ok' : 'erpsync-bad' ) . '"><span class="dashicons ' . ( $ok ? 'dashicons-yes-alt' : 'dashicons-warning' ) . '" aria-hidden="true"></span> ' . esc_html( $txt ) . '</p>';
			} else {
				echo '<p class="erpsync-connection">' . esc_html__( 'No call made yet.', 'erpsync' ) . '</p>';
			}
			$items = array(
				__( 'Orders exported today', 'erpsync' ) => array(
					$k['today'],
					Dashboard::url(
						'orders',
						array(
							'connector' => $c,
							'state'     => 'done',
							'from'      => wp_date( 'Y-m-d' ),
						)
					),
				),
				__( 'Orders exported in 7 days', 'erpsync' ) => array(
					$k['week'],
					Dashboard::url(
						'orders',
						array(
							'connector' => $c,
							'state'     => 'done',
						)
					),
				),
				__( 'Exports failing now', 'erpsync' )   => array(
					$k['failed'],
					Dashboard::url(
						'orders',
						array(
							'connector' => $c,
							'state'     => 'failed',
						)
					),
				),
				__( 'Exports waiting', 'erpsync' )       => array( $k['waiting'], '' ),
				__( 'Customers created (7 days)', 'erpsync' ) => array( $k['customers'], '' ),
				__( 'Stock/price updates today', 'erpsync' ) => array( SyncRunsQuery::applied_since( $c, $today ), Dashboard::url( 'runs' ) ),
			);
			echo '<dl>';
			foreach ( $items as $label => $v ) {
				echo '<dt>' . esc_html( $label ) . '</dt><dd>' . ( '' !== $v[1] ? '<a href="' . esc_url( $v[1] ) . '">' . esc_html( number_format_i18n( $v[0] ) ) . '</a>' : esc_html( number_format_i18n( $v[0] ) ) ) . '</dd>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- every branch is escaped.
			}
			echo '<dt>' . esc_html__( 'Last sync run', 'erpsync' ) . '</dt><dd>' . ( $runs ? '<a href="' . esc_url( $runs[0]['url'] ) . '">' . esc_html( Dashboard::when( (string) ( $runs[0]['finished_at'] ? $runs[0]['finished_at'] : $runs[0]['started_at'] ) ) ) . '</a>' : esc_html__( 'none', 'erpsync' ) ) . '</dd>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- every branch is escaped.
			echo '<dt>' . esc_html__( 'Next scheduled sync', 'erpsync' ) . '</dt><dd>' . esc_html( $next ? wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $next ) : __( 'none', 'erpsync' ) ) . '</dd>';
			echo '</dl></section>';
		}
		echo '</div>';
		echo '<h2>' . esc_html__( 'Exports per day, last 30 days', 'erpsync' ) . '</h2>';
		self::chart( OverviewQuery::chart( 30 ) );
	}

	/**
	 * The chart: stacked bars per day (sent, stopped, blacklisted) as inline SVG, with the same figures as a table
	 * for screen readers.
	 *
	 * @param array $days Y-m-d → [done, failed, blacklisted].
	 */
	public static function chart( array $days ): void {
		$colors = array(
			'done'        => array( '#00a32a', __( 'Sent', 'erpsync' ) ),
			'failed'      => array( '#d63638', __( 'Stopped', 'erpsync' ) ),
			'blacklisted' => array( '#8c8f94', __( 'Blacklisted', 'erpsync' ) ),
		);
		$max    = 1;
		foreach ( $days as $d ) {
			$max = max( $max, array_sum( $d ) );
		}
		$w     = 900;
		$h     = 220;
		$left  = 40;
		$bot   = 24;
		$slot  = ( $w - $left - 8 ) / max( 1, count( $days ) );
		$scale = ( $h - $bot - 10 ) / $max;
		echo '<div class="erpsync-chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ' . (int) $w . ' ' . (int) $h . '" width="' . (int) $w . '" height="' . (int) $h . '" role="img" aria-labelledby="erpsync-chart-title"><title id="erpsync-chart-title">' . esc_html__( 'Exports per day by outcome', 'erpsync' ) . '</title>';
		foreach ( array( 0, 0.5, 1 ) as $frac ) {
			$y = $h - $bot - $frac * $max * $scale;
			echo '<line x1="' . (int) $left . '" x2="' . (int) ( $w - 4 ) . '" y1="' . esc_attr( (string) round( $y, 1 ) ) . '" y2="' . esc_attr( (string) round( $y, 1 ) ) . '" stroke="#dcdcde" />';
			echo '<text x="' . (int) ( $left - 6 ) . '" y="' . esc_attr( (string) round( $y + 4, 1 ) ) . '" text-anchor="end" font-size="11" fill="#50575e">' . esc_html( number_format_i18n( (int) round( $frac * $max ) ) ) . '</text>';
		}
		$i = 0;
		foreach ( $days as $day => $counts ) {
			$x = $left + $i * $slot + 2;
			$y = $h - $bot;
			foreach ( $colors as $state => $c ) {
				$n = (int) $counts[ $state ];
				if ( $n > 0 ) {
					$bh = $n * $scale;
					$y -= $bh;
					echo '<rect class="erpsync-bar erpsync-bar-' . esc_attr( $state ) . '" x="' . esc_attr( (string) round( $x, 1 ) ) . '" y="' . esc_attr( (string) round( $y, 1 ) ) . '" width="' . esc_attr( (string) round( $slot - 4, 1 ) ) . '" height="' . esc_attr( (string) round( $bh, 1 ) ) . '" fill="' . esc_attr( $c[0] ) . '"><title>' . esc_html( $day . ': ' . $n . ' ' . $c[1] ) . '</title></rect>';
				}
			}
			if ( 0 === $i % 5 || count( $days ) - 1 === $i ) {
				echo '<text x="' . esc_attr( (string) round( $x + $slot / 2 - 2, 1 ) ) . '" y="' . (int) ( $h - 8 ) . '" text-anchor="middle" font-size="11" fill="#50575e">' . esc_html( wp_date( 'j M', (int) strtotime( $day . ' 12:00:00' ) ) ) . '</text>';
			}
			++$i;
		}
		echo '</svg><p class="erpsync-legend" aria-hidden="true">';
		foreach ( $colors as $c ) {
			echo '<span style="background:' . esc_attr( $c[0] ) . '"></span>' . esc_html( $c[1] );
		}
		echo '</p><table class="screen-reader-text"><caption>' . esc_html__( 'Exports per day by outcome', 'erpsync' ) . '</caption><tr><th scope="col">' . esc_html__( 'Day', 'erpsync' ) . '</th>';
		foreach ( $colors as $c ) {
			echo '<th scope="col">' . esc_html( $c[1] ) . '</th>';
		}
		echo '</tr>';
		foreach ( $days as $day => $counts ) {
			if ( array_sum( $counts ) ) {
				echo '<tr><th scope="row">' . esc_html( $day ) . '</th><td>' . (int) $counts['done'] . '</td><td>' . (int) $counts['failed'] . '</td><td>' . (int) $counts['blacklisted'] . '</td></tr>';
			}
		}
		echo '</table></div>';
	}

	/** Recent activity. */
	public static function activity(): void {
		$events = ActivityQuery::latest( 40 );
		if ( ! $events ) {
			echo '<p>' . esc_html__( 'Nothing has happened yet.', 'erpsync' ) . '</p>';
			return;
		}
		echo '<table class="widefat striped erpsync-activity"><thead><tr><th scope="col">' . esc_html__( 'When', 'erpsync' ) . '</th><th scope="col">' . esc_html__( 'Back-office', 'erpsync' ) . '</th><th scope="col">' . esc_html__( 'What happened', 'erpsync' ) . '</th></tr></thead><tbody>';
		foreach ( $events as $e ) {
			echo '<tr class="erpsync-event erpsync-event-' . esc_attr( $e['kind'] ) . '"><td>' . esc_html( Dashboard::when( $e['at'] ) ) . '</td><td>' . esc_html( Settings::label( $e['connector'] ) ) . '</td><td><a href="' . esc_url( $e['url'] ) . '">' . esc_html( Redact::text( $e['text'] ) ) . '</a></td></tr>';
		}
		echo '</tbody></table>';
	}

	/** Orders: failures by reason, filters, the table, bulk actions, pagination. */
	public static function orders(): void {
		$f = OrdersQuery::filters( self::get_args() );
		self::failure_groups( OrdersQuery::failure_groups( $f['connector'] ) );
		self::orders_filters( $f );

		$page = OrdersQuery::page( $f );
		$objs = self::orders_of_rows( $page['rows'] );
		$self = Dashboard::url( 'orders', array_filter( array_diff_key( $f, array( 'paged' => 1 ) ) ) + ( $f['paged'] > 1 ? array( 'paged' => $f['paged'] ) : array() ) );
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" id="erpsync-orders-form">';
		wp_nonce_field( 'erpsync_orders_bulk' );
		echo '<input type="hidden" name="action" value="erpsync_orders_bulk" /><input type="hidden" name="_erpsync_return" value="' . esc_attr( $self ) . '" />';
		echo '<div class="tablenav top">';
		self::orders_bulk_actions();
		self::pagination( $page['total'], $f['paged'], $page['pages'], $self );
		echo '</div>';
		echo '<table class="widefat striped erpsync-orders"><thead><tr><td class="check-column"><label class="screen-reader-text" for="erpsync-check-all">' . esc_html__( 'Select all', 'erpsync' ) . '</label><input type="checkbox" id="erpsync-check-all" /></td>';
		foreach ( array( __( 'Order', 'erpsync' ), __( 'Customer', 'erpsync' ), __( 'Total', 'erpsync' ), __( 'Back-office', 'erpsync' ), __( 'State', 'erpsync' ), __( 'Document', 'erpsync' ), __( 'Attempts', 'erpsync' ), __( 'Last error and what happens next', 'erpsync' ), __( 'Changed', 'erpsync' ) ) as $h ) {
			echo '<th scope="col">' . esc_html( $h ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		if ( ! $page['rows'] ) {
			echo '<tr><td colspan="10">' . esc_html__( 'No orders match.', 'erpsync' ) . '</td></tr>';
		}
		foreach ( $page['rows'] as $r ) {
			self::order_row( $r, $objs[ (int) $r['local_id'] ] ?? null );
		}
		echo '</tbody></table><div class="tablenav bottom">';
		self::pagination( $page['total'], $f['paged'], $page['pages'], $self );
		echo '</div></form>';
		echo '<script>document.getElementById("erpsync-check-all").addEventListener("change",function(e){document.querySelectorAll("#erpsync-orders-form input[name=\'rows[]\']").forEach(function(c){c.checked=e.target.checked;});});</script>';
	}

	/**
	 * The box of stopped exports grouped by reason: each with the setting that fixes it and a Retry button.
	 *
	 * @param array $groups OrdersQuery::failure_groups() (nothing printed when empty).
	 */
	private static function failure_groups( array $groups ): void {
		if ( ! $groups ) {
			return;
		}
		echo '<div class="postbox erpsync-groups" style="padding:0 12px"><h2>' . esc_html__( 'Stopped exports by reason', 'erpsync' ) . '</h2><ul>';
		foreach ( $groups as $g ) {
			$s = Reasons::setting( $g['connector'], $g['reason'] );
			echo '<li class="erpsync-group"><strong>' . esc_html( sprintf( /* translators: 1: count, 2: back-office */ _n( '%1$d order (%2$s):', '%1$d orders (%2$s):', $g['n'], 'erpsync' ), $g['n'], Settings::label( $g['connector'] ) ) ) . '</strong> <span class="erpsync-reason">' . esc_html( Redact::text( $g['reason'] ) ) . '</span>';
			if ( $s ) {
				echo ' — ' . esc_html__( 'to fix:', 'erpsync' ) . ' <a href="' . esc_url( Reasons::setting_url( $g['connector'], $s[0] ) ) . '">' . esc_html( $s[1] ) . '</a>';
			}
			echo ' <form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" style="display:inline">';
			wp_nonce_field( 'erpsync_retry_reason' );
			echo '<input type="hidden" name="action" value="erpsync_retry_reason" /><input type="hidden" name="connector" value="' . esc_attr( $g['connector'] ) . '" /><input type="hidden" name="reason" value="' . esc_attr( Redact::text( $g['reason'] ) ) . '" />';
			/* translators: %d: count */
			echo '<button type="submit" class="button button-small erpsync-retry-reason">' . esc_html( sprintf( _n( 'Retry %d order', 'Retry these %d orders', $g['n'], 'erpsync' ), $g['n'] ) ) . '</button></form></li>';
		}
		echo '</ul></div>';
	}

	/**
	 * The filter form of the Orders tab: back-office, state, dates, number.
	 *
	 * @param array $f OrdersQuery::filters().
	 */
	private static function orders_filters( array $f ): void {
		echo '<form method="get" class="erpsync-filters" role="search"><input type="hidden" name="page" value="' . esc_attr( Dashboard::PAGE ) . '" /><input type="hidden" name="tab" value="orders" />';
		self::select( 'connector', __( 'Back-office', 'erpsync' ), self::connector_options(), $f['connector'] );
		self::select( 'state', __( 'State', 'erpsync' ), array( '' => __( 'All states', 'erpsync' ) ) + OrdersQuery::states(), $f['state'] );
		echo '<label for="erpsync-filter-from">' . esc_html__( 'From', 'erpsync' ) . '</label> <input type="date" id="erpsync-filter-from" name="from" value="' . esc_attr( $f['from'] ) . '" /> ';
		echo '<label for="erpsync-filter-to">' . esc_html__( 'To', 'erpsync' ) . '</label> <input type="date" id="erpsync-filter-to" name="to" value="' . esc_attr( $f['to'] ) . '" /> ';
		echo '<label for="erpsync-filter-s">' . esc_html__( 'Order or document number', 'erpsync' ) . '</label> <input type="search" id="erpsync-filter-s" name="s" value="' . esc_attr( $f['s'] ) . '" /> ';
		echo '<button type="submit" class="button">' . esc_html__( 'Filter', 'erpsync' ) . '</button></form>';
	}

	/**
	 * The WooCommerce orders of a page's rows, by id (a deleted order is missing).
	 *
	 * @param array $rows Rows of OrdersQuery::page().
	 * @return array<int, \WC_Order>
	 */
	private static function orders_of_rows( array $rows ): array {
		$ids  = array_map( 'intval', array_column( $rows, 'local_id' ) );
		$objs = array();
		if ( $ids ) {
			foreach ( wc_get_orders(
				array(
					'include' => array_values( array_unique( $ids ) ),
					'limit'   => -1,
					'type'    => 'shop_order',
				)
			) as $o ) {
				$objs[ (int) $o->get_id() ] = $o;
			}
		}
		return $objs;
	}

	/** The bulk actions of the Orders tab: Retry, or Send to an enabled back-office. */
	private static function orders_bulk_actions(): void {
		echo '<div class="alignleft actions bulkactions">';
		$to = array( '' => __( '— back-office —', 'erpsync' ) );
		foreach ( Settings::enabled_connectors() as $c ) {
			$to[ $c ] = Settings::label( $c );
		}
		echo '<label for="erpsync-bulk" class="screen-reader-text">' . esc_html__( 'Bulk action', 'erpsync' ) . '</label><select name="bulk" id="erpsync-bulk"><option value="">' . esc_html__( 'Bulk actions', 'erpsync' ) . '</option><option value="retry">' . esc_html__( 'Retry', 'erpsync' ) . '</option><option value="send">' . esc_html__( 'Send to the back-office chosen here:', 'erpsync' ) . '</option></select> ';
		echo '<label for="erpsync-send-to" class="screen-reader-text">' . esc_html__( 'Back-office to send to', 'erpsync' ) . '</label><select name="send_to" id="erpsync-send-to">';
		foreach ( $to as $v => $t ) {
			echo '<option value="' . esc_attr( $v ) . '">' . esc_html( $t ) . '</option>';
		}
		echo '</select> <button type="submit" class="button action" id="erpsync-bulk-apply">' . esc_html__( 'Apply', 'erpsync' ) . '</button></div>';
	}

	/**
	 * One row of the Orders tab: checkbox, order, customer, total, back-office, state, document, attempts, reason, when.
	 *
	 * @param array          $r Row of OrdersQuery::page().
	 * @param \WC_Order|null $o The order (null when deleted).
	 */
	private static function order_row( array $r, $o ): void {
		$id  = (int) $r['local_id'];
		$cid = 'erpsync-row-' . $id . '-' . $r['connector'];
		echo '<tr class="erpsync-order-row erpsync-state-' . esc_attr( $r['state'] ) . '" data-order="' . esc_attr( (string) $id ) . '" data-connector="' . esc_attr( $r['connector'] ) . '">';
		echo '<th scope="row" class="check-column"><label class="screen-reader-text" for="' . esc_attr( $cid ) . '">' . esc_html( sprintf( /* translators: 1: order number, 2: back-office */ __( 'Select order %1$s for %2$s', 'erpsync' ), $o ? $o->get_order_number() : $id, Settings::label( $r['connector'] ) ) ) . '</label><input type="checkbox" name="rows[]" id="' . esc_attr( $cid ) . '" value="' . esc_attr( $id . ':' . $r['connector'] ) . '" /></th>';
		echo '<td><a href="' . esc_url( $o ? $o->get_edit_order_url() : ActivityQuery::order_url( $id ) ) . '">#' . esc_html( $o ? $o->get_order_number() : (string) $id ) . '</a></td>';
		echo '<td>' . esc_html( $o ? trim( $o->get_formatted_billing_full_name() ) . ( $o->get_billing_email() ? ' <' . $o->get_billing_email() . '>' : '' ) : __( '(deleted)', 'erpsync' ) ) . '</td>';
		echo '<td>' . ( $o ? wp_kses_post( $o->get_formatted_order_total() ) : '' ) . '</td>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- every branch is escaped.
		echo '<td>' . esc_html( Settings::label( $r['connector'] ) ) . '</td>';
		echo '<td>' . Pills::html( $r['connector'], $r ) . '</td>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- escaped in Pills::html().
		echo '<td>' . esc_html( (string) $r['remote_number'] ) . '</td><td>' . (int) $r['attempts'] . '</td><td>';
		Reasons::render( $r['connector'], $id, $r );
		echo '</td><td>' . esc_html( Dashboard::when( $r['updated_at'] ) ) . '</td></tr>';
	}

	/**
	 * WordPress-style pagination links.
	 *
	 * @param int    $total Rows.
	 * @param int    $paged Current page.
	 * @param int    $pages Pages.
	 * @param string $base  URL of the current view.
	 */
	private static function pagination( int $total, int $paged, int $pages, string $base ): void {
		echo '<div class="tablenav-pages"><span class="displaying-num">' . esc_html( sprintf( /* translators: %s: count */ _n( '%s item', '%s items', $total, 'erpsync' ), number_format_i18n( $total ) ) ) . '</span>';
		if ( $pages > 1 ) {
			echo '<span class="pagination-links">';
			if ( $paged > 1 ) {
				echo '<a class="prev-page button" href="' . esc_url( add_query_arg( 'paged', $paged - 1, $base ) ) . '"><span aria-hidden="true">‹</span><span class="screen-reader-text">' . esc_html__( 'Previous page', 'erpsync' ) . '</span></a> ';
			}
			/* translators: 1: page, 2: pages */
			echo '<span class="paging-input">' . esc_html( sprintf( __( '%1$s of %2$s', 'erpsync' ), number_format_i18n( $paged ), number_format_i18n( $pages ) ) ) . '</span>';
			if ( $paged < $pages ) {
				echo ' <a class="next-page button" href="' . esc_url( add_query_arg( 'paged', $paged + 1, $base ) ) . '"><span aria-hidden="true">›</span><span class="screen-reader-text">' . esc_html__( 'Next page', 'erpsync' ) . '</span></a>';
			}
			echo '</span>';
		}
		echo '</div>';
	}

	/** Blacklist (VASCO): addresses with the orders they blocked; add and remove. */
	public static function blacklist(): void {
		$rows = BlacklistQuery::rows();
		echo '<p>' . esc_html__( 'Orders whose billing email is on this list are not sent to VASCO. The counts come from the orders themselves.', 'erpsync' ) . ' <a href="' . esc_url( Reasons::setting_url( 'vasco', 'email_blacklist' ) ) . '">' . esc_html__( 'Setting "Email blacklist"', 'erpsync' ) . '</a></p>';
		echo '<table class="widefat striped erpsync-blacklist"><thead><tr><th scope="col">' . esc_html__( 'Address', 'erpsync' ) . '</th><th scope="col">' . esc_html__( 'Orders blocked', 'erpsync' ) . '</th><th scope="col">' . esc_html__( 'Last attempt', 'erpsync' ) . '</th><th scope="col">' . esc_html__( 'Actions', 'erpsync' ) . '</th></tr></thead><tbody>';
		if ( ! $rows ) {
			echo '<tr><td colspan="4">' . esc_html__( 'The blacklist is empty.', 'erpsync' ) . '</td></tr>';
		}
		foreach ( $rows as $address => $r ) {
			$n = count( $r['orders'] );
			echo '<tr class="erpsync-blacklist-row" data-address="' . esc_attr( (string) $address ) . '"><td>' . ( '' === $address ? '<em>' . esc_html__( 'no longer on the list', 'erpsync' ) . '</em>' : esc_html( (string) $address ) ) . '</td>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- every branch is escaped.
			// phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- every branch is escaped.
			echo '<td class="erpsync-blocked">' . ( $n ? '<a href="' . esc_url(
				Dashboard::url(
					'orders',
					array(
						'connector' => 'vasco',
						'state'     => 'blacklisted',
					)
				)
			) . '">' . esc_html( number_format_i18n( $n ) ) . '</a>' : '0' ) . '</td><td>' . esc_html( Dashboard::when( $r['last'] ) ) . '</td><td>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- every branch is escaped.
			if ( '' !== $address ) {
				echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
				wp_nonce_field( 'erpsync_blacklist' );
				/* translators: %s: address */
				echo '<input type="hidden" name="action" value="erpsync_blacklist" /><input type="hidden" name="op" value="remove" /><input type="hidden" name="address" value="' . esc_attr( (string) $address ) . '" /><button type="submit" class="button-link button-link-delete erpsync-remove" aria-label="' . esc_attr( sprintf( __( 'Remove %s from the blacklist', 'erpsync' ), $address ) ) . '">' . esc_html__( 'Remove', 'erpsync' ) . '</button></form>';
			}
			echo '</td></tr>';
		}
		echo '</tbody></table>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" class="erpsync-filters">';
		wp_nonce_field( 'erpsync_blacklist' );
		echo '<input type="hidden" name="action" value="erpsync_blacklist" /><input type="hidden" name="op" value="add" />';
		echo '<label for="erpsync-blacklist-address">' . esc_html__( 'Add an address (or *@domain)', 'erpsync' ) . '</label> <input type="text" class="regular-text" id="erpsync-blacklist-address" name="address" required /> <button type="submit" class="button button-primary">' . esc_html__( 'Add to blacklist', 'erpsync' ) . '</button></form>';
	}

	/** Request log: filters, table, keyset paging, CSV export, retention. */
	public static function log(): void {
		$f = LogQuery::filters( self::get_args() );
		echo '<p class="erpsync-retention">' . esc_html( Dashboard::retention_text() ) . ' <a href="' . esc_url( admin_url( 'admin.php?page=wc-settings&tab=erpsync' ) ) . '">' . esc_html__( 'Change', 'erpsync' ) . '</a></p>';
		echo '<form method="get" class="erpsync-filters" role="search"><input type="hidden" name="page" value="' . esc_attr( Dashboard::PAGE ) . '" /><input type="hidden" name="tab" value="log" />';
		self::select( 'connector', __( 'Back-office', 'erpsync' ), self::connector_options(), $f['connector'] );
		self::select( 'outcome', __( 'Outcome', 'erpsync' ), array( '' => __( 'All outcomes', 'erpsync' ) ) + LogQuery::outcomes(), $f['outcome'] );
		self::select(
			'method',
			__( 'Method', 'erpsync' ),
			array(
				''       => __( 'All methods', 'erpsync' ),
				'GET'    => 'GET',
				'POST'   => 'POST',
				'PUT'    => 'PUT',
				'PATCH'  => 'PATCH',
				'DELETE' => 'DELETE',
			),
			$f['method']
		);
		echo '<label for="erpsync-log-from">' . esc_html__( 'From', 'erpsync' ) . '</label> <input type="date" id="erpsync-log-from" name="from" value="' . esc_attr( $f['from'] ) . '" /> ';
		echo '<label for="erpsync-log-to">' . esc_html__( 'To', 'erpsync' ) . '</label> <input type="date" id="erpsync-log-to" name="to" value="' . esc_attr( $f['to'] ) . '" /> ';
		echo '<label for="erpsync-log-q">' . esc_html__( 'Address or error contains', 'erpsync' ) . '</label> <input type="search" id="erpsync-log-q" name="q" value="' . esc_attr( $f['q'] ) . '" /> ';
		echo '<button type="submit" class="button">' . esc_html__( 'Filter', 'erpsync' ) . '</button> ';
		$filters = array_filter( array_diff_key( $f, array_flip( array( 'before', 'after' ) ) ) );
		$csv     = wp_nonce_url( add_query_arg( array_merge( array( 'action' => 'erpsync_log_csv' ), $filters ), admin_url( 'admin-post.php' ) ), 'erpsync_log_csv' );
		echo '<a class="button erpsync-csv" href="' . esc_url( $csv ) . '">' . esc_html__( 'Download CSV', 'erpsync' ) . '</a></form>';
		$page = LogQuery::page( $f );
		$base = Dashboard::url( 'log', $filters );
		echo '<div class="tablenav top"><div class="tablenav-pages"><span class="displaying-num erpsync-log-count">' . esc_html( self::log_count( $page ) ) . '</span> ';
		if ( $page['newer'] ) {
			echo '<a class="button erpsync-newer" href="' . esc_url( add_query_arg( 'after', $page['newer'], $base ) ) . '">' . esc_html__( '‹ Newer', 'erpsync' ) . '</a> ';
		}
		if ( $page['older'] ) {
			echo '<a class="button erpsync-older" href="' . esc_url( add_query_arg( 'before', $page['older'], $base ) ) . '">' . esc_html__( 'Older ›', 'erpsync' ) . '</a>';
		}
		echo '</div></div>';
		echo '<table class="widefat striped erpsync-log"><thead><tr>';
		foreach ( array( __( 'Time', 'erpsync' ), __( 'Back-office', 'erpsync' ), __( 'Request', 'erpsync' ), __( 'Status', 'erpsync' ), __( 'Time taken', 'erpsync' ), __( 'Attempt', 'erpsync' ), __( 'Details (redacted)', 'erpsync' ) ) as $h ) {
			echo '<th scope="col">' . esc_html( $h ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		if ( ! $page['rows'] ) {
			echo '<tr><td colspan="7">' . esc_html__( 'No entries match.', 'erpsync' ) . '</td></tr>';
		}
		foreach ( $page['rows'] as $r ) {
			$st = (int) $r['status'];
			echo '<tr class="erpsync-log-row" data-id="' . esc_attr( (string) $r['id'] ) . '"><td>' . esc_html( Dashboard::when( $r['created_at'] ) ) . '</td><td>' . esc_html( Settings::label( $r['connector'] ) ) . '</td>';
			echo '<td class="erpsync-url"><code>' . esc_html( $r['method'] ) . '</code> ' . esc_html( Redact::text( (string) $r['url'] ) ) . '</td>';
			echo '<td><mark class="order-status ' . esc_attr( $st >= 200 && $st < 400 ? 'status-processing' : ( $st >= 400 ? 'status-failed' : 'status-on-hold' ) ) . '"><span>' . esc_html( $st ? (string) $st : __( 'no answer', 'erpsync' ) ) . '</span></mark></td>';
			echo '<td>' . esc_html( number_format_i18n( (int) $r['duration_ms'] ) ) . ' ms</td><td>' . (int) $r['attempt'] . '</td><td>';
			if ( '' !== (string) $r['error'] ) {
				echo '<span class="erpsync-error">' . esc_html( Redact::text( (string) $r['error'] ) ) . '</span>';
			}
			if ( '' !== (string) $r['request_excerpt'] || '' !== (string) $r['response_excerpt'] ) {
				echo '<details><summary>' . esc_html__( 'Bodies', 'erpsync' ) . '</summary>';
				if ( '' !== (string) $r['request_excerpt'] ) {
					echo '<p>' . esc_html__( 'Sent', 'erpsync' ) . '</p><pre class="erpsync-body">' . esc_html( Redact::text( (string) $r['request_excerpt'] ) ) . '</pre>';
				}
				if ( '' !== (string) $r['response_excerpt'] ) {
					echo '<p>' . esc_html__( 'Received', 'erpsync' ) . '</p><pre class="erpsync-body">' . esc_html( Redact::text( (string) $r['response_excerpt'] ) ) . '</pre>';
				}
				echo '</details>';
			}
			echo '</td></tr>';
		}
		echo '</tbody></table>';
	}

	/**
	 * The number of entries in words.
	 *
	 * @param array $page LogQuery::page().
	 */
	private static function log_count( array $page ): string {
		if ( $page['windowed'] ) {
			/* translators: 1: count, 2: size of the window */
			return sprintf( __( '%1$s matching entries among the newest %2$s (choose dates to search older ones)', 'erpsync' ), number_format_i18n( $page['total'] ) . ( $page['approx'] ? '+' : '' ), number_format_i18n( LogQuery::Q_WINDOW ) );
		}
		if ( $page['approx'] ) {
			/* translators: %s: count */
			return sprintf( __( 'at least %s matching entries (choose dates to narrow)', 'erpsync' ), number_format_i18n( $page['total'] ) );
		}
		if ( $page['capped'] ) {
			/* translators: %s: count */
			return sprintf( __( 'more than %s entries', 'erpsync' ), number_format_i18n( LogQuery::COUNT_CAP ) );
		}
		/* translators: %s: count */
		return sprintf( _n( '%s entry', '%s entries', $page['total'], 'erpsync' ), number_format_i18n( $page['total'] ) );
	}

	/** API tester: read operations per back-office, the last result, VASCO simulate lookup. */
	public static function tester(): void {
		echo '<p>' . esc_html__( 'Runs one read operation with the saved settings and shows what went over the wire. Addresses, headers and bodies are shown as the request log stores them: credentials removed. Nothing is written to the back-office.', 'erpsync' ) . '</p>';
		$enabled = Settings::enabled_connectors();
		$r       = isset( $_GET['result'] ) ? get_transient( 'erpsync_tester_' . get_current_user_id() ) : false; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a view of this user's own result.
		$r       = is_array( $r ) ? $r : null;
		$chosen  = $r ? ( $r['connector'] ?? '' ) . ':' . ( $r['operation'] ?? '' ) : '';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" class="erpsync-tester">';
		wp_nonce_field( 'erpsync_api_test' );
		echo '<input type="hidden" name="action" value="erpsync_api_test" /><table class="form-table" role="presentation"><tr><th scope="row"><label for="erpsync-operation">' . esc_html__( 'Operation', 'erpsync' ) . '</label></th><td><select id="erpsync-operation" name="operation">';
		foreach ( ApiTester::operations() as $c => $ops ) {
			echo '<optgroup label="' . esc_attr( Settings::label( $c ) . ( in_array( $c, $enabled, true ) ? '' : ' (' . __( 'off', 'erpsync' ) . ')' ) ) . '">';
			foreach ( $ops as $m => $op ) {
				echo '<option value="' . esc_attr( $c . ':' . $m ) . '"' . selected( $c . ':' . $m, $chosen, false ) . '>' . esc_html( Settings::label( $c ) . ' — ' . $op[0] . ' (' . $op[1] . ')' ) . '</option>';
			}
			echo '</optgroup>';
		}
		echo '</select></td></tr>';
		echo '<tr><th scope="row"><label for="erpsync-arg-number">' . esc_html__( 'Document number (order state)', 'erpsync' ) . '</label></th><td><input type="text" id="erpsync-arg-number" name="args[number]" /> <label for="erpsync-arg-year">' . esc_html__( 'Year', 'erpsync' ) . '</label> <input type="number" id="erpsync-arg-year" name="args[year]" class="small-text" /></td></tr>';
		echo '<tr><th scope="row"><label for="erpsync-arg-date">' . esc_html__( 'Day (receivables)', 'erpsync' ) . '</label></th><td><input type="date" id="erpsync-arg-date" name="args[date]" /></td></tr></table>';
		echo '<p><button type="submit" class="button button-primary erpsync-run">' . esc_html__( 'Run', 'erpsync' ) . '</button></p></form>';
		if ( $r && 'simulate_lookup' !== ( $r['operation'] ?? '' ) ) {
			self::tester_result( $r );
		}

		echo '<h2>' . esc_html__( 'VASCO: simulate lookup', 'erpsync' ) . '</h2><p>' . esc_html__( 'Which VASCO partner an order with this email or VAT number would be matched to, and why (nothing is created).', 'erpsync' ) . '</p>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" class="erpsync-lookup">';
		wp_nonce_field( 'erpsync_simulate_lookup' );
		echo '<input type="hidden" name="action" value="erpsync_simulate_lookup" /><label for="erpsync-lookup-email">' . esc_html__( 'Email', 'erpsync' ) . '</label> <input type="email" id="erpsync-lookup-email" name="email" class="regular-text" /> <label for="erpsync-lookup-vat">' . esc_html__( 'VAT number', 'erpsync' ) . '</label> <input type="text" id="erpsync-lookup-vat" name="vat" /> <button type="submit" class="button">' . esc_html__( 'Simulate lookup', 'erpsync' ) . '</button></form>';
		if ( $r && 'simulate_lookup' === ( $r['operation'] ?? '' ) ) {
			self::tester_result( $r );
		}
	}

	/**
	 * The result of the last API tester run (already redacted by ApiTester).
	 *
	 * @param array $r Result.
	 */
	private static function tester_result( array $r ): void {
		$ops   = ApiTester::operations();
		$title = 'simulate_lookup' === ( $r['operation'] ?? '' ) ? __( 'VASCO: simulate lookup', 'erpsync' ) : Settings::label( (string) ( $r['connector'] ?? '' ) ) . ' — ' . ( $ops[ $r['connector'] ?? '' ][ $r['operation'] ?? '' ][0] ?? '' );
		echo '<div class="postbox erpsync-result" style="padding:0 12px 12px;margin-top:16px"><h2>' . esc_html( $title ) . '</h2>';
		echo '<p class="erpsync-result-summary"><mark class="order-status ' . esc_attr( ! empty( $r['ok'] ) ? 'status-processing' : 'status-failed' ) . '"><span>' . esc_html( ! empty( $r['ok'] ) ? __( 'OK', 'erpsync' ) : __( 'Failed', 'erpsync' ) ) . '</span></mark> ' . esc_html( sprintf( /* translators: %d: milliseconds */ __( '%d ms in all', 'erpsync' ), (int) ( $r['time_ms'] ?? 0 ) ) ) . '</p>';
		if ( ! empty( $r['error'] ) ) {
			echo '<p class="erpsync-error">' . esc_html( (string) $r['error'] ) . '</p>';
		}
		if ( isset( $r['why'] ) ) {
			echo '<p class="erpsync-why"><strong>' . esc_html__( 'Matched by:', 'erpsync' ) . '</strong> ' . esc_html( (string) $r['why'] ) . '</p>';
			if ( ! empty( $r['steps'] ) ) {
				echo '<ul class="ul-disc">';
				foreach ( (array) $r['steps'] as $s ) {
					echo '<li>' . esc_html( (string) $s ) . '</li>';
				}
				echo '</ul>';
			}
		}
		foreach ( (array) ( $r['calls'] ?? array() ) as $call ) {
			echo '<h3 class="erpsync-call"><code>' . esc_html( $call['method'] . ' ' . $call['url'] ) . '</code> → ' . esc_html( $call['status'] ? 'HTTP ' . $call['status'] : __( 'no answer', 'erpsync' ) ) . ' · ' . esc_html( number_format_i18n( (int) $call['duration_ms'] ) ) . ' ms · ' . esc_html( sprintf( /* translators: %d: attempt */ __( 'attempt %d', 'erpsync' ), (int) $call['attempt'] ) ) . '</h3>';
			if ( '' !== $call['error'] ) {
				echo '<p class="erpsync-error">' . esc_html( $call['error'] ) . '</p>';
			}
			echo '<p>' . esc_html__( 'Request headers', 'erpsync' ) . '</p><pre class="erpsync-body erpsync-headers">' . esc_html( $call['request_headers'] ) . '</pre>';
			echo '<p>' . esc_html__( 'Reply headers', 'erpsync' ) . '</p><pre class="erpsync-body erpsync-reply-headers">' . esc_html( '' !== (string) ( $call['reply_headers'] ?? '' ) ? (string) $call['reply_headers'] : __( '(no reply)', 'erpsync' ) ) . '</pre>';
			echo '<p>' . esc_html__( 'Reply body', 'erpsync' ) . '</p><pre class="erpsync-body erpsync-reply">' . esc_html( $call['response_body'] ) . '</pre>';
		}
		if ( '' !== (string) ( $r['result'] ?? '' ) ) {
			echo '<h3>' . esc_html__( 'Result', 'erpsync' ) . '</h3><pre class="erpsync-body erpsync-result-body">' . esc_html( (string) $r['result'] ) . '</pre>';
		}
		echo '</div>';
	}
}
