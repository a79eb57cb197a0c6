<?php
/**
 * Admin side of the inbound sync: the tab WooCommerce → ERP Sync → Sync runs (Sync now / Dry run per sync with its
 * progress, the runs with their counts, a run's plan with CSV download, approval of a guarded run, ownership per
 * field and the sync settings), VASCO's own/supplier stock on the product's Inventory tab and in the products list.
 * The former page admin.php?page=erpsync-sync (its own menu entry until then) redirects to the tab, keeping the run.
 * Every action checks manage_woocommerce and its own nonce.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Orders\VascoInvoice;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\SyncSettings;
use ErpSync\Plugin\Sync\VascoStock;

defined( 'ABSPATH' ) || exit;

/** Sync screens. */
final class SyncUi {

	/** The former page's slug: now only a redirect to the tab. */
	const PAGE = 'erpsync-sync';
	/** The tab of WooCommerce → ERP Sync. */
	const TAB = 'runs';

	/** Hooks. */
	public static function register(): void {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ), 60 );
		add_action( 'admin_post_erpsync_sync_start', array( __CLASS__, 'start' ) );
		add_action( 'admin_post_erpsync_sync_approve', array( __CLASS__, 'approve' ) );
		add_action( 'admin_post_erpsync_sync_csv', array( __CLASS__, 'csv' ) );
		add_action( 'admin_post_erpsync_sync_settings', array( __CLASS__, 'save_settings' ) );
		add_action( 'woocommerce_product_options_inventory_product_data', array( __CLASS__, 'inventory_fields' ) );
		add_filter( 'manage_edit-product_columns', array( __CLASS__, 'columns' ), 20 );
		add_action( 'manage_product_posts_custom_column', array( __CLASS__, 'column' ), 10, 2 );
	}

	/**
	 * The former page, without a menu entry (parent ''): its URL still opens (bookmarks, links in mails and older
	 * notes), and redirects to the tab before anything is drawn.
	 */
	public static function menu(): void {
		$hook = add_submenu_page( '', __( 'ERP Sync runs', 'erpsync' ), '', 'manage_woocommerce', self::PAGE, '__return_empty_string' );
		if ( $hook ) {
			add_action( 'load-' . $hook, array( __CLASS__, 'redirect_old_page' ) );
		}
	}

	/**
	 * Where an old URL goes: the tab, with the run and page of its plan if it named them.
	 *
	 * @param array $get Query arguments of the old URL.
	 */
	public static function old_page_target( array $get ): string {
		$args = array();
		foreach ( array( 'run', 'paged' ) as $k ) {
			if ( isset( $get[ $k ] ) && absint( $get[ $k ] ) > 0 ) {
				$args[ $k ] = absint( $get[ $k ] );
			}
		}
		return self::url( $args );
	}

	/** The old page: redirect (WordPress has checked manage_woocommerce before this runs). */
	public static function redirect_old_page(): void {
		wp_safe_redirect( self::old_page_target( wp_unslash( $_GET ) ) ); // phpcs:ignore WordPress.Security.NonceVerification.Recommended,WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- only two numbers are read, through absint().
		exit;
	}

	/** Refuses without the capability. */
	private static function require_capability(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
	}

	/**
	 * URL of the page.
	 *
	 * @param array $args Query arguments.
	 */
	public static function url( array $args = array() ): string {
		return Dashboard::url( self::TAB, $args );
	}

	/**
	 * A sync named in the request ("connector:what"), or a refusal.
	 *
	 * @return string[] [connector, what]
	 */
	private static function sync_param(): array {
		$sync = isset( $_POST['sync'] ) ? sanitize_text_field( wp_unslash( $_POST['sync'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked by the caller right after.
		$p    = explode( ':', $sync, 2 );
		if ( 2 !== count( $p ) || ! isset( Engine::syncs()[ $p[0] ][ $p[1] ] ) ) {
			wp_die( esc_html__( 'Unknown sync.', 'erpsync' ), '', array( 'response' => 400 ) );
		}
		return $p;
	}

	/** Sync now / Dry run: queues the run's first slice and shows its progress. */
	public static function start(): void {
		self::require_capability();
		list( $connector, $what ) = self::sync_param();
		check_admin_referer( "erpsync_sync_start_{$connector}_{$what}" );
		$to = self::url();
		try {
			$id = Engine::start(
				$connector,
				$what,
				array(
					'dry_run' => ! empty( $_POST['dry_run'] ),
					'by'      => 'admin',
					'queue'   => true,
				)
			);
			$to = self::url( array( 'run' => $id ) );
		} catch ( \Throwable $e ) {
			set_transient( 'erpsync_sync_notice_' . get_current_user_id(), $e->getMessage(), MINUTE_IN_SECONDS );
		}
		wp_safe_redirect( $to );
		exit;
	}

	/** Approval of a run the guard stopped. */
	public static function approve(): void {
		self::require_capability();
		$id = isset( $_POST['run'] ) ? absint( $_POST['run'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Missing -- checked next.
		check_admin_referer( 'erpsync_sync_approve_' . $id );
		try {
			Engine::approve( $id );
		} catch ( \Throwable $e ) {
			set_transient( 'erpsync_sync_notice_' . get_current_user_id(), $e->getMessage(), MINUTE_IN_SECONDS );
		}
		wp_safe_redirect( self::url( array( 'run' => $id ) ) );
		exit;
	}

	/** The plan of a run as CSV. */
	public static function csv(): void {
		self::require_capability();
		$id = isset( $_GET['run'] ) ? absint( $_GET['run'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- checked next.
		check_admin_referer( 'erpsync_sync_csv_' . $id );
		$run = Engine::run( $id );
		if ( ! $run ) {
			wp_die( esc_html__( 'Run not found.', 'erpsync' ), '', array( 'response' => 404 ) );
		}
		nocache_headers();
		header( 'Content-Type: text/csv; charset=utf-8' );
		header( 'Content-Disposition: attachment; filename="erpsync-run-' . $id . '.csv"' );
		echo self::csv_text( $id ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- CSV download, not HTML.
		exit;
	}

	/**
	 * The plan of a run as CSV text (cells that a spreadsheet would run as formulas are quoted with ').
	 *
	 * @param int $id Run id.
	 */
	public static function csv_text( int $id ): string {
		$cols = array( 'action', 'local_id', 'remote_id', 'field', 'old_value', 'new_value', 'reason', 'applied' );
		$out  = implode( ',', $cols ) . "\n";
		for ( $o = 0, $rows = Engine::plan( $id, 0, 1000 ); array() !== $rows; $o += 1000, $rows = Engine::plan( $id, $o, 1000 ) ) {
			foreach ( $rows as $r ) {
				$cells = array();
				foreach ( $cols as $c ) {
					$v = (string) $r[ $c ];
					if ( '' !== $v && in_array( $v[0], array( '=', '+', '-', '@' ), true ) && ! is_numeric( $v ) ) {
						$v = "'" . $v;
					}
					$cells[] = '"' . str_replace( '"', '""', $v ) . '"';
				}
				$out .= implode( ',', $cells ) . "\n";
			}
		}
		return $out;
	}

	/** Ownership per field and the sync settings. */
	public static function save_settings(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_sync_settings' );
		$in  = isset( $_POST['erpsync_sync'] ) && is_array( $_POST['erpsync_sync'] ) ? wp_unslash( $_POST['erpsync_sync'] ) : array(); // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- each value is checked against its list or sanitised below.
		$out = array();
		$bad = array();
		foreach ( array_keys( Engine::syncs() ) as $c ) {
			foreach ( SyncSettings::FIELDS as $f ) {
				$v = isset( $in['own'][ $c ][ $f ] ) ? sanitize_key( $in['own'][ $c ][ $f ] ) : '';
				if ( in_array( $v, SyncSettings::OWNERS, true ) ) {
					$out['own'][ $c ][ $f ] = $v;
				}
			}
			foreach ( array_keys( Engine::syncs()[ $c ] ) as $w ) {
				$v = isset( $in['schedule'][ "$c:$w" ] ) ? sanitize_key( $in['schedule'][ "$c:$w" ] ) : '';
				if ( isset( SyncSettings::FREQUENCIES[ $v ] ) ) {
					$out['schedule'][ "$c:$w" ] = $v;
				}
			}
		}
		$pct = isset( $in['guard_percent'] ) ? trim( sanitize_text_field( $in['guard_percent'] ) ) : '';
		if ( is_numeric( $pct ) && $pct >= 0 && $pct <= 100 ) {
			$out['guard_percent'] = (float) $pct;
		} else {
			$bad[] = __( 'Guard: share of products set out of stock (a number from 0 to 100)', 'erpsync' );
		}
		$out['force_crud']     = ! empty( $in['force_crud'] ) ? 'yes' : 'no';
		$out['vasco_supplier'] = ! empty( $in['vasco_supplier'] ) ? 'yes' : 'no';
		$ean                   = isset( $in['vasco_ean'] ) ? sanitize_key( $in['vasco_ean'] ) : 'gtin';
		$out['vasco_ean']      = 'meta' === $ean ? 'meta' : 'gtin';
		$meta                  = isset( $in['vasco_ean_meta'] ) ? sanitize_text_field( $in['vasco_ean_meta'] ) : '';
		if ( 'meta' === $out['vasco_ean'] && ! preg_match( '/^[A-Za-z0-9_\-]{1,191}$/', $meta ) ) {
			$bad[] = __( 'VASCO: EAN meta key (letters, digits, _ and - only)', 'erpsync' );
		} else {
			$out['vasco_ean_meta'] = $meta;
		}
		$every = isset( $in['vasco_invoice_frequency'] ) ? sanitize_key( $in['vasco_invoice_frequency'] ) : '';
		if ( isset( SyncSettings::FREQUENCIES[ $every ] ) ) {
			$out['vasco_invoice_frequency'] = $every;
		}
		$ranges = array(
			'vasco_invoice_days'  => array( 1, 365 ),
			'vasco_invoice_batch' => array( 1, 500 ),
		);
		foreach ( $ranges as $k => $range ) {
			$v = isset( $in[ $k ] ) ? trim( sanitize_text_field( $in[ $k ] ) ) : '';
			if ( ctype_digit( $v ) && (int) $v >= $range[0] && (int) $v <= $range[1] ) {
				$out[ $k ] = (int) $v;
			} else {
				/* translators: 1: setting, 2: lowest, 3: highest */
				$bad[] = sprintf( __( '%1$s (a whole number from %2$d to %3$d)', 'erpsync' ), 'vasco_invoice_days' === $k ? __( 'VASCO: days after export to check for the invoice', 'erpsync' ) : __( 'VASCO: orders checked per run', 'erpsync' ), $range[0], $range[1] );
			}
		}
		$docs                      = isset( $in['vasco_invoice_docs'] ) ? strtoupper( sanitize_text_field( $in['vasco_invoice_docs'] ) ) : '';
		$out['vasco_invoice_docs'] = implode( ',', array_filter( array_map( 'trim', explode( ',', preg_replace( '/[^A-Z0-9_,]/', '', $docs ) ) ), 'strlen' ) );
		SyncSettings::put( $out );
		Engine::ensure_schedules( true );
		VascoInvoice::ensure_schedule( true );
		/* translators: %s: list of fields */
		set_transient( 'erpsync_sync_notice_' . get_current_user_id(), $bad ? sprintf( __( 'Saved, except: %s.', 'erpsync' ), implode( '; ', $bad ) ) : __( 'Sync settings saved.', 'erpsync' ), MINUTE_IN_SECONDS );
		wp_safe_redirect( self::url() );
		exit;
	}

	/** The tab (drawn by Dashboard::page()): a run when one is named, else the syncs, the latest runs, the settings. */
	public static function tab(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			return;
		}
		$notice = get_transient( 'erpsync_sync_notice_' . get_current_user_id() );
		delete_transient( 'erpsync_sync_notice_' . get_current_user_id() );
		$run_id = isset( $_GET['run'] ) ? absint( $_GET['run'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a view, nothing changes.
		echo '<div class="erpsync-sync">';
		if ( $notice ) {
			echo '<div class="notice notice-info"><p>' . esc_html( $notice ) . '</p></div>';
		}
		if ( $run_id ) {
			self::run_view( $run_id );
		} else {
			self::overview();
		}
		echo '</div>';
	}

	/** Syncs with their buttons, the latest runs, the settings. */
	private static function overview(): void {
		echo '<h2>' . esc_html__( 'Syncs', 'erpsync' ) . '</h2><table class="widefat striped"><thead><tr><th>' . esc_html__( 'Sync', 'erpsync' ) . '</th><th>' . esc_html__( 'Schedule', 'erpsync' ) . '</th><th>' . esc_html__( 'Last run', 'erpsync' ) . '</th><th></th></tr></thead><tbody>';
		$s = SyncSettings::get();
		foreach ( Engine::syncs() as $c => $whats ) {
			foreach ( array_keys( $whats ) as $w ) {
				$last   = get_option( "erpsync_sync_last_{$c}_{$w}" );
				$active = Engine::active_run( $c, $w );
				echo '<tr class="erpsync-sync-row" data-sync="' . esc_attr( "$c:$w" ) . '"><td>' . esc_html( Settings::label( $c ) . ' — ' . self::what_label( $w ) ) . ( Settings::enabled( $c ) ? '' : ' <em>(' . esc_html__( 'back-office switched off', 'erpsync' ) . ')</em>' ) . '</td>';
				echo '<td>' . esc_html( self::frequency_label( (string) ( $s['schedule'][ "$c:$w" ] ?? 'off' ) ) ) . '</td><td>';
				if ( $active ) {
					echo '<a href="' . esc_url( self::url( array( 'run' => $active['id'] ) ) ) . '">' . esc_html( sprintf( /* translators: 1: run id, 2: state */ __( 'Run #%1$d: %2$s', 'erpsync' ), $active['id'], self::state_label( $active['state'] ) ) ) . '</a>';
				} elseif ( is_array( $last ) ) {
					echo '<a href="' . esc_url( self::url( array( 'run' => (int) $last['run'] ) ) ) . '">' . esc_html( wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $last['at'] ) ) . '</a>';
				} else {
					esc_html_e( 'never', 'erpsync' );
				}
				echo '</td><td>';
				foreach ( array(
					''  => __( 'Sync now', 'erpsync' ),
					'1' => __( 'Dry run', 'erpsync' ),
				) as $dry => $label ) {
					echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" style="display:inline">';
					wp_nonce_field( "erpsync_sync_start_{$c}_{$w}" );
					echo '<input type="hidden" name="action" value="erpsync_sync_start"><input type="hidden" name="sync" value="' . esc_attr( "$c:$w" ) . '">';
					if ( $dry ) {
						echo '<input type="hidden" name="dry_run" value="1">';
					}
					echo '<button class="button' . ( $dry ? '' : ' button-primary' ) . '" ' . disabled( (bool) $active, true, false ) . '>' . esc_html( $label ) . '</button></form> ';
				}
				echo '</td></tr>';
			}
		}
		echo '</tbody></table>';

		echo '<h2>' . esc_html__( 'Latest runs', 'erpsync' ) . '</h2>';
		self::runs_table( Engine::runs( 20 ) );
		self::settings_form( $s );
	}

	/**
	 * A table of runs.
	 *
	 * @param array $runs Run rows.
	 */
	private static function runs_table( array $runs ): void {
		$cols = array(
			'id'        => __( 'Run', 'erpsync' ),
			'sync'      => __( 'Sync', 'erpsync' ),
			'state'     => __( 'State', 'erpsync' ),
			'started'   => __( 'Started (UTC)', 'erpsync' ),
			'duration'  => __( 'Duration', 'erpsync' ),
			'fetched'   => __( 'Fetched', 'erpsync' ),
			'matched'   => __( 'Matched', 'erpsync' ),
			'updated'   => __( 'Updated', 'erpsync' ),
			'linked'    => __( 'Linked', 'erpsync' ),
			'unchanged' => __( 'Unchanged', 'erpsync' ),
			'skipped'   => __( 'Skipped', 'erpsync' ),
			'errors'    => __( 'Errors', 'erpsync' ),
			'message'   => __( 'Message', 'erpsync' ),
		);
		echo '<table class="widefat striped erpsync-runs"><thead><tr>';
		foreach ( $cols as $label ) {
			echo '<th>' . esc_html( $label ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		if ( ! $runs ) {
			echo '<tr><td colspan="' . count( $cols ) . '">' . esc_html__( 'No runs yet.', 'erpsync' ) . '</td></tr>';
		}
		foreach ( $runs as $r ) {
			$sum          = Engine::summary( $r );
			$sum['state'] = self::state_label( $r['state'] );
			$sum['sync']  = Settings::label( (string) $r['connector'] ) . ' — ' . self::what_label( (string) $r['what'] );
			echo '<tr>';
			foreach ( array_keys( $cols ) as $k ) {
				if ( 'id' === $k ) {
					echo '<td><a href="' . esc_url( self::url( array( 'run' => $sum['id'] ) ) ) . '">#' . esc_html( (string) $sum['id'] ) . '</a></td>';
				} else {
					echo '<td class="erpsync-' . esc_attr( $k ) . '">' . esc_html( (string) $sum[ $k ] ) . '</td>';
				}
			}
			echo '</tr>';
		}
		echo '</tbody></table>';
	}

	/**
	 * One run: progress while it runs (the page reloads itself), its record, approval, and its plan.
	 *
	 * @param int $id Run id.
	 */
	private static function run_view( int $id ): void {
		$run = Engine::run( $id );
		if ( ! $run ) {
			echo '<p>' . esc_html__( 'Run not found.', 'erpsync' ) . '</p>';
			return;
		}
		echo '<p><a href="' . esc_url( self::url() ) . '">&larr; ' . esc_html__( 'All syncs', 'erpsync' ) . '</a></p>';
		$planned = 0;
		foreach ( (array) ( $run['counts']['planned'] ?? array() ) as $action => $n ) {
			if ( in_array( $action, Engine::WRITING, true ) ) {
				$planned += array_sum( (array) $n );
			}
		}
		$applied = (int) ( $run['counts']['applied'] ?? 0 );
		echo '<h2>' . esc_html( sprintf( /* translators: 1: run id, 2: sync */ __( 'Run #%1$d — %2$s', 'erpsync' ), $id, Settings::label( $run['connector'] ) . ' ' . self::what_label( $run['what'] ) ) ) . '</h2>';
		echo '<p class="erpsync-run-state" data-state="' . esc_attr( $run['state'] ) . '"><strong>' . esc_html( self::state_label( $run['state'] ) ) . '</strong>';
		if ( $planned > 0 ) {
			echo ' — ' . esc_html( sprintf( /* translators: 1: applied, 2: planned */ __( '%1$d of %2$d planned writes applied', 'erpsync' ), $applied, $planned ) );
			echo ' <progress class="erpsync-progress" max="' . esc_attr( (string) $planned ) . '" value="' . esc_attr( (string) $applied ) . '"></progress>';
		}
		echo '</p>';
		if ( '' !== (string) $run['message'] ) {
			echo '<div class="notice notice-warning inline"><p>' . esc_html( $run['message'] ) . '</p></div>';
		}
		if ( ! Engine::finished( $run ) ) {
			echo '<meta http-equiv="refresh" content="3">';
		}
		if ( 'guarded' === $run['state'] ) {
			echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
			wp_nonce_field( 'erpsync_sync_approve_' . $id );
			echo '<input type="hidden" name="action" value="erpsync_sync_approve"><input type="hidden" name="run" value="' . esc_attr( (string) $id ) . '">';
			echo '<button class="button button-primary">' . esc_html__( 'Apply this plan anyway', 'erpsync' ) . '</button></form>';
		}
		self::runs_table( array( $run ) );
		$csv = wp_nonce_url(
			add_query_arg(
				array(
					'action' => 'erpsync_sync_csv',
					'run'    => $id,
				),
				admin_url( 'admin-post.php' )
			),
			'erpsync_sync_csv_' . $id
		);
		echo '<h3>' . esc_html__( 'Plan', 'erpsync' ) . ' <a class="button" href="' . esc_url( $csv ) . '">' . esc_html__( 'Download CSV', 'erpsync' ) . '</a></h3>';
		$paged = isset( $_GET['paged'] ) ? max( 1, absint( $_GET['paged'] ) ) : 1; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a view.
		$rows  = Engine::plan( $id, ( $paged - 1 ) * 100, 100 );
		echo '<table class="widefat striped erpsync-plan"><thead><tr>';
		foreach ( array( __( 'Action', 'erpsync' ), __( 'Product', 'erpsync' ), __( 'Back-office id', 'erpsync' ), __( 'Field', 'erpsync' ), __( 'Now', 'erpsync' ), __( 'New', 'erpsync' ), __( 'Reason', 'erpsync' ), __( 'Applied', 'erpsync' ) ) as $h ) {
			echo '<th>' . esc_html( $h ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		foreach ( $rows as $r ) {
			$pid  = (int) $r['local_id'];
			$name = $pid ? get_the_title( $pid ) : '';
			$cell = $pid > 0 ? '<a href="' . esc_url( (string) get_edit_post_link( $pid ) ) . '">' . esc_html( $name ? $name : '#' . $pid ) . '</a>' : '';
			echo '<tr><td>' . esc_html( $r['action'] ) . '</td><td>' . $cell . '</td><td>' // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- $cell is built from esc_url() and esc_html() just above.
				. esc_html( $r['remote_id'] ) . '</td><td>' . esc_html( $r['field'] ) . '</td><td>' . esc_html( $r['old_value'] ) . '</td><td>' . esc_html( $r['new_value'] ) . '</td><td>' . esc_html( $r['reason'] ) . '</td><td>' . ( $r['applied'] ? '✓' : '' ) . '</td></tr>';
		}
		echo '</tbody></table>';
		if ( count( $rows ) === 100 ) {
			echo '<p><a class="button" href="' . esc_url(
				self::url(
					array(
						'run'   => $id,
						'paged' => $paged + 1,
					)
				)
			) . '">' . esc_html__( 'Next page', 'erpsync' ) . '</a></p>';
		}
	}

	/**
	 * Ownership and sync settings.
	 *
	 * @param array $s Settings.
	 */
	private static function settings_form( array $s ): void {
		$owners = array(
			'remote' => __( 'back-office', 'erpsync' ),
			'shop'   => __( 'shop', 'erpsync' ),
			'none'   => __( 'nobody', 'erpsync' ),
		);
		echo '<h2>' . esc_html__( 'Who owns what', 'erpsync' ) . '</h2><p>' . esc_html__( 'A sync writes only the fields its back-office owns.', 'erpsync' ) . '</p>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		wp_nonce_field( 'erpsync_sync_settings' );
		echo '<input type="hidden" name="action" value="erpsync_sync_settings"><table class="widefat"><thead><tr><th></th>';
		foreach ( array_keys( Engine::syncs() ) as $c ) {
			echo '<th>' . esc_html( Settings::label( $c ) ) . '</th>';
		}
		echo '</tr></thead><tbody>';
		foreach ( SyncSettings::FIELDS as $f ) {
			echo '<tr><th>' . esc_html( self::field_label( $f ) ) . '</th>';
			foreach ( array_keys( Engine::syncs() ) as $c ) {
				echo '<td><select name="erpsync_sync[own][' . esc_attr( $c ) . '][' . esc_attr( $f ) . ']">';
				foreach ( $owners as $k => $label ) {
					echo '<option value="' . esc_attr( $k ) . '"' . selected( $s['own'][ $c ][ $f ] ?? 'shop', $k, false ) . '>' . esc_html( $label ) . '</option>';
				}
				echo '</select></td>';
			}
			echo '</tr>';
		}
		echo '</tbody></table><table class="form-table">';
		foreach ( Engine::syncs() as $c => $whats ) {
			foreach ( array_keys( $whats ) as $w ) {
				echo '<tr><th>' . esc_html( sprintf( /* translators: %s: sync */ __( 'Schedule: %s', 'erpsync' ), Settings::label( $c ) . ' ' . self::what_label( $w ) ) ) . '</th><td><select name="erpsync_sync[schedule][' . esc_attr( "$c:$w" ) . ']">';
				foreach ( array_keys( SyncSettings::FREQUENCIES ) as $k ) {
					echo '<option value="' . esc_attr( $k ) . '"' . selected( $s['schedule'][ "$c:$w" ] ?? 'off', $k, false ) . '>' . esc_html( self::frequency_label( $k ) ) . '</option>';
				}
				echo '</select></td></tr>';
			}
		}
		echo '<tr><th>' . esc_html__( 'Guard: stop before setting more than this share of products out of stock (%)', 'erpsync' ) . '</th><td><input name="erpsync_sync[guard_percent]" type="number" min="0" max="100" step="0.1" value="' . esc_attr( (string) $s['guard_percent'] ) . '"></td></tr>';
		echo '<tr><th>' . esc_html__( 'Write through the WooCommerce CRUD', 'erpsync' ) . '</th><td><label><input type="checkbox" name="erpsync_sync[force_crud]" value="1"' . checked( 'yes', $s['force_crud'], false ) . '> ' . esc_html__( 'Save every product one by one (slower; for plugins that need WooCommerce\'s per-product hooks)', 'erpsync' ) . '</label></td></tr>';
		echo '<tr><th>' . esc_html__( 'VASCO: count supplier stock', 'erpsync' ) . '</th><td><label><input type="checkbox" name="erpsync_sync[vasco_supplier]" value="1"' . checked( 'yes', $s['vasco_supplier'], false ) . '> ' . esc_html__( 'The shop\'s stock includes the supplier stock (PROSTO_C9)', 'erpsync' ) . '</label></td></tr>';
		echo '<tr><th>' . esc_html__( 'VASCO: where the EAN lives', 'erpsync' ) . '</th><td><select name="erpsync_sync[vasco_ean]"><option value="gtin"' . selected( 'gtin', $s['vasco_ean'], false ) . '>' . esc_html__( 'WooCommerce GTIN, UPC, EAN or ISBN field', 'erpsync' ) . '</option><option value="meta"' . selected( 'meta', $s['vasco_ean'], false ) . '>' . esc_html__( 'A meta key', 'erpsync' ) . '</option></select> <input name="erpsync_sync[vasco_ean_meta]" value="' . esc_attr( (string) $s['vasco_ean_meta'] ) . '" placeholder="_alg_ean"></td></tr>';
		echo '<tr><th>' . esc_html__( 'VASCO: check invoices of exported orders', 'erpsync' ) . '</th><td><select name="erpsync_sync[vasco_invoice_frequency]">';
		foreach ( array_keys( SyncSettings::FREQUENCIES ) as $k ) {
			echo '<option value="' . esc_attr( $k ) . '"' . selected( $s['vasco_invoice_frequency'], $k, false ) . '>' . esc_html( self::frequency_label( $k ) ) . '</option>';
		}
		echo '</select> ' . esc_html__( 'for orders exported in the last', 'erpsync' ) . ' <input name="erpsync_sync[vasco_invoice_days]" type="number" min="1" max="365" class="small-text" value="' . esc_attr( (string) $s['vasco_invoice_days'] ) . '"> ' . esc_html__( 'days,', 'erpsync' ) . ' <input name="erpsync_sync[vasco_invoice_batch]" type="number" min="1" max="500" class="small-text" value="' . esc_attr( (string) $s['vasco_invoice_batch'] ) . '"> ' . esc_html__( 'orders per run', 'erpsync' ) . '</td></tr>';
		echo '<tr><th>' . esc_html__( 'VASCO: invoice document types', 'erpsync' ) . '</th><td><input name="erpsync_sync[vasco_invoice_docs]" value="' . esc_attr( (string) $s['vasco_invoice_docs'] ) . '" placeholder="RAC"> <span class="description">' . esc_html__( 'Comma-separated "dokument" types in the order state that count as the invoice; empty: any document.', 'erpsync' ) . '</span></td></tr>';
		echo '</table><p><button class="button button-primary">' . esc_html__( 'Save sync settings', 'erpsync' ) . '</button></p></form>';
	}

	/**
	 * Label of a state.
	 *
	 * @param string $state State.
	 */
	public static function state_label( string $state ): string {
		$l = array(
			'planning' => __( 'fetching and planning', 'erpsync' ),
			'applying' => __( 'applying', 'erpsync' ),
			'done'     => __( 'done', 'erpsync' ),
			'failed'   => __( 'failed', 'erpsync' ),
			'dry-run'  => __( 'dry run (nothing written)', 'erpsync' ),
			'guarded'  => __( 'stopped by the guard: waiting for approval', 'erpsync' ),
		);
		return $l[ $state ] ?? $state;
	}

	/**
	 * Label of what a sync syncs.
	 *
	 * @param string $what What.
	 */
	private static function what_label( string $what ): string {
		$l = array(
			'stock'   => __( 'stock', 'erpsync' ),
			'catalog' => __( 'catalogue and prices', 'erpsync' ),
			'images'  => __( 'images', 'erpsync' ),
		);
		return $l[ $what ] ?? $what;
	}

	/**
	 * Label of a field.
	 *
	 * @param string $f Field.
	 */
	private static function field_label( string $f ): string {
		$l = array(
			'stock'         => __( 'Stock', 'erpsync' ),
			'regular_price' => __( 'Regular price', 'erpsync' ),
			'sale_price'    => __( 'Sale price', 'erpsync' ),
			'name'          => __( 'Name', 'erpsync' ),
			'description'   => __( 'Description', 'erpsync' ),
			'categories'    => __( 'Categories', 'erpsync' ),
			'images'        => __( 'Images', 'erpsync' ),
			'attributes'    => __( 'Attributes', 'erpsync' ),
			'status'        => __( 'Status (published)', 'erpsync' ),
		);
		return $l[ $f ] ?? $f;
	}

	/**
	 * Label of a frequency.
	 *
	 * @param string $k Key of SyncSettings::FREQUENCIES.
	 */
	private static function frequency_label( string $k ): string {
		$l = array(
			'off'        => __( 'off', 'erpsync' ),
			'15min'      => __( 'every 15 minutes', 'erpsync' ),
			'hourly'     => __( 'hourly', 'erpsync' ),
			'sixhourly'  => __( 'every 6 hours', 'erpsync' ),
			'twicedaily' => __( 'twice a day', 'erpsync' ),
			'daily'      => __( 'daily', 'erpsync' ),
		);
		return $l[ $k ] ?? $k;
	}

	/** VASCO stock on the product's Inventory tab (read-only). */
	public static function inventory_fields(): void {
		global $post;
		$id = $post ? (int) $post->ID : 0;
		if ( ! $id || ! Settings::enabled( 'vasco' ) ) {
			return;
		}
		$stock = VascoStock::product_stock( $id );
		$link  = Mapping::get( 'vasco', 'product', $id );
		$last  = get_option( 'erpsync_sync_last_vasco_stock' );
		echo '<div class="options_group erpsync-vasco-stock">';
		foreach (
			array(
				'erpsync_vasco_own'      => array( __( 'VASCO own stock', 'erpsync' ), $stock ? $stock['own'] : '—' ),
				'erpsync_vasco_supplier' => array( __( 'VASCO supplier stock', 'erpsync' ), $stock ? $stock['supplier'] : '—' ),
				'erpsync_vasco_synced'   => array( __( 'Last VASCO stock sync', 'erpsync' ), $link && is_array( $last ) ? wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) $last['at'] ) : __( 'not linked to a VASCO article yet', 'erpsync' ) ),
			) as $key => $f
		) {
			woocommerce_wp_text_input(
				array(
					'id'                => $key,
					'label'             => $f[0],
					'value'             => (string) $f[1],
					'custom_attributes' => array( 'readonly' => 'readonly' ),
					'desc_tip'          => true,
					'description'       => __( 'Read-only: set by the VASCO stock sync.', 'erpsync' ),
				)
			);
		}
		echo '</div>';
	}

	/**
	 * Products list column.
	 *
	 * @param array $columns Columns.
	 */
	public static function columns( $columns ) {
		if ( Settings::enabled( 'vasco' ) ) {
			$columns['erpsync_vasco_stock'] = __( 'VASCO stock', 'erpsync' );
		}
		return $columns;
	}

	/**
	 * Products list cell: own / supplier.
	 *
	 * @param string $column  Column.
	 * @param int    $post_id Product id.
	 */
	public static function column( $column, $post_id ): void {
		if ( 'erpsync_vasco_stock' !== $column ) {
			return;
		}
		$s = VascoStock::product_stock( (int) $post_id );
		if ( ! $s ) {
			echo '<span class="na">&ndash;</span>';
			return;
		}
		/* translators: 1: own stock, 2: supplier stock */
		echo esc_html( sprintf( __( 'own %1$s / supplier %2$s', 'erpsync' ), $s['own'], $s['supplier'] ) );
	}
}
