<?php
/**
 * The Sitoo Complete Sync job: the operations the owner ticked, in the order chosen, as one resumable run (a row of
 * `{prefix}erpsync_sync_runs`, connector sitoo, what `complete`; never two at once) stepped by the sync engine's
 * Action Scheduler slices and watchdog. Each step gives the current operation the time left; its state, progress,
 * counts and errors are kept in the run's counts. Options: dry run, exclude external products, ignore per-item
 * errors (each still listed), check the allowance before starting (X-Rate-Limit-Remaining: a job that needs more
 * requests than remain is refused, with the number). A 429 or a spent allowance mid-job pauses the run until the
 * reset; it then continues where it stopped.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\SyncSettings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's run table; values are placeholders.

/** The Complete Sync job. */
final class CompleteSync {

	const WHAT = 'complete';

	/** Options a job takes (all off by default). */
	const OPTIONS = array( 'dry_run', 'exclude_external', 'ignore_errors', 'check_allowance' );

	/** Errors kept per operation (the count goes on). */
	const MAX_ERRORS = 200;

	/**
	 * The operations: id → Operation (filter erpsync_sitoo_operations).
	 *
	 * @return array<string,Operation>
	 */
	public static function operations(): array {
		$ops = apply_filters( 'erpsync_sitoo_operations', array() );
		return array_filter( is_array( $ops ) ? $ops : array(), static fn( $o ) => $o instanceof Operation );
	}

	/**
	 * Requests the chosen operations need at most.
	 *
	 * @param string[] $ids     Operation ids in order.
	 * @param array    $options Options.
	 */
	public static function requests_needed( array $ids, array $options ): int {
		$ops = self::operations();
		$n   = 0;
		foreach ( $ids as $id ) {
			$n += isset( $ops[ $id ] ) ? max( 0, (int) $ops[ $id ]->requests_needed( $options ) ) : 0;
		}
		return $n;
	}

	/**
	 * Checks the allowance: [ok, needed, remaining (null: Sitoo does not say), reset].
	 *
	 * @param string[] $ids     Operation ids.
	 * @param array    $options Options.
	 * @param object   $sitoo   The connector (tests), else the settings' one.
	 */
	public static function precheck( array $ids, array $options, $sitoo = null ): array {
		$needed = self::requests_needed( $ids, $options );
		$a      = ( $sitoo ? $sitoo : CatalogOperation::connector() )->allowance();
		$left   = isset( $a['remaining'] ) ? (int) $a['remaining'] : null;
		return array(
			'ok'        => null === $left || $left >= $needed,
			'needed'    => $needed,
			'remaining' => $left,
			'reset'     => isset( $a['reset'] ) ? (int) $a['reset'] : null,
		);
	}

	/**
	 * Starts a job.
	 *
	 * @param string[] $ids     Operation ids in the order to run.
	 * @param array    $options Options (OPTIONS keys, truthy = on).
	 * @param string   $by      Who (admin, cli, test).
	 * @param bool     $queue   Queue the first step.
	 * @throws \InvalidArgumentException An unknown or no operation.
	 * @throws CompleteSyncRefused The allowance is too small.
	 * @throws \RuntimeException A job is running.
	 * @return int Run id.
	 */
	public static function start( array $ids, array $options, string $by = 'admin', bool $queue = true ): int {
		global $wpdb;
		$known = self::operations();
		$ids   = array_values( array_unique( array_map( 'strval', $ids ) ) );
		if ( ! $ids ) {
			throw new \InvalidArgumentException( __( 'Tick at least one operation.', 'erpsync' ) );
		}
		foreach ( $ids as $id ) {
			if ( ! isset( $known[ $id ] ) ) {
				/* translators: %s: operation id */
				throw new \InvalidArgumentException( sprintf( __( 'Unknown Complete Sync operation "%s".', 'erpsync' ), $id ) );
			}
		}
		$opts = array();
		foreach ( self::OPTIONS as $k ) {
			$opts[ $k ] = ! empty( $options[ $k ] );
		}
		if ( $opts['check_allowance'] ) {
			$c = self::precheck( $ids, $opts );
			if ( ! $c['ok'] ) {
				throw new CompleteSyncRefused( $c['needed'], (int) $c['remaining'], $c['reset'] );
			}
		}
		$now = current_time( 'mysql', true );
		$ok  = $wpdb->query(
			$wpdb->prepare(
				'INSERT IGNORE INTO ' . Schema::runs_table() . " (connector, what, state, dry_run, active, started_by, started_at, heartbeat, options, counts)
				 VALUES ('sitoo', %s, 'running', %d, %s, %s, %s, %s, %s, %s)",
				self::WHAT,
				$opts['dry_run'] ? 1 : 0,
				'sitoo:' . self::WHAT,
				$by,
				$now,
				$now,
				wp_json_encode(
					array(
						'ops'     => $ids,
						'options' => $opts,
					)
				),
				wp_json_encode( array( 'current' => 0 ) )
			)
		);
		if ( 1 !== (int) $ok ) {
			$other = Engine::active_run( 'sitoo', self::WHAT );
			/* translators: %d: run id */
			throw new \RuntimeException( sprintf( __( 'A Complete Sync is already running (run #%d); two never overlap.', 'erpsync' ), $other ? (int) $other['id'] : 0 ) );
		}
		$id = (int) $wpdb->insert_id;
		self::log( sprintf( 'Complete Sync #%d started by %s: %s', $id, $by, implode( ', ', $ids ) ) );
		if ( $queue ) {
			Engine::enqueue( $id );
		}
		return $id;
	}

