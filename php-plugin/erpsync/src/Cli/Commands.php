<?php
/**
 * WP-CLI: `wp erpsync status`, `wp erpsync test-connection <connector>`, `wp erpsync export-orders`,
 * `wp erpsync queue run` for shops that run the queue from system cron instead of WP-Cron, and (their own classes)
 * `wp erpsync sync|runs` and `wp erpsync sitoo-stock stopped|retry`.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Cli;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Orders\AfterExport;
use ErpSync\Plugin\Orders\Queue;
use ErpSync\Plugin\Orders\Snapshot;

defined( 'ABSPATH' ) || exit;

/**
 * Keeps WooCommerce and the back-offices in step.
 */
final class Commands {

	/** Registers the commands. */
	public static function register(): void {
		\WP_CLI::add_command( 'erpsync', self::class );
		\WP_CLI::add_command( 'erpsync queue', QueueCommand::class );
		\WP_CLI::add_command( 'erpsync sync', array( \ErpSync\Plugin\Cli\SyncCommand::class, 'sync' ) );
		\WP_CLI::add_command( 'erpsync runs', array( \ErpSync\Plugin\Cli\SyncCommand::class, 'runs' ) );
		\WP_CLI::add_command( 'erpsync sitoo-stock', SitooStockCommand::class );
	}

	/**
	 * Shows each back-office: enabled, mode, and its orders per state.
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
	public function status( $args, $assoc ): void {
		$counts  = Mapping::order_counts();
		$changed = AfterExport::counts();
		$items   = array();
		foreach ( Settings::CONNECTORS as $id ) {
			$s       = Settings::get( $id );
			$c       = $counts[ $id ] ?? array();
			$items[] = array(
				'connector'   => $id,
				'enabled'     => $s['enabled'],
				'mode'        => (string) ( $s['mode'] ?? '' ),
				'queued'      => ( $c['queued'] ?? 0 ),
				'retry'       => ( $c['retry'] ?? 0 ) + ( $c['unknown'] ?? 0 ),
				'done'        => ( $c['done'] ?? 0 ),
				'failed'      => ( $c['failed'] ?? 0 ),
				'blacklisted' => ( $c['blacklisted'] ?? 0 ),
				'changed'     => ( $changed[ $id ] ?? 0 ), // cancelled or refunded after the export.
			);
		}
		\WP_CLI\Utils\format_items( $assoc['format'] ?? 'table', $items, array( 'connector', 'enabled', 'mode', 'queued', 'retry', 'done', 'failed', 'blacklisted', 'changed' ) );
	}

	/**
	 * Tests the connection to a back-office with the saved settings.
	 *
	 * ## OPTIONS
	 *
	 * <connector>
	 * : sors, vasco, sitoo or logistos.
	 *
	 * @subcommand test-connection
	 * @param array $args  Positional.
	 * @param array $assoc Options.
	 */
	public function test_connection( $args, $assoc ): void {
		$id = (string) $args[0];
		if ( ! in_array( $id, Settings::CONNECTORS, true ) ) {
			\WP_CLI::error( sprintf( 'Unknown connector "%s": use one of %s.', $id, implode( ', ', Settings::CONNECTORS ) ) );
		}
		$r = Connectors::test( $id );
		if ( $r['ok'] ) {
			\WP_CLI::success( $r['message'] );
		} else {
			\WP_CLI::error( $r['message'] );
		}
	}

	/**
	 * Queues orders for export (orders already exported are skipped). With --dry-run nothing is queued: each
	 * order's payload is built and checked, and what would happen is listed.
	 *
	 * ## OPTIONS
	 *
	 * [--connector=<connector>]
	 * : One back-office; default: every enabled one.
	 *
	 * [--status=<status>]
	 * : Comma-separated statuses; default: each connector's export statuses.
	 *
	 * [--since=<date>]
	 * : Only orders created on or after this date (YYYY-MM-DD).
	 *
	 * [--dry-run]
	 * : Check and list, queue nothing.
	 *
	 * [--format=<format>]
	 * : table, csv, json or yaml (the list of --dry-run).
	 * ---
	 * default: table
	 * ---
	 *
	 * @subcommand export-orders
	 * @param array $args  Positional.
	 * @param array $assoc Options.
	 */
	public function export_orders( $args, $assoc ): void {
		$connectors = self::export_connectors( $assoc );
		$plan       = self::export_plan( $connectors, $assoc, self::export_since( $assoc ) );
		$dry        = ! empty( $assoc['dry-run'] );
		$progress   = \WP_CLI\Utils\make_progress_bar( $dry ? 'Checking orders' : 'Queueing orders', count( $plan ) );
		$rows       = array();
		$queued     = 0;
		$conns      = array();
		foreach ( $plan as list( $oid, $id ) ) {
			$row = Mapping::get( $id, 'order', $oid );
			if ( $row && 'done' === $row['state'] ) {
				$rows[] = array(
					'order'     => $oid,
					'connector' => $id,
					'action'    => 'skip',
					'detail'    => 'already sent as ' . $row['remote_number'],
				);
			} elseif ( $dry ) {
				$rows[] = self::dry_run_row( $oid, $id, $conns );
			} else {
				Queue::enqueue( $oid, $id, 0, true );
				++$queued;
			}
			$progress->tick();
		}
		$progress->finish();
		if ( $dry ) {
			\WP_CLI\Utils\format_items( $assoc['format'] ?? 'table', $rows, array( 'order', 'connector', 'action', 'detail' ) );
			return;
		}
		\WP_CLI::success( sprintf( '%d exports queued, %d already sent.', $queued, count( $plan ) - $queued ) );
	}

