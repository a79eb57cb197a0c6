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
			if ( ( $old[ $k ] ?? null ) === ( $new[ $k ] ?? null ) || in_array( $k, array( 'handshake_at', 'api_key_id' ), true ) ) {
				continue;
			}
			if ( 'payment_codes' === $k && is_array( $old[ $k ] ?? array() ) && is_array( $new[ $k ] ?? array() ) ) {
				// One field per payment method on the form: name the ones that changed.
				$o = (array) ( $old[ $k ] ?? array() );
				$n = (array) ( $new[ $k ] ?? array() );
				foreach ( array_unique( array_merge( array_keys( $o ), array_keys( $n ) ) ) as $gid ) {
					if ( (string) ( $o[ $gid ] ?? '' ) !== (string) ( $n[ $gid ] ?? '' ) ) {
						$keys[] = 'payment_codes.' . $gid;
					}
				}
				continue;
			}
			$keys[] = (string) $k;
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

	/**
	 * The owner's words for recorded keys: each field's label on the settings form, the key itself only for a
	 * field the form no longer has. Values are never recorded, so none (secret or not) can be shown.
	 *
	 * @param string   $connector Connector id.
	 * @param string[] $keys      Recorded keys.
	 * @return string[]
	 */
	public static function labels( string $connector, array $keys ): array {
		static $defs = array();
		if ( ! isset( $defs[ $connector ] ) ) {
			try {
				$defs[ $connector ] = in_array( $connector, Settings::CONNECTORS, true ) ? Fields::definitions( $connector ) : array();
			} catch ( \Throwable $e ) {
				$defs[ $connector ] = array();
			}
		}
		$out = array();
		foreach ( $keys as $k ) {
			$k = (string) $k;
			if ( isset( $defs[ $connector ][ $k ][1] ) ) {
				$out[] = (string) $defs[ $connector ][ $k ][1];
			} elseif ( 'payment_codes' === $k ) {
				$out[] = __( 'Payment codes', 'erpsync' );
			} else {
				/* translators: %s: setting key */
				$out[] = sprintf( __( '%s (a setting no longer on the form)', 'erpsync' ), $k );
			}
		}
		return $out;
	}

	/** The recorded changes, newest first. */
	public static function entries(): array {
		return array_values( array_filter( (array) get_option( self::OPTION, array() ), 'is_array' ) );
	}
}
