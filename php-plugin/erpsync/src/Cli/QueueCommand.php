<?php
/**
 * WP-CLI: `wp erpsync queue run|list` — the erpsync group of Action Scheduler.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Cli;

use ErpSync\Plugin\Orders\AfterExport;
use ErpSync\Plugin\Orders\Queue;

use ErpSync\Plugin\Orders\BatchRunner;

defined( 'ABSPATH' ) || exit;

/**
 * The erpsync queue (Action Scheduler group erpsync).
 */
final class QueueCommand {

	/**
	 * Runs the due erpsync actions now (for system cron: `* * * * * wp erpsync queue run`).
	 *
	 * ## OPTIONS
	 *
	 * [--batch-size=<n>]
	 * : Actions per batch.
	 * ---
	 * default: 25
	 * ---
	 *
	 * [--force]
	 * : Run even when Action Scheduler's limit of concurrent batches is reached.
	 *
	 * [--max=<n>]
	 * : Stop after this many actions (0: until none is due).
	 * ---
	 * default: 0
	 * ---
	 *
	 * @param array $args  Positional.
	 * @param array $assoc Options.
	 * @throws \RuntimeException When Action Scheduler cannot claim actions (other than a passing deadlock).
	 */
	public function run( $args, $assoc ): void {
		$batch = max( 1, (int) ( $assoc['batch-size'] ?? 25 ) );
		$max   = max( 0, (int) ( $assoc['max'] ?? 0 ) );
		$done  = 0;
		// Counted from Action Scheduler's own hooks: the runner's count comes from its progress bar, which is a no-op
		// (always 0) when the output is not a terminal (cron, pipes).
		$count = static function () use ( &$done ) {
			++$done;
		};
		add_action( 'action_scheduler_after_execute', $count );
		add_action( 'action_scheduler_failed_execution', $count );
		// Action Scheduler's own WP-CLI runner: it stakes a claim on each batch, so WP-Cron or another
		// `queue run` never runs the same action at the same time; the export actions of a batch run together
		// (Orders\BatchRunner, docs/performance.md "Queue drain").
		$deadlocks = 0;
		do {
			$runner = new BatchRunner();
			$size   = $max ? min( $batch, $max - $done ) : $batch;
			try {
				// By hook, not by group: while Action Scheduler still migrates from its post store (a fresh or recently
				// updated WooCommerce), claiming by a group that store has never seen throws.
				$found = $runner->setup( $size, array( Queue::EXPORT, Queue::DELIVER, Queue::HISTORY, AfterExport::ACTION ), '', ! empty( $assoc['force'] ) );
			} catch ( \RuntimeException $e ) {
				// Several workers claim from the same table: Action Scheduler throws when its claim UPDATE is a
				// deadlock's victim (nothing was claimed). Claim again, a little later; anything else still stops.
				if ( false === stripos( $e->getMessage(), 'deadlock' ) || ++$deadlocks > 10 ) {
					throw $e;
				}
				usleep( wp_rand( 20000, 100000 ) * $deadlocks );
				$found = $size;
				continue;
			}
			if ( 0 === $found ) {
				break;
			}
			$done += $runner->run( 'WP CLI' ); // the batched exports; the other actions are counted by the hooks.
		} while ( $found === $size && ( ! $max || $done < $max ) );
		remove_action( 'action_scheduler_after_execute', $count );
		remove_action( 'action_scheduler_failed_execution', $count );
		\WP_CLI::success( sprintf( '%d actions run.', $done ) );
	}

	/**
	 * Lists the pending erpsync actions.
	 *
	 * ## OPTIONS
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
	public function list( $args, $assoc ): void {
		$store = \ActionScheduler::store();
		$items = array();
		foreach ( $store->query_actions(
			array(
				'group'    => Queue::GROUP,
				'status'   => \ActionScheduler_Store::STATUS_PENDING,
				'per_page' => 500,
			)
		) as $action_id ) {
			$a       = $store->fetch_action( $action_id );
			$date    = $store->get_date( $action_id );
			$items[] = array(
				'id'   => (int) $action_id,
				'hook' => $a->get_hook(),
				'args' => wp_json_encode( $a->get_args() ),
				'due'  => $date ? $date->format( 'Y-m-d H:i:s' ) : '',
			);
		}
		\WP_CLI\Utils\format_items( $assoc['format'] ?? 'table', $items, array( 'id', 'hook', 'args', 'due' ) );
	}
}
