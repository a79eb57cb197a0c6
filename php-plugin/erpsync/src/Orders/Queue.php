<?php
/**
 * The order side on Action Scheduler. A status transition only queues (the checkout request makes no HTTP call);
 * one action per (order, connector) in group `erpsync` runs the pipeline, and the outcome decides what follows:
 * a new action after the backoff (Action Scheduler has no retry of its own), an order note, a delivery (Sitoo),
 * the next batch of historical orders (Logistos).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Environment;
use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Queueing and running exports. */
final class Queue {

	const GROUP         = 'erpsync';
	const EXPORT        = 'erpsync_export_order';
	const DELIVER       = 'erpsync_sitoo_deliver';
	const HISTORY       = 'erpsync_logistos_history';
	const HISTORY_PAGE  = 50;
	const BUSY_DELAY    = 300;
	const RESCUE_OPTION = 'erpsync_rescue_queue';

	/** Hooks. */
	public static function register(): void {
		add_action( 'woocommerce_order_status_changed', array( __CLASS__, 'on_status_changed' ), 10, 4 );
		// An order created directly in a status (REST API, admin, imports) has no "changed" transition.
		add_action( 'woocommerce_new_order', array( __CLASS__, 'on_new_order' ), 10, 2 );
		add_action( self::EXPORT, array( __CLASS__, 'run_export' ), 10, 2 );
		add_action( self::DELIVER, array( __CLASS__, 'run_delivery' ), 10, 2 );
		add_action( self::HISTORY, array( __CLASS__, 'run_history' ), 10, 1 );
		add_action( 'erpsync_daily', array( __CLASS__, 'rescue' ) );
		add_action(
			'action_scheduler_init',
			static function () {
				if ( 'yes' === get_option( self::RESCUE_OPTION ) ) {
					delete_option( self::RESCUE_OPTION );
					self::rescue();
				}
			}
		);
	}

