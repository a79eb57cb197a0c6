<?php
/**
 * The queries behind ERP Sync → Orders: one (order, back-office) row per mapping row, filtered by back-office,
 * state, date and order/document number, paged; and the failures grouped by reason. Every query is served by an
 * index of the mapping table (Installer: `recent`, `screen`, `link`), so a page stays fast with 100,000 rows.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin\Query;

use ErpSync\Plugin\Infra\Installer;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Orders screen queries. */
final class OrdersQuery {

	const PER_PAGE = 20;

	/**
	 * SQL of a row's reason without the order or customer number that starts it ("order 71: …" → "…"), so that equal
	 * reasons group. Plain string functions (cheaper than REGEXP_REPLACE over thousands of rows).
	 */
	const REASON_SQL = "IF((LEFT(last_error, 6) = 'order ' OR LEFT(last_error, 9) = 'customer ') AND LOCATE(': ', last_error) > 0, SUBSTRING(last_error, LOCATE(': ', last_error) + 2), COALESCE(last_error, ''))";

	/** The states an owner filters by: state → words. */
	public static function states(): array {
		return array(
			'failed'      => __( 'Stopped (needs you)', 'erpsync' ),
			'retry'       => __( 'Waiting to retry', 'erpsync' ),
			'unknown'     => __( 'Waiting to check', 'erpsync' ),
			'queued'      => __( 'Queued', 'erpsync' ),
			'done'        => __( 'Sent', 'erpsync' ),
			'blacklisted' => __( 'Blocked (blacklist)', 'erpsync' ),
		);
	}

	/**
	 * The filters from a request, sanitised: connector, state, from, to (Y-m-d), s (search), paged.
	 *
	 * @param array $in Raw values (e.g. wp_unslash( $_GET )).
	 */
	public static function filters( array $in ): array {
		$f = array(
			'connector' => isset( $in['connector'] ) ? sanitize_key( (string) $in['connector'] ) : '',
			'state'     => isset( $in['state'] ) ? sanitize_key( (string) $in['state'] ) : '',
			'from'      => isset( $in['from'] ) ? self::date( (string) $in['from'] ) : '',
			'to'        => isset( $in['to'] ) ? self::date( (string) $in['to'] ) : '',
			's'         => isset( $in['s'] ) ? trim( sanitize_text_field( (string) $in['s'] ), " #\t" ) : '',
			'paged'     => isset( $in['paged'] ) ? max( 1, absint( $in['paged'] ) ) : 1,
		);
		if ( ! in_array( $f['connector'], Settings::CONNECTORS, true ) ) {
			$f['connector'] = '';
		}
		if ( ! isset( self::states()[ $f['state'] ] ) ) {
			$f['state'] = '';
		}
		return $f;
	}

	/**
	 * A Y-m-d date or ''.
	 *
	 * @param string $d Input.
	 */
	public static function date( string $d ): string {
		return preg_match( '/^\d{4}-\d{2}-\d{2}$/', $d ) ? $d : '';
	}

	/**
	 * A local day boundary (site time zone) as a UTC datetime for the mapping table's updated_at.
	 *
	 * @param string $ymd Y-m-d in the site's time zone.
	 * @param bool   $end End of that day instead of its start.
	 */
	public static function utc_bound( string $ymd, bool $end = false ): string {
		$local = new \DateTimeImmutable( $ymd . ( $end ? ' 23:59:59' : ' 00:00:00' ), wp_timezone() );
		return $local->setTimezone( new \DateTimeZone( 'UTC' ) )->format( 'Y-m-d H:i:s' );
	}

	/**
	 * WHERE clause and its arguments for the filters.
	 *
	 * @param array $f Filters (self::filters()).
	 * @return array{0: string, 1: array}
	 */
	private static function where( array $f ): array {
		global $wpdb;
		$w    = array( "object_type = 'order'" );
		$args = array();
		if ( '' !== $f['connector'] ) {
			$w[]    = 'connector = %s';
			$args[] = $f['connector'];
		}
		if ( '' !== $f['state'] ) {
			$w[]    = 'state = %s';
			$args[] = $f['state'];
		}
		if ( '' !== $f['from'] ) {
			$w[]    = 'updated_at >= %s';
			$args[] = self::utc_bound( $f['from'] );
		}
		if ( '' !== $f['to'] ) {
			$w[]    = 'updated_at <= %s';
			$args[] = self::utc_bound( $f['to'], true );
		}
		if ( '' !== $f['s'] ) {
			// An order number (the shop's order number is its id unless a plugin renumbers) or a document number.
			if ( ctype_digit( $f['s'] ) ) {
				$w[]    = '(local_id = %d OR remote_number = %s)';
				$args[] = (int) $f['s'];
				$args[] = $f['s'];
			} else {
				$w[]    = 'remote_number LIKE %s';
				$args[] = $wpdb->esc_like( $f['s'] ) . '%';
			}
		}
		return array( implode( ' AND ', $w ), $args );
	}

