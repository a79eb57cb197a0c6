<?php
/**
 * Invoice state of orders exported to VASCO. A recurring Action Scheduler action (`erpsync_vasco_invoices`, group
 * `erpsync`; hourly by default, the *VASCO: check invoices* setting) reads `Vasco::orderState(number, year)` for the
 * orders exported in the last *days* (setting, default 14) that have no invoice yet, a batch at a time (setting,
 * default 20; the least recently checked first), and stops the batch when VASCO asks to slow down (429: the next
 * check waits the Retry-After).
 *
 * A fulfilment document in the state's `dobava[]` (erp-apis.md §2: `dokument`, `stevilka`, `leto`, `datum`) whose
 * type is one of *invoice document types* (setting; empty = any document) is the invoice: the order gets the note
 * "VASCO: Invoice … generated" **once**. The mapping table keeps one row per order (`vasco` / `invoice`): state
 * `waiting` with the time of the last check, then `done` with the document. The note and the change to `done` are
 * one database transaction whose UPDATE only one runner can win (`WHERE state <> 'done'`), so two runners polling
 * the same order at once note it once, and a runner that dies in between leaves neither. Notes go through the
 * WooCommerce CRUD (HPOS on or off).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\SyncSettings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- the plugin's mapping table; every value is a placeholder.

/** VASCO invoice state polling. */
final class VascoInvoice {

	const HOOK  = 'erpsync_vasco_invoices';
	const TYPE  = 'invoice';
	const PAUSE = 'erpsync_vasco_invoices_pause';

	/** Hooks. */
	public static function register(): void {
		add_action( self::HOOK, array( __CLASS__, 'poll' ) );
		add_action( 'action_scheduler_init', array( __CLASS__, 'ensure_schedule' ) );
	}

	/**
	 * Keeps one recurring action while VASCO is on and the check is not off (admin and WP-Cron requests only).
	 *
	 * @param bool $force Check whatever the request.
	 */
	public static function ensure_schedule( $force = false ): void {
		if ( ! function_exists( 'as_schedule_recurring_action' ) || ( true !== $force && ! is_admin() && ! wp_doing_cron() ) ) {
			return;
		}
		$every = Settings::enabled( 'vasco' ) ? ( SyncSettings::FREQUENCIES[ SyncSettings::get()['vasco_invoice_frequency'] ] ?? 0 ) : 0;
		$next  = as_next_scheduled_action( self::HOOK, array(), Queue::GROUP );
		$have  = (int) get_option( 'erpsync_vasco_invoices_every', 0 );
		if ( $every > 0 && ( false === $next || $have !== $every ) ) {
			as_unschedule_all_actions( self::HOOK, array(), Queue::GROUP );
			as_schedule_recurring_action( time() + $every, $every, self::HOOK, array(), Queue::GROUP );
			update_option( 'erpsync_vasco_invoices_every', $every, false );
		} elseif ( 0 === $every && false !== $next ) {
			as_unschedule_all_actions( self::HOOK, array(), Queue::GROUP );
			delete_option( 'erpsync_vasco_invoices_every' );
		}
	}

	/**
	 * Orders to check now: exported to VASCO within the window, no invoice yet, least recently (then least often) checked first.
	 *
	 * @param int $limit Batch size.
	 * @return array [[order id, remote id "number.year"], ...]
	 */
	public static function due( int $limit ): array {
		global $wpdb;
		$s      = SyncSettings::get();
		$t      = Installer::map_table();
		$cutoff = gmdate( 'Y-m-d H:i:s', time() - max( 1, (int) $s['vasco_invoice_days'] ) * DAY_IN_SECONDS );
		return (array) $wpdb->get_results(
			$wpdb->prepare(
				"SELECT o.local_id, o.remote_id FROM {$t} o LEFT JOIN {$t} i ON i.connector = o.connector AND i.object_type = %s AND i.local_id = o.local_id
				 WHERE o.connector = 'vasco' AND o.object_type = 'order' AND o.state = 'done' AND o.remote_id <> '' AND o.updated_at >= %s
				   AND ( i.state IS NULL OR i.state <> 'done' )
				 ORDER BY COALESCE( i.updated_at, '1970-01-01' ), COALESCE( i.attempts, 0 ), o.local_id LIMIT %d",
				self::TYPE,
				$cutoff,
				$limit
			),
			ARRAY_N
		);
	}

