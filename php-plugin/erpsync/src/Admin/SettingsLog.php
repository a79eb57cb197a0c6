<?php
/**
 * Who changed which back-office settings, and when (for Recent activity): the names of the changed settings, never
 * their values. Kept in the option `erpsync_settings_log` (the last 50 changes).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Settings change log. */
final class SettingsLog {

	const OPTION = 'erpsync_settings_log';
	const KEEP   = 50;

	/** Hooks. */
	public static function register(): void {
		add_action( 'updated_option', array( __CLASS__, 'updated' ), 10, 3 );
	}

	/**
	 * Records a change of an erpsync_<connector> option.
	 *
	 * @param string $option Option name.
	 * @param mixed  $old    Old value.
	 * @param mixed  $new    New value.
	 */
	public static function updated( $option, $old, $new ): void {
		if ( ! is_string( $option ) || ! str_starts_with( $option, 'erpsync_' ) ) {
			return;
		}
		$connector = substr( $option, strlen( 'erpsync_' ) );
		if ( ! in_array( $connector, Settings::CONNECTORS, true ) ) {
			return;
		}
		$old  = is_array( $old ) ? $old : array();
		$new  = is_array( $new ) ? $new : array();
		$keys = array();
		foreach ( array_unique( array_merge( array_keys( $old ), array_keys( $new ) ) ) as $k ) {
			if ( ( $old[ $k ] ?? null ) !== ( $new[ $k ] ?? null ) && ! in_array( $k, array( 'handshake_at', 'api_key_id' ), true ) ) {
				$keys[] = (string) $k;
			}
		}
		if ( ! $keys ) {
			return;
		}
		$log = (array) get_option( self::OPTION, array() );
		array_unshift(
			$log,
			array(
				'at'        => current_time( 'mysql', true ),
				'user'      => get_current_user_id(),
				'connector' => $connector,
				'keys'      => array_slice( $keys, 0, 12 ),
			)
		);
		update_option( self::OPTION, array_slice( $log, 0, self::KEEP ), false );
	}

	/** The recorded changes, newest first. */
	public static function entries(): array {
		return array_values( array_filter( (array) get_option( self::OPTION, array() ), 'is_array' ) );
	}
}
