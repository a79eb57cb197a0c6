<?php
/**
 * The inbound sync engine. A run is: fetch (the connector's pages) → match (ErpSync\Matcher against the shop's
 * catalogue read in chunks) → plan (stored in the plan table: updates per field, links, extra rows, skips with
 * their reason) → guard → apply (in chunks, each in one database transaction that also marks its plan rows
 * applied, so a slice killed mid-way leaves nothing half-written and the next slice starts after the last
 * committed chunk) → record (counts on the run row).
 *
 * Runs execute as Action Scheduler actions (`erpsync_sync_slice`, group `erpsync`) bounded in seconds and memory;
 * each slice queues the next. Two runs of one sync never overlap: the run row's `active` column is unique while
 * the run is not finished. A slice that died is resumed by the watchdog (Action Scheduler's failure hooks and
 * every scheduled tick).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Orders\Queue;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared -- the plugin's own run and plan tables (Schema) and bulk statements whose values are prepared or integers.

/** The sync engine. */
final class Engine {

	const SLICE_HOOK = 'erpsync_sync_slice';
	const TICK_HOOK  = 'erpsync_sync_tick';
	const GROUP      = 'erpsync';

	/** Plan actions that write something. */
	const WRITING = array( 'category', 'create', 'update', 'link', 'meta', 'images' );

	/**
	 * The syncs: connector → what → source class.
	 *
	 * @return array<string,array<string,string>>
	 */
	public static function syncs(): array {
		return array(
			'vasco' => array( 'stock' => VascoStock::class ),
			'sors'  => array(
				'catalog' => SorsCatalog::class,
				'stock'   => SorsStock::class,
				'images'  => SorsImages::class,
			),
		);
	}

	/**
	 * Seconds spent per step in this process (diagnostics for tests/bench/run catalog-sync).
	 *
	 * @var array<string,float>
	 */
	public static array $timing = array();

	/**
	 * Adds the time since $since to a step and returns now.
	 *
	 * @param string $step  Step.
	 * @param float  $since microtime( true ) at its start.
	 */
	public static function timed( string $step, float $since ): float {
		$now                   = microtime( true );
		self::$timing[ $step ] = ( self::$timing[ $step ] ?? 0.0 ) + $now - $since;
		return $now;
	}

	/**
	 * Source factories for tests (connector:what → callable returning a Source).
	 *
	 * @var array<string,callable>
	 */
	public static array $factories = array();

	/**
	 * The source of a sync.
	 *
	 * @param string $connector Connector id.
	 * @param string $what      What it syncs.
	 * @throws \InvalidArgumentException When there is no such sync.
	 */
	public static function source( string $connector, string $what ): Source {
		if ( isset( self::$factories[ "$connector:$what" ] ) ) {
			return ( self::$factories[ "$connector:$what" ] )();
		}
		$syncs = self::syncs();
		if ( ! isset( $syncs[ $connector ][ $what ] ) ) {
			$list = array();
			foreach ( $syncs as $c => $whats ) {
				foreach ( array_keys( $whats ) as $w ) {
					$list[] = "$c $w";
				}
			}
			/* translators: 1: connector, 2: what, 3: list of syncs */
			throw new \InvalidArgumentException( sprintf( __( 'There is no sync "%1$s %2$s"; the syncs are: %3$s.', 'erpsync' ), $connector, $what, implode( ', ', $list ) ) );
		}
		$class = $syncs[ $connector ][ $what ];
		return new $class();
	}

	/** Hooks: slices, scheduled ticks, the watchdog on Action Scheduler failures. */
	public static function register(): void {
		add_action( self::SLICE_HOOK, array( __CLASS__, 'slice_action' ) );
		add_action( self::TICK_HOOK, array( __CLASS__, 'tick' ) );
		add_action( 'action_scheduler_failed_execution', array( __CLASS__, 'on_failed_action' ), 10, 1 );
		add_action( 'action_scheduler_unexpected_shutdown', array( __CLASS__, 'on_failed_action' ), 10, 1 );
		add_action( 'action_scheduler_failed_action', array( __CLASS__, 'on_failed_action' ), 10, 1 );
		add_action( 'action_scheduler_init', array( __CLASS__, 'ensure_schedules' ) );
	}

	/* ------------------------------------------------------------------ runs */

