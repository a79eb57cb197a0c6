<?php
/**
 * WooCommerce → ERP Sync: Sitoo (admin.php?page=erpsync-sitoo): the Complete Sync (tick and order the operations —
 * drag, or the up/down buttons, or Alt+↑/↓ on a focused row — options, start, progress per operation and overall,
 * the result), the stock puts not confirmed (Admin\SitooStockUi::unknown_box(): Settle now) and the Tools. Every
 * action is an admin-post handler that checks manage_woocommerce and its nonce.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Engine;

defined( 'ABSPATH' ) || exit;

/** The Sitoo page. */
final class CompleteSyncPage {

	const PAGE = 'erpsync-sitoo';

	/** The tab of the ERP Sync page. */
	const TAB = 'sitoo';

	/** Hooks. */
	public static function register(): void {
		add_action( 'admin_menu', array( __CLASS__, 'menu' ), 60 );
		add_filter( 'erpsync_dashboard_tabs', array( __CLASS__, 'add_tab' ) );
		add_action( 'admin_post_erpsync_sitoo_complete', array( __CLASS__, 'start' ) );
		add_action( 'admin_post_erpsync_sitoo_tool', array( __CLASS__, 'tool' ) );
	}

	/**
	 * The Sitoo tab of WooCommerce → ERP Sync, after the sync runs.
	 *
	 * @param array $tabs slug → array( 'title' => string, 'render' => callable ).
	 */
	public static function add_tab( $tabs ): array {
		$tabs = is_array( $tabs ) ? $tabs : array();
		$out  = array();
		foreach ( $tabs as $slug => $t ) {
			$out[ $slug ] = $t;
			if ( 'runs' === $slug ) {
				$out[ self::TAB ] = self::tab_entry();
			}
		}
		if ( ! isset( $out[ self::TAB ] ) ) {
			$out[ self::TAB ] = self::tab_entry();
		}
		return $out;
	}

	/** The tab's entry. */
	private static function tab_entry(): array {
		return array(
			'title'  => __( 'Sitoo Complete Sync', 'erpsync' ),
			'render' => array( __CLASS__, 'page' ),
		);
	}

	/**
	 * The former page admin.php?page=erpsync-sitoo, without a menu entry (parent ''): its URL still opens and
	 * redirects to the tab.
	 */
	public static function menu(): void {
		$hook = add_submenu_page( '', __( 'ERP Sync: Sitoo', 'erpsync' ), '', 'manage_woocommerce', self::PAGE, '__return_empty_string' );
		if ( $hook ) {
			add_action( 'load-' . $hook, array( __CLASS__, 'redirect_old_page' ) );
		}
	}

	/** The old page: redirect to the tab (WordPress has checked manage_woocommerce before this runs). */
	public static function redirect_old_page(): void {
		$args = array();
		if ( isset( $_GET['confirm'] ) && 'clear_all' === $_GET['confirm'] ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- only a fixed word is passed on.
			$args['confirm'] = 'clear_all';
		}
		wp_safe_redirect( self::url( $args ) );
		exit;
	}

	/**
	 * The tab's address.
	 *
	 * @param array $args Query arguments.
	 */
	public static function url( array $args = array() ): string {
		return \ErpSync\Plugin\Admin\Dashboard::url( self::TAB, $args );
	}

	/** Refuses without the capability. */
	private static function require_capability(): void {
		if ( ! current_user_can( 'manage_woocommerce' ) ) {
			wp_die( esc_html__( 'You are not allowed to do this.', 'erpsync' ), '', array( 'response' => 403 ) );
		}
	}

	/**
	 * A notice for the next page view of this user.
	 *
	 * @param string $text  Text.
	 * @param string $kind  success, error, info.
	 * @param array  $table Rows to show under it.
	 */
	private static function notice( string $text, string $kind = 'success', array $table = array() ): void {
		set_transient( 'erpsync_sitoo_notice_' . get_current_user_id(), array( Redact::text( $text ), $kind, $table ), 300 );
	}

