<?php
/**
 * The request log: every attempt the extension makes, as it reports it through its `log` callback (credentials
 * already redacted in C), stored in {prefix}erpsync_request_log and pruned after the retention period. While an
 * Action Scheduler action runs, the entries are kept and written as one multi-row INSERT when it ends.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Infra;

defined( 'ABSPATH' ) || exit;

/** Request-log writer and retention. */
final class RequestLog {

	const RETENTION_OPTION = 'erpsync_log_retention_days';
	const DEFAULT_DAYS     = 14;
	const EXCERPT_BYTES    = 2000;

	/**
	 * Rows waiting for one multi-row INSERT while an action runs (null: every entry is written at once).
	 *
	 * @var array[]|null
	 */
	private static $buffer = null;

	/** Rows kept at most before they are written anyway. */
	const BUFFER_ROWS = 100;

	/** Hooks: one buffer per Action Scheduler action, written when the action ends however it ends. */
	public static function register(): void {
		add_action( 'action_scheduler_before_execute', array( __CLASS__, 'begin' ), 0 );
		add_action( 'action_scheduler_after_execute', array( __CLASS__, 'flush' ), 0 );
		add_action( 'action_scheduler_failed_execution', array( __CLASS__, 'flush' ), 0 );
		add_action( 'shutdown', array( __CLASS__, 'flush' ), 0 );
	}

	/** From here on, entries are kept and written together by flush(). */
	public static function begin(): void {
		if ( null === self::$buffer ) {
			self::$buffer = array();
		}
	}

	/** Writes the kept entries as one INSERT and stops keeping them. */
	public static function flush(): void {
		$rows         = (array) self::$buffer;
		self::$buffer = null;
		self::insert( $rows );
	}

	/**
	 * The callable to pass as the connectors' `log` setting.
	 *
	 * @param string $connector Connector id (vasco, sors, sitoo, logistos).
	 * @return callable
	 */
	public static function callback( string $connector ): callable {
		return static function ( array $entry ) use ( $connector ): void {
			if ( null === self::$buffer ) {
				self::write( $connector, $entry );
				return;
			}
			self::$buffer[] = self::row( $connector, $entry );
			if ( count( self::$buffer ) >= self::BUFFER_ROWS ) {
				$rows         = self::$buffer;
				self::$buffer = array();
				self::insert( $rows );
			}
		};
	}

	/**
	 * Stores one attempt.
	 *
	 * @param string $connector Connector id.
	 * @param array  $e         Entry from the extension (method, url, status, duration, attempt, bodies, error).
	 */
	public static function write( string $connector, array $e ): void {
		self::insert( array( self::row( $connector, $e ) ) );
	}

	/**
	 * One row's values in column order (strings made valid UTF-8: one bad byte in a reply must not lose the rows).
	 *
	 * @param string $connector Connector id.
	 * @param array  $e         Entry from the extension.
	 */
	private static function row( string $connector, array $e ): array {
		return array(
			substr( sanitize_key( $connector ), 0, 20 ),
			mb_scrub( substr( (string) ( $e['method'] ?? '' ), 0, 10 ), 'UTF-8' ),
			mb_scrub( (string) ( $e['url'] ?? '' ), 'UTF-8' ),
			(int) ( $e['status'] ?? 0 ),
			(int) round( 1000 * (float) ( $e['duration'] ?? 0 ) ),
			(int) ( $e['attempt'] ?? 1 ),
			self::excerpt( (string) ( $e['request_body'] ?? '' ) ),
			self::excerpt( (string) ( $e['response_body'] ?? '' ) ),
			mb_scrub( (string) ( $e['error'] ?? '' ), 'UTF-8' ),
			current_time( 'mysql', true ),
		);
	}

	/**
	 * Writes rows with one INSERT.
	 *
	 * @param array[] $rows Rows from row().
	 */
	private static function insert( array $rows ): void {
		global $wpdb;
		if ( ! $rows ) {
			return;
		}
		$one    = '(%s, %s, %s, %d, %d, %d, %s, %s, %s, %s)';
		$values = implode( ', ', array_fill( 0, count( $rows ), $one ) );
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare(
				'INSERT INTO ' . Installer::log_table() . ' (connector, method, url, status, duration_ms, attempt, request_excerpt, response_excerpt, error, created_at) VALUES ' . $values, // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared,WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare -- one generated group of placeholders per row.
				array_merge( ...$rows )
			)
		);
	}

	/**
	 * The first bytes of a body, cut on a UTF-8 character boundary.
	 *
	 * @param string $body Request or response body.
	 */
	private static function excerpt( string $body ): string {
		if ( strlen( $body ) <= self::EXCERPT_BYTES ) {
			return mb_scrub( $body, 'UTF-8' );
		}
		return mb_scrub( mb_strcut( $body, 0, self::EXCERPT_BYTES, 'UTF-8' ), 'UTF-8' ) . '…';
	}

	/** Days to keep (the setting, 1 to 365). */
	public static function retention_days(): int {
		$days = (int) get_option( self::RETENTION_OPTION, self::DEFAULT_DAYS );
		return max( 1, min( 365, $days ) );
	}

	/** Deletes entries older than the retention period; returns how many. */
	public static function prune(): int {
		global $wpdb;
		$cut = gmdate( 'Y-m-d H:i:s', time() - DAY_IN_SECONDS * self::retention_days() );
		return (int) $wpdb->query( $wpdb->prepare( 'DELETE FROM ' . Installer::log_table() . ' WHERE created_at < %s', $cut ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery,WordPress.DB.PreparedSQL.NotPrepared
	}
}