	/**
	 * One scheduled check: a batch of orders; returns counts (checked, invoiced, errors, paused).
	 *
	 * @param object|null $connector Connector (tests).
	 */
	public static function poll( $connector = null ): array {
		$counts = array(
			'checked'  => 0,
			'invoiced' => 0,
			'errors'   => 0,
			'paused'   => 0,
		);
		if ( ! Settings::enabled( 'vasco' ) || (int) get_option( self::PAUSE, 0 ) > time() ) {
			$counts['paused'] = 1;
			return $counts;
		}
		$s     = SyncSettings::get();
		$rows  = self::due( max( 1, min( 500, (int) $s['vasco_invoice_batch'] ) ) );
		$c     = is_object( $connector ) ? $connector : null;
		$types = array_filter( array_map( 'trim', explode( ',', strtoupper( (string) $s['vasco_invoice_docs'] ) ) ), 'strlen' );
		foreach ( $rows as $r ) {
			$id = (int) $r[0];
			if ( ! preg_match( '/^(\d+)\.(\d{4})$/', (string) $r[1], $m ) ) {
				continue;
			}
			try {
				$c     = $c ? $c : Connectors::shared( 'vasco' );
				$state = $c->orderState( $m[1], (int) $m[2] );
			} catch ( \ErpSync\RateLimitedException $e ) {
				update_option( self::PAUSE, time() + max( 1, (int) ceil( $e->getRetryAfter() ) ), false );
				Queue::log( 'vasco', 'warning', 'invoice check paused: VASCO asked to slow down' );
				$counts['paused'] = 1;
				break;
			} catch ( \Throwable $e ) {
				++$counts['errors'];
				self::checked( $id, $e->getMessage() );
				Queue::log( 'vasco', 'error', sprintf( 'order %d: invoice check failed: %s', $id, $e->getMessage() ) );
				continue;
			}
			++$counts['checked'];
			$doc = self::invoice( $state, $types );
			if ( ! $doc ) {
				self::checked( $id, '' );
				continue;
			}
			if ( self::record( $id, $doc ) ) {
				++$counts['invoiced'];
			}
		}
		return $counts;
	}

	/**
	 * The first document of the state rows that counts as the invoice, or null.
	 *
	 * @param array    $state Rows of orderState().
	 * @param string[] $types Document types that count (empty: any).
	 */
	public static function invoice( array $state, array $types ): ?array {
		foreach ( $state as $row ) {
			foreach ( (array) ( is_array( $row ) ? ( $row['dobava'] ?? array() ) : array() ) as $d ) {
				if ( ! is_array( $d ) || '' === (string) ( $d['stevilka'] ?? '' ) ) {
					continue;
				}
				$type = strtoupper( (string) ( $d['dokument'] ?? '' ) );
				if ( ! $types || in_array( $type, $types, true ) ) {
					return array(
						'type'   => (string) ( $d['dokument'] ?? '' ),
						'number' => (string) $d['stevilka'],
						'year'   => (string) ( $d['leto'] ?? '' ),
						'date'   => (string) ( $d['datum'] ?? '' ),
					);
				}
			}
		}
		return null;
	}