	/** Start a Complete Sync (POST: ops[] in the order shown, options[]). */
	public static function start(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_sitoo_complete' );
		$ids   = array_map( 'sanitize_key', (array) wp_unslash( $_POST['ops'] ?? array() ) );
		$order = array_map( 'sanitize_key', (array) wp_unslash( $_POST['order'] ?? array() ) );
		$opts  = array();
		foreach ( CompleteSync::OPTIONS as $k ) {
			$opts[ $k ] = ! empty( $_POST['options'][ $k ] );
		}
		$known = CompleteSync::operations();
		$ids   = array_values( array_filter( $ids, static fn( $id ) => isset( $known[ $id ] ) ) );
		$order = array_values( array_filter( $order, static fn( $id ) => isset( $known[ $id ] ) ) );
		$s     = Settings::get( 'sitoo' );
		Settings::put(
			'sitoo',
			array_merge(
				$s,
				array(
					'complete_operations' => array(
						'order'   => $order,
						'checked' => $ids,
					),
					'complete_options'    => $opts,
				)
			)
		);
		try {
			$run = CompleteSync::start( $ids, $opts, 'admin' );
			/* translators: %d: run id */
			self::notice( sprintf( __( 'Complete Sync #%d started.', 'erpsync' ), $run ) );
		} catch ( \RuntimeException | \InvalidArgumentException $e ) {
			self::notice( $e->getMessage(), 'error' );
		}
		wp_safe_redirect( self::url() );
		exit;
	}

	/** A tool (POST: tool, dry, prefix, confirmed). */
	public static function tool(): void {
		self::require_capability();
		check_admin_referer( 'erpsync_sitoo_tool' );
		$tool = sanitize_key( wp_unslash( $_POST['tool'] ?? '' ) );
		$dry  = ! empty( $_POST['dry'] );
		if ( 'clear_all' === $tool && empty( $_POST['confirmed'] ) ) {
			wp_safe_redirect( self::url( array( 'confirm' => 'clear_all' ) ) ); // the confirmation names what goes.
			exit;
		}
		try {
			switch ( $tool ) {
				case 'clear_all':
					Tools::clear_all();
					self::notice( __( 'Cleared: Sitoo links, timestamps and settings (the connection was kept).', 'erpsync' ) );
					break;
				case 'reset_timestamp':
					$names = Tools::reset_timestamp();
					/* translators: %s: option names */
					self::notice( sprintf( __( 'Timestamps reset: %s', 'erpsync' ), $names ? implode( ', ', $names ) : __( 'none was set', 'erpsync' ) ) );
					break;
				case 'fix_sku':
					$prefix = sanitize_text_field( wp_unslash( $_POST['prefix'] ?? '' ) );
					$rows   = Tools::fix_sku( $prefix, $dry );
					Settings::put( 'sitoo', array_merge( Settings::get( 'sitoo' ), array( 'tools_sku_prefix' => $prefix ) ) );
					/* translators: %d: count */
					self::notice( sprintf( $dry ? __( 'Fix SKU (dry run): %d SKUs would change.', 'erpsync' ) : __( 'Fix SKU: %d SKUs changed.', 'erpsync' ), count( $rows ) ), 'success', array_map( static fn( $r ) => array( $r['type'] . ' ' . $r['id'], $r['old'], $r['new'], $r['error'] ), $rows ) );
					break;
				case 'fix_images':
					$rows = Tools::fix_image_names( $dry );
					/* translators: %d: count */
					self::notice( sprintf( $dry ? __( 'Fix image names (dry run): %d files would be renamed.', 'erpsync' ) : __( 'Fix image names: %d files renamed.', 'erpsync' ), count( $rows ) ), 'success', array_map( static fn( $r ) => array( 'attachment ' . $r['id'], $r['old'], $r['new'], $r['error'] ), $rows ) );
					break;
				default:
					self::notice( __( 'Unknown tool.', 'erpsync' ), 'error' );
			}
		} catch ( \RuntimeException $e ) {
			self::notice( $e->getMessage(), 'error' );
		}
		wp_safe_redirect( self::url() );
		exit;
	}

