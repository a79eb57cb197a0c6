<?php
/**
 * The queries behind ERP Sync → Request log: the attempts stored by RequestLog (redacted by the extension before PHP
 * saw them), filtered by back-office, outcome, method, date and address, newest first. Paging is by id (keyset:
 * "older than #id"), never OFFSET, and the total is counted up to 10,000, so a page stays fast with 1,000,000 rows.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin\Query;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Request log queries. */
final class LogQuery {

	const PER_PAGE  = 50;
	const COUNT_CAP = 10000;
	const CSV_MAX   = 100000;
	const Q_WINDOW  = 100000;

	/** Outcome filters: key → words. */
	public static function outcomes(): array {
		return array(
			'ok'     => __( 'Answered 2xx/3xx', 'erpsync' ),
			'client' => __( 'Refused 4xx', 'erpsync' ),
			'server' => __( 'Server error 5xx', 'erpsync' ),
			'none'   => __( 'No answer (network)', 'erpsync' ),
		);
	}

	/**
	 * Sanitised filters: connector, outcome, method, from, to, q, before (id), after (id).
	 *
	 * @param array $in Raw values.
	 */
	public static function filters( array $in ): array {
		$f = array(
			'connector' => isset( $in['connector'] ) ? sanitize_key( (string) $in['connector'] ) : '',
			'outcome'   => isset( $in['outcome'] ) ? sanitize_key( (string) $in['outcome'] ) : '',
			'method'    => isset( $in['method'] ) ? strtoupper( sanitize_key( (string) $in['method'] ) ) : '',
			'from'      => isset( $in['from'] ) ? OrdersQuery::date( (string) $in['from'] ) : '',
			'to'        => isset( $in['to'] ) ? OrdersQuery::date( (string) $in['to'] ) : '',
			'q'         => isset( $in['q'] ) ? sanitize_text_field( (string) $in['q'] ) : '',
			'before'    => isset( $in['before'] ) ? absint( $in['before'] ) : 0,
			'after'     => isset( $in['after'] ) ? absint( $in['after'] ) : 0,
		);
		if ( ! in_array( $f['connector'], Settings::CONNECTORS, true ) ) {
			$f['connector'] = '';
		}
		if ( ! isset( self::outcomes()[ $f['outcome'] ] ) ) {
			$f['outcome'] = '';
		}
		if ( ! in_array( $f['method'], array( 'GET', 'POST', 'PUT', 'PATCH', 'DELETE' ), true ) ) {
			$f['method'] = '';
		}
		return $f;
	}

	/**
	 * WHERE and arguments (without the paging bounds).
	 *
	 * @param array $f Filters.
	 * @return array{0: string, 1: array}
	 */
	private static function where( array $f ): array {
		global $wpdb;
		$w    = array( '1=1' );
		$args = array();
		if ( '' !== $f['connector'] ) {
			$w[]    = 'connector = %s';
			$args[] = $f['connector'];
		}
		$ranges = array(
			'ok'     => 'status BETWEEN 200 AND 399',
			'client' => 'status BETWEEN 400 AND 499',
			'server' => 'status >= 500',
			'none'   => 'status = 0',
		);
		if ( '' !== $f['outcome'] ) {
			$w[] = $ranges[ $f['outcome'] ];
		}
		if ( '' !== $f['method'] ) {
			$w[]    = 'method = %s';
			$args[] = $f['method'];
		}
		if ( '' !== $f['from'] ) {
			$w[]    = 'created_at >= %s';
			$args[] = OrdersQuery::utc_bound( $f['from'] );
		}
		if ( '' !== $f['to'] ) {
			$w[]    = 'created_at <= %s';
			$args[] = OrdersQuery::utc_bound( $f['to'], true );
		}
		if ( '' !== $f['q'] ) {
			if ( '' === $f['from'] && '' === $f['to'] ) {
				// A text search reads each row: without dates, only the newest Q_WINDOW entries (the page says so).
				$w[]    = 'id > %d';
				$args[] = self::q_floor();
			}
			$w[]    = '(url LIKE %s OR error LIKE %s)';
			$like   = '%' . $wpdb->esc_like( $f['q'] ) . '%';
			$args[] = $like;
			$args[] = $like;
		}
		return array( implode( ' AND ', $w ), $args );
	}

