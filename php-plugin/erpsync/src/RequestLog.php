<?php
/**
 * The request log: every attempt the extension makes, as it reports it through its `log` callback (credentials
 * already redacted in C), stored in {prefix}erpsync_request_log and pruned after the retention period.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin;

defined( 'ABSPATH' ) || exit;

/** Request-log writer and retention. */
final class RequestLog {

	const RETENTION_OPTION = 'erpsync_log_retention_days';
	const DEFAULT_DAYS     = 14;
	const EXCERPT_BYTES    = 2000;

	/**
	 * The callable to pass as the connectors' `log` setting.
	 *
	 * @param string $connector Connector id (vasco, sors, sitoo, logistos).
	 * @return callable
	 */
	public static function callback( string $connector ): callable {
		return static function ( array $entry ) use ( $connector ): void {
			self::write( $connector, $entry );
		};
	}

	/**
	 * Stores one attempt.
	 *
	 * @param string $connector Connector id.
	 * @param array  $e         Entry from the extension (method, url, status, duration, attempt, bodies, error).
	 */
	public static function write( string $connector, array $e ): void {
		global $wpdb;
		$wpdb->insert( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			Installer::log_table(),
			array(
				'connector'        => substr( sanitize_key( $connector ), 0, 20 ),
				'method'           => substr( (string) ( $e['method'] ?? '' ), 0, 10 ),
				'url'              => (string) ( $e['url'] ?? '' ),
				'status'           => (int) ( $e['status'] ?? 0 ),
				'duration_ms'      => (int) round( 1000 * (float) ( $e['duration'] ?? 0 ) ),
				'attempt'          => (int) ( $e['attempt'] ?? 1 ),
				'request_excerpt'  => self::excerpt( (string) ( $e['request_body'] ?? '' ) ),
				'response_excerpt' => self::excerpt( (string) ( $e['response_body'] ?? '' ) ),
				'error'            => (string) ( $e['error'] ?? '' ),
				'created_at'       => current_time( 'mysql', true ),
			),
			array( '%s', '%s', '%s', '%d', '%d', '%d', '%s', '%s', '%s', '%s' )
		);
	}

	/**
	 * The first bytes of a body, cut on a UTF-8 character boundary.
	 *
	 * @param string $body Request or response body.
	 */
	private static function excerpt( string $body ): string {
		if ( strlen( $body ) <= self::EXCERPT_BYTES ) {
			return $body;
		}
		return mb_strcut( $body, 0, self::EXCERPT_BYTES, 'UTF-8' ) . '…';
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