	/** The tab (drawn inside the ERP Sync page). */
	public static function page(): void {
		self::require_capability();
		$run     = CompleteSync::latest();
		$running = $run && ! Engine::finished( $run );
		echo '<div class="erpsync-sitoo"><h2>' . esc_html__( 'Sitoo Complete Sync', 'erpsync' ) . '</h2>';
		echo '<p><a href="' . esc_url( admin_url( 'admin.php?page=wc-settings&tab=erpsync&section=sitoo' ) ) . '">' . esc_html__( 'Sitoo settings (Misc: what a complete sync fetches, coupons, prices, logs)', 'erpsync' ) . '</a></p>';
		self::show_notice();
		if ( isset( $_GET['confirm'] ) && 'clear_all' === $_GET['confirm'] ) { // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- shows a confirmation form only.
			self::confirm_clear_all();
		}
		if ( $run ) {
			self::show_run( $run );
		}
		\ErpSync\Plugin\Admin\SitooStockUi::unknown_box(); // stock puts not confirmed, Settle now.
		self::form( $running );
		self::tools();
		echo '</div>';
		if ( $running ) {
			echo '<script>setTimeout(function(){location.reload();},3000);</script>';
		}
	}

	/** The notice left by the last action. */
	private static function show_notice(): void {
		$key = 'erpsync_sitoo_notice_' . get_current_user_id();
		$n   = get_transient( $key );
		if ( ! is_array( $n ) ) {
			return;
		}
		delete_transient( $key );
		echo '<div class="notice notice-' . esc_attr( 'error' === $n[1] ? 'error' : 'success' ) . '"><p>' . esc_html( $n[0] ) . '</p>';
		if ( ! empty( $n[2] ) ) {
			echo '<table class="widefat striped erpsync-tool-result"><thead><tr><th>' . esc_html__( 'Item', 'erpsync' ) . '</th><th>' . esc_html__( 'Now', 'erpsync' ) . '</th><th>' . esc_html__( 'Becomes', 'erpsync' ) . '</th><th>' . esc_html__( 'Error', 'erpsync' ) . '</th></tr></thead><tbody>';
			foreach ( array_slice( $n[2], 0, 500 ) as $r ) {
				echo '<tr><td>' . esc_html( (string) $r[0] ) . '</td><td><code>' . esc_html( (string) $r[1] ) . '</code></td><td><code>' . esc_html( (string) $r[2] ) . '</code></td><td>' . esc_html( (string) $r[3] ) . '</td></tr>';
			}
			echo '</tbody></table>';
		}
		echo '</div>';
	}

	/**
	 * The latest job: state, overall progress, each operation's progress, counts and errors.
	 *
	 * @param array $run Run row.
	 */
	private static function show_run( array $run ): void {
		$p      = CompleteSync::progress( $run );
		$states = array(
			'running' => __( 'running', 'erpsync' ),
			'paused'  => __( 'paused (rate limit)', 'erpsync' ),
			'done'    => __( 'done', 'erpsync' ),
			'dry-run' => __( 'dry run done (nothing written)', 'erpsync' ),
			'failed'  => __( 'failed', 'erpsync' ),
		);
		echo '<div class="postbox erpsync-complete-run"><div class="inside">';
		/* translators: 1: run id, 2: state */
		echo '<h2>' . esc_html( sprintf( __( 'Complete Sync #%1$d: %2$s', 'erpsync' ), (int) $run['id'], $states[ $run['state'] ] ?? $run['state'] ) ) . '</h2>';
		echo '<p><label for="erpsync-overall">' . esc_html__( 'Overall', 'erpsync' ) . '</label> <progress id="erpsync-overall" class="erpsync-overall" max="100" value="' . esc_attr( (string) $p['percent'] ) . '">' . esc_html( $p['percent'] . ' %' ) . '</progress> <span class="erpsync-overall-percent">' . esc_html( $p['percent'] . ' %' ) . '</span></p>';
		if ( '' !== (string) $run['message'] ) {
			echo '<p class="erpsync-run-message">' . esc_html( Redact::text( (string) $run['message'] ) ) . '</p>';
		}
		echo '<table class="widefat striped erpsync-complete-ops"><thead><tr><th>' . esc_html__( 'Operation', 'erpsync' ) . '</th><th>' . esc_html__( 'Progress', 'erpsync' ) . '</th><th>' . esc_html__( 'Counts', 'erpsync' ) . '</th><th>' . esc_html__( 'Errors', 'erpsync' ) . '</th></tr></thead><tbody>';
		foreach ( $p['ops'] as $o ) {
			$counts = array();
			foreach ( $o['counts'] as $k => $v ) {
				$counts[] = $k . ': ' . $v;
			}
			$now = $o['current'] ? ' <em>' . esc_html__( '(now)', 'erpsync' ) . '</em>' : '';
			echo '<tr data-op="' . esc_attr( $o['id'] ) . '"><td>' . esc_html( $o['label'] ) . $now . '</td>'; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- $now is escaped markup.
			echo '<td><progress max="100" value="' . esc_attr( (string) $o['percent'] ) . '"></progress> ' . esc_html( $o['done'] ? __( 'done', 'erpsync' ) : sprintf( '%d / %d', $o['n'], $o['of'] ) ) . '</td>';
			echo '<td>' . esc_html( implode( ', ', $counts ) ) . '</td><td>';
			if ( $o['errors'] ) {
				/* translators: %d: count */
				echo '<details><summary>' . esc_html( sprintf( _n( '%d error', '%d errors', count( $o['errors'] ), 'erpsync' ), count( $o['errors'] ) ) ) . '</summary><ul>';
				foreach ( $o['errors'] as $e ) {
					echo '<li>' . esc_html( (string) $e ) . '</li>';
				}
				echo '</ul></details>';
			}
			echo '</td></tr>';
		}
		echo '</tbody></table></div></div>';
	}

