<?php
/**
 * Changes after the export. An order that a back-office already holds and is then cancelled or refunded does not
 * pass silently: an order note says what changed and what the back-office still holds, a mapping row of type
 * `change` marks the order "changed after export" (meta box, orders-list column, `wp erpsync status`), and where
 * the back-office has a document for it and the owner opted in, that document is sent once through the same
 * exactly-once machinery as the export (claim of the row, `unknown` before the send, lookup first after an
 * ambiguous failure, backoff, attempt limit):
 *
 * - SORS: a `return` document referring to the exported one (setting "After the export": return document);
 * - Sitoo: the order set to cancelled, orderstateid 20 (orders cannot be deleted; erp-apis.md §3);
 * - VASCO and Logistos: no cancellation or credit in their APIs (erp-apis.md): the note says to do it by hand.
 *
 * A partial refund is always noted only (the return of part of an order is the owner's call in the back-office).
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

/** Cancel and refund after the export. */
final class AfterExport {

	const TYPE     = 'change';
	const ACTION   = 'erpsync_after_export';
	const SNAPSHOT = '_erpsync_exported_';

	/** Hooks. */
	public static function register(): void {
		add_action( 'woocommerce_order_status_changed', array( __CLASS__, 'on_status_changed' ), 20, 4 );
		add_action( 'woocommerce_order_refunded', array( __CLASS__, 'on_refunded' ), 10, 2 );
		add_action( self::ACTION, array( __CLASS__, 'run' ), 10, 2 );
		add_action( 'erpsync_daily', array( __CLASS__, 'rescue' ) );
	}

	/**
	 * What the owner may choose for a connector: the document the back-office has for a cancelled or refunded
	 * order, if any (id → label). Empty: nothing can be sent.
	 *
	 * @param string $connector Connector id.
	 */
	public static function choices( string $connector ): array {
		switch ( $connector ) {
			case 'sors':
				return array(
					'note'   => __( 'Order note only (make the return in SORS by hand)', 'erpsync' ),
					'return' => __( 'Send a return document to SORS', 'erpsync' ),
				);
			case 'sitoo':
				return array(
					'note'   => __( 'Order note only (cancel the order in Sitoo by hand)', 'erpsync' ),
					'cancel' => __( 'Cancel the order in Sitoo (order state 20)', 'erpsync' ),
				);
		}
		return array();
	}

	/**
	 * The settings field of a connector (for Admin\Fields), or none.
	 *
	 * @param string $connector Connector id.
	 */
	public static function fields( string $connector ): array {
		$choices = self::choices( $connector );
		if ( ! $choices ) {
			return array();
		}
		return array(
			'after_export' => array( 'select', __( 'After the export: cancel or full refund', 'erpsync' ), __( 'What happens when an order this back-office already holds is cancelled or refunded in full. A partial refund is always only noted on the order.', 'erpsync' ), $choices ),
		);
	}

	/**
	 * The document the owner chose for this connector ('return', 'cancel'), or '' (note only).
	 *
	 * @param string $connector Connector id.
	 */
	public static function document( string $connector ): string {
		$choice = (string) ( Settings::get( $connector )['after_export'] ?? 'note' );
		return ( 'note' !== $choice && array_key_exists( $choice, self::choices( $connector ) ) ) ? $choice : '';
	}

	/**
	 * Called by the queue when an export is done: keeps the snapshot that was sent, so that a return document
	 * later carries the lines as exported, not as left after a refund.
	 *
	 * @param \WC_Order $order     Order.
	 * @param string    $connector Connector id.
	 * @param array     $snapshot  The order snapshot the export used.
	 */
	public static function exported( \WC_Order $order, string $connector, array $snapshot ): void {
		/**
		 * An order was exported (its outcome done), with the snapshot that was sent.
		 *
		 * @param int    $order_id  Order id.
		 * @param string $connector Connector id.
		 * @param array  $snapshot  The order snapshot the export used.
		 */
		do_action( 'erpsync_order_exported', (int) $order->get_id(), $connector, $snapshot );
		if ( 'sors' !== $connector ) {
			return; // Only the SORS return document is built from the order's lines.
		}
		$fresh = wc_get_order( $order->get_id() );
		if ( $fresh ) {
			$fresh->update_meta_data( self::SNAPSHOT . $connector, wp_json_encode( $snapshot ) );
			$fresh->save_meta_data();
		}
	}

