<?php
/**
 * WP-CLI: `wp erpsync sitoo-stock stopped` and `wp erpsync sitoo-stock retry <order>...` — the Sitoo stock steps of a
 * physical warehouse stopped after StockStep::TRIES attempts, and their Try again (as on the order screen's Sitoo
 * stock box, Admin\SitooStockUi).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Cli;

use ErpSync\Plugin\Admin\Query\SitooStockQuery;
use ErpSync\Plugin\Sync\Sitoo\StockOrders;
use ErpSync\Plugin\Sync\Sitoo\StockRefunds;

defined( 'ABSPATH' ) || exit;

/**
 * Stopped Sitoo stock steps.
 */
final class SitooStockCommand {

	/**
	 * Lists the Sitoo stock steps stopped after 8 failed attempts (nothing more is sent for them).
	 *
	 * ## OPTIONS
	 *
	 * [--order=<id>]
	 * : Only this order's.
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
	public function stopped( $args, $assoc ): void {
		$rows = array();
		foreach ( SitooStockQuery::stopped( absint( $assoc['order'] ?? 0 ) ) as $s ) {
			$rows[] = array(
				'order'    => $s['order'],
				'step'     => $s['step'],
				'refund'   => $s['refund'] ? $s['refund'] : '',
				'ref'      => $s['ref'],
				'attempts' => $s['attempts'],
				'since'    => gmdate( 'Y-m-d H:i:s', $s['since'] ) . ' UTC',
				'error'    => $s['error'],
			);
		}
		\WP_CLI\Utils\format_items( $assoc['format'] ?? 'table', $rows, array( 'order', 'step', 'refund', 'ref', 'attempts', 'since', 'error' ) );
	}

	/**
	 * Tries again every stopped Sitoo stock step of these orders (the order screen's Try again): each gets its attempts
	 * back and is queued (Action Scheduler, group erpsync); its run reads Sitoo's transactions first, so a send that
	 * did arrive is not sent twice. The order gets a note.
	 *
	 * ## OPTIONS
	 *
	 * <order>...
	 * : Order ids.
	 *
	 * [--dry-run]
	 * : List what would be tried again; change nothing.
	 *
	 * @param array $args  Positional.
	 * @param array $assoc Options.
	 */
	public function retry( $args, $assoc ): void {
		$dry  = ! empty( $assoc['dry-run'] );
		$user = wp_get_current_user();
		$by   = $user->exists() ? (string) $user->display_name . ' (WP-CLI)' : 'WP-CLI';
		$done = 0;
		foreach ( array_map( 'absint', (array) $args ) as $order_id ) {
			$steps = $order_id ? SitooStockQuery::stopped( $order_id ) : array();
			if ( ! $steps ) {
				\WP_CLI::warning( sprintf( 'Order #%d has no stopped Sitoo stock step.', $order_id ) );
				continue;
			}
			foreach ( $steps as $s ) {
				if ( $dry ) {
					\WP_CLI::log( sprintf( 'Order #%d: %s (%s) would be tried again.', $order_id, $s['step'], $s['ref'] ) );
					continue;
				}
				$ok = 'refund' === $s['step'] ? StockRefunds::retry( $s['refund'], $by ) : StockOrders::retry( $order_id, $s['step'], $by );
				if ( $ok ) {
					++$done;
					\WP_CLI::log( sprintf( 'Order #%d: %s (%s) tried again: queued.', $order_id, $s['step'], $s['ref'] ) );
				} else {
					\WP_CLI::warning( sprintf( 'Order #%d: %s (%s) was not tried again (no longer stopped, or Sitoo\'s stock does not go through orders).', $order_id, $s['step'], $s['ref'] ) );
				}
			}
		}
		if ( ! $dry && ! $done ) {
			\WP_CLI::error( 'Nothing was tried again.' );
		}
		if ( ! $dry ) {
			\WP_CLI::success( sprintf( '%d step(s) tried again; Sitoo\'s transactions are read first when they run.', $done ) );
		}
	}
}
