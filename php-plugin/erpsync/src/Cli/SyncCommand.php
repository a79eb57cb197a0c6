<?php
/**
 * WP-CLI: `wp erpsync sync <connector> <what> [--dry-run] [--limit=N] [--approve=<run>]` and `wp erpsync runs`.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Cli;

use ErpSync\Plugin\Sync\Engine;

defined( 'ABSPATH' ) || exit;

/** Sync commands. */
final class SyncCommand {

	/**
	 * Runs a sync now, in this process (slice after slice, with a progress bar), and prints its record.
	 *
	 * ## OPTIONS
	 *
	 * <connector>
	 * : The back-office (vasco, sors).
	 *
	 * <what>
	 * : What to sync (vasco: stock).
	 *
	 * [--dry-run]
	 * : Make and show the plan; write nothing.
	 *
	 * [--limit=<n>]
	 * : Apply at most n planned writes.
	 *
	 * [--approve=<run>]
	 * : Apply a run the guard stopped (its stored plan) instead of starting a new one.
	 *
	 * [--format=<format>]
	 * : table, csv, json or yaml (the plan of a dry run, the record otherwise).
	 * ---
	 * default: table
	 * ---
	 *
	 * @param array $args  Positional.
	 * @param array $assoc Options.
	 */
	public static function sync( $args, $assoc ): void {
		$connector = (string) ( $args[0] ?? '' );
		$what      = (string) ( $args[1] ?? '' );
		$format    = (string) ( $assoc['format'] ?? 'table' );
		try {
			if ( isset( $assoc['approve'] ) ) {
				$id = (int) $assoc['approve'];
				Engine::approve( $id, false );
			} else {
				$id = Engine::start(
					$connector,
					$what,
					array(
						'dry_run' => ! empty( $assoc['dry-run'] ),
						'limit'   => max( 0, (int) ( $assoc['limit'] ?? 0 ) ),
						'by'      => 'cli',
					)
				);
			}
		} catch ( \Throwable $e ) {
			\WP_CLI::error( $e->getMessage() );
			return;
		}
		$bar  = null;
		$last = 0;
		$run  = Engine::run_inline(
			$id,
			static function ( $run ) use ( &$bar, &$last ) {
				$planned = 0;
				foreach ( (array) ( $run['counts']['planned'] ?? array() ) as $action => $n ) {
					if ( in_array( $action, Engine::WRITING, true ) ) {
						$planned += array_sum( (array) $n );
					}
				}
				if ( ! $bar && $planned > 0 && 'applying' === $run['state'] ) {
					$bar = \WP_CLI\Utils\make_progress_bar( 'Applying', $planned );
				}
				$now = (int) ( $run['counts']['applied'] ?? 0 );
				if ( $bar ) {
					$bar->tick( $now - $last );
				}
				$last = $now;
			}
		);
		if ( $bar ) {
			$bar->finish();
		}
		if ( 'dry-run' === $run['state'] ) {
			$rows = array();
			for ( $o = 0, $chunk = Engine::plan( $id, 0, 1000 ); array() !== $chunk; $o += 1000, $chunk = Engine::plan( $id, $o, 1000 ) ) {
				foreach ( $chunk as $r ) {
					$rows[] = array_intersect_key( $r, array_flip( array( 'action', 'local_id', 'remote_id', 'field', 'old_value', 'new_value', 'reason' ) ) );
				}
			}
			\WP_CLI\Utils\format_items( $format, $rows, array( 'action', 'local_id', 'remote_id', 'field', 'old_value', 'new_value', 'reason' ) );
		}
		self::print_runs( array( $run ), 'table' === $format ? 'table' : $format );
		if ( 'failed' === $run['state'] ) {
			\WP_CLI::error( sprintf( 'Run #%d failed: %s', $id, $run['message'] ) );
		} elseif ( 'guarded' === $run['state'] ) {
			\WP_CLI::warning( sprintf( 'Run #%d stopped before writing: %s Apply it with: wp erpsync sync %s %s --approve=%d', $id, $run['message'], $run['connector'], $run['what'], $id ) );
		} else {
			\WP_CLI::success( sprintf( 'Run #%d: %s.', $id, $run['state'] ) );
		}
	}

	/**
	 * Lists the latest sync runs with their counts.
	 *
	 * ## OPTIONS
	 *
	 * [--connector=<id>]
	 * : Only this back-office.
	 *
	 * [--limit=<n>]
	 * : How many (default 20).
	 *
	 * [--format=<format>]
	 * : table, csv, json or yaml.
	 * ---
	 * default: table
	 * ---
	 *
	 * @param array $args  Positional.
	 * @param array $assoc Options.
	 */
	public static function runs( $args, $assoc ): void {
		self::print_runs( Engine::runs( max( 1, (int) ( $assoc['limit'] ?? 20 ) ), isset( $assoc['connector'] ) ? (string) $assoc['connector'] : null ), (string) ( $assoc['format'] ?? 'table' ) );
	}

	/**
	 * Prints runs.
	 *
	 * @param array  $runs   Run rows.
	 * @param string $format Format.
	 */
	private static function print_runs( array $runs, string $format ): void {
		$items = array();
		foreach ( $runs as $r ) {
			$items[] = Engine::summary( $r );
		}
		\WP_CLI\Utils\format_items( $format, $items, array( 'id', 'sync', 'state', 'dry_run', 'started', 'duration', 'fetched', 'matched', 'updated', 'linked', 'unchanged', 'skipped', 'errors', 'message' ) );
	}
}
