<?php
/**
 * The queries behind ERP Sync → Sync runs. The catalogue/stock sync engine (src/Sync/, built separately) records each
 * run as one row of `{prefix}erpsync_sync_runs` (columns: id, connector, what, state, dry_run, started_by,
 * started_at, finished_at, counts JSON with planned/applied/matched…, message) and shows a run on
 * admin.php?page=erpsync&tab=runs&run=<id> (Admin\SyncUi draws that tab from the engine). The Overview cards and
 * Recent activity read runs here: that table, and the filter `erpsync_sync_runs` for runs in the same shape.
 * Nothing here writes to it.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin\Query;

defined( 'ABSPATH' ) || exit;

/** Sync runs queries. */
final class SyncRunsQuery {

	/** The runs table (the sync engine's). */
	public static function table(): string {
		global $wpdb;
		return $wpdb->prefix . 'erpsync_sync_runs';
	}

	/**
	 * Whether a table exists (cached for the request).
	 *
	 * @param string $table Table name.
	 */
	public static function table_exists( string $table ): bool {
		global $wpdb;
		static $known = array();
		if ( ! isset( $known[ $table ] ) ) {
			$known[ $table ] = $table === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $table ) ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		}
		return $known[ $table ];
	}

	/**
	 * The latest runs, newest first: each with connector, what, state, dry_run, started_at, finished_at, counts
	 * (array), message, url.
	 *
	 * @param int    $limit     Most runs.
	 * @param string $connector Only this back-office ('' for all).
	 */
	public static function latest( int $limit = 50, string $connector = '' ): array {
		global $wpdb;
		$runs = array();
		if ( self::table_exists( self::table() ) ) {
			$t    = self::table();
			$w    = '' === $connector ? '1=1' : $wpdb->prepare( 'connector = %s', $connector );
			$rows = $wpdb->get_results( $wpdb->prepare( "SELECT id, connector, what, state, dry_run, started_at, finished_at, counts, message FROM {$t} WHERE {$w} ORDER BY id DESC LIMIT %d", $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared
			foreach ( (array) $rows as $r ) {
				$c           = json_decode( (string) $r['counts'], true );
				$r['counts'] = is_array( $c ) ? $c : array();
				$r['url']    = add_query_arg(
					array(
						'tab' => 'runs',
						'run' => (int) $r['id'],
					),
					admin_url( 'admin.php?page=erpsync' )
				);
				$runs[]      = $r;
			}
		}
		/**
		 * Sync runs to show besides (or instead of) those of {prefix}erpsync_sync_runs.
		 *
		 * @param array  $runs      Rows: id, connector, what, state, dry_run, started_at, finished_at (UTC), counts, message, url.
		 * @param string $connector The back-office asked for ('' for all).
		 */
		$runs = (array) apply_filters( 'erpsync_sync_runs', $runs, $connector );
		return array_slice( $runs, 0, $limit );
	}

	/**
	 * Items written by finished runs of one back-office since a time (stock/price updates today).
	 *
	 * @param string $connector Connector id.
	 * @param string $since_utc UTC datetime.
	 */
	public static function applied_since( string $connector, string $since_utc ): int {
		$n = 0;
		foreach ( self::latest( 200, $connector ) as $r ) {
			if ( empty( $r['dry_run'] ) && ! empty( $r['finished_at'] ) && $r['finished_at'] >= $since_utc ) {
				$n += (int) ( $r['counts']['applied'] ?? 0 );
			}
		}
		return $n;
	}

	/**
	 * The counts of a run in words ("planned: 12 update, 3 create · applied: 15").
	 *
	 * @param array $counts Counts of a run.
	 */
	public static function counts_text( array $counts ): string {
		$parts = array();
		foreach ( array( 'fetched', 'matched', 'unchanged', 'applied', 'invalid', 'duplicates' ) as $k ) {
			if ( isset( $counts[ $k ] ) && is_scalar( $counts[ $k ] ) ) {
				$parts[] = $k . ': ' . (int) $counts[ $k ];
			}
		}
		if ( ! empty( $counts['planned'] ) && is_array( $counts['planned'] ) ) {
			$p = array();
			foreach ( $counts['planned'] as $action => $n ) {
				$p[] = (int) $n . ' ' . $action;
			}
			$parts[] = 'planned: ' . implode( ', ', $p );
		}
		return implode( ' · ', $parts );
	}
}