	/**
	 * Safety net (after reactivation, and daily): every export that waits (queued, retry, unknown) but has no
	 * pending action gets one again, so no order is left behind by a lost action. Returns how many.
	 *
	 * @param int $limit Rows per run.
	 */
	public static function rescue( $limit = 500 ): int {
		global $wpdb;
		$rows = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( 'SELECT connector, local_id FROM ' . Installer::map_table() . " WHERE object_type = 'order' AND state IN ('queued', 'retry', 'unknown') ORDER BY id LIMIT %d", (int) $limit ), // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			ARRAY_A
		);
		$n    = 0;
		foreach ( (array) $rows as $r ) {
			if ( Settings::enabled( $r['connector'] ) && ! self::pending( (int) $r['local_id'], $r['connector'] ) ) {
				self::schedule(
					self::EXPORT,
					array(
						'order_id'  => (int) $r['local_id'],
						'connector' => $r['connector'],
					),
					0
				);
				++$n;
			}
		}
		if ( $n ) {
			self::log( 'queue', 'notice', "{$n} waiting exports had no queued action and were queued again" );
		}
		return $n;
	}

	/**
	 * A new order: queued when it is created directly in an export status (checkout creates orders as pending,
	 * so it is the later transition that queues them).
	 *
	 * @param int            $order_id Order id.
	 * @param \WC_Order|null $order    Order.
	 */
	public static function on_new_order( $order_id, $order = null ): void {
		$order = $order instanceof \WC_Order ? $order : wc_get_order( $order_id );
		if ( $order && 'shop_order' === $order->get_type() ) {
			self::on_status_changed( (int) $order_id, '', (string) $order->get_status(), $order );
		}
	}

	/**
	 * Status transition: queue the order for every connector that exports at the new status.
	 *
	 * @param int       $order_id Order id.
	 * @param string    $from     Old status.
	 * @param string    $to       New status.
	 * @param \WC_Order $order    Order.
	 */
	public static function on_status_changed( $order_id, $from, $to, $order = null ): void {
		$order = $order instanceof \WC_Order ? $order : wc_get_order( $order_id );
		if ( ! $order ) {
			return;
		}
		foreach ( Settings::enabled_connectors() as $id ) {
			// An order fetched from Sitoo is Sitoo's own: never exported back to it (no echo).
			if ( 'sitoo' === $id && '' !== (string) $order->get_meta( '_erpsync_sitoo_orderid' ) ) {
				continue;
			}
			if ( in_array( $to, Settings::export_statuses( $id, $order ), true ) ) {
				self::enqueue( (int) $order_id, $id, 0, true );
			}
		}
		if ( 'completed' === $to && Settings::enabled( 'sitoo' ) && 'yes' === Settings::get( 'sitoo' )['deliver_on_complete'] ) {
			$row = Mapping::get( 'sitoo', 'order', (int) $order_id );
			if ( $row && 'done' === $row['state'] ) {
				self::schedule( self::DELIVER, array( 'order_id' => (int) $order_id ), 0 );
			}
		}
	}

	/**
	 * Queues one export. Returns false when the order is already exported.
	 *
	 * @param int    $order_id  Order id.
	 * @param string $connector Connector id.
	 * @param int    $delay     Seconds from now.
	 * @param bool   $restart   Put a stopped export (failed, blacklisted) back in the queue.
	 */
	public static function enqueue( int $order_id, string $connector, int $delay = 0, bool $restart = false ): bool {
		$args = array(
			'order_id'  => $order_id,
			'connector' => $connector,
		);
		// A brand-new export (checkout): no row to reset, no action to replace or look for; one INSERT and the action,
		// without Action Scheduler's "action created" log row (the mapping row says when it was queued; the action's
		// own row has its date): 3 queries in the checkout request.
		if ( Mapping::ensure( $connector, 'order', $order_id ) ) {
			$logger = class_exists( '\ActionScheduler', false ) ? \ActionScheduler::logger() : null;
			$quiet  = $logger && has_action( 'action_scheduler_stored_action', array( $logger, 'log_stored_action' ) );
			if ( $quiet ) {
				$logger->unhook_stored_action();
			}
			try {
				if ( $delay > 0 ) {
					as_schedule_single_action( time() + $delay, self::EXPORT, $args, self::GROUP );
				} else {
					as_enqueue_async_action( self::EXPORT, $args, self::GROUP );
				}
			} finally {
				if ( $quiet ) {
					$logger->hook_stored_action();
				}
			}
			return true;
		}
		$row = Mapping::get( $connector, 'order', $order_id );
		if ( $row && 'done' === $row['state'] ) {
			return false;
		}
		if ( $restart ) {
			Mapping::reset( $connector, 'order', $order_id );
			// Sent now, not after a pending backoff: the waiting action is replaced by an immediate one.
			if ( 0 === $delay ) {
				as_unschedule_action(
					self::EXPORT,
					array(
						'order_id'  => $order_id,
						'connector' => $connector,
					),
					self::GROUP
				);
			}
		}
		Mapping::ensure( $connector, 'order', $order_id );
		self::schedule(
			self::EXPORT,
			array(
				'order_id'  => $order_id,
				'connector' => $connector,
			),
			$delay
		);
		return true;
	}

	/**
	 * Whether an action of this hook and arguments waits in the queue (only pending ones: a running action is not
	 * its own successor).
	 *
	 * @param string $hook Hook.
	 * @param array  $args Arguments.
	 */
	private static function has_pending( string $hook, array $args ): bool {
		return (bool) as_get_scheduled_actions(
			array(
				'hook'     => $hook,
				'args'     => $args,
				'group'    => self::GROUP,
				'status'   => \ActionScheduler_Store::STATUS_PENDING,
				'per_page' => 1,
			),
			'ids'
		);
	}

	/**
	 * One pending action per hook and arguments. Only pending ones count: the running action schedules its own
	 * successor (as_has_scheduled_action() would see the running one and schedule nothing).
	 *
	 * @param string $hook  Action hook (EXPORT, DELIVER or HISTORY).
	 * @param array  $args  Action arguments.
	 * @param int    $delay Seconds from now; 0 runs it as soon as possible.
	 */
	private static function schedule( string $hook, array $args, int $delay ): void {
		$pending = self::has_pending( $hook, $args );
		if ( $pending ) {
			return;
		}
		if ( $delay > 0 ) {
			as_schedule_single_action( time() + $delay, $hook, $args, self::GROUP );
		} else {
			as_enqueue_async_action( $hook, $args, self::GROUP );
		}
	}

	/**
	 * The pending export actions of an order (for the meta box and WP-CLI).
	 *
	 * @param int    $order_id  Order id.
	 * @param string $connector Connector id.
	 */
	public static function pending( int $order_id, string $connector ): bool {
		return self::has_pending(
			self::EXPORT,
			array(
				'order_id'  => $order_id,
				'connector' => $connector,
			)
		);
	}

	/**
	 * Writes to WooCommerce → Status → Logs, source erpsync-<connector>.
	 *
	 * @param string $connector Connector id.
	 * @param string $level     Log level (info, warning, error, ...).
	 * @param string $message   Message (redacted before it is written).
	 */
	public static function log( string $connector, string $level, string $message ): void {
		if ( function_exists( 'wc_get_logger' ) ) {
			wc_get_logger()->log( $level, Redact::text( $message ), array( 'source' => 'erpsync-' . $connector ) );
		}
	}

	/**
	 * The action: one attempt of one export.
	 *
	 * @param int    $order_id  Order id.
	 * @param string $connector Connector id.
	 * @return array The outcome (for WP-CLI and tests).
	 */
	public static function run_export( $order_id, $connector ): array {
		$order = wc_get_order( (int) $order_id );
		return self::export_order( (int) $order_id, $order ? $order : null, (string) $connector );
	}

	/**
	 * One attempt of one export of an order already loaded (the action, and the batch of Orders\Batch).
	 *
	 * @param int            $order_id  Order id.
	 * @param \WC_Order|null $order     The order, or null when it does not exist.
	 * @param string         $connector Connector id.
	 * @return array The outcome (for WP-CLI and tests).
	 */
	public static function export_order( int $order_id, ?\WC_Order $order, string $connector ): array {
		$connector = sanitize_key( $connector );
		$label     = Settings::label( $connector );
		$runner    = 'as-' . getmypid() . '-' . wp_generate_password( 8, false );
		if ( ! $order ) {
			self::log( $connector, 'warning', "order {$order_id}: not found (deleted), nothing sent" );
			if ( Mapping::claim( $connector, 'order', $order_id, $runner ) ) {
				Mapping::failed( $connector, 'order', $order_id, 'failed', 'the order was deleted before it was sent', $runner );
			}
			return array(
				'outcome' => 'failed',
				'error'   => 'order not found',
			);
		}
		$status = (string) $order->get_status();
		if ( in_array( $status, array( 'cancelled', 'refunded', 'failed', 'trash', 'checkout-draft' ), true ) && ! in_array( $status, Settings::export_statuses( $connector, $order ), true ) ) {
			// Cancelled (or the like) while it waited for a retry: not sent; Retry sends it if the owner wants.
			if ( Mapping::claim( $connector, 'order', $order_id, $runner ) ) {
				/* translators: %s: order status */
				$msg = sprintf( __( 'the order is %s: not sent', 'erpsync' ), wc_get_order_status_name( $status ) );
				Mapping::failed( $connector, 'order', $order_id, 'failed', $msg, $runner );
				/* translators: 1: back-office, 2: reason */
				Notes::add( $order, sprintf( __( '%1$s: %2$s.', 'erpsync' ), $label, $msg ) );
			}
			return array(
				'outcome' => 'skipped',
				'error'   => 'order ' . $status,
			);
		}
		if ( ! Environment::extension_ready() ) {
			// The extension is missing (the admin notice says so): wait without using up an attempt.
			self::schedule(
				self::EXPORT,
				array(
					'order_id'  => $order_id,
					'connector' => $connector,
				),
				HOUR_IN_SECONDS
			);
			return array(
				'outcome'  => 'retry',
				'retry_in' => HOUR_IN_SECONDS,
				'error'    => 'the erpsync extension is not loaded',
			);
		}
		if ( ! Settings::enabled( $connector ) ) {
			// Switched off after queueing: the row stays queued; switching on and "Send" re-queues it.
			return array(
				'outcome' => 'skipped',
				'error'   => 'connector disabled',
			);
		}
		try {
			$conn = Connectors::shared( $connector );
		} catch ( \Throwable $e ) {
			$msg = Redact::text( $e->getMessage() );
			if ( ! Mapping::claim( $connector, 'order', $order_id, $runner ) ) {
				return array( 'outcome' => 'busy' );
			}
			Mapping::failed( $connector, 'order', $order_id, 'failed', $msg, $runner );
			/* translators: 1: back-office, 2: reason */
			Notes::add( $order, sprintf( __( '%1$s: not sent, the settings are wrong: %2$s', 'erpsync' ), $label, $msg ) );
			self::log( $connector, 'error', "order {$order_id}: settings: {$msg}" );
			return array(
				'outcome' => 'failed',
				'error'   => $msg,
			);
		}
		return self::attempt( $order, $connector, $conn, $runner );
	}

	/**
	 * The pipeline for one order and what follows it (note, retry, log).
	 *
	 * @param \WC_Order  $order     The order.
	 * @param string     $connector Connector id.
	 * @param object     $conn      Connector object.
	 * @param string     $runner    Runner id.
	 * @param array|null $claimed   The order's row as it was when Orders\Batch claimed it for $runner and marked it
	 *                              `unknown` (null: Pipeline claims it).
	 * @return array The outcome.
	 */
	public static function attempt( \WC_Order $order, string $connector, $conn, string $runner, ?array $claimed = null ): array {
		try {
			$snapshot = Snapshot::order( $order );
			$r        = Pipeline::run( $connector, $conn, $snapshot, Snapshot::customer( $order ), $runner, $claimed );
			if ( 'done' === $r['outcome'] ) {
				AfterExport::exported( $order, $connector, $snapshot ); // the lines as sent, for a later return document.
			}
		} catch ( \Throwable $e ) {
			$r = self::crashed( $order, $connector, $runner, $e );
		}
		return self::finish( $order, $connector, $r );
	}

	/**
	 * An attempt that ended in an exception that is not a back-office answer (a bug, a broken order, a filter gone
	 * wrong): an attempt that counts, then later.
	 *
	 * @param \WC_Order  $order     The order.
	 * @param string     $connector Connector id.
	 * @param string     $runner    Runner id.
	 * @param \Throwable $e         What was thrown.
	 * @return array The outcome.
	 */
	public static function crashed( \WC_Order $order, string $connector, string $runner, \Throwable $e ): array {
		$order_id = (int) $order->get_id();
		$row      = Mapping::get( $connector, 'order', $order_id );
		if ( ! ( $row && $row['claimed_by'] === $runner ) && ! Mapping::claim( $connector, 'order', $order_id, $runner ) ) {
			return array( 'outcome' => 'busy' );
		}
		$row      = Mapping::get( $connector, 'order', $order_id );
		$attempts = (int) $row['attempts'];
		$r        = array(
			'outcome'  => $attempts >= Exporter::MAX_ATTEMPTS ? 'failed' : 'retry',
			'retry_in' => Exporter::backoff( max( 1, $attempts ) ),
			'error'    => Redact::text( $e->getMessage() ),
		);
		$state    = 'failed' === $r['outcome'] ? 'failed' : ( 'unknown' === $row['state'] ? 'unknown' : 'retry' );
		Mapping::failed( $connector, 'order', $order_id, $state, $r['error'], $runner );
		return $r;
	}

	/**
	 * The end of an attempt: the error redacted, then the note, the retry, the log (after()).
	 *
	 * @param \WC_Order $order     The order.
	 * @param string    $connector Connector id.
	 * @param array     $r         Outcome of the attempt.
	 * @return array The outcome.
	 */
	public static function finish( \WC_Order $order, string $connector, array $r ): array {
		if ( isset( $r['error'] ) ) {
			$r['error'] = Redact::text( (string) $r['error'] );
		}
		self::after( $order, $connector, $r );
		return $r;
	}

	/**
	 * What follows an attempt.
	 *
	 * @param \WC_Order $order     The order.
	 * @param string    $connector Connector id.
	 * @param array     $r         Outcome of the attempt.
	 */
	private static function after( \WC_Order $order, string $connector, array $r ): void {
		$id    = (int) $order->get_id();
		$label = Settings::label( $connector );
		switch ( $r['outcome'] ) {
			case 'done':
				$number = (string) ( $r['remote_number'] ?? '' );
				$note   = empty( $r['linked'] )
					/* translators: 1: back-office, 2: its document number */
					? sprintf( __( '%1$s: sent, document %2$s.', 'erpsync' ), $label, $number )
					/* translators: 1: back-office, 2: its document number */
					: sprintf( __( '%1$s: already there as document %2$s (linked, not sent again).', 'erpsync' ), $label, $number );
				Notes::add( $order, $note );
				self::log( $connector, 'info', "order {$id}: done, remote {$number}" . ( empty( $r['linked'] ) ? '' : ' (linked)' ) );
				$fresh = 'sitoo' === $connector ? wc_get_order( $id ) : null; // completed while this attempt ran?
				if ( $fresh && $fresh->has_status( 'completed' ) && 'yes' === Settings::get( 'sitoo' )['deliver_on_complete'] ) {
					self::schedule( self::DELIVER, array( 'order_id' => $id ), 0 );
				}
				break;
			case 'retry':
				$row = Mapping::get( $connector, 'order', $id );
				self::schedule(
					self::EXPORT,
					array(
						'order_id'  => $id,
						'connector' => $connector,
					),
					(int) $r['retry_in']
				);
				if ( $row && (int) $row['attempts'] <= 1 ) {
					/* translators: 1: back-office, 2: reason, 3: minutes */
					Notes::add( $order, sprintf( __( '%1$s: not reached (%2$s); trying again in %3$d min.', 'erpsync' ), $label, $r['error'], max( 1, (int) ceil( $r['retry_in'] / 60 ) ) ) );
				}
				self::log( $connector, 'warning', "order {$id}: retry in {$r['retry_in']} s: {$r['error']}" );
				break;
			case 'busy':
				// Another runner holds the claim; if it died, its claim expires and this action takes over.
				self::schedule(
					self::EXPORT,
					array(
						'order_id'  => $id,
						'connector' => $connector,
					),
					self::BUSY_DELAY
				);
				break;
			case 'failed':
				/* translators: 1: back-office, 2: reason */
				Notes::add( $order, sprintf( __( '%1$s: not sent: %2$s', 'erpsync' ), $label, $r['error'] ) );
				self::log( $connector, 'error', "order {$id}: failed: {$r['error']}" );
				break;
			case 'blacklisted':
				/* translators: %s: back-office */
				Notes::add( $order, sprintf( __( '%s: not sent, the billing email is on the blacklist.', 'erpsync' ), $label ) );
				self::log( $connector, 'info', "order {$id}: blacklisted email, not sent" );
				break;
		}
	}

	/**
	 * Sitoo: deliver a completed order that was exported (Sitoo then reduces its stock). Idempotent at Sitoo.
	 *
	 * @param int $order_id Order id.
	 * @param int $attempt  Which try this is (1 for the first).
	 */
	public static function run_delivery( $order_id, $attempt = 1 ): array {
		$order_id = (int) $order_id;
		$order    = wc_get_order( $order_id );
		$row      = Mapping::get( 'sitoo', 'order', $order_id );
		if ( ! $order || ! $row || 'done' !== $row['state'] || ! Settings::enabled( 'sitoo' ) ) {
			return array( 'ok' => false );
		}
		try {
			/**
			 * Before an exported order is delivered in Sitoo (StockOrders hands back a reduction made at processing, so
			 * the delivery does not reduce twice). Throws to make the delivery wait and be retried.
			 *
			 * @param int $order_id Order id.
			 */
			do_action( 'erpsync_sitoo_before_delivery', $order_id );
			$r = Connectors::make( 'sitoo' )->deliverOrder( (string) $row['remote_id'] );
			/* translators: %s: Sitoo order id */
			$order->add_order_note( sprintf( __( 'Sitoo: order %s delivered.', 'erpsync' ), $row['remote_id'] ) );
			/**
			 * An exported order was delivered in Sitoo (Sitoo reduced its stock): the stock ledger records it (no echo).
			 *
			 * @param int   $order_id Order id.
			 * @param array $r        deliverOrder() result.
			 */
			do_action( 'erpsync_sitoo_order_delivered', $order_id, $r );
			return array( 'ok' => true ) + $r;
		} catch ( \Throwable $e ) {
			$msg = Redact::text( $e->getMessage() );
			$n   = max( 1, (int) $attempt );
			// A refusal that waiting will not change, or too many tries: stop and say so on the order.
			if ( ( $e instanceof \ErpSync\HttpException && ! $e->isRetryable() ) || $e instanceof \ErpSync\ValidationException || $n >= Exporter::MAX_ATTEMPTS ) {
				/* translators: 1: Sitoo order id, 2: reason */
				$order->add_order_note( sprintf( __( 'Sitoo: order %1$s could not be delivered: %2$s', 'erpsync' ), $row['remote_id'], $msg ) );
				self::log( 'sitoo', 'error', "order {$order_id}: delivery failed for good: {$msg}" );
			} else {
				self::log( 'sitoo', 'warning', "order {$order_id}: delivery failed (attempt {$n}): {$msg}" );
				self::schedule(
					self::DELIVER,
					array(
						'order_id' => $order_id,
						'attempt'  => $n + 1,
					),
					Exporter::backoff( $n )
				);
			}
			return array(
				'ok'    => false,
				'error' => $msg,
			);
		}
	}

	/**
	 * Logistos: one batch of historical orders (after the handshake), then the next batch.
	 *
	 * @param int $page Page (1-based).
	 */
	public static function run_history( $page ): array {
		$page = max( 1, (int) $page );
		$s    = Settings::get( 'logistos' );
		if ( ! Settings::enabled( 'logistos' ) || '' === $s['handshake_at'] ) {
			return array( 'sent' => 0 );
		}
		$orders = wc_get_orders(
			array(
				'status'  => array_map( static fn( $st ) => 'wc-' . $st, (array) $s['history_statuses'] ),
				'limit'   => self::HISTORY_PAGE,
				'page'    => $page,
				'orderby' => 'ID',
				'order'   => 'ASC',
				'type'    => 'shop_order',
			)
		);
		$runner = 'history-' . wp_generate_password( 8, false );
		$snaps  = array();
		$by_id  = array();
		foreach ( $orders as $o ) {
			if ( Mapping::claim( 'logistos', 'order', (int) $o->get_id(), $runner ) ) {
				$snaps[]                     = Snapshot::order( $o );
				$by_id[ (int) $o->get_id() ] = $o;
			}
		}
		$sent = 0;
		if ( $snaps ) {
			try {
				$results = Connectors::make( 'logistos' )->pushOrders( $snaps, self::HISTORY_PAGE );
			} catch ( \Throwable $e ) {
				$results = array(
					array(
						'ids'    => array_keys( $by_id ),
						'ok'     => false,
						'status' => 0,
						'error'  => $e->getMessage(),
					),
				);
			}
			foreach ( $results as $batch ) {
				foreach ( (array) $batch['ids'] as $id ) {
					$id = (int) $id;
					if ( $batch['ok'] ) {
						Mapping::done( 'logistos', 'order', $id, (string) $id, (string) $by_id[ $id ]->get_order_number() );
						++$sent;
					} else {
						// Not accepted, or not known to be: the single-order path takes over (lookup first when unknown).
						$status = (int) $batch['status'];
						Mapping::failed( 'logistos', 'order', $id, ( 0 === $status || $status >= 500 ) ? 'unknown' : 'queued', Redact::text( (string) $batch['error'] ) );
						self::schedule(
							self::EXPORT,
							array(
								'order_id'  => $id,
								'connector' => 'logistos',
							),
							Exporter::backoff( 1 )
						);
					}
				}
			}
		}
		if ( count( $orders ) === self::HISTORY_PAGE ) {
			self::schedule( self::HISTORY, array( 'page' => $page + 1 ), 0 );
		}
		self::log( 'logistos', 'info', "historical orders page {$page}: " . count( $orders ) . " read, {$sent} sent" );
		return array(
			'read' => count( $orders ),
			'sent' => $sent,
		);
	}
}
