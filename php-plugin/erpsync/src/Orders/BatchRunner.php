<?php
/**
 * Action Scheduler's WP-CLI runner, with the export actions of each claimed batch run together by Orders\Batch
 * (one load of the orders, one UPDATE to start and one to complete them, one log INSERT, one commit per order)
 * instead of one by one. Every other action of the batch (deliveries, history pages, after-export documents, an
 * export whose arguments are not the plain pair) runs through Action Scheduler's own process_action(), as before.
 * Loaded only under WP-CLI, after Action Scheduler (its parent class).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

use ErpSync\Plugin\Orders\Queue;

defined( 'ABSPATH' ) || exit;

/** The `wp erpsync queue run` runner. */
final class BatchRunner extends \ActionScheduler_WPCLI_QueueRunner {

	/**
	 * Export actions run by the last run() (the others are counted by Action Scheduler's hooks).
	 *
	 * @var int
	 */
	public $batched = 0;

	/**
	 * When this process last ran Action Scheduler's queue cleaner.
	 *
	 * @var float
	 */
	private static $cleaned = 0.0;

	/** Seconds between two runs of the queue cleaner in one process. */
	const CLEAN_EVERY = 60;

	/**
	 * Action Scheduler's queue cleaner (old actions deleted, timed-out claims reset, stuck actions failed), which its
	 * runner calls before every batch, runs at most once a minute per process: each run is several queries over the
	 * whole actions table, and what it looks for (claims and actions older than minutes) does not change from one
	 * batch of a queue run to the next. Several workers' cleaners may meet the same timed-out action: the one that
	 * comes second no longer ends its worker.
	 */
	protected function run_cleanup() {
		if ( microtime( true ) - self::$cleaned >= self::CLEAN_EVERY ) {
			self::$cleaned = microtime( true );
			try {
				parent::run_cleanup();
			} catch ( \InvalidArgumentException $e ) {
				// Another worker's cleaner marked the same timed-out action first (Action Scheduler throws when its
				// UPDATE finds the action changed): nothing is left to do, and the worker goes on.
				unset( $e );
			}
		}
	}

	/**
	 * Runs the claimed actions: the plain export actions as one batch, then the others one by one.
	 *
	 * @param string $context Runner context.
	 * @return int Actions run.
	 */
	public function run( $context = 'WP CLI' ) {
		global $wpdb;
		do_action( 'action_scheduler_before_process_queue' );
		$ids     = array_map( 'intval', (array) $this->actions );
		$exports = array();
		$rest    = $ids;
		if ( $ids ) {
			$in   = implode( ',', $ids );
			$rows = $wpdb->get_results( "SELECT action_id, hook, args, extended_args, status FROM {$wpdb->actionscheduler_actions} WHERE action_id IN ({$in})", ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- Action Scheduler's table; $in are integers.
			foreach ( (array) $rows as $r ) {
				$args = json_decode( (string) $r['args'], true );
				if ( Queue::EXPORT === $r['hook'] && 'pending' === $r['status'] && empty( $r['extended_args'] ) && is_array( $args )
					&& array( 'order_id', 'connector' ) === array_keys( $args ) && is_int( $args['order_id'] ) && is_string( $args['connector'] ) ) {
					$exports[ (int) $r['action_id'] ] = array( $args['order_id'], $args['connector'] );
				}
			}
			$rest = array_values( array_diff( $ids, array_keys( $exports ) ) );
		}
		$this->batched = Batch::run( $exports, (int) $this->claim->get_id(), (string) $context );
		foreach ( $rest as $action_id ) {
			if ( ! in_array( $action_id, $this->store->find_actions_by_claim_id( $this->claim->get_id() ), true ) ) {
				\WP_CLI::warning( __( 'The claim has been lost. Aborting current batch.', 'erpsync' ) );
				break;
			}
			$this->process_action( $action_id, $context );
		}
		$this->release();
		do_action( 'action_scheduler_after_process_queue' );
		return $this->batched;
	}

	/** Tries a claim release this many times before the worker goes on without it. */
	const RELEASE_TRIES = 5;

	/**
	 * Action Scheduler's release of the claim (a read, an UPDATE and a DELETE) with one commit. With several workers
	 * the database can pick this UPDATE as a deadlock victim (its `claim_id = 0` meets another worker's claim on the
	 * same index; Action Scheduler then throws, which ended the worker with a fatal error — seen in the 4-worker
	 * drain benchmark): the release is tried again after a short random wait. When it still fails, the worker warns
	 * and goes on: the claim's actions are complete or failed already, and a claim left on a pending one is reset
	 * by Action Scheduler's cleaner once it times out.
	 */
	private function release(): void {
		global $wpdb;
		for ( $try = 1; ; $try++ ) {
			$wpdb->query( 'START TRANSACTION' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			try {
				$this->store->release_claim( $this->claim );
				$wpdb->query( 'COMMIT' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
				return;
			} catch ( \RuntimeException $e ) {
				$wpdb->query( 'ROLLBACK' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
				if ( $try >= self::RELEASE_TRIES ) {
					\WP_CLI::warning(
						sprintf(
							/* translators: 1: claim id, 2: tries, 3: database error */
							__( 'Could not release the queue claim %1$d after %2$d tries (%3$s); going on: Action Scheduler resets it when it times out.', 'erpsync' ),
							(int) $this->claim->get_id(),
							$try,
							$wpdb->last_error ? $wpdb->last_error : $e->getMessage()
						)
					);
					return;
				}
				usleep( wp_rand( 5000, 25000 ) * $try );
			}
		}
	}
}