	/**
	 * Starts a run: its row (refused while another run of this sync is unfinished) and its first slice.
	 *
	 * @param string $connector Connector id.
	 * @param string $what      What it syncs.
	 * @param array  $opts      dry_run (bool), limit (int, 0 = all), by ('cli', 'admin', 'schedule'), queue (bool: queue the first slice).
	 * @throws \RuntimeException When a run of this sync is not finished.
	 * @return int Run id.
	 */
	public static function start( string $connector, string $what, array $opts = array() ): int {
		global $wpdb;
		self::source( $connector, $what ); // refuses an unknown sync with the list.
		$now = current_time( 'mysql', true );
		$t   = Schema::runs_table();
		$ok  = $wpdb->query(
			$wpdb->prepare(
				"INSERT IGNORE INTO {$t} (connector, what, state, dry_run, active, started_by, started_at, heartbeat, options, counts)
				 VALUES (%s, %s, 'planning', %d, %s, %s, %s, %s, %s, '{}')",
				$connector,
				$what,
				empty( $opts['dry_run'] ) ? 0 : 1,
				"$connector:$what",
				(string) ( $opts['by'] ?? '' ),
				$now,
				$now,
				wp_json_encode( array( 'limit' => (int) ( $opts['limit'] ?? 0 ) ) )
			)
		);
		if ( 1 !== (int) $ok ) {
			$other = self::active_run( $connector, $what );
			/* translators: 1: sync, 2: run id, 3: state */
			throw new \RuntimeException( sprintf( __( 'The sync %1$s is already running (run #%2$d, %3$s); two runs of one sync never overlap.', 'erpsync' ), "$connector $what", $other ? (int) $other['id'] : 0, $other ? $other['state'] : '?' ) );
		}
		$id = (int) $wpdb->insert_id;
		if ( ! empty( $opts['queue'] ) ) {
			self::enqueue( $id );
		}
		return $id;
	}