	/**
	 * One page of rows (newest change first) and the total.
	 *
	 * @param array $f Filters (self::filters()).
	 * @return array{rows: array, total: int, pages: int}
	 */
	public static function page( array $f ): array {
		global $wpdb;
		$t                = Installer::map_table();
		list( $w, $args ) = self::where( $f );
		$offset           = ( $f['paged'] - 1 ) * self::PER_PAGE;
		// Deferred join: the ids of the page come from the index alone (no row is read for those OFFSET skips).
		$sql       = "SELECT m.id, m.connector, m.local_id, m.remote_id, m.remote_number, m.state, m.attempts, m.last_error, m.updated_at FROM {$t} AS m INNER JOIN (SELECT id FROM {$t} WHERE {$w} ORDER BY updated_at DESC, id DESC LIMIT %d OFFSET %d) AS k ON k.id = m.id ORDER BY m.updated_at DESC, m.id DESC";
		$rows      = $wpdb->get_results( $wpdb->prepare( $sql, array_merge( $args, array( self::PER_PAGE, $offset ) ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared -- $t is the plugin's table, $w built from fixed fragments with placeholders.
		$count_sql = "SELECT COUNT(*) FROM {$t} WHERE {$w}";
		$total     = (int) $wpdb->get_var( $args ? $wpdb->prepare( $count_sql, $args ) : $count_sql ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
		return array(
			'rows'  => (array) $rows,
			'total' => $total,
			'pages' => max( 1, (int) ceil( $total / self::PER_PAGE ) ),
		);
	}

	/**
	 * Failures grouped by reason: the same reason for many orders is one line ("12 orders: …"). The order number
	 * that starts a message ("order 71: …") is left out so that the same reason groups.
	 *
	 * @param string $connector Only this back-office ('' for all).
	 * @param int    $limit     Most groups.
	 * @return array<int, array{connector: string, reason: string, n: int, last: string, sample: int}>
	 */
	public static function failure_groups( string $connector = '', int $limit = 10 ): array {
		global $wpdb;
		$t    = Installer::map_table();
		$w    = "object_type = 'order' AND state = 'failed'";
		$args = array();
		if ( '' !== $connector ) {
			$w     .= ' AND connector = %s';
			$args[] = $connector;
		}
		$args[] = $limit;
		$reason = self::REASON_SQL;
		$rows   = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare(
				"SELECT connector, {$reason} AS reason, COUNT(*) AS n, MAX(updated_at) AS last, MIN(local_id) AS sample FROM {$t} WHERE {$w} GROUP BY connector, reason ORDER BY n DESC, last DESC LIMIT %d", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- $reason is the constant REASON_SQL, $t the plugin's table, $w fixed fragments.
				$args
			),
			ARRAY_A
		);
		return array_map(
			static function ( $r ) {
				$r['n']      = (int) $r['n'];
				$r['sample'] = (int) $r['sample'];
				return $r;
			},
			(array) $rows
		);
	}

	/**
	 * The orders stopped with one reason (for "Retry these").
	 *
	 * @param string $connector Back-office.
	 * @param string $reason_text Reason as failure_groups() gives it.
	 * @param int    $limit     Most ids.
	 * @return int[]
	 */
	public static function ids_with_reason( string $connector, string $reason_text, int $limit = 1000 ): array {
		global $wpdb;
		$t      = Installer::map_table();
		$reason = self::REASON_SQL;
		return array_map(
			'intval',
			(array) $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
				$wpdb->prepare(
					"SELECT local_id FROM {$t} WHERE object_type = 'order' AND state = 'failed' AND connector = %s AND {$reason} = %s ORDER BY local_id LIMIT %d", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
					$connector,
					$reason_text,
					$limit
				)
			)
		);
	}
}
