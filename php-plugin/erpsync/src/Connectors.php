<?php
/**
 * Builds the extension's connector objects from the owner's settings.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin;

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