	/**
	 * One page, newest first: rows, total (capped), whether older/newer rows exist.
	 *
	 * @param array $f Filters.
	 * @return array{rows: array, total: int, capped: bool, approx: bool, windowed: bool, older: int, newer: int}
	 */
	public static function page( array $f ): array {
		global $wpdb;
		$t                = Installer::log_table();
		list( $w, $args ) = self::where( $f );
		$page_w           = $w;
		$page_args        = $args;
		$order            = 'DESC';
		if ( $f['before'] ) {
			$page_w     .= ' AND id < %d';
			$page_args[] = $f['before'];
		} elseif ( $f['after'] ) {
			$page_w     .= ' AND id > %d';
			$page_args[] = $f['after'];
			$order       = 'ASC';
		}
		$page_args[] = self::PER_PAGE + 1;
		$rows        = (array) $wpdb->get_results( $wpdb->prepare( "SELECT id, connector, method, url, status, duration_ms, attempt, request_excerpt, response_excerpt, error, created_at FROM {$t} WHERE {$page_w} ORDER BY id {$order} LIMIT %d", $page_args ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders
		$more        = count( $rows ) > self::PER_PAGE;
		$rows        = array_slice( $rows, 0, self::PER_PAGE );
		if ( 'ASC' === $order ) {
			$rows = array_reverse( $rows );
		}
		$cap_args   = $args;
		$cap_args[] = self::COUNT_CAP + 1;
		// A text search reads every row it looks at: no count then (it would read the table a second time).
		$total = '' !== $f['q'] ? count( $rows ) : (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM (SELECT 1 FROM {$t} WHERE {$w} LIMIT %d) AS capped", $cap_args ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders
		$first = $rows ? (int) $rows[0]['id'] : 0;
		$last  = $rows ? (int) end( $rows )['id'] : 0;
		$older = ( 'DESC' === $order ? $more : ( $f['after'] > 0 ) ) ? $last : 0;
		$newer = ( 'ASC' === $order ? $more : ( $f['before'] > 0 ) ) ? $first : 0;
		return array(
			'rows'     => $rows,
			'total'    => min( $total, self::COUNT_CAP ),
			'capped'   => $total > self::COUNT_CAP,
			'approx'   => '' !== $f['q'] && $more,
			'windowed' => '' !== $f['q'] && '' === $f['from'] && '' === $f['to'] && self::q_floor() > 0,
			'older'    => $older,
			'newer'    => $newer,
		);
	}

	/**
	 * Every matching row for the CSV, newest first, in chunks of 1,000 (at most CSV_MAX rows).
	 *
	 * @param array    $f    Filters.
	 * @param callable $each Called with each row.
	 * @return int Rows written.
	 */
	public static function each( array $f, callable $each ): int {
		global $wpdb;
		$t                = Installer::log_table();
		list( $w, $args ) = self::where( $f );
		$before           = PHP_INT_MAX;
		$n                = 0;
		while ( $n < self::CSV_MAX ) {
			$rows = (array) $wpdb->get_results( $wpdb->prepare( "SELECT id, created_at, connector, method, url, status, duration_ms, attempt, error, request_excerpt, response_excerpt FROM {$t} WHERE {$w} AND id < %d ORDER BY id DESC LIMIT 1000", array_merge( $args, array( $before ) ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders
			if ( ! $rows ) {
				break;
			}
			foreach ( $rows as $r ) {
				$each( $r );
				++$n;
				$before = (int) $r['id'];
			}
		}
		return $n;
	}

	/** Text searches without dates look at ids above this (the newest Q_WINDOW entries). */
	public static function q_floor(): int {
		global $wpdb;
		return max( 0, (int) $wpdb->get_var( 'SELECT MAX(id) FROM ' . Installer::log_table() ) - self::Q_WINDOW ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
	}

	/** The oldest entry kept (UTC datetime) or ''. */
	public static function oldest(): string {
		global $wpdb;
		return (string) $wpdb->get_var( 'SELECT MIN(created_at) FROM ' . Installer::log_table() ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
	}
}
