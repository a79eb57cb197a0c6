<?php
/**
 * Builds the extension's connector objects from the owner's settings.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Infra;

use ErpSync\Plugin\Orders\Pipeline;
use ErpSync\Plugin\Orders\VascoCountries;

defined( 'ABSPATH' ) || exit;

/** Connector factory. */
final class Connectors {

	const CLASSES = array(
		'sors'     => '\ErpSync\Connector\Sors',
		'vasco'    => '\ErpSync\Connector\Vasco',
		'sitoo'    => '\ErpSync\Connector\Sitoo',
		'logistos' => '\ErpSync\Connector\Logistos',
	);

	/**
	 * The connector object. The connector's constructor throws \ErpSync\ValidationException when a setting is wrong
	 * (the field names it; the message holds no secret).
	 *
	 * @param string     $id       Connector id.
	 * @param array|null $settings Owner's settings to use instead of the stored ones (Test connection before saving).
	 * @throws \InvalidArgumentException When the connector is unknown or the overrides are not a JSON object.
	 * @throws \RuntimeException         When the erpsync PHP extension is not loaded.
	 */
	public static function make( string $id, ?array $settings = null ) {
		if ( ! isset( self::CLASSES[ $id ] ) ) {
			/* translators: %s: connector id */
			throw new \InvalidArgumentException( sprintf( __( 'Unknown back-office "%s".', 'erpsync' ), $id ) );
		}
		if ( ! Environment::extension_ready() ) {
			throw new \RuntimeException( __( 'The erpsync PHP extension is not loaded on this server.', 'erpsync' ) );
		}
		$class = self::CLASSES[ $id ];
		$cs    = Settings::connector_settings( $id, $settings );
		return new $class( 'vasco' === $id ? VascoCountries::into_settings( $cs ) : $cs );
	}

	/** Seconds a shared connector is kept (its caches, e.g. VASCO's partner index, are then read again). */
	const SHARED_TTL = 300;

	/**
	 * Connector objects kept for the whole process: id → [settings hash, made at, object].
	 *
	 * @var array
	 */
	private static $shared = array();

	/**
	 * The connector for queue work: one object per process (a `wp erpsync queue run` batch, a WP-Cron run) instead
	 * of one per action, so that its login token, connections and lookup index serve every action. Made again when
	 * the settings change or after SHARED_TTL seconds.
	 *
	 * @param string $id Connector id.
	 * @throws \InvalidArgumentException See make().
	 * @throws \RuntimeException         See make().
	 */
	public static function shared( string $id ) {
		// VASCO's country list lives beside its settings (VascoCountries): a list read since is a change too.
		$hash = md5( (string) wp_json_encode( array( Settings::get( $id ), 'vasco' === $id ? VascoCountries::cached() : null ) ) );
		$now  = time();
		if ( ! isset( self::$shared[ $id ] ) || self::$shared[ $id ][0] !== $hash || $now - self::$shared[ $id ][1] >= self::SHARED_TTL ) {
			self::$shared[ $id ] = array( $hash, $now, self::make( $id ) );
		}
		return self::$shared[ $id ][2];
	}

	/** Forgets the shared connectors (their caches: login token, partner index), e.g. after the back-office was reset. */
	public static function forget(): void {
		self::$shared = array();
		Pipeline::forget_guests();
	}

	/**
	 * Test connection in words: ['ok' => bool, 'message' => string]. Never throws; never shows a secret.
	 *
	 * @param string $id Connector id.
	 */
	public static function test( string $id ): array {
		try {
			$r = self::make( $id )->testConnection();
			return array(
				'ok'      => (bool) $r['ok'],
				'message' => (string) $r['message'],
			);
		} catch ( \Throwable $e ) {
			return array(
				'ok'      => false,
				'message' => Redact::text( $e->getMessage(), Settings::secrets( $id ) ),
			);
		}
	}
}
