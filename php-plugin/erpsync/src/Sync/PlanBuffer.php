<?php
/**
 * Writes plan rows in multi-row INSERTs of 1,000 and counts them by action and field/reason.
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
		if ( count( $this->rows ) >= 1000 ) {
			$this->flush();
		}
	}

	/**
	 * Inserts what is waiting: one multi-row INSERT, each string escaped by the database client
	 * (wpdb::_real_escape, what prepare() uses per value) instead of prepare() over a statement of 9,000
	 * placeholders, which re-scans the whole statement with regular expressions and formats every value.
	 */
	public function flush(): void {
		global $wpdb;
		if ( ! $this->rows ) {
			return;
		}
		$values = array();
		foreach ( $this->rows as $r ) {
			$values[] = '(' . $this->run_id . ", '" . $wpdb->_real_escape( (string) $r['action'] ) . "', " . (int) ( $r['local_id'] ?? 0 ) . ', ' . (int) ( $r['parent_id'] ?? 0 )
				. ", '" . $wpdb->_real_escape( (string) ( $r['remote_id'] ?? '' ) ) . "', '" . $wpdb->_real_escape( (string) ( $r['field'] ?? '' ) )
				. "', '" . $wpdb->_real_escape( (string) ( $r['old_value'] ?? '' ) ) . "', '" . $wpdb->_real_escape( (string) ( $r['new_value'] ?? '' ) )
				. "', '" . $wpdb->_real_escape( (string) ( $r['reason'] ?? '' ) ) . "')";
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- the plugin's plan table; every string escaped above, the rest integers.
		$wpdb->query( 'INSERT INTO ' . Schema::plan_table() . ' (run_id, action, local_id, parent_id, remote_id, field, old_value, new_value, reason) VALUES ' . implode( ',', $values ) );
		$this->rows = array();
	}
}