	/**
	 * Status transition: cancelled, or refunded (in full), after the export.
	 *
	 * @param int            $order_id Order id.
	 * @param string         $from     Old status.
	 * @param string         $to       New status.
	 * @param \WC_Order|null $order    Order.
	 */
	public static function on_status_changed( $order_id, $from, $to, $order = null ): void {
		if ( ! in_array( $to, array( 'cancelled', 'refunded' ), true ) ) {
			return;
		}
		$order = $order instanceof \WC_Order ? $order : wc_get_order( $order_id );
		if ( $order ) {
			self::changed( $order, $to, '' );
		}
	}

	/**
	 * A refund: a partial one is noted here; one that refunds the order in full is handled by the transition to
	 * "refunded" that WooCommerce makes (one note, not two).
	 *
	 * @param int $order_id  Order id.
	 * @param int $refund_id Refund id.
	 */
	public static function on_refunded( $order_id, $refund_id ): void {
		$order  = wc_get_order( $order_id );
		$refund = wc_get_order( $refund_id );
		if ( ! $order || ! $refund || $order->has_status( 'refunded' ) || (float) $order->get_remaining_refund_amount() <= 0 ) {
			return;
		}
		self::changed( $order, 'partial', wc_format_decimal( abs( (float) $refund->get_amount() ), wc_get_price_decimals() ) );
	}

	/**
	 * Records the change for every back-office that holds the order: note, row, and the document when chosen.
	 *
	 * @param \WC_Order $order  Order.
	 * @param string    $what   'cancelled', 'refunded' (in full) or 'partial'.
	 * @param string    $amount Refunded amount (partial refunds).
	 */
	public static function changed( \WC_Order $order, string $what, string $amount ): void {
		$id = (int) $order->get_id();
		foreach ( Settings::CONNECTORS as $c ) {
			$row = Mapping::get( $c, 'order', $id );
			if ( ! $row || 'done' !== $row['state'] ) {
				continue;
			}
			$label = Settings::label( $c );
			$held  = sprintf(
				/* translators: 1: back-office, 2: its document number, 3: order total with currency */
				__( '%1$s still holds document %2$s for %3$s.', 'erpsync' ),
				$label,
				(string) $row['remote_number'],
				html_entity_decode( wp_strip_all_tags( wc_price( $order->get_total(), array( 'currency' => $order->get_currency() ) ) ), ENT_QUOTES, 'UTF-8' )
			);
			if ( 'partial' === $what ) {
				/* translators: 1: back-office, 2: amount with currency */
				$change = sprintf( __( '%1$s: %2$s was refunded after the export.', 'erpsync' ), $label, html_entity_decode( wp_strip_all_tags( wc_price( $amount, array( 'currency' => $order->get_currency() ) ) ), ENT_QUOTES, 'UTF-8' ) );
			} elseif ( 'cancelled' === $what ) {
				/* translators: %s: back-office */
				$change = sprintf( __( '%s: the order was cancelled after the export.', 'erpsync' ), $label );
			} else {
				/* translators: %s: back-office */
				$change = sprintf( __( '%s: the order was refunded in full after the export.', 'erpsync' ), $label );
			}
			$doc  = 'partial' === $what ? '' : self::document( $c );
			$prev = Mapping::get( $c, self::TYPE, $id );
			if ( '' !== $doc && $prev && 'done' === $prev['state'] ) {
				// Sent before (cancelled, reopened, cancelled again): nothing more to send.
				/* translators: 1: back-office, 2: its document number */
				$next = sprintf( __( '%1$s already has it (document %2$s); nothing more is sent.', 'erpsync' ), $label, (string) $prev['remote_number'] );
			} elseif ( '' !== $doc ) {
				$next = 'return' === $doc
					/* translators: %s: back-office */
					? sprintf( __( 'A return document is being sent to %s.', 'erpsync' ), $label )
					/* translators: %s: back-office */
					: sprintf( __( 'The order is being cancelled in %s.', 'erpsync' ), $label );
				self::mark( $c, $id, 'queued', $change );
				self::schedule( $id, $c, 0 );
			} else {
				$next = self::by_hand( $c, $what );
				self::mark( $c, $id, 'manual', $change . ' ' . $next );
			}
			$order->add_order_note( $change . ' ' . $held . ' ' . $next );
			Queue::log( $c, 'notice', "order {$id}: {$what} after the export (document {$row['remote_number']})" . ( '' !== $doc ? ", {$doc} queued" : ', to be done by hand' ) );
		}
	}

