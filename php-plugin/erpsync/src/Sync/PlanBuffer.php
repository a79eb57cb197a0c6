<?php
/**
 * Writes plan rows in multi-row INSERTs of 500 and counts them by action and field/reason.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

defined( 'ABSPATH' ) || exit;

/** Buffered plan rows. */
final class PlanBuffer {

	/**
	 * Counts: action → field or reason → n.
	 *
	 * @var array
	 */
	public array $counts = array();

	/**
	 * Rows waiting.
	 *
	 * @var array
	 */
	private array $rows = array();

	/**
	 * The run.
	 *
	 * @var int
	 */
	private int $run_id;

	/**
	 * For one run.
	 *
	 * @param int $run_id Run id.
	 */
	public function __construct( int $run_id ) {
		$this->run_id = $run_id;
	}

	/**
	 * Adds a row (action, local_id, parent_id, remote_id, field, old_value, new_value, reason).
	 *
	 * @param array $row Row.
	 */
	public function add( array $row ): void {
		$key                                    = 'skip' === $row['action'] ? (string) ( $row['reason'] ?? '' ) : (string) ( $row['field'] ?? '' );
		$key                                    = '' === $key ? 'all' : $key;
		$this->counts[ $row['action'] ][ $key ] = ( $this->counts[ $row['action'] ][ $key ] ?? 0 ) + 1;
		$this->rows[]                           = $row;
		if ( count( $this->rows ) >= 500 ) {
			$this->flush();
		}
	}

	/** Inserts what is waiting. */
	public function flush(): void {
		global $wpdb;
		if ( ! $this->rows ) {
			return;
		}
		$values = array();
		$args   = array();
		foreach ( $this->rows as $r ) {
			$values[] = '(%d, %s, %d, %d, %s, %s, %s, %s, %s)';
			array_push(
				$args,
				$this->run_id,
				$r['action'],
				(int) ( $r['local_id'] ?? 0 ),
				(int) ( $r['parent_id'] ?? 0 ),
				(string) ( $r['remote_id'] ?? '' ),
				(string) ( $r['field'] ?? '' ),
				(string) ( $r['old_value'] ?? '' ),
				(string) ( $r['new_value'] ?? '' ),
				(string) ( $r['reason'] ?? '' )
			);
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- the plugin's plan table; every value is a placeholder.
		$wpdb->query( $wpdb->prepare( 'INSERT INTO ' . Schema::plan_table() . ' (run_id, action, local_id, parent_id, remote_id, field, old_value, new_value, reason) VALUES ' . implode( ',', $values ), $args ) );
		$this->rows = array();
	}
}