	/**
	 * The Complete Sync form: operations in the saved order, ticked as last time; options; start.
	 *
	 * @param bool $running A job runs.
	 */
	private static function form( bool $running ): void {
		$known = CompleteSync::operations();
		$s     = Settings::get( 'sitoo' );
		$saved = (array) ( $s['complete_operations'] ?? array() );
		$order = array_values( array_filter( (array) ( $saved['order'] ?? array() ), static fn( $id ) => isset( $known[ $id ] ) ) );
		$order = array_merge( $order, array_diff( array_keys( $known ), $order ) );
		$check = array_flip( (array) ( $saved['checked'] ?? array() ) );
		$opts  = (array) ( $s['complete_options'] ?? array() );
		echo '<div class="postbox"><div class="inside"><h2>' . esc_html__( 'Complete Sync', 'erpsync' ) . '</h2>';
		echo '<p class="description" id="erpsync-ops-help">' . esc_html__( 'Tick the operations to run. They run in the order shown: drag a row, or use its Up/Down buttons (or Alt+Up/Down on a focused row).', 'erpsync' ) . '</p>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" id="erpsync-complete-form">';
		wp_nonce_field( 'erpsync_sitoo_complete' );
		echo '<input type="hidden" name="action" value="erpsync_sitoo_complete">';
		echo '<ol id="erpsync-sitoo-ops" class="erpsync-ops" aria-describedby="erpsync-ops-help">';
		foreach ( $order as $id ) {
			$label = $known[ $id ]->label();
			echo '<li class="erpsync-op" draggable="true" tabindex="0" data-op="' . esc_attr( $id ) . '">';
			echo '<input type="hidden" name="order[]" value="' . esc_attr( $id ) . '">';
			echo '<label><input type="checkbox" name="ops[]" value="' . esc_attr( $id ) . '"' . checked( isset( $check[ $id ] ), true, false ) . '> ' . esc_html( $label ) . '</label> ';
			/* translators: %s: operation */
			echo '<button type="button" class="button button-small erpsync-up" aria-label="' . esc_attr( sprintf( __( 'Move up: %s', 'erpsync' ), $label ) ) . '">↑</button> ';
			/* translators: %s: operation */
			echo '<button type="button" class="button button-small erpsync-down" aria-label="' . esc_attr( sprintf( __( 'Move down: %s', 'erpsync' ), $label ) ) . '">↓</button>';
			echo '</li>';
		}
		echo '</ol><fieldset><legend class="screen-reader-text">' . esc_html__( 'Options', 'erpsync' ) . '</legend>';
		$labels = array(
			'exclude_external' => __( 'Exclude external products from the sync to Sitoo', 'erpsync' ),
			'ignore_errors'    => __( 'Ignore per-item errors (each one is still listed)', 'erpsync' ),
			'check_allowance'  => __( 'Check the remaining requests (X-Rate-Limit-Remaining) before starting', 'erpsync' ),
			'dry_run'          => __( 'Dry run: list what would change, write nothing', 'erpsync' ),
		);
		foreach ( $labels as $k => $l ) {
			echo '<p><label><input type="checkbox" name="options[' . esc_attr( $k ) . ']" value="1"' . checked( ! empty( $opts[ $k ] ) || ( ! $opts && 'check_allowance' === $k ), true, false ) . '> ' . esc_html( $l ) . '</label></p>';
		}
		echo '</fieldset><p><button type="submit" class="button button-primary" id="erpsync-complete-start"' . disabled( $running, true, false ) . '>' . esc_html__( 'Start Complete Sync', 'erpsync' ) . '</button></p></form>';
		echo '<p><a href="' . esc_url( Tools::log_url() ) . '">' . esc_html__( 'Latest Sitoo log', 'erpsync' ) . '</a></p></div></div>';
		self::script();
	}

