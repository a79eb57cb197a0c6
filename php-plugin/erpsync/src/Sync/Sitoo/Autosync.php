<?php
/**
 * Sitoo autosync: recurring Action Scheduler actions (group `erpsync`) — stock from Sitoo every 3 minutes
 * (`erpsync_sitoo_autosync_stock`), the other tasks every 15 minutes (`erpsync_sitoo_autosync_tasks`: orders
 * down, and whatever else hooks `erpsync_sitoo_autosync_tasks_run`), every minute in sandbox (test) mode. Shops
 * with WP-Cron off run the queue from system cron (`wp erpsync queue run`, the line the settings show); nothing
 * edits a crontab from PHP. Also registers the Sitoo stock and orders parts (triggers, operations).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Sitoo schedules. */
final class Autosync {

	const STOCK_HOOK = 'erpsync_sitoo_autosync_stock';
	const TASKS_HOOK = 'erpsync_sitoo_autosync_tasks';
	const GROUP      = 'erpsync';

	/** Hooks (from Plugin::boot()). */
	public static function register(): void {
		add_action( self::STOCK_HOOK, array( __CLASS__, 'run_stock' ) );
		add_action( self::TASKS_HOOK, array( __CLASS__, 'run_tasks' ) );
		add_action( 'action_scheduler_init', array( __CLASS__, 'ensure' ) );
		add_action( 'update_option_erpsync_sitoo', array( __CLASS__, 'on_settings_saved' ), 10, 2 );
		add_action( 'add_option_erpsync_sitoo', array( __CLASS__, 'on_settings_saved' ), 10, 2 );
		StockUp::register();
		StockOrders::register();
		StockRefunds::register();
		OrdersIn::register();
		add_filter( 'erpsync_sitoo_operations', array( __CLASS__, 'operations' ) );
	}

	/**
	 * The Complete Sync operations of stock and orders (filter `erpsync_sitoo_operations`).
	 *
	 * @param array $ops Id → Operation.
	 */
	public static function operations( $ops ): array {
		$ops                       = (array) $ops;
		$ops['stock_down']         = new StockDownOperation();
		$ops['stock_up']           = new StockUpOperation();
		$ops['orders_all']         = new OrdersOperation( 'orders_all' );
		$ops['orders_store2door']  = new OrdersOperation( 'orders_store2door' );
		$ops['orders_cnc_missing'] = new OrdersOperation( 'orders_cnc_missing' );
		return $ops;
	}

	/**
	 * Seconds between runs of a schedule (0: off).
	 *
	 * @param string $which 'stock' or 'tasks'.
	 */
	public static function every( string $which ): int {
		$s = Settings::get( 'sitoo' );
		if ( ! Settings::enabled( 'sitoo' ) || 'yes' !== ( $s['autosync_enabled'] ?? 'no' ) ) {
			return 0;
		}
		if ( 'stock' === $which && 'yes' !== ( $s['autosync_stock'] ?? 'no' ) ) {
			return 0;
		}
		if ( 'sandbox' === $s['mode'] ) {
			return MINUTE_IN_SECONDS;
		}
		return 'stock' === $which ? 3 * MINUTE_IN_SECONDS : 15 * MINUTE_IN_SECONDS;
	}

	/** Keeps the recurring actions as the settings say (idempotent). */
	public static function ensure(): void {
		if ( ! function_exists( 'as_schedule_recurring_action' ) ) {
			return;
		}
		foreach ( array(
			'stock' => self::STOCK_HOOK,
			'tasks' => self::TASKS_HOOK,
		) as $which => $hook ) {
			$every = self::every( $which );
			$have  = (int) get_option( "erpsync_sitoo_every_{$which}", 0 );
			$next  = as_next_scheduled_action( $hook, array(), self::GROUP );
			if ( $every > 0 && ( false === $next || $have !== $every ) ) {
				as_unschedule_all_actions( $hook, array(), self::GROUP );
				as_schedule_recurring_action( time() + $every, $every, $hook, array(), self::GROUP );
				update_option( "erpsync_sitoo_every_{$which}", $every, false );
			} elseif ( 0 === $every && false !== $next ) {
				as_unschedule_all_actions( $hook, array(), self::GROUP );
				delete_option( "erpsync_sitoo_every_{$which}" );
			}
		}
	}

	/**
	 * Settings saved: schedules follow at once; a new warehouse starts its stock poll from scratch (its baselines
	 * are its own: the seen values are kept per warehouse).
	 *
	 * @param mixed $old Old value.
	 * @param mixed $new New value.
	 */
	public static function on_settings_saved( $old, $new = null ): void {
		if ( is_array( $old ) && is_array( $new ) && (string) ( $old['warehouse_id'] ?? '' ) !== (string) ( $new['warehouse_id'] ?? '' ) ) {
			delete_option( StockDown::SINCE );
		}
		self::ensure();
	}

	/** The stock schedule (and its retry after a rate limit). */
	public static function run_stock(): void {
		if ( Settings::enabled( 'sitoo' ) ) {
			StockDown::poll( array( 'by' => 'schedule' ) );
		}
	}

	/** The other tasks: orders down as the settings say, then other parts' tasks. */
	public static function run_tasks(): void {
		$s    = Settings::get( 'sitoo' );
		$what = (string) ( $s['autosync_orders'] ?? 'off' );
		if ( Settings::enabled( 'sitoo' ) && in_array( $what, array( 'all', 'store2door' ), true ) ) {
			OrdersIn::poll( array( 'store2door' => 'store2door' === $what ) );
		}
		/**
		 * Other Sitoo autosync tasks (every 15 minutes, every minute in sandbox mode).
		 */
		do_action( 'erpsync_sitoo_autosync_tasks_run' );
	}

	/**
	 * Runs a hook once more after a rate limit's reset (one pending at a time).
	 *
	 * @param string $hook Hook.
	 * @param int    $wait Seconds.
	 */
	public static function retry_later( string $hook, int $wait ): void {
		if ( ! function_exists( 'as_schedule_single_action' ) ) {
			return;
		}
		$next = as_next_scheduled_action( $hook, array( 'retry' ), self::GROUP );
		if ( false === $next ) {
			as_schedule_single_action( time() + $wait, $hook, array( 'retry' ), self::GROUP );
		}
	}

	/** The system-cron line for shops with WP-Cron off. */
	public static function cron_line(): string {
		return '* * * * * cd ' . untrailingslashit( ABSPATH ) . ' && wp erpsync queue run';
	}
}
