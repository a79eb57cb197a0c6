<?php
/**
 * WooCommerce → ERP Sync: the owner's view of every back-office in one page, in tabs — Overview (cards per
 * back-office, 30-day chart drawn as inline SVG), Recent activity, Orders (filters, search, bulk Retry, bulk send to
 * one back-office, failures grouped by reason), Blacklist (VASCO), Sync runs (Admin\SyncUi: Sync now / Dry run, a
 * run's progress and plan, approval, ownership, schedules), Request log (filters, paging, CSV) and API tester (read
 * operations only; VASCO simulate lookup). The tabs are one list (sections(), filter `erpsync_dashboard_tabs`). The page needs manage_woocommerce (WordPress refuses
 * it otherwise); every action is an admin-post handler that checks manage_woocommerce and its own nonce.
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
use ErpSync\Plugin\Infra\RequestLog;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Orders\Queue;

defined( 'ABSPATH' ) || exit;

/** The ERP Sync page. */
final class Dashboard {

	const PAGE = 'erpsync';
	const CAP  = 'manage_woocommerce';

	/** Hooks. */
	public static function register(): void {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ), 60 );
		add_filter( 'woocommerce_screen_ids', array( __CLASS__, 'screen_ids' ) );
		foreach ( array( 'orders_bulk', 'retry_reason', 'blacklist', 'log_csv', 'api_test', 'simulate_lookup' ) as $a ) {
			add_action( 'admin_post_erpsync_' . $a, array( __CLASS__, 'handle_' . $a ) );
		}
		SettingsLog::register();
		SettingsGroups::register();
		OrderListFilter::register();
		SiteHealth::register();
	}

	/** The submenu page under WooCommerce. */
	public static function menu(): void {
		$hook = add_submenu_page( 'woocommerce', __( 'ERP Sync', 'erpsync' ), __( 'ERP Sync', 'erpsync' ), self::CAP, self::PAGE, array( __CLASS__, 'page' ) );
		if ( $hook ) {
			add_action( 'admin_print_styles-' . $hook, array( __CLASS__, 'styles' ) );
		}
	}

	/**
	 * WooCommerce's admin styles (status pills, tables) on this page too.
	 *
	 * @param array $ids Screen ids.
	 */
	public static function screen_ids( $ids ) {
		$ids[] = 'woocommerce_page_' . self::PAGE;
		return $ids;
	}

	/** A few layout rules on top of the WordPress admin styles. */
	public static function styles(): void {
		echo '<style id="erpsync-dashboard-css">'
			. '.erpsync-cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:12px;margin:12px 0}'
			. '.erpsync-cards .postbox{margin:0;padding:0 12px 8px}.erpsync-cards h2{padding:8px 0 0;margin:0;font-size:14px}'
			. '.erpsync-cards dl{display:grid;grid-template-columns:1fr auto;gap:2px 8px;margin:8px 0}.erpsync-cards dd{margin:0;text-align:right;font-weight:600}'
			. '.erpsync-chart{background:#fff;border:1px solid #c3c4c7;padding:8px;max-width:100%}.erpsync-chart svg{max-width:100%;height:auto}'
			. '.erpsync-legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}'
			. '.erpsync-filters{margin:8px 0}.erpsync-filters label{margin-right:8px}'
			. '.erpsync-body{white-space:pre-wrap;word-break:break-all;max-height:300px;overflow:auto;background:#f6f7f7;padding:8px;border:1px solid #dcdcde}'
			. 'td.erpsync-url{word-break:break-all}.erpsync-pill{margin:1px 0}.erpsync-groups li{margin:4px 0}'
			. '</style>';
	}

	/**
	 * The tabs, in order: slug → [title, render]. One list drives the tab bar, the choice of the current tab and
	 * what is drawn; a screen of its own (Sitoo, a product push …) is one more entry here, or added through the
	 * filter `erpsync_dashboard_tabs` (same shape; entries without a title or a callable render are left out).
	 * Every tab is drawn inside the page, after its capability check.
	 */
	public static function sections(): array {
		$tabs = array(
			'overview'  => array(
				'title'  => __( 'Overview', 'erpsync' ),
				'render' => array( Screens::class, 'overview' ),
			),
			'activity'  => array(
				'title'  => __( 'Recent activity', 'erpsync' ),
				'render' => array( Screens::class, 'activity' ),
			),
			'orders'    => array(
				'title'  => __( 'Orders', 'erpsync' ),
				'render' => array( Screens::class, 'orders' ),
			),
			'blacklist' => array(
				'title'  => __( 'Blacklist (VASCO)', 'erpsync' ),
				'render' => array( Screens::class, 'blacklist' ),
			),
			SyncUi::TAB => array(
				'title'  => __( 'Sync runs', 'erpsync' ),
				'render' => array( SyncUi::class, 'tab' ),
			),
			'log'       => array(
				'title'  => __( 'Request log', 'erpsync' ),
				'render' => array( Screens::class, 'log' ),
			),
			'tester'    => array(
				'title'  => __( 'API tester', 'erpsync' ),
				'render' => array( Screens::class, 'tester' ),
			),
		);
		/**
		 * Filters the tabs of WooCommerce → ERP Sync.
		 *
		 * @param array $tabs slug → array( 'title' => string, 'render' => callable ).
		 */
		$tabs = apply_filters( 'erpsync_dashboard_tabs', $tabs );
		$out  = array();
		foreach ( (array) $tabs as $slug => $t ) {
			if ( is_string( $slug ) && sanitize_key( $slug ) === $slug && is_array( $t ) && is_string( $t['title'] ?? null ) && is_callable( $t['render'] ?? null ) ) {
				$out[ $slug ] = $t;
			}
		}
		return $out;
	}

	/** Tabs: slug → title. */
	public static function tabs(): array {
		return array_map(
			static function ( $t ) {
				return $t['title'];
			},
			self::sections()
		);
	}

	/**
	 * URL of a tab.
	 *
	 * @param string $tab  Tab slug.
	 * @param array  $args More query arguments.
	 */
	public static function url( string $tab = 'overview', array $args = array() ): string {
		return add_query_arg( array_merge( array( 'tab' => $tab ), $args ), admin_url( 'admin.php?page=' . self::PAGE ) );
	}

	/** Refuses without the capability (every handler). */
	private static function require_capability(): void {
		if ( ! current_user_can( self::CAP ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
	}

	/**
	 * A date-time (UTC from the database) in the site's format and time zone.
	 *
	 * @param string $utc UTC datetime.
	 */
	public static function when( string $utc ): string {
		if ( '' === $utc ) {
			return '—';
		}
		return wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) strtotime( $utc . ' UTC' ) );
	}

	/** The page. */
	public static function page(): void {
		if ( ! current_user_can( self::CAP ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
		$tab  = isset( $_GET['tab'] ) ? sanitize_key( wp_unslash( $_GET['tab'] ) ) : 'overview'; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a view.
		$tabs = self::sections();
		if ( ! isset( $tabs[ $tab ] ) ) {
			$tab = isset( $tabs['overview'] ) ? 'overview' : (string) array_key_first( $tabs );
		}
		echo '<div class="wrap erpsync-dashboard"><h1 class="wp-heading-inline">' . esc_html__( 'ERP Sync', 'erpsync' ) . '</h1>';
		echo ' <a class="page-title-action" href="' . esc_url( admin_url( 'admin.php?page=wc-settings&tab=erpsync' ) ) . '">' . esc_html__( 'Settings', 'erpsync' ) . '</a>';
		echo '<hr class="wp-header-end" />';
		self::flash();
		echo '<nav class="nav-tab-wrapper" aria-label="' . esc_attr__( 'ERP Sync sections', 'erpsync' ) . '">';
		foreach ( $tabs as $slug => $t ) {
			$current = $slug === $tab;
			echo '<a class="nav-tab' . ( $current ? ' nav-tab-active' : '' ) . '" href="' . esc_url( self::url( $slug ) ) . '"' . ( $current ? ' aria-current="page"' : '' ) . '>' . esc_html( $t['title'] ) . '</a>';
		}
		echo '</nav><div class="erpsync-tab erpsync-tab-' . esc_attr( $tab ) . '">';
		call_user_func( $tabs[ $tab ]['render'] );
		echo '</div></div>';
	}

	/** The message of the last action (stored for this user, shown once). */
	private static function flash(): void {
		$key = 'erpsync_flash_' . get_current_user_id();
		$msg = get_transient( $key );
		if ( is_array( $msg ) ) {
			delete_transient( $key );
			echo '<div class="notice notice-' . ( empty( $msg['ok'] ) ? 'error' : 'success' ) . ' is-dismissible erpsync-flash"><p>' . esc_html( (string) $msg['text'] ) . '</p></div>';
		}
	}

	/**
	 * Stores a message for the next page view and redirects.
	 *
	 * @param bool   $ok   Success.
	 * @param string $text Message.
	 * @param string $to   URL.
	 */
	private static function back( bool $ok, string $text, string $to ): void {
		set_transient(
			'erpsync_flash_' . get_current_user_id(),
			array(
				'ok'   => $ok,
				'text' => $text,
			),
			MINUTE_IN_SECONDS
		);
		wp_safe_redirect( $to );
		exit;
	}

	/**
	 * Where to go back to: the posted return URL when it is this page, else the tab.
	 *
	 * @param string $tab Tab.
	 */
	private static function return_url( string $tab ): string {
		$r = isset( $_POST['_erpsync_return'] ) ? esc_url_raw( wp_unslash( $_POST['_erpsync_return'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked by the caller before.
		return ( '' !== $r && str_starts_with( $r, admin_url( 'admin.php?page=' . self::PAGE ) ) ) ? $r : self::url( $tab );
	}

	/**
	 * Queues orders for a back-office; returns how many were queued.
	 *
	 * @param array<int, array{0: int, 1: string}> $pairs (order id, connector).
	 */
	private static function queue_pairs( array $pairs ): int {
		$n = 0;
		foreach ( $pairs as $p ) {
			list( $id, $c ) = $p;
			if ( Settings::enabled( $c ) && wc_get_order( $id ) && Queue::enqueue( $id, $c, 0, true ) ) {
				++$n;
			}
		}
		return $n;
	}

	/** Orders tab: bulk Retry of the chosen rows, or bulk send of the chosen orders to one back-office. */
	public static function handle_orders_bulk(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_orders_bulk' );
		$op    = isset( $_POST['bulk'] ) ? sanitize_key( wp_unslash( $_POST['bulk'] ) ) : '';
		$to    = isset( $_POST['send_to'] ) ? sanitize_key( wp_unslash( $_POST['send_to'] ) ) : '';
		$rows  = isset( $_POST['rows'] ) ? array_map( 'sanitize_text_field', (array) wp_unslash( $_POST['rows'] ) ) : array();
		$pairs = array();
		foreach ( $rows as $r ) {
			if ( preg_match( '/^(\d+):([a-z]+)$/', $r, $m ) && in_array( $m[2], Settings::CONNECTORS, true ) ) {
				$pairs[] = array( (int) $m[1], 'send' === $op ? $to : $m[2] );
			}
		}
		$back = self::return_url( 'orders' );
		if ( ! $pairs ) {
			self::back( false, __( 'Choose at least one order.', 'erpsync' ), $back );
		}
		if ( 'send' === $op && ! in_array( $to, Settings::enabled_connectors(), true ) ) {
			self::back( false, __( 'Choose a back-office that is switched on.', 'erpsync' ), $back );
		}
		if ( 'retry' !== $op && 'send' !== $op ) {
			self::back( false, __( 'Choose an action.', 'erpsync' ), $back );
		}
		$pairs = array_values( array_unique( $pairs, SORT_REGULAR ) );
		$n     = self::queue_pairs( $pairs );
		/* translators: 1: queued, 2: chosen */
		self::back( $n > 0, sprintf( _n( '%1$d of %2$d export queued (already sent ones are left alone).', '%1$d of %2$d exports queued (already sent ones are left alone).', $n, 'erpsync' ), $n, count( $pairs ) ), $back );
	}

	/** Orders tab: Retry every order stopped with one reason. */
	public static function handle_retry_reason(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_retry_reason' );
		$c      = isset( $_POST['connector'] ) ? sanitize_key( wp_unslash( $_POST['connector'] ) ) : '';
		$reason = isset( $_POST['reason'] ) ? sanitize_textarea_field( wp_unslash( $_POST['reason'] ) ) : '';
		if ( ! in_array( $c, Settings::CONNECTORS, true ) ) {
			wp_die( esc_html__( 'Unknown back-office.', 'erpsync' ), '', array( 'response' => 400 ) );
		}
		$pairs = array();
		foreach ( OrdersQuery::ids_with_reason( $c, $reason ) as $id ) {
			$pairs[] = array( $id, $c );
		}
		$n = self::queue_pairs( $pairs );
		/* translators: %d: count */
		self::back( $n > 0, sprintf( _n( '%d export queued again.', '%d exports queued again.', $n, 'erpsync' ), $n ), self::url( 'orders' ) );
	}

	/** Blacklist tab: add or remove an address (the VASCO setting "Email blacklist"). */
	public static function handle_blacklist(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_blacklist' );
		$op      = isset( $_POST['op'] ) ? sanitize_key( wp_unslash( $_POST['op'] ) ) : '';
		$address = isset( $_POST['address'] ) ? strtolower( trim( sanitize_text_field( wp_unslash( $_POST['address'] ) ) ) ) : '';
		$list    = BlacklistQuery::addresses();
		$valid   = is_email( $address ) || ( str_starts_with( $address, '*@' ) && is_email( 'x' . substr( $address, 1 ) ) );
		if ( ! $valid ) {
			self::back( false, __( 'Enter an email address, or *@domain to block a whole domain.', 'erpsync' ), self::url( 'blacklist' ) );
		}
		if ( 'add' === $op ) {
			if ( in_array( $address, $list, true ) ) {
				/* translators: %s: address */
				self::back( false, sprintf( __( '%s is already on the blacklist.', 'erpsync' ), $address ), self::url( 'blacklist' ) );
			}
			$list[] = $address;
			/* translators: %s: address */
			$msg = sprintf( __( '%s added: orders from it are no longer sent to VASCO.', 'erpsync' ), $address );
		} elseif ( 'remove' === $op ) {
			$list = array_values( array_diff( $list, array( $address ) ) );
			/* translators: %s: address */
			$msg = sprintf( __( '%s removed: its blocked orders stay blocked until you Retry them (Orders, state "Blocked").', 'erpsync' ), $address );
		} else {
			wp_die( esc_html__( 'Unknown action.', 'erpsync' ), '', array( 'response' => 400 ) );
		}
		Settings::put( 'vasco', array( 'email_blacklist' => implode( "\n", $list ) ) );
		self::back( true, $msg, self::url( 'blacklist' ) );
	}

	/** Request log tab: the filtered entries as CSV (redacted as stored; cells that could run as formulas quoted). */
	public static function handle_log_csv(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_log_csv' );
		$f = LogQuery::filters( wp_unslash( $_GET ) ); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- LogQuery::filters() sanitises each value.
		nocache_headers();
		header( 'Content-Type: text/csv; charset=utf-8' );
		header( 'Content-Disposition: attachment; filename="erpsync-request-log-' . gmdate( 'Ymd-His' ) . '.csv"' );
		$out = fopen( 'php://output', 'w' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fopen -- streaming the download.
		fputcsv( $out, array( 'id', 'time_utc', 'back_office', 'method', 'url', 'status', 'duration_ms', 'attempt', 'error', 'request_excerpt', 'response_excerpt' ) );
		LogQuery::each(
			$f,
			static function ( $r ) use ( $out ) {
				$cells = array();
				foreach ( $r as $v ) {
					$v       = Redact::text( (string) $v );
					$cells[] = preg_match( '/^[=+\-@\t\r]/', $v ) ? "'" . $v : $v;
				}
				fputcsv( $out, $cells );
			}
		);
		fclose( $out ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_read_fclose
		exit;
	}

	/** API tester: runs one read operation; the (redacted) result is shown once on the tab. */
	public static function handle_api_test(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_api_test' );
		$c    = isset( $_POST['connector'] ) ? sanitize_key( wp_unslash( $_POST['connector'] ) ) : '';
		$op   = isset( $_POST['operation'] ) ? sanitize_text_field( wp_unslash( $_POST['operation'] ) ) : '';
		$args = isset( $_POST['args'] ) ? array_map( 'sanitize_text_field', (array) wp_unslash( $_POST['args'] ) ) : array();
		if ( str_contains( $op, ':' ) ) {
			list( $c, $op ) = explode( ':', $op, 2 );
			$c              = sanitize_key( $c );
		}
		set_transient( 'erpsync_tester_' . get_current_user_id(), ApiTester::run( $c, $op, $args ), 10 * MINUTE_IN_SECONDS );
		wp_safe_redirect( self::url( 'tester', array( 'result' => 1 ) ) );
		exit;
	}

	/** API tester: VASCO simulate lookup. */
	public static function handle_simulate_lookup(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_simulate_lookup' );
		$email = isset( $_POST['email'] ) ? sanitize_email( wp_unslash( $_POST['email'] ) ) : '';
		$vat   = isset( $_POST['vat'] ) ? sanitize_text_field( wp_unslash( $_POST['vat'] ) ) : '';
		set_transient( 'erpsync_tester_' . get_current_user_id(), ApiTester::simulate_lookup( $email, $vat ), 10 * MINUTE_IN_SECONDS );
		wp_safe_redirect( self::url( 'tester', array( 'result' => 1 ) ) );
		exit;
	}

	/** Retention in words, for the log tab and Site Health. */
	public static function retention_text(): string {
		$oldest = LogQuery::oldest();
		/* translators: 1: days, 2: date of the oldest entry */
		return sprintf( __( 'Entries are kept %1$d days (setting "Keep the request log for"), then deleted daily. Oldest entry: %2$s.', 'erpsync' ), RequestLog::retention_days(), self::when( $oldest ) );
	}
}