	/**
	 * The unfinished run of a sync, or null.
	 *
	 * @param string $connector Connector id.
	 * @param string $what      What it syncs.
	 */
	public static function active_run( string $connector, string $what ): ?array {
		global $wpdb;
		$r = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . Schema::runs_table() . ' WHERE active = %s', "$connector:$what" ), ARRAY_A );
		return $r ? self::decode( $r ) : null;
	}

	/**
	 * A run row (counts and options decoded), or null.
	 *
	 * @param int $id Run id.
	 */
	public static function run( int $id ): ?array {
		global $wpdb;
		$r = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . Schema::runs_table() . ' WHERE id = %d', $id ), ARRAY_A );
		return $r ? self::decode( $r ) : null;
	}

	/**
	 * The latest runs.
	 *
	 * @param int         $limit     How many.
	 * @param string|null $connector Only this connector.
	 */
	public static function runs( int $limit = 20, ?string $connector = null ): array {
		global $wpdb;
		$t    = Schema::runs_table();
		$rows = $connector
			? $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$t} WHERE connector = %s ORDER BY id DESC LIMIT %d", $connector, $limit ), ARRAY_A )
			: $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$t} ORDER BY id DESC LIMIT %d", $limit ), ARRAY_A );
		return array_map( array( __CLASS__, 'decode' ), $rows );
	}

	/**
	 * Decodes the JSON columns.
	 *
	 * @param array $r Row.
	 */
	private static function decode( array $r ): array {
		$r['counts']  = json_decode( (string) $r['counts'], true );
		$r['counts']  = is_array( $r['counts'] ) ? $r['counts'] : array();
		$r['options'] = json_decode( (string) $r['options'], true );
		$r['options'] = is_array( $r['options'] ) ? $r['options'] : array();
		return $r;
	}

	/**
	 * A run as one flat row for tables (admin, WP-CLI).
	 *
	 * @param array $r Run row.
	 */
	public static function summary( array $r ): array {
		$c       = $r['counts'];
		$skipped = array();
		foreach ( (array) ( $c['planned']['skip'] ?? array() ) as $reason => $n ) {
			$skipped[] = "$reason: $n";
		}
		$updated = array();
		foreach ( (array) ( $c['updated'] ?? array() ) as $field => $n ) {
			$updated[] = "$field: $n";
		}
		$end = $r['finished_at'] ? strtotime( $r['finished_at'] . ' UTC' ) : strtotime( $r['heartbeat'] . ' UTC' );
		return array(
			'id'        => (int) $r['id'],
			'sync'      => $r['connector'] . ' ' . $r['what'],
			'state'     => $r['state'],
			'dry_run'   => $r['dry_run'] ? 'yes' : 'no',
			'started'   => $r['started_at'],
			'duration'  => max( 0, $end - strtotime( $r['started_at'] . ' UTC' ) ) . 's',
			'fetched'   => (int) ( $c['fetched'] ?? 0 ),
			'matched'   => (int) ( $c['matched'] ?? 0 ),
			'updated'   => implode( ', ', $updated ),
			'linked'    => (int) ( $c['linked'] ?? 0 ),
			'unchanged' => (int) ( $c['unchanged'] ?? 0 ),
			'skipped'   => implode( ', ', $skipped ),
			'errors'    => (int) ( $c['errors'] ?? 0 ),
			'message'   => (string) $r['message'],
		);
	}

	/**
	 * Whether the run is finished (no more slices).
	 *
	 * @param array $run Run row.
	 */
	public static function finished( array $run ): bool {
		return in_array( $run['state'], array( 'done', 'failed', 'dry-run', 'guarded', 'cancelled' ), true );
	}

	/**
	 * Plan rows of a run (for the dry-run table, the CSV and WP-CLI).
	 *
	 * @param int         $run_id Run id.
	 * @param int         $offset From.
	 * @param int         $limit  How many.
	 * @param string|null $action Only this action.
	 */
	public static function plan( int $run_id, int $offset = 0, int $limit = 100, ?string $action = null ): array {
		global $wpdb;
		$t = Schema::plan_table();
		if ( $action ) {
			return $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$t} WHERE run_id = %d AND action = %s ORDER BY id LIMIT %d, %d", $run_id, $action, $offset, $limit ), ARRAY_A );
		}
		return $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$t} WHERE run_id = %d ORDER BY id LIMIT %d, %d", $run_id, $offset, $limit ), ARRAY_A );
	}

	/**
	 * Queues the next slice of a run (once: an already pending slice is enough).
	 *
	 * @param int $run_id Run id.
	 * @param int $delay  Seconds.
	 */
	public static function enqueue( int $run_id, int $delay = 0 ): void {
		if ( ! function_exists( 'as_schedule_single_action' ) ) {
			return;
		}
		$args = array( $run_id );
		if ( as_has_scheduled_action( self::SLICE_HOOK, $args, self::GROUP ) ) {
			return;
		}
		as_schedule_single_action( time() + $delay, self::SLICE_HOOK, $args, self::GROUP );
	}

	/**
	 * Action Scheduler entry point.
	 *
	 * @param int $run_id Run id.
	 */
	public static function slice_action( $run_id ): void {
		$run = self::slice( (int) $run_id );
		if ( $run && ! self::finished( $run ) ) {
			self::enqueue( (int) $run_id );
		}
	}

	/**
	 * Runs one slice: the plan when there is none yet, else applied chunks until the time or memory budget is spent.
	 *
	 * @param int        $run_id  Run id.
	 * @param float|null $seconds Time budget (default: the setting).
	 * @return array|null The run after the slice.
	 */
	public static function slice( int $run_id, ?float $seconds = null ): ?array {
		$run = self::run( $run_id );
		if ( ! $run || self::finished( $run ) ) {
			return $run;
		}
		if ( 'sitoo' === $run['connector'] && Sitoo\CompleteSync::WHAT === $run['what'] ) {
			return Sitoo\CompleteSync::step( $run_id, $seconds ); // the Complete Sync job: its own steps, the engine's queue and watchdog.
		}
		$s        = SyncSettings::get();
		$deadline = microtime( true ) + ( $seconds ?? (float) $s['slice_seconds'] );
		self::touch( $run_id, true );
		try {
			if ( 'planning' === $run['state'] ) {
				self::make_plan( $run );
				$run = self::run( $run_id );
				if ( self::finished( $run ) ) {
					return $run;
				}
			}
			while ( microtime( true ) < $deadline && ! self::memory_low() ) {
				if ( ! self::apply_chunk( $run, (int) $s['chunk'] ) ) {
					self::finish( $run_id, 'done' );
					break;
				}
				self::touch( $run_id );
			}
		} catch ( \Throwable $e ) {
			$msg = Redact::text( $e->getMessage(), Settings::secrets( $run['connector'] ) );
			self::add_counts( $run_id, array( 'errors' => 1 ) );
			self::finish( $run_id, 'failed', $msg );
			Queue::log( $run['connector'], 'error', sprintf( 'sync %s run #%d failed: %s', $run['what'], $run_id, $msg ) );
		}
		return self::run( $run_id );
	}

	/**
	 * Runs a whole run in this process (WP-CLI), slice after slice.
	 *
	 * @param int           $run_id   Run id.
	 * @param callable|null $progress Called after each slice with the run.
	 */
	public static function run_inline( int $run_id, ?callable $progress = null ): array {
		do {
			$run = self::slice( $run_id );
			if ( $progress ) {
				$progress( $run );
			}
		} while ( $run && ! self::finished( $run ) );
		return $run;
	}

	/** Whether memory use passed 80 % of the limit. */
	private static function memory_low(): bool {
		$limit = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
		return $limit > 0 && memory_get_usage( true ) > 0.8 * $limit;
	}

	/**
	 * Heartbeat (and slice count).
	 *
	 * @param int  $run_id   Run id.
	 * @param bool $new_slice Count a slice.
	 */
	private static function touch( int $run_id, bool $new_slice = false ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::runs_table() . ' SET heartbeat = %s' . ( $new_slice ? ', slices = slices + 1' : '' ) . ' WHERE id = %d', current_time( 'mysql', true ), $run_id ) );
	}

	/**
	 * Ends a run and releases its lock.
	 *
	 * @param int    $run_id  Run id.
	 * @param string $state   Final state.
	 * @param string $message Why (failed, guarded).
	 */
	public static function finish( int $run_id, string $state, string $message = '' ): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::runs_table() . ' SET state = %s, active = NULL, finished_at = %s, message = %s WHERE id = %d', $state, current_time( 'mysql', true ), $message, $run_id ) );
		$run = self::run( $run_id );
		if ( $run && in_array( $state, array( 'done', 'dry-run' ), true ) ) {
			update_option(
				'erpsync_sync_last_' . $run['connector'] . '_' . $run['what'],
				array(
					'run'   => $run_id,
					'at'    => time(),
					'state' => $state,
				),
				false
			);
		}
		/**
		 * A sync run ended.
		 *
		 * @param array $run The run row (state, counts).
		 */
		do_action( 'erpsync_sync_finished', $run );
	}

	/**
	 * Adds to the run's counts (nested keys allowed: ['updated' => ['stock' => 3]]).
	 *
	 * @param int   $run_id Run id.
	 * @param array $add    Counts.
	 */
	private static function add_counts( int $run_id, array $add ): void {
		global $wpdb;
		$run = self::run( $run_id );
		$c   = self::merge_counts( $run ? $run['counts'] : array(), $add );
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::runs_table() . ' SET counts = %s WHERE id = %d', wp_json_encode( $c ), $run_id ) );
	}

	/**
	 * Sums counts.
	 *
	 * @param array $a Counts.
	 * @param array $b Counts to add.
	 */
	private static function merge_counts( array $a, array $b ): array {
		foreach ( $b as $k => $v ) {
			if ( is_array( $v ) ) {
				$a[ $k ] = self::merge_counts( isset( $a[ $k ] ) && is_array( $a[ $k ] ) ? $a[ $k ] : array(), $v );
			} else {
				$a[ $k ] = ( $a[ $k ] ?? 0 ) + $v;
			}
		}
		return $a;
	}

	/* ------------------------------------------------------------------ plan */

	/**
	 * Fetch → match → plan rows → guard. Planning is redone from scratch when a slice died during it.
	 *
	 * @param array $run Run row.
	 */
	private static function make_plan( array $run ): void {
		global $wpdb;
		$run_id = (int) $run['id'];
		$wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Schema::plan_table() . ' WHERE run_id = %d', $run_id ) );
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::runs_table() . " SET counts = '{}' WHERE id = %d", $run_id ) );
		$source = self::source( $run['connector'], $run['what'] );
		if ( method_exists( $source, 'plan' ) ) {
			self::plan_without_matcher( $run, $source );
			return;
		}
		$m      = new \ErpSync\Matcher\Matcher( $source->matcher_options() );
		$t0     = microtime( true );
		$counts = array( 'fetched' => $source->fetch( $m ) );
		$t1     = self::timed( 'plan: fetch', $t0 );
		$buf    = new PlanBuffer( $run_id );
		if ( method_exists( $source, 'first_rows' ) ) {
			foreach ( $source->first_rows() as $row ) {
				$buf->add( $row );
			}
		}
		$local                      = self::read_shop( $run, $source, $m, $buf );
		$tl                         = self::timed( 'plan: shop read + addLocalPacked', $t1 );
		$r                          = $m->run();
		$tl                         = self::timed( 'plan: match', $tl );
		$counts['local']            = $local;
		$counts['matched']          = $r['matched'];
		$counts['unmatched_remote'] = $r['unmatched_remote'];
		$counts['unmatched_local']  = $r['unmatched_local'];
		$counts['duplicates']       = $r['duplicates'];
		$counts['invalid']          = $r['invalid'];
		$changed                    = self::plan_links( $source, $m, $buf ) + self::plan_changes( $m, $buf );
		self::plan_unmatched( $source, $m, $buf );
		self::plan_skips( $m, $buf );
		$buf->flush();
		self::timed( 'plan: plan rows', $tl );
		unset( $m );
		$counts['unchanged']        = max( 0, $counts['matched'] - count( $changed ) );
		$counts['planned']          = $buf->counts;
		$counts['seconds']['fetch'] = round( $t1 - $t0, 3 );
		$counts['seconds']['match'] = round( microtime( true ) - $t1, 3 );
		self::add_counts( $run_id, $counts );
		self::after_plan( $run, $counts );
	}

	/**
	 * A sync without matching (images: one call per linked product) plans by itself.
	 *
	 * @param array  $run    Run row.
	 * @param object $source The sync's source.
	 */
	private static function plan_without_matcher( array $run, $source ): void {
		$buf    = new PlanBuffer( (int) $run['id'] );
		$t0     = microtime( true );
		$counts = $source->plan( $buf );
		$buf->flush();
		$counts['planned']          = $buf->counts;
		$counts['seconds']['fetch'] = round( microtime( true ) - $t0, 3 );
		self::add_counts( (int) $run['id'], $counts );
		self::after_plan( $run, $counts );
	}

	/**
	 * The shop side: one packed string per chunk from the database into the matcher (no array per product); products
	 * without the required key are planned as skipped.
	 *
	 * @param array                    $run    Run row.
	 * @param object                   $source The sync's source.
	 * @param \ErpSync\Matcher\Matcher $m      The matcher.
	 * @param PlanBuffer               $buf    Plan rows.
	 * @return int Products read.
	 */
	private static function read_shop( array $run, $source, $m, PlanBuffer $buf ): int {
		$req    = $source->required_key();
		$groups = $source instanceof SorsCatalog && ! $source instanceof SorsStock && SyncSettings::remote_owns( $run['connector'], 'categories' );
		$opts   = $source->matcher_options();
		return LocalCatalog::each_packed(
			$run['connector'],
			$source->ean_meta_key(),
			static function ( string $packed, array $no_key, int $count ) use ( $m, $req, $buf ) {
				foreach ( $no_key as $id ) {
					$buf->add(
						array(
							'action'   => 'skip',
							'local_id' => $id,
							'reason'   => 'no_' . $req,
						)
					);
				}
				$added = $m->addLocalPacked( $packed, LocalCatalog::PACKED );
				if ( $added !== $count ) {
					throw new \RuntimeException( sprintf( 'LocalCatalog: %d products read, %d reached the matcher.', $count, $added ) );
				}
			},
			10000,
			'remote' === ( $opts['own']['price'] ?? 'remote' ),
			$req,
			$groups
		);
	}

	/**
	 * Links (pairs matched by a key other than the stored link) and the source's extra rows for matched pairs.
	 *
	 * @param object                   $source The sync's source.
	 * @param \ErpSync\Matcher\Matcher $m      The matcher.
	 * @param PlanBuffer               $buf    Plan rows.
	 * @return array<int,true> Local ids with a planned update.
	 */
	private static function plan_links( $source, $m, PlanBuffer $buf ): array {
		$changed = array();
		for ( $o = 0, $chunk = $m->matched( 0, 2000 ); array() !== $chunk; $o += 2000, $chunk = $m->matched( $o, 2000 ) ) {
			$pairs = array();
			foreach ( $chunk as $p ) {
				if ( 'link' !== $p[2] ) {
					$buf->add(
						array(
							'action'    => 'link',
							'local_id'  => $p[0],
							'remote_id' => $p[1],
							'reason'    => 'by_' . $p[2],
						)
					);
				}
				$pairs[] = array( $p[0], $p[1], $p[4] ?? '' );
			}
			foreach ( $source->extra_rows( $pairs ) as $row ) {
				if ( 'update' === $row['action'] ) {
					$changed[ (int) $row['local_id'] ] = true;
				}
				$buf->add( $row );
			}
		}
		return $changed;
	}

	/**
	 * Changes of the fields the back-office owns, with the shop's old value as the matcher read it from the shop.
	 *
	 * @param \ErpSync\Matcher\Matcher $m   The matcher.
	 * @param PlanBuffer               $buf Plan rows.
	 * @return array<int,true> Local ids with a planned update.
	 */
	private static function plan_changes( $m, PlanBuffer $buf ): array {
		$field   = array(
			'stock'      => 'stock',
			'price'      => 'regular_price',
			'name'       => 'name',
			'images'     => 'images',
			'categories' => 'categories',
		);
		$changed = array();
		for ( $o = 0, $chunk = $m->changes( 0, 2000 ); array() !== $chunk; $o += 2000, $chunk = $m->changes( $o, 2000 ) ) {
			foreach ( $chunk as $c ) {
				$changed[ (int) $c[0] ] = true;
				$buf->add(
					array(
						'action'    => 'update',
						'local_id'  => $c[0],
						'remote_id' => $c[1],
						'field'     => $field[ $c[2] ] ?? $c[2],
						'old_value' => $c[5],
						'new_value' => $c[3],
					)
				);
			}
		}
		return $changed;
	}

	/**
	 * Remote items the shop does not have: the source says what becomes of them (create, skip …).
	 *
	 * @param object                   $source The sync's source.
	 * @param \ErpSync\Matcher\Matcher $m      The matcher.
	 * @param PlanBuffer               $buf    Plan rows.
	 */
	private static function plan_unmatched( $source, $m, PlanBuffer $buf ): void {
		$items = method_exists( $source, 'unmatched_items_rows' );
		for ( $o = 0, $chunk = $items ? $m->unmatchedRemoteItems( 0, 2000 ) : $m->unmatchedRemote( 0, 2000 ); array() !== $chunk; $o += 2000, $chunk = $items ? $m->unmatchedRemoteItems( $o, 2000 ) : $m->unmatchedRemote( $o, 2000 ) ) {
			foreach ( $items ? $source->unmatched_items_rows( $chunk ) : $source->unmatched_rows( $chunk ) as $row ) {
				$buf->add( $row );
			}
		}
	}

	/**
	 * Duplicate keys and invalid values, on either side, planned as skips with their reason.
	 *
	 * @param \ErpSync\Matcher\Matcher $m   The matcher.
	 * @param PlanBuffer               $buf Plan rows.
	 */
	private static function plan_skips( $m, PlanBuffer $buf ): void {
		for ( $o = 0, $chunk = $m->duplicates( 0, 2000 ); array() !== $chunk; $o += 2000, $chunk = $m->duplicates( $o, 2000 ) ) {
			foreach ( $chunk as $d ) {
				$buf->add(
					array(
						'action'    => 'skip',
						'remote_id' => $d[2],
						'reason'    => 'duplicate_' . $d[0] . '_' . $d[1],
						'new_value' => (string) $d[3],
					)
				);
			}
		}
		for ( $o = 0, $chunk = $m->invalid( 0, 2000 ); array() !== $chunk; $o += 2000, $chunk = $m->invalid( $o, 2000 ) ) {
			foreach ( $chunk as $v ) {
				$buf->add(
					array(
						'action'    => 'skip',
						'local_id'  => 'local' === $v[0] ? (int) $v[4] : 0,
						'remote_id' => 'remote' === $v[0] ? (string) $v[4] : '',
						'field'     => $v[1],
						'new_value' => $v[2],
						'reason'    => 'invalid_' . $v[1],
						'old_value' => $v[3],
					)
				);
			}
		}
	}

	/**
	 * After the plan: a dry run ends, the guard may stop the run, else it applies.
	 *
	 * @param array $run    Run row.
	 * @param array $counts Counts of the plan.
	 */
	private static function after_plan( array $run, array $counts ): void {
		global $wpdb;
		$run_id = (int) $run['id'];
		if ( ! empty( $run['dry_run'] ) ) {
			self::finish( $run_id, 'dry-run' );
			return;
		}
		$why = empty( $run['options']['approved'] ) ? self::guard( $run_id, $counts ) : '';
		if ( '' !== $why ) {
			self::finish( $run_id, 'guarded', $why );
			Queue::log( $run['connector'], 'warning', sprintf( 'sync %s run #%d stopped before writing: %s', $run['what'], $run_id, $why ) );
			return;
		}
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::runs_table() . " SET state = 'applying' WHERE id = %d", $run_id ) );
	}

	/**
	 * The guard: '' when the run may apply, else why it stopped (a back-office that answers an empty list, or
	 * one that would set too many products out of stock, must not empty the shop).
	 *
	 * @param int   $run_id Run id.
	 * @param array $counts Counts of the plan.
	 */
	public static function guard( int $run_id, array $counts ): string {
		global $wpdb;
		$s     = SyncSettings::get();
		$local = (int) $counts['local'];
		if ( 0 === (int) $counts['fetched'] && $local > 0 ) {
			return __( 'The back-office returned no items while the shop has products; nothing was written. Check the back-office, then approve the run if this is right.', 'erpsync' );
		}
		$out = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . Schema::plan_table() . " WHERE run_id = %d AND action = 'update' AND field = 'stock' AND CAST(new_value AS DECIMAL(20,4)) <= 0 AND (old_value = '' OR CAST(old_value AS DECIMAL(20,4)) > 0)", $run_id ) );
		$pct = (float) $s['guard_percent'];
		if ( $local >= (int) $s['guard_min'] && $out > 0 && $out * 100.0 > $pct * $local ) {
			/* translators: 1: products, 2: percent of the shop, 3: the limit in percent */
			return sprintf( __( 'This run would set %1$d products out of stock (%2$s %% of the shop; the limit is %3$s %%); nothing was written. Approve the run to apply it anyway.', 'erpsync' ), $out, number_format_i18n( 100.0 * $out / max( 1, $local ), 1 ), number_format_i18n( $pct ) );
		}
		// Unpublishing: published products the run would make draft, private or pending (a sync that owns status).
		$hide = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . Schema::plan_table() . " WHERE run_id = %d AND action = 'update' AND field = 'status' AND old_value = 'publish' AND new_value <> 'publish'", $run_id ) );
		if ( $local >= (int) $s['guard_min'] && $hide > 0 && $hide * 100.0 > $pct * $local ) {
			/* translators: 1: products, 2: percent of the shop, 3: the limit in percent */
			return sprintf( __( 'This run would unpublish %1$d products (%2$s %% of the shop; the limit is %3$s %%); nothing was written. Approve the run to apply it anyway.', 'erpsync' ), $hide, number_format_i18n( 100.0 * $hide / max( 1, $local ), 1 ), number_format_i18n( $pct ) );
		}
		return '';
	}

	/**
	 * Applies a guarded run after the owner's approval (its stored plan; a new fetch would need a new run).
	 *
	 * @param int  $run_id Run id.
	 * @param bool $queue  Queue its slices (else the caller runs them).
	 * @throws \RuntimeException When the run is not guarded or another run of the sync is active.
	 */
	public static function approve( int $run_id, bool $queue = true ): void {
		global $wpdb;
		$run = self::run( $run_id );
		if ( ! $run || 'guarded' !== $run['state'] ) {
			/* translators: %d: run id */
			throw new \RuntimeException( sprintf( __( 'Run #%d is not waiting for approval.', 'erpsync' ), $run_id ) );
		}
		$opts             = $run['options'];
		$opts['approved'] = true;
		$n                = $wpdb->query( $wpdb->prepare( 'UPDATE IGNORE ' . Schema::runs_table() . " SET state = 'applying', active = %s, finished_at = NULL, options = %s, heartbeat = %s WHERE id = %d AND state = 'guarded'", $run['connector'] . ':' . $run['what'], wp_json_encode( $opts ), current_time( 'mysql', true ), $run_id ) );
		if ( 1 !== (int) $n ) {
			throw new \RuntimeException( __( 'Another run of this sync is active; approve again when it has finished.', 'erpsync' ) );
		}
		if ( $queue ) {
			self::enqueue( $run_id );
		}
	}

	/* ------------------------------------------------------------------ apply */

	/**
	 * Applies the next chunk of the plan in one transaction (the writes and the `applied` marks commit together).
	 *
	 * @param array $run   Run row.
	 * @param int   $chunk Plan rows per chunk.
	 * @return bool Whether something was left to apply.
	 * @throws \Throwable What the writer threw (the chunk is rolled back).
	 */
	private static function apply_chunk( array $run, int $chunk ): bool {
		global $wpdb;
		$run_id = (int) $run['id'];
		$limit  = (int) ( $run['options']['limit'] ?? 0 );
		if ( $limit > 0 ) {
			$done  = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . Schema::plan_table() . " WHERE run_id = %d AND applied = 1 AND action IN ('category', 'create', 'update', 'link', 'meta', 'images')", $run_id ) );
			$chunk = min( $chunk, $limit - $done );
			if ( $chunk <= 0 ) {
				return false;
			}
		}
		$t    = microtime( true );
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . Schema::plan_table() . " WHERE run_id = %d AND applied = 0 AND action IN ('category', 'create', 'update', 'link', 'meta', 'images') ORDER BY id LIMIT %d", $run_id, $chunk ), ARRAY_A );
		$t    = self::timed( 'apply: read plan rows', $t );
		if ( ! $rows ) {
			return false;
		}
		$writer = new Writer( $run['connector'] );
		$wpdb->query( 'START TRANSACTION' );
		try {
			$counts = $writer->apply( $rows );
			$t      = self::timed( 'apply: write', $t );
			$ids    = implode( ',', array_map( 'intval', array_column( $rows, 'id' ) ) );
			$wpdb->query( 'UPDATE ' . Schema::plan_table() . " SET applied = 1 WHERE id IN ({$ids})" );
			foreach ( $writer->errors as $row_id => $why ) {
				$wpdb->query( $wpdb->prepare( 'UPDATE ' . Schema::plan_table() . ' SET reason = %s WHERE id = %d', substr( 'error: ' . $why, 0, 64 ), $row_id ) );
			}
			$counts['applied'] = count( $rows );
			self::add_counts( $run_id, $counts );
			$t = self::timed( 'apply: applied marks + counts', $t );
			/**
			 * Fires inside the chunk's transaction, after its writes (tests use it to kill a slice mid-chunk).
			 *
			 * @param int   $run_id Run id.
			 * @param array $rows   The chunk's plan rows.
			 */
			do_action( 'erpsync_sync_chunk_before_commit', $run_id, $rows );
			$wpdb->query( 'COMMIT' );
			$t = self::timed( 'apply: commit', $t );
		} catch ( \Throwable $e ) {
			$wpdb->query( 'ROLLBACK' );
			$writer->forget();
			throw $e;
		}
		$writer->after_commit();
		self::timed( 'apply: after commit', $t );
		return true;
	}

	/* ------------------------------------------------------------------ schedules and the watchdog */

	/**
	 * Keeps one recurring tick per scheduled sync (and none for syncs switched off or back-offices disabled).
	 * Checked in the admin and under WP-Cron (not on shop pages or in WP-CLI commands), and at once when the sync
	 * settings are saved.
	 *
	 * @param bool $force Check whatever the request.
	 */
	public static function ensure_schedules( $force = false ): void {
		if ( ! function_exists( 'as_schedule_recurring_action' ) ) {
			return;
		}
		if ( true !== $force && ! is_admin() && ! wp_doing_cron() ) {
			return;
		}
		foreach ( self::syncs() as $connector => $whats ) {
			foreach ( array_keys( $whats ) as $what ) {
				$args  = array( $connector, $what );
				$every = Settings::enabled( $connector ) ? SyncSettings::frequency( "$connector:$what" ) : 0;
				$next  = as_next_scheduled_action( self::TICK_HOOK, $args, self::GROUP );
				$have  = (int) get_option( "erpsync_sync_every_{$connector}_{$what}", 0 );
				if ( $every > 0 && ( false === $next || $have !== $every ) ) {
					as_unschedule_all_actions( self::TICK_HOOK, $args, self::GROUP );
					as_schedule_recurring_action( time() + $every, $every, self::TICK_HOOK, $args, self::GROUP );
					update_option( "erpsync_sync_every_{$connector}_{$what}", $every, false );
				} elseif ( 0 === $every && false !== $next ) {
					as_unschedule_all_actions( self::TICK_HOOK, $args, self::GROUP );
					delete_option( "erpsync_sync_every_{$connector}_{$what}" );
				}
			}
		}
	}

	/**
	 * A scheduled tick: resume a dead run, else start a new one (skipped while one is active).
	 *
	 * @param string $connector Connector id.
	 * @param string $what      What it syncs.
	 */
	public static function tick( $connector, $what = '' ): void {
		self::watchdog();
		if ( ! Settings::enabled( (string) $connector ) || self::active_run( (string) $connector, (string) $what ) ) {
			return;
		}
		try {
			self::start(
				(string) $connector,
				(string) $what,
				array(
					'by'    => 'schedule',
					'queue' => true,
				)
			);
		} catch ( \RuntimeException $e ) {
			Queue::log( (string) $connector, 'info', $e->getMessage() );
		}
	}

	/**
	 * Resumes runs whose slice died (no heartbeat for three slice lengths and no pending slice).
	 *
	 * @param int $grace Seconds without heartbeat (default from the setting).
	 * @return int[] Runs queued again.
	 */
	public static function watchdog( ?int $grace = null ): array {
		global $wpdb;
		$s      = SyncSettings::get();
		$grace  = $grace ?? ( 3 * (int) $s['slice_seconds'] + 60 );
		$before = gmdate( 'Y-m-d H:i:s', time() - $grace );
		$ids    = $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM ' . Schema::runs_table() . ' WHERE active IS NOT NULL AND heartbeat < %s', $before ) );
		$out    = array();
		foreach ( $ids as $id ) {
			if ( ! function_exists( 'as_has_scheduled_action' ) || ! as_has_scheduled_action( self::SLICE_HOOK, array( (int) $id ), self::GROUP ) ) {
				self::enqueue( (int) $id );
				$out[] = (int) $id;
			}
		}
		return $out;
	}

	/**
	 * An Action Scheduler action failed or its process died: when it was a slice, queue the run again.
	 *
	 * @param int $action_id Action id.
	 */
	public static function on_failed_action( $action_id ): void {
		if ( ! class_exists( '\ActionScheduler' ) ) {
			return;
		}
		$a = \ActionScheduler::store()->fetch_action( (int) $action_id );
		if ( $a && self::SLICE_HOOK === $a->get_hook() ) {
			$args = $a->get_args();
			$run  = self::run( (int) ( $args[0] ?? 0 ) );
			if ( $run && ! self::finished( $run ) ) {
				self::enqueue( (int) $run['id'], 30 );
			}
		}
	}
}