	/**
	 * One step: operations in order until the time budget is spent; queued again until done.
	 *
	 * @param int        $run_id  Run id.
	 * @param float|null $seconds Time budget (default: the sync's slice seconds).
	 */
	public static function step( int $run_id, ?float $seconds = null ): ?array {
		$run = Engine::run( $run_id );
		if ( ! $run || Engine::finished( $run ) ) {
			return $run;
		}
		$ids      = (array) ( $run['options']['ops'] ?? array() );
		$options  = (array) ( $run['options']['options'] ?? array() ) + array( 'run_id' => $run_id );
		$data     = $run['counts'];
		$known    = self::operations();
		$deadline = microtime( true ) + ( $seconds ?? (float) SyncSettings::get()['slice_seconds'] );
		self::save( $run_id, $data, 'running', '', true );
		$n_ops = count( $ids );
		while ( (int) $data['current'] < $n_ops ) {
			$id = (string) $ids[ (int) $data['current'] ];
			$op = $known[ $id ] ?? null;
			$d  = $data['ops'][ $id ] ?? array(
				'state'    => array(),
				'done'     => false,
				'progress' => array( 0, 0 ),
				'counts'   => array(),
				'errors'   => array(),
			);
			if ( ! $op ) {
				$d['errors'][] = sprintf( 'operation %s is not available', $id );
				$d['done']     = true;
			} else {
				try {
					$st = (array) $d['state'];
					$r  = $op->step( $st, $deadline, $options );
					$d  = self::merge( $d, $r, $st );
				} catch ( \ErpSync\RateLimitedException $e ) {
					$wait               = max( 1, (int) ceil( $e->getRetryAfter() ) );
					$data['ops'][ $id ] = $d;
					/* translators: 1: seconds, 2: operation */
					self::save( $run_id, $data, 'paused', sprintf( __( 'Sitoo asked to wait (rate limit): paused for %1$d s during "%2$s"; it continues then.', 'erpsync' ), $wait, $op->label() ) );
					self::log( sprintf( 'Complete Sync #%d paused %d s (rate limit) in %s', $run_id, $wait, $id ) );
					if ( function_exists( 'as_unschedule_all_actions' ) ) {
						as_unschedule_all_actions( Engine::SLICE_HOOK, array( $run_id ), Engine::GROUP ); // a step queued earlier would not wait.
					}
					Engine::enqueue( $run_id, $wait );
					return Engine::run( $run_id );
				} catch ( \Throwable $e ) {
					$msg                = Redact::text( $e->getMessage() );
					$d['errors'][]      = $msg;
					$data['ops'][ $id ] = $d;
					$stop               = $e instanceof CatalogItemError
						/* translators: 1: operation, 2: error */
						? sprintf( __( 'Stopped in "%1$s" on an item error (per-item errors are not ignored): %2$s', 'erpsync' ), $op->label(), $msg )
						/* translators: 1: operation, 2: error */
						: sprintf( __( 'Failed in "%1$s": %2$s', 'erpsync' ), $op->label(), $msg );
					self::save( $run_id, $data, 'failed', $stop );
					Engine::finish( $run_id, 'failed', $stop );
					self::log( sprintf( 'Complete Sync #%d failed: %s', $run_id, $stop ) );
					return Engine::run( $run_id );
				}
			}
			$data['ops'][ $id ] = $d;
			if ( ! $d['done'] ) {
				break;
			}
			++$data['current'];
			if ( microtime( true ) >= $deadline ) {
				break;
			}
		}
		if ( (int) $data['current'] >= count( $ids ) ) {
			self::save( $run_id, $data, 'running', '' );
			$state = empty( $options['dry_run'] ) ? 'done' : 'dry-run';
			Engine::finish( $run_id, $state );
			self::log( sprintf( 'Complete Sync #%d %s', $run_id, $state ) );
		} else {
			self::save( $run_id, $data, 'running', '' );
			Engine::enqueue( $run_id );
		}
		return Engine::run( $run_id );
	}