	/** Reordering: drag and drop, Up/Down buttons, Alt+Up/Down; focus stays on the moved row. */
	private static function script(): void {
		?>
<style>.erpsync-ops{list-style:decimal;margin-left:2em}.erpsync-op{padding:4px 6px;border:1px solid #dcdcde;background:#fff;margin:2px 0;cursor:move}.erpsync-op:focus{outline:2px solid #2271b1}.erpsync-op.erpsync-drag{opacity:.5}</style>
<script>
(function(){var list=document.getElementById('erpsync-sitoo-ops');if(!list){return;}var dragged=null;
function move(li,dir){var other=dir<0?li.previousElementSibling:li.nextElementSibling;if(!other){return;}if(dir<0){list.insertBefore(li,other);}else{list.insertBefore(other,li);}li.focus();}
list.addEventListener('click',function(e){var b=e.target.closest('button');if(!b){return;}var li=b.closest('li');move(li,b.classList.contains('erpsync-up')?-1:1);b.focus();});
list.addEventListener('keydown',function(e){if(!e.altKey||(e.key!=='ArrowUp'&&e.key!=='ArrowDown')){return;}var li=e.target.closest('li');if(!li){return;}e.preventDefault();move(li,e.key==='ArrowUp'?-1:1);});
list.addEventListener('dragstart',function(e){dragged=e.target.closest('li');dragged.classList.add('erpsync-drag');e.dataTransfer.effectAllowed='move';e.dataTransfer.setData('text/plain',dragged.dataset.op);});
list.addEventListener('dragend',function(){if(dragged){dragged.classList.remove('erpsync-drag');}dragged=null;});
list.addEventListener('dragover',function(e){e.preventDefault();var li=e.target.closest('li');if(!dragged||!li||li===dragged){return;}var r=li.getBoundingClientRect();list.insertBefore(dragged,(e.clientY-r.top)>r.height/2?li.nextElementSibling:li);});
list.addEventListener('drop',function(e){e.preventDefault();});})();
</script>
		<?php
	}

	/** The tools. */
	private static function tools(): void {
		$test = Tools::test_mode();
		echo '<div class="postbox erpsync-sitoo-tools"><div class="inside"><h2>' . esc_html__( 'Tools', 'erpsync' ) . '</h2>';
		if ( $test ) {
			self::tool_button( 'clear_all', __( 'Clear all…', 'erpsync' ), __( 'Test mode: removes every Sitoo link, the sync timestamps and the Sitoo settings (the connection is kept). You confirm on the next screen.', 'erpsync' ) );
			self::tool_button( 'reset_timestamp', __( 'Reset timestamp', 'erpsync' ), __( 'Test mode: orders are fetched from the start again.', 'erpsync' ) );
		} else {
			echo '<p class="description">' . esc_html__( '"Clear all" and "Reset timestamp" are offered in test mode (Sitoo sandbox) only.', 'erpsync' ) . '</p>';
		}
		$prefix = (string) ( Settings::get( 'sitoo' )['tools_sku_prefix'] ?? 'SKU-' );
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" class="erpsync-tool">';
		wp_nonce_field( 'erpsync_sitoo_tool' );
		echo '<input type="hidden" name="action" value="erpsync_sitoo_tool"><input type="hidden" name="tool" value="fix_sku">';
		echo '<p><strong>' . esc_html__( 'Fix SKU', 'erpsync' ) . '</strong> — ' . esc_html__( 'SKUs of products and variations made to fit Sitoo (letters, digits, _ + - . /); an empty SKU becomes the prefix + the id.', 'erpsync' ) . '</p>';
		echo '<p><label>' . esc_html__( 'Prefix for empty SKUs', 'erpsync' ) . ' <input type="text" name="prefix" value="' . esc_attr( $prefix ) . '"></label> ';
		echo '<button type="submit" name="dry" value="1" class="button">' . esc_html__( 'Dry run', 'erpsync' ) . '</button> <button type="submit" class="button">' . esc_html__( 'Fix SKU', 'erpsync' ) . '</button></p></form>';
		self::tool_button( 'fix_images', __( 'Fix image names', 'erpsync' ), __( 'Product image files whose names hold characters Sitoo refuses (outside A-Z a-z 0-9 _ - .) are renamed, with their sizes. Back up first.', 'erpsync' ), true );
		echo '</div></div>';
	}

	/**
	 * One tool's form.
	 *
	 * @param string $tool  Tool id.
	 * @param string $label Button.
	 * @param string $desc  What it does.
	 * @param bool   $dry   Offer a dry run.
	 */
	private static function tool_button( string $tool, string $label, string $desc, bool $dry = false ): void {
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '" class="erpsync-tool">';
		wp_nonce_field( 'erpsync_sitoo_tool' );
		echo '<input type="hidden" name="action" value="erpsync_sitoo_tool"><input type="hidden" name="tool" value="' . esc_attr( $tool ) . '">';
		// Laid out like Fix SKU: what the tool does, then its buttons (dry run first).
		echo '<p><strong>' . esc_html( rtrim( $label, '…' ) ) . '</strong> — ' . esc_html( $desc ) . '</p><p>';
		if ( $dry ) {
			echo '<button type="submit" name="dry" value="1" class="button">' . esc_html__( 'Dry run', 'erpsync' ) . '</button> ';
		}
		echo '<button type="submit" class="button">' . esc_html( $label ) . '</button></p></form>';
	}

	/** The confirmation of "Clear all", naming what goes. */
	private static function confirm_clear_all(): void {
		$plan  = Tools::clear_all_plan();
		$links = array();
		foreach ( $plan['links'] as $type => $n ) {
			$links[] = $type . ': ' . $n;
		}
		echo '<div class="notice notice-warning erpsync-confirm"><p><strong>' . esc_html__( 'Clear all removes:', 'erpsync' ) . '</strong></p><ul>';
		/* translators: %s: counts per type */
		echo '<li>' . esc_html( sprintf( __( 'Sitoo links: %s', 'erpsync' ), $links ? implode( ', ', $links ) : __( 'none', 'erpsync' ) ) ) . '</li>';
		/* translators: %s: option names */
		echo '<li>' . esc_html( sprintf( __( 'Timestamps: %s', 'erpsync' ), $plan['timestamps'] ? implode( ', ', $plan['timestamps'] ) : __( 'none', 'erpsync' ) ) ) . '</li>';
		/* translators: %s: setting names */
		echo '<li>' . esc_html( sprintf( __( 'Settings back to their defaults: %s', 'erpsync' ), $plan['settings'] ? implode( ', ', $plan['settings'] ) : __( 'none differ', 'erpsync' ) ) ) . '</li>';
		/* translators: %s: setting names */
		echo '<li>' . esc_html( sprintf( __( 'Kept: %s', 'erpsync' ), implode( ', ', $plan['kept'] ) ) ) . '</li></ul>';
		echo '<form method="post" action="' . esc_url( admin_url( 'admin-post.php' ) ) . '">';
		wp_nonce_field( 'erpsync_sitoo_tool' );
		echo '<input type="hidden" name="action" value="erpsync_sitoo_tool"><input type="hidden" name="tool" value="clear_all"><input type="hidden" name="confirmed" value="1">';
		echo '<p><button type="submit" class="button button-primary">' . esc_html__( 'Yes, clear all', 'erpsync' ) . '</button> <a class="button" href="' . esc_url( self::url() ) . '">' . esc_html__( 'Cancel', 'erpsync' ) . '</a></p></form></div>';
	}
}
