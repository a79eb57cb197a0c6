<?php
/**
 * Run records of the Sitoo polls (stock, orders) in the sync engine's runs table: the same columns, states and
 * screens as the engine's runs (`wp erpsync runs`, the runs page), with `active` unique while a poll runs so two
 * runners never poll at once. States: done, dry-run, failed, and paused (rate-limited: continues at the reset).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Schema;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's own tables (Schema).

/** Run records of the Sitoo polls. */
final class StockRun {

	/**
	 * Starts a run; null when a run of the same poll is unfinished (and not stale).
	 *
	 * @param string $what    'stock' or 'orders'.
	 * @param bool   $dry_run Plan only.
	 * @param string $by      Who started it (schedule, cli, admin, job).
	 */
	public static function start( string $what, bool $dry_run, string $by ): ?int {
		global $wpdb;
		$t   = Schema::runs_table();
		$now = current_time( 'mysql', true );
		// A run without heartbeat for 10 minutes died (fatal, deploy): it no longer blocks.
		$wpdb->query( $wpdb->prepare( "UPDATE {$t} SET state = 'failed', active = NULL, finished_at = %s, message = 'stopped without finishing' WHERE active = %s AND heartbeat < %s", $now, "sitoo:$what", gmdate( 'Y-m-d H:i:s', time() - 600 ) ) );
		$ok = $wpdb->query(
			$wpdb->prepare(
				"INSERT IGNORE INTO {$t} (connector, what, state, dry_run, active, started_by, started_at, heartbeat, options, counts) VALUES ('sitoo', %s, 'applying', %d, %s, %s, %s, %s, '{}', '{}')",
				$what,
				$dry_run ? 1 : 0,
				"sitoo:$what",
				$by,
				$now,
				$now
			)
		);
		return 1 === (int) $ok ? (int) $wpdb->insert_id : null;
	}

	/**
	 * Stores the counts so far (and the heartbeat).
	 *
	 * @param int   $run_id Run id.
	 * @param array $counts Counts.
	 */
	public static function counts( int $run_id, array $counts ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::runs_table() . ' SET counts = %s, heartbeat = %s WHERE id = %d', wp_json_encode( $counts ), current_time( 'mysql', true ), $run_id ) );
	}

	/**
	 * Plan rows (multi-row insert): [action, local_id, remote_id, field, old, new, reason].
	 *
	 * @param int   $run_id  Run id.
	 * @param array $rows    Rows.
	 * @param bool  $applied Whether they were written (in the same transaction).
	 */
	public static function plan( int $run_id, array $rows, bool $applied ): void {
		global $wpdb;
		if ( ! $rows ) {
			return;
		}
		$vals = array();
		foreach ( $rows as $r ) {
			$vals[] = $wpdb->prepare( '(%d, %s, %d, %s, %s, %s, %s, %s, %d)', $run_id, $r[0], $r[1], $r[2], $r[3], $r[4], $r[5], substr( (string) $r[6], 0, 64 ), $applied ? 1 : 0 );
		}
		$wpdb->query( 'INSERT INTO ' . Schema::plan_table() . ' (run_id, action, local_id, remote_id, field, old_value, new_value, reason, applied) VALUES ' . implode( ',', $vals ) );
	}

	/**
	 * Ends a run (the engine's finish: last-run option, `erpsync_sync_finished`).
	 *
	 * @param int    $run_id  Run id.
	 * @param string $state   done, dry-run, failed, paused.
	 * @param array  $counts  Counts.
	 * @param string $message Message (no secret: callers redact).
	 */
	public static function finish( int $run_id, string $state, array $counts, string $message = '' ): void {
		self::counts( $run_id, $counts );
		Engine::finish( $run_id, $state, $message );
	}

	/**
	 * Nested counts as the flat ones an Operation step returns ("skipped.not_in_shop" => 3).
	 *
	 * @param array $counts Counts.
	 * @return array<string,int>
	 */
	public static function flat( array $counts ): array {
		$out = array();
		foreach ( $counts as $k => $v ) {
			if ( is_array( $v ) ) {
				foreach ( $v as $k2 => $v2 ) {
					$out[ "$k.$k2" ] = (int) $v2;
				}
			} else {
				$out[ $k ] = (int) $v;
			}
		}
		return $out;
	}

	/**
	 * Adds to a nested count.
	 *
	 * @param array  $counts Counts.
	 * @param string $key    Key, or "a.b" for a nested one.
	 * @param int    $n      How many.
	 */
	public static function add( array &$counts, string $key, int $n = 1 ): void {
		$p = explode( '.', $key, 2 );
		if ( 2 === count( $p ) ) {
			$counts[ $p[0] ][ $p[1] ] = ( $counts[ $p[0] ][ $p[1] ] ?? 0 ) + $n;
			return;
		}
		$counts[ $key ] = ( $counts[ $key ] ?? 0 ) + $n;
	}

	/**
	 * Ends a run that met a rate limit: paused, saying when it continues, and queued again then on $hook; inside the
	 * Complete Sync job (option rethrow) the exception goes on, the job pauses itself.
	 *
	 * @param int                           $run_id Run id.
	 * @param array                         $counts Counts so far.
	 * @param \ErpSync\RateLimitedException $e      The limit.
	 * @param array                         $opts   The run's options.
	 * @param string                        $hook   The autosync hook that runs it again.
	 * @throws \ErpSync\RateLimitedException With rethrow.
	 * @return string The state: 'paused'.
	 */
	public static function pause( int $run_id, array $counts, \ErpSync\RateLimitedException $e, array $opts, string $hook ): string {
		$wait = (int) ceil( max( 1.0, $e->getRetryAfter() ) );
		/* translators: %d: seconds */
		self::finish( $run_id, 'paused', $counts, sprintf( __( 'Sitoo rate limit: continues in %d s.', 'erpsync' ), $wait ) );
		if ( ! empty( $opts['rethrow'] ) ) {
			throw $e; // the Complete Sync job pauses itself.
		}
		Autosync::retry_later( $hook, $wait );
		return 'paused';
	}

	/**
	 * Ends a run that failed, with the error (redacted).
	 *
	 * @param int        $run_id Run id.
	 * @param array      $counts Counts so far.
	 * @param \Throwable $e      The error.
	 * @return string The state: 'failed'.
	 */
	public static function fail( int $run_id, array $counts, \Throwable $e ): string {
		self::finish( $run_id, 'failed', $counts, Redact::text( $e->getMessage(), Settings::secrets( 'sitoo' ) ) );
		return 'failed';
	}
}