	/**
	 * Runs a job to its end in this process (WP-CLI, tests); a pause is waited out when $wait, else returned.
	 *
	 * @param int  $run_id Run id.
	 * @param bool $wait   Wait out pauses.
	 */
	public static function run_inline( int $run_id, bool $wait = false ): ?array {
		for ( $i = 0; $i < 100000; $i++ ) {
			$run = self::step( $run_id, 3600 );
			if ( ! $run || Engine::finished( $run ) ) {
				return $run;
			}
			if ( 'paused' === $run['state'] ) {
				if ( ! $wait ) {
					return $run;
				}
				sleep( 1 );
			}
		}
		return Engine::run( $run_id );
	}

	/**
	 * A step's result merged into the operation's record.
	 *
	 * @param array $d  Record.
	 * @param array $r  Step result.
	 * @param array $st New state.
	 */
	private static function merge( array $d, array $r, array $st ): array {
		$d['state']    = $st;
		$d['done']     = ! empty( $r['done'] );
		$d['progress'] = array_map( 'intval', (array) ( $r['progress'] ?? array( 0, 0 ) ) ) + array( 0, 0 );
		foreach ( (array) ( $r['counts'] ?? array() ) as $k => $v ) {
			$d['counts'][ $k ] = ( $d['counts'][ $k ] ?? 0 ) + (int) $v;
		}
		foreach ( (array) ( $r['errors'] ?? array() ) as $e ) {
			if ( count( $d['errors'] ) < self::MAX_ERRORS ) {
				$d['errors'][] = Redact::text( (string) $e );
			}
		}
		return $d;
	}

	/**
	 * Saves the job's data and state.
	 *
	 * @param int    $run_id  Run id.
	 * @param array  $data    Counts column.
	 * @param string $state   State.
	 * @param string $message Message.
	 * @param bool   $slice   Count a slice.
	 */
	private static function save( int $run_id, array $data, string $state, string $message, bool $slice = false ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::runs_table() . ' SET counts = %s, state = %s, message = %s, heartbeat = %s' . ( $slice ? ', slices = slices + 1' : '' ) . ' WHERE id = %d', wp_json_encode( $data ), $state, $message, current_time( 'mysql', true ), $run_id ) );
	}

	/**
	 * Progress of a job: per operation [id, label, done, n, of, percent, counts, errors] and overall percent.
	 *
	 * @param array $run Run row.
	 */
	public static function progress( array $run ): array {
		$known = self::operations();
		$ids   = (array) ( $run['options']['ops'] ?? array() );
		$rows  = array();
		$sum   = 0.0;
		foreach ( $ids as $i => $id ) {
			$d      = $run['counts']['ops'][ $id ] ?? array();
			$done   = ! empty( $d['done'] );
			$p      = (array) ( $d['progress'] ?? array( 0, 0 ) );
			$frac   = $done ? 1.0 : ( ! empty( $p[1] ) ? min( 1.0, $p[0] / $p[1] ) : 0.0 );
			$sum   += $frac;
			$rows[] = array(
				'id'      => $id,
				'label'   => isset( $known[ $id ] ) ? $known[ $id ]->label() : $id,
				'done'    => $done,
				'current' => ! $done && (int) ( $run['counts']['current'] ?? 0 ) === $i && ! Engine::finished( $run ),
				'n'       => (int) ( $p[0] ?? 0 ),
				'of'      => (int) ( $p[1] ?? 0 ),
				'percent' => (int) floor( 100 * $frac ),
				'counts'  => (array) ( $d['counts'] ?? array() ),
				'errors'  => (array) ( $d['errors'] ?? array() ),
			);
		}
		return array(
			'ops'     => $rows,
			'percent' => $ids ? (int) floor( 100 * $sum / count( $ids ) ) : 0,
		);
	}

	/** The latest job, or null. */
	public static function latest(): ?array {
		global $wpdb;
		$id = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT MAX(id) FROM ' . Schema::runs_table() . " WHERE connector = 'sitoo' AND what = %s", self::WHAT ) );
		return $id ? Engine::run( $id ) : null;
	}

	/**
	 * Logs a line (WooCommerce logs, source erpsync-sitoo) when Tools → logs are on.
	 *
	 * @param string $line Line (no secret: messages are redacted).
	 */
	public static function log( string $line ): void {
		if ( 'yes' === ( \ErpSync\Plugin\Infra\Settings::get( 'sitoo' )['tools_logs'] ?? 'yes' ) && function_exists( 'wc_get_logger' ) ) {
			wc_get_logger()->info( Redact::text( $line ), array( 'source' => 'erpsync-sitoo' ) );
		}
	}
}
