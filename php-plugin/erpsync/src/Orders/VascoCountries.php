<?php
/**
 * VASCO partners carry their country as an id of VASCO's own country list (`drzava`, from SkupniSifranti/drzava,
 * erp-apis.md §2). The list is read with Vasco::countries() once and kept (a transient per VASCO instance, twelve
 * hours; an empty answer one hour), and given to the connector as settings.countries (ISO-2 → id), so a partner in
 * Croatia goes with Croatia's id instead of no country.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** The VASCO country list, cached. */
final class VascoCountries {

	const TTL = 12 * HOUR_IN_SECONDS;

	/** Transient key of the current VASCO instance (production/demo, address, tax number). */
	private static function key(): string {
		return 'erpsync_vasco_countries_' . substr( Settings::environment( 'vasco' ), 0, 20 );
	}

	/**
	 * The cached map ISO-2 → VASCO id, or null when it is not cached (no HTTP call here).
	 */
	public static function cached(): ?array {
		$v = get_transient( self::key() );
		if ( ! is_array( $v ) ) {
			// Another worker may have written it since this process found it missing: WordPress remembers a missing
			// option per process ('notoptions'), and set_transient() of the same list then changes no row and leaves
			// that memory in place, so a worker read the list again for every batch. Forget it and read once more.
			$not = wp_cache_get( 'notoptions', 'options' );
			$t   = '_transient_' . self::key();
			$tt  = '_transient_timeout_' . self::key();
			if ( is_array( $not ) && ( isset( $not[ $t ] ) || isset( $not[ $tt ] ) ) ) {
				unset( $not[ $t ], $not[ $tt ] );
				wp_cache_set( 'notoptions', $not, 'options' );
				$v = get_transient( self::key() );
			}
		}
		return is_array( $v ) ? $v : null;
	}

	/**
	 * Reads the list from VASCO and caches the map. The connector's exceptions pass through (the caller retries).
	 *
	 * @param object $connector An ErpSync\Connector\Vasco.
	 */
	public static function refresh( $connector ): array {
		$map = array();
		foreach ( (array) $connector->countries() as $row ) {
			if ( ! is_array( $row ) ) {
				continue;
			}
			$row  = array_change_key_case( $row, CASE_LOWER );
			$code = strtoupper( trim( (string) ( $row['oznaka'] ?? $row['iso'] ?? $row['isokoda'] ?? $row['koda'] ?? '' ) ) );
			$id   = $row['sifra'] ?? $row['id'] ?? null;
			if ( 2 === strlen( $code ) && ctype_alpha( $code ) && null !== $id && '' !== (string) $id ) {
				$map[ $code ] = is_numeric( $id ) ? (int) $id : (string) $id;
			}
		}
		set_transient( self::key(), $map, $map ? self::TTL : HOUR_IN_SECONDS );
		return $map;
	}

	/**
	 * Adds settings.countries to the connector settings from the cache, unless the owner gave them (overrides).
	 *
	 * @param array $settings Connector settings (Settings::connector_settings('vasco')).
	 */
	public static function into_settings( array $settings ): array {
		$map = self::cached();
		if ( empty( $settings['countries'] ) && $map ) {
			$settings['countries'] = $map;
		}
		return $settings;
	}

	/**
	 * Whether the list still has to be read before a partner is created (nothing cached, none given).
	 */
	public static function missing(): bool {
		return null === self::cached() && empty( Settings::connector_settings( 'vasco' )['countries'] );
	}
}