	/**
	 * What the owner has to do in the back-office.
	 *
	 * @param string $connector Connector id.
	 * @param string $what      'cancelled', 'refunded' or 'partial'.
	 */
	private static function by_hand( string $connector, string $what ): string {
		switch ( $connector ) {
			case 'sors':
				return __( 'Make the return document in SORS by hand.', 'erpsync' );
			case 'sitoo':
				return 'partial' === $what ? __( 'Make the refund in Sitoo by hand.', 'erpsync' ) : __( 'Cancel the order in Sitoo by hand.', 'erpsync' );
			case 'vasco':
				return __( 'The VASCO API offers no cancellation or credit note: correct the order in VASCO by hand.', 'erpsync' );
		}
		return __( 'Logistos receives orders only: correct the order in Logistos by hand.', 'erpsync' );
	}

	/**
	 * Creates or updates the change row. A document already sent, or one on its way, keeps its state; a row that
	 * only noted a change becomes 'queued' when a document is to be sent after all (a cancel after a partial refund).
	 *
	 * @param string $connector Connector id.
	 * @param int    $id        Order id.
	 * @param string $state     'queued' or 'manual'.
	 * @param string $what      What changed (kept in last_error, shown in the meta box).
	 */
	private static function mark( string $connector, int $id, string $state, string $what ): void {
		global $wpdb;
		$t   = Installer::map_table();
		$now = current_time( 'mysql', true );
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, state, last_error, updated_at) VALUES (%s, %s, %d, %s, %s, %s)", $connector, self::TYPE, $id, $state, $what, $now ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		);
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( "UPDATE {$t} SET state = %s, attempts = 0, last_error = %s, updated_at = %s WHERE connector = %s AND object_type = %s AND local_id = %d AND state IN ('manual', 'failed')", $state, $what, $now, $connector, self::TYPE, $id ) // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		);
	}

	/**
	 * Queues the document (one pending action per order and connector).
	 *
	 * @param int    $id        Order id.
	 * @param string $connector Connector id.
	 * @param int    $delay     Seconds from now.
	 */
	private static function schedule( int $id, string $connector, int $delay ): void {
		$args = array(
			'order_id'  => $id,
			'connector' => $connector,
		);
		if ( as_get_scheduled_actions(
			array(
				'hook'     => self::ACTION,
				'args'     => $args,
				'group'    => Queue::GROUP,
				'status'   => \ActionScheduler_Store::STATUS_PENDING,
				'per_page' => 1,
			),
			'ids'
		) ) {
			return;
		}
		if ( $delay > 0 ) {
			as_schedule_single_action( time() + $delay, self::ACTION, $args, Queue::GROUP );
		} else {
			as_enqueue_async_action( self::ACTION, $args, Queue::GROUP );
		}
	}

	/**
	 * Safety net (daily): a document that waits without a pending action is queued again. Returns how many.
	 */
	public static function rescue(): int {
		global $wpdb;
		$rows = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare( 'SELECT connector, local_id FROM ' . Installer::map_table() . " WHERE object_type = %s AND state IN ('queued', 'retry', 'unknown') ORDER BY id LIMIT 500", self::TYPE ), // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			ARRAY_A
		);
		foreach ( (array) $rows as $r ) {
			self::schedule( (int) $r['local_id'], (string) $r['connector'], 0 );
		}
		return count( (array) $rows );
	}

	/**
	 * The action: one attempt to send the document of a change.
	 *
	 * @param int    $order_id  Order id.
	 * @param string $connector Connector id.
	 * @return array Outcome: done (+ remote_number, linked), retry, busy, failed, skipped (+ error).
	 */
	public static function run( $order_id, $connector ): array {
		$id        = (int) $order_id;
		$connector = sanitize_key( (string) $connector );
		$order     = wc_get_order( $id );
		$export    = Mapping::get( $connector, 'order', $id );
		$change    = Mapping::get( $connector, self::TYPE, $id );
		$doc       = self::document( $connector );
		if ( ! $order || ! $export || 'done' !== $export['state'] || ! $change || in_array( $change['state'], array( 'done', 'manual' ), true ) || '' === $doc ) {
			return array( 'outcome' => 'skipped' );
		}
		if ( ! Environment::extension_ready() || ! Settings::enabled( $connector ) ) {
			return array( 'outcome' => 'skipped' );
		}
		$runner = 'ae-' . getmypid() . '-' . wp_generate_password( 8, false );
		if ( ! Mapping::claim( $connector, self::TYPE, $id, $runner ) ) {
			self::schedule( $id, $connector, Queue::BUSY_DELAY );
			return array( 'outcome' => 'busy' );
		}
		$change   = Mapping::get( $connector, self::TYPE, $id );
		$attempts = (int) $change['attempts'];
		$not_sent = 'unknown' === $change['state'] ? 'unknown' : 'retry';
		$label    = Settings::label( $connector );
		try {
			$conn = Connectors::make( $connector );
			if ( 'return' === $doc ) {
				$snapshot = self::exported_snapshot( $order, $connector );
				$ctx      = array(
					'original_number'    => (string) $export['remote_number'],
					'customer_remote_id' => Pipeline::customer( $connector, $conn, Snapshot::customer( $order ) ),
				);
				if ( 'unknown' === $change['state'] ) {
					$found = $conn->findReturn( $snapshot, $ctx );
					if ( $found ) {
						return self::finish( $order, $connector, $runner, (string) $found['remote_id'], (string) $found['remote_number'], true );
					}
				}
				if ( ! Mapping::sending( $connector, self::TYPE, $id, $runner ) ) {
					return array( 'outcome' => 'busy' );
				}
				$r = $conn->exportReturn( $snapshot, $ctx );
				return self::finish( $order, $connector, $runner, (string) $r['remote_id'], (string) $r['remote_number'], empty( $r['created'] ) );
			}
			// Sitoo: the cancellation reads the order first and is a PUT (idempotent): no separate lookup.
			if ( ! Mapping::sending( $connector, self::TYPE, $id, $runner ) ) {
				return array( 'outcome' => 'busy' );
			}
			$r = $conn->cancelOrder( (string) $export['remote_id'] );
			return self::finish( $order, $connector, $runner, (string) $export['remote_id'], (string) $export['remote_number'], ! empty( $r['already'] ) );
		} catch ( \ErpSync\ValidationException $e ) {
			return self::fail( $order, $connector, $runner, $e->getMessage() );
		} catch ( \ErpSync\RateLimitedException $e ) {
			return self::later( $order, $connector, $runner, $attempts, $not_sent, $e->getMessage(), max( (int) ceil( $e->getRetryAfter() ), Exporter::backoff( $attempts ) ) );
		} catch ( \ErpSync\HttpException $e ) {
			if ( ! $e->isRetryable() ) {
				return self::fail( $order, $connector, $runner, $e->getMessage() );
			}
			return self::later( $order, $connector, $runner, $attempts, 'unknown', $e->getMessage(), Exporter::backoff( $attempts ) );
		} catch ( \ErpSync\TransportException $e ) {
			$state = in_array( $e->getKind(), array( 'dns', 'connect', 'tls' ), true ) ? $not_sent : 'unknown';
			return self::later( $order, $connector, $runner, $attempts, $state, $e->getMessage(), Exporter::backoff( $attempts ) );
		} catch ( \Throwable $e ) {
			return self::later( $order, $connector, $runner, $attempts, 'unknown', $e->getMessage(), Exporter::backoff( $attempts ) );
		}
	}

	/**
	 * The snapshot the export sent (kept at the export), else the current one when the order has no refund.
	 *
	 * @param \WC_Order $order     Order.
	 * @param string    $connector Connector id.
	 * @throws \ErpSync\ValidationException When neither is usable (the lines as exported are not known).
	 */
	private static function exported_snapshot( \WC_Order $order, string $connector ): array {
		$kept = json_decode( (string) $order->get_meta( self::SNAPSHOT . $connector, true ), true );
		if ( is_array( $kept ) && ! empty( $kept['line_items'] ) ) {
			return $kept;
		}
		if ( ! $order->get_refunds() ) {
			return Snapshot::order( $order );
		}
		throw new \ErpSync\ValidationException( 'the lines as exported were not kept (the order was exported by an older version) and the order has refunds: make the return document by hand' );
	}

	/**
	 * Records the document and says so on the order.
	 *
	 * @param \WC_Order $order     Order.
	 * @param string    $connector Connector id.
	 * @param string    $runner    Runner holding the claim.
	 * @param string    $remote_id Back-office id.
	 * @param string    $number    Back-office number.
	 * @param bool      $linked    It was there already (nothing sent now).
	 */
	private static function finish( \WC_Order $order, string $connector, string $runner, string $remote_id, string $number, bool $linked ): array {
		$id = (int) $order->get_id();
		if ( ! Mapping::done( $connector, self::TYPE, $id, $remote_id, $number, $runner, $linked ? 'linked' : 'created' ) ) {
			return array( 'outcome' => 'busy' );
		}
		$label = Settings::label( $connector );
		if ( 'sitoo' === $connector ) {
			$note = $linked
				/* translators: %s: Sitoo order id */
				? sprintf( __( 'Sitoo: order %s was already cancelled there.', 'erpsync' ), $number )
				/* translators: %s: Sitoo order id */
				: sprintf( __( 'Sitoo: order %s cancelled (order state 20).', 'erpsync' ), $number );
		} else {
			$note = $linked
				/* translators: 1: back-office, 2: document number */
				? sprintf( __( '%1$s: the return document %2$s was already there (linked, not sent again).', 'erpsync' ), $label, $number )
				/* translators: 1: back-office, 2: document number */
				: sprintf( __( '%1$s: return document %2$s sent.', 'erpsync' ), $label, $number );
		}
		$order->add_order_note( $note );
		Queue::log( $connector, 'info', "order {$id}: after-export document done: {$number}" . ( $linked ? ' (linked)' : '' ) );
		return array(
			'outcome'       => 'done',
			'remote_number' => $number,
			'linked'        => $linked,
		);
	}

	/**
	 * Stops with the reason (a refusal that waiting will not change).
	 *
	 * @param \WC_Order $order     Order.
	 * @param string    $connector Connector id.
	 * @param string    $runner    Runner holding the claim.
	 * @param string    $error     Reason.
	 */
	private static function fail( \WC_Order $order, string $connector, string $runner, string $error ): array {
		$error = Redact::text( $error );
		Mapping::failed( $connector, self::TYPE, (int) $order->get_id(), 'failed', $error, $runner );
		$order->add_order_note(
			/* translators: 1: back-office, 2: reason */
			sprintf( __( '%1$s: the change after the export could not be sent: %2$s. Correct it in the back-office by hand.', 'erpsync' ), Settings::label( $connector ), $error )
		);
		Queue::log( $connector, 'error', "order {$order->get_id()}: after-export document failed: {$error}" );
		return array(
			'outcome' => 'failed',
			'error'   => $error,
		);
	}

	/**
	 * A failure worth another attempt (after the backoff); after Exporter::MAX_ATTEMPTS it stops.
	 *
	 * @param \WC_Order $order     Order.
	 * @param string    $connector Connector id.
	 * @param string    $runner    Runner holding the claim.
	 * @param int       $attempts  Attempts so far.
	 * @param string    $state     'retry', or 'unknown' when it may have arrived (then looked up first).
	 * @param string    $error     Reason.
	 * @param int       $delay     Seconds before the next attempt.
	 */
	private static function later( \WC_Order $order, string $connector, string $runner, int $attempts, string $state, string $error, int $delay ): array {
		if ( $attempts >= Exporter::MAX_ATTEMPTS ) {
			return self::fail( $order, $connector, $runner, $error );
		}
		$error = Redact::text( $error );
		Mapping::failed( $connector, self::TYPE, (int) $order->get_id(), $state, $error, $runner );
		self::schedule( (int) $order->get_id(), $connector, $delay );
		Queue::log( $connector, 'warning', "order {$order->get_id()}: after-export document: retry in {$delay} s: {$error}" );
		return array(
			'outcome'  => 'retry',
			'retry_in' => $delay,
			'error'    => $error,
		);
	}

	/**
	 * Orders changed after the export, per connector (for WP-CLI and the settings page): connector → count.
	 */
	public static function counts(): array {
		global $wpdb;
		$out = array();
		foreach ( (array) $wpdb->get_results( $wpdb->prepare( 'SELECT connector, COUNT(*) AS n FROM ' . Installer::map_table() . ' WHERE object_type = %s GROUP BY connector', self::TYPE ), ARRAY_A ) as $r ) { // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
			$out[ $r['connector'] ] = (int) $r['n'];
		}
		return $out;
	}

	/**
	 * The change in words for the meta box and the column, or '' when the order did not change after the export.
	 *
	 * @param array|null $row The change row.
	 */
	public static function label( ?array $row ): string {
		if ( ! $row ) {
			return '';
		}
		$states = array(
			'manual'  => __( 'changed after export: correct it in the back-office', 'erpsync' ),
			'queued'  => __( 'changed after export: document queued', 'erpsync' ),
			'retry'   => __( 'changed after export: document waiting to retry', 'erpsync' ),
			'unknown' => __( 'changed after export: document waiting to retry (will check first)', 'erpsync' ),
			'failed'  => __( 'changed after export: document failed', 'erpsync' ),
			/* translators: %s: back-office document number */
			'done'    => sprintf( __( 'changed after export: document %s', 'erpsync' ), (string) $row['remote_number'] ),
		);
		return $states[ $row['state'] ] ?? __( 'changed after export', 'erpsync' );
	}
}
