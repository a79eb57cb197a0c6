<?php
/**
 * What the catalogue operations of the Complete Sync share: the connector, the result shape, per-item errors
 * (listed; they stop the operation unless "ignore per-item errors" is on), the dry-run listing (what would change,
 * nothing written) and the staging of fetched Sitoo items in the run's plan rows (resumable between steps).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Sync\Schema;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's plan table; every value is a placeholder.

/** Base of the catalogue operations. */
abstract class CatalogOperation implements Operation {

	/**
	 * The operation id (one class serves several modes).
	 *
	 * @var string
	 */
	protected string $mode;

	/**
	 * Connector override (tests).
	 *
	 * @var object|null
	 */
	protected static $connector = null;

	/**
	 * Counts of the current step.
	 *
	 * @var array<string,int>
	 */
	protected array $counts = array();

	/**
	 * Errors of the current step.
	 *
	 * @var string[]
	 */
	protected array $errors = array();

	/**
	 * One mode.
	 *
	 * @param string $mode Operation id.
	 */
	public function __construct( string $mode ) {
		$this->mode = $mode;
	}

	/** Stable id. */
	public function id(): string {
		return $this->mode;
	}

	/**
	 * Uses this connector instead of the one the settings make (tests).
	 *
	 * @param object|null $c Connector.
	 */
	public static function use_connector( $c ): void {
		self::$connector = $c;
	}

	/** The Sitoo connector. */
	protected function sitoo() {
		return self::connector();
	}

	/** The Sitoo connector the operations use (the settings' one, or the one a test set). */
	public static function connector() {
		return self::$connector ? self::$connector : Connectors::shared( 'sitoo' );
	}

	/**
	 * Counts one thing.
	 *
	 * @param string $what Count name.
	 * @param int    $n    How many.
	 */
	protected function count( string $what, int $n = 1 ): void {
		$this->counts[ $what ] = ( $this->counts[ $what ] ?? 0 ) + $n;
	}

	/**
	 * A per-item error: listed; it stops the operation unless the job ignores per-item errors.
	 *
	 * @param string $message What went wrong (no secret: connector messages are redacted in C).
	 * @param array  $options Job options.
	 * @throws CatalogItemError When per-item errors are not ignored.
	 */
	protected function item_error( string $message, array $options ): void {
		$this->errors[] = $message;
		$this->count( 'errors' );
		if ( empty( $options['ignore_errors'] ) ) {
			throw new CatalogItemError( $message );
		}
	}

	/**
	 * What a dry run lists (kept as a plan row of the job's run; nothing else is written).
	 *
	 * @param array  $options   Job options (run_id).
	 * @param string $action    The action: create, link, update, send, skip.
	 * @param int    $local_id  Local id (0 when none yet).
	 * @param string $remote_id Remote id ('' when none yet).
	 * @param string $what      What it is (SKU, name, code).
	 */
	protected function plan( array $options, string $action, int $local_id, string $remote_id, string $what ): void {
		global $wpdb;
		if ( self::dry( $options ) ) {
			$this->count( 'planned_' . $action );
		}
		if ( empty( $options['run_id'] ) ) {
			return;
		}
		$wpdb->insert(
			Schema::plan_table(),
			array(
				'run_id'    => (int) $options['run_id'],
				'action'    => substr( $action, 0, 16 ),
				'local_id'  => $local_id,
				'remote_id' => $remote_id,
				'field'     => substr( $this->mode, 0, 32 ),
				'new_value' => $what,
			)
		);
	}

	/**
	 * The step's result.
	 *
	 * @param bool  $done     Finished.
	 * @param int   $done_n   Items done.
	 * @param int   $total    Items in all.
	 * @param array $counts   Counts (the step's own are added).
	 */
	protected function result( bool $done, int $done_n, int $total, array $counts = array() ): array {
		$out          = array(
			'done'     => $done,
			'progress' => array( $done_n, max( $done_n, $total ) ),
			'counts'   => $this->counts + $counts,
			'errors'   => $this->errors,
		);
		$this->counts = array();
		$this->errors = array();
		return $out;
	}

	/**
	 * Dry run?
	 *
	 * @param array $options Job options.
	 */
	protected static function dry( array $options ): bool {
		return ! empty( $options['dry_run'] );
	}

	/**
	 * Stages fetched Sitoo items as plan rows of the run (action $kind), so the next steps read them in id order.
	 *
	 * @param int    $run_id Run id.
	 * @param string $kind   Stage name (≤ 16 characters).
	 * @param array  $rows   [[remote_id, parent_id, field, json], ...].
	 */
	protected static function stage( int $run_id, string $kind, array $rows ): void {
		global $wpdb;
		foreach ( array_chunk( $rows, 500 ) as $chunk ) {
			$values = array();
			$args   = array();
			foreach ( $chunk as $r ) {
				$values[] = '(%d, %s, %s, %d, %s, %s)';
				array_push( $args, $run_id, $kind, (string) $r[0], (int) $r[1], (string) $r[2], (string) $r[3] );
			}
			$wpdb->query( $wpdb->prepare( 'INSERT INTO ' . Schema::plan_table() . ' (run_id, action, remote_id, parent_id, field, new_value) VALUES ' . implode( ',', $values ), $args ) ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- the placeholders are in $values.
		}
	}

	/**
	 * The next staged rows not yet applied.
	 *
	 * @param int    $run_id Run id.
	 * @param string $kind   Stage name.
	 * @param int    $limit  How many.
	 * @param string $where  Extra condition (trusted SQL).
	 */
	protected static function staged( int $run_id, string $kind, int $limit, string $where = '' ): array {
		global $wpdb;
		return $wpdb->get_results( $wpdb->prepare( 'SELECT id, remote_id, parent_id, field, new_value FROM ' . Schema::plan_table() . " WHERE run_id = %d AND action = %s AND applied = 0 {$where} ORDER BY id LIMIT %d", $run_id, $kind, $limit ), ARRAY_A );
	}

	/**
	 * Marks staged rows done.
	 *
	 * @param int[] $ids Plan row ids.
	 */
	protected static function applied( array $ids ): void {
		global $wpdb;
		if ( $ids ) {
			$wpdb->query( 'UPDATE ' . Schema::plan_table() . ' SET applied = 1 WHERE id IN (' . implode( ',', array_map( 'intval', $ids ) ) . ')' );
		}
	}

	/**
	 * Staged rows of a kind: [all, applied].
	 *
	 * @param int    $run_id Run id.
	 * @param string $kind   Stage name.
	 * @param string $where  Extra condition (trusted SQL).
	 */
	protected static function staged_count( int $run_id, string $kind, string $where = '' ): array {
		global $wpdb;
		$r = $wpdb->get_row( $wpdb->prepare( 'SELECT COUNT(*), COALESCE(SUM(applied), 0) FROM ' . Schema::plan_table() . " WHERE run_id = %d AND action = %s {$where}", $run_id, $kind ), ARRAY_N );
		return array( (int) $r[0], (int) $r[1] );
	}

	/**
	 * The run id the job gives (a step outside a job stages under run 0).
	 *
	 * @param array $options Job options.
	 */
	protected static function run_id( array $options ): int {
		return (int) ( $options['run_id'] ?? 0 );
	}
}