	/**
	 * Notes the time of a check (and its error) on the order's invoice row (made when missing).
	 *
	 * @param int    $id    Order id.
	 * @param string $error Error of the check ('' when it worked).
	 */
	private static function checked( int $id, string $error ): void {
		global $wpdb;
		$t   = Installer::map_table();
		$now = current_time( 'mysql', true );
		$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, state, updated_at) VALUES ('vasco', %s, %d, 'waiting', %s)", self::TYPE, $id, $now ) );
		$wpdb->query( $wpdb->prepare( "UPDATE {$t} SET updated_at = %s, attempts = attempts + 1, last_error = %s WHERE connector = 'vasco' AND object_type = %s AND local_id = %d AND state <> 'done'", $now, $error, self::TYPE, $id ) );
	}

	/**
	 * Records the invoice and notes it on the order, once: one transaction in which only the runner whose UPDATE
	 * changed the row adds the note. Returns whether this call noted it.
	 *
	 * @param int   $id  Order id.
	 * @param array $doc The invoice document.
	 */
	public static function record( int $id, array $doc ): bool {
		global $wpdb;
		$t      = Installer::map_table();
		$now    = current_time( 'mysql', true );
		$number = trim( $doc['type'] . ' ' . $doc['number'] . ( '' !== $doc['year'] ? '/' . $doc['year'] : '' ) );
		$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$t} (connector, object_type, local_id, state, updated_at) VALUES ('vasco', %s, %d, 'waiting', %s)", self::TYPE, $id, $now ) );
		$wpdb->query( 'START TRANSACTION' );
		$won = 1 === (int) $wpdb->query(
			$wpdb->prepare(
				"UPDATE {$t} SET state = 'done', remote_id = %s, remote_number = %s, last_error = %s, updated_at = %s WHERE connector = 'vasco' AND object_type = %s AND local_id = %d AND state <> 'done'",
				$doc['type'] . ':' . $doc['number'] . ':' . $doc['year'],
				$number,
				$doc['date'],
				$now,
				self::TYPE,
				$id
			)
		);
		if ( $won ) {
			/**
			 * Fires inside the transaction that records the invoice, after this runner won the row (before the note).
			 *
			 * @param int   $id  Order id.
			 * @param array $doc The invoice document.
			 */
			do_action( 'erpsync_vasco_invoice_claimed', $id, $doc );
		}
		$order = $won ? wc_get_order( $id ) : null;
		if ( ! $order ) {
			$wpdb->query( 'ROLLBACK' );
			return false;
		}
		try {
			$note = '' !== $doc['date']
				/* translators: 1: document type and number, 2: date */
				? sprintf( __( 'VASCO: Invoice %1$s generated (%2$s).', 'erpsync' ), $number, $doc['date'] )
				/* translators: %s: document type and number */
				: sprintf( __( 'VASCO: Invoice %s generated.', 'erpsync' ), $number );
			$order->add_order_note( $note );
		} catch ( \Throwable $e ) {
			$wpdb->query( 'ROLLBACK' );
			return false;
		}
		$wpdb->query( 'COMMIT' );
		Queue::log( 'vasco', 'info', sprintf( 'order %d: invoice %s noted', $id, $number ) );
		return true;
	}

	/**
	 * The invoice state of an order in words for its meta box ('' when the order was not exported to VASCO).
	 *
	 * @param int $id Order id.
	 */
	public static function label( int $id ): string {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT state, remote_number, last_error, updated_at FROM ' . Installer::map_table() . " WHERE connector = 'vasco' AND object_type = %s AND local_id = %d", self::TYPE, $id ), ARRAY_A );
		if ( $row && 'done' === $row['state'] ) {
			/* translators: %s: document type and number */
			return sprintf( __( 'Invoice %s', 'erpsync' ), $row['remote_number'] ) . ( '' !== (string) $row['last_error'] ? ' (' . $row['last_error'] . ')' : '' );
		}
		if ( $row ) {
			/* translators: %s: date and time */
			return sprintf( __( 'No invoice yet (checked %s)', 'erpsync' ), get_date_from_gmt( $row['updated_at'], get_option( 'date_format' ) . ' ' . get_option( 'time_format' ) ) );
		}
		return __( 'No invoice yet (not checked yet)', 'erpsync' );
	}
}