	/**
	 * The back-offices export-orders sends to: --connector, else every enabled one; stops on an unknown or
	 * disabled one, or when none is enabled.
	 *
	 * @param array $assoc Options.
	 * @return string[]
	 */
	private static function export_connectors( array $assoc ): array {
		$connectors = isset( $assoc['connector'] ) ? array( (string) $assoc['connector'] ) : Settings::enabled_connectors();
		foreach ( $connectors as $id ) {
			if ( ! in_array( $id, Settings::CONNECTORS, true ) ) {
				\WP_CLI::error( sprintf( 'Unknown connector "%s".', $id ) );
			}
			if ( ! Settings::enabled( $id ) ) {
				\WP_CLI::error( sprintf( '%s is not enabled (WooCommerce → Settings → ERP Sync).', Settings::label( $id ) ) );
			}
		}
		if ( ! $connectors ) {
			\WP_CLI::error( 'No back-office is enabled.' );
		}
		return $connectors;
	}

	/**
	 * The --since date as a timestamp (midnight UTC), null without it; stops on anything but YYYY-MM-DD.
	 *
	 * @param array $assoc Options.
	 */
	private static function export_since( array $assoc ): ?int {
		if ( ! isset( $assoc['since'] ) ) {
			return null;
		}
		$since = strtotime( (string) $assoc['since'] . ' 00:00:00 UTC' );
		if ( false === $since || ! preg_match( '/^\d{4}-\d{2}-\d{2}$/', (string) $assoc['since'] ) ) {
			\WP_CLI::error( sprintf( '--since: "%s" is not a date like 2026-11-30.', $assoc['since'] ) );
		}
		return $since;
	}

	/**
	 * The orders to export, oldest first: [order id, connector] for each connector's statuses (--status, else its
	 * export statuses and, for Sitoo, its Click-and-Collect ones) created since $since.
	 *
	 * @param string[] $connectors Connector ids.
	 * @param array    $assoc      Options.
	 * @param int|null $since      Timestamp or null.
	 * @return array<int, array{0: int, 1: string}>
	 */
	private static function export_plan( array $connectors, array $assoc, ?int $since ): array {
		$plan  = array();
		$valid = array_keys( \ErpSync\Plugin\Admin\Fields::statuses() );
		foreach ( $connectors as $id ) {
			$statuses = isset( $assoc['status'] ) ? array_map( 'trim', explode( ',', (string) $assoc['status'] ) ) : Settings::export_statuses( $id );
			if ( ! isset( $assoc['status'] ) && 'sitoo' === $id ) {
				// Click-and-Collect orders have statuses of their own.
				$statuses = array_values( array_unique( array_merge( $statuses, (array) Settings::get( 'sitoo' )['click_and_collect_statuses'] ) ) );
			}
			$bad = array_diff( $statuses, $valid );
			if ( $bad ) {
				\WP_CLI::error( sprintf( '--status: unknown status "%s".', implode( '", "', $bad ) ) );
			}
			$q = array(
				'status'  => array_map( static fn( $s ) => 'wc-' . $s, $statuses ),
				'limit'   => -1,
				'return'  => 'ids',
				'orderby' => 'ID',
				'order'   => 'ASC',
				'type'    => 'shop_order',
			);
			if ( $since ) {
				$q['date_created'] = '>=' . $since;
			}
			foreach ( wc_get_orders( $q ) as $oid ) {
				$plan[] = array( (int) $oid, $id );
			}
		}
		return $plan;
	}

	/**
	 * The --dry-run line of one order: its payload built and checked by the connector (nothing sent), 'send' or
	 * 'invalid' with the reason (secrets redacted).
	 *
	 * @param int    $oid   Order id.
	 * @param string $id    Connector id.
	 * @param array  $conns Connectors made so far, by id (one per connector for the whole run).
	 */
	private static function dry_run_row( int $oid, string $id, array &$conns ): array {
		try {
			$conns[ $id ] = $conns[ $id ] ?? Connectors::make( $id );
			$conns[ $id ]->buildOrderPayload( Snapshot::order( wc_get_order( $oid ) ), array( 'customer_remote_id' => '0' ) );
			return array(
				'order'     => $oid,
				'connector' => $id,
				'action'    => 'send',
				'detail'    => '',
			);
		} catch ( \Throwable $e ) {
			return array(
				'order'     => $oid,
				'connector' => $id,
				'action'    => 'invalid',
				'detail'    => Redact::text( $e->getMessage() ),
			);
		}
	}
}
