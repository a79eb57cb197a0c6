<?php
/**
 * The queries behind ERP Sync → Overview: per back-office counts (exported today / in 7 days, failing now,
 * waiting, customers created this week — a link to an existing back-office record is not counted), the connection state from the last logged call (no new call per page
 * view), the last and next sync run, and exports per day by outcome for the chart.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin\Query;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Overview queries. */
final class OverviewQuery {

	/** Start of today in the site's time zone, as UTC. */
	public static function today_utc(): string {
		return OrdersQuery::utc_bound( wp_date( 'Y-m-d' ) );
	}

	/**
	 * Counts per connector: connector → [today, week, failed, waiting, customers].
	 */
	public static function cards(): array {
		global $wpdb;
		$t     = Installer::map_table();
		$today = self::today_utc();
		$week  = gmdate( 'Y-m-d H:i:s', time() - 7 * DAY_IN_SECONDS );
		$out   = array();
		foreach ( Settings::CONNECTORS as $c ) {
			$out[ $c ] = array(
				'today'     => 0,
				'week'      => 0,
				'failed'    => 0,
				'waiting'   => 0,
				'customers' => 0,
			);
		}
		// Exported: done rows changed since …; the `screen` index (object_type, connector, state, updated_at).
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT connector, SUM(updated_at >= %s) AS today, COUNT(*) AS week FROM {$t} WHERE object_type = 'order' AND state = 'done' AND updated_at >= %s GROUP BY connector", $today, min( $today, $week ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		foreach ( (array) $rows as $r ) {
			if ( isset( $out[ $r['connector'] ] ) ) {
				$out[ $r['connector'] ]['today'] = (int) $r['today'];
				$out[ $r['connector'] ]['week']  = (int) $r['week'];
			}
		}
		$rows = $wpdb->get_results( "SELECT connector, state, COUNT(*) AS n FROM {$t} WHERE object_type = 'order' AND state IN ('failed', 'queued', 'retry', 'unknown') GROUP BY connector, state", ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		foreach ( (array) $rows as $r ) {
			if ( isset( $out[ $r['connector'] ] ) ) {
				$out[ $r['connector'] ][ 'failed' === $r['state'] ? 'failed' : 'waiting' ] += (int) $r['n'];
			}
		}
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT connector, COUNT(*) AS n FROM {$t} WHERE object_type IN ('customer', 'guest') AND state = 'done' AND how <> 'linked' AND updated_at >= %s GROUP BY connector", $week ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		foreach ( (array) $rows as $r ) {
			if ( isset( $out[ $r['connector'] ] ) ) {
				$out[ $r['connector'] ]['customers'] = (int) $r['n'];
			}
		}
		return $out;
	}

	/**
	 * The last logged call of a back-office (the connection state shown without calling it), or null.
	 *
	 * @param string $connector Connector id.
	 */
	public static function last_call( string $connector ): ?array {
		global $wpdb;
		$t   = Installer::log_table();
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT id, method, url, status, duration_ms, error, created_at FROM {$t} WHERE connector = %s ORDER BY created_at DESC, id DESC LIMIT 1", $connector ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $row ? $row : null;
	}

	/**
	 * Whether a logged call reached the back-office and was answered well.
	 *
	 * @param array $call Row of last_call().
	 */
	public static function call_ok( array $call ): bool {
		$s = (int) $call['status'];
		return $s >= 200 && $s < 400;
	}

	/**
	 * Exports per local day and outcome for the last $days days (by the day the row reached its state):
	 * Y-m-d → ['done' => n, 'failed' => n, 'blacklisted' => n].
	 *
	 * @param int    $days      Days, today included.
	 * @param string $connector Only this back-office ('' for all).
	 */
	public static function chart( int $days = 30, string $connector = '' ): array {
		global $wpdb;
		$t      = Installer::map_table();
		$first  = wp_date( 'Y-m-d', time() - ( $days - 1 ) * DAY_IN_SECONDS );
		$since  = OrdersQuery::utc_bound( $first );
		$offset = (int) wp_timezone()->getOffset( new \DateTimeImmutable( 'now' ) );
		$w      = "object_type = 'order' AND state IN ('done', 'failed', 'blacklisted') AND updated_at >= %s";
		$args   = array( $offset, $since );
		if ( '' !== $connector ) {
			$w     .= ' AND connector = %s';
			$args[] = $connector;
		}
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT DATE(DATE_ADD(updated_at, INTERVAL %d SECOND)) AS d, state, COUNT(*) AS n FROM {$t} WHERE {$w} GROUP BY d, state", $args ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders
		$out  = array();
		for ( $i = $days - 1; $i >= 0; $i-- ) {
			$out[ wp_date( 'Y-m-d', time() - $i * DAY_IN_SECONDS ) ] = array(
				'done'        => 0,
				'failed'      => 0,
				'blacklisted' => 0,
			);
		}
		foreach ( (array) $rows as $r ) {
			if ( isset( $out[ $r['d'] ] ) ) {
				$out[ $r['d'] ][ $r['state'] ] = (int) $r['n'];
			}
		}
		return $out;
	}

	/**
	 * The next pending action of a hook prefix in group erpsync (Action Scheduler's store), as a timestamp, or 0.
	 *
	 * @param string $hook_prefix E.g. 'erpsync_sync'.
	 */
	public static function next_action( string $hook_prefix ): int {
		global $wpdb;
		$t = $wpdb->prefix . 'actionscheduler_actions';
		if ( ! SyncRunsQuery::table_exists( $t ) ) {
			return 0;
		}
		$d = $wpdb->get_var( $wpdb->prepare( "SELECT MIN(scheduled_date_gmt) FROM {$t} WHERE status = 'pending' AND hook LIKE %s", $wpdb->esc_like( $hook_prefix ) . '%' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return $d ? (int) strtotime( $d . ' UTC' ) : 0;
	}
}
