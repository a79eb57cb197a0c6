<?php
/**
 * Last line of defence for messages shown or logged by the plugin: any configured secret is replaced. The
 * extension already redacts credentials in C; this covers messages that pass through PHP (exceptions of other code).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Infra;

defined( 'ABSPATH' ) || exit;

/** Secret redaction. */
final class Redact {

	/**
	 * The text with every secret replaced by "[redacted]".
	 *
	 * @param string   $text    Text.
	 * @param string[] $secrets Secrets (defaults to every connector's).
	 */
	public static function text( string $text, ?array $secrets = null ): string {
		if ( null === $secrets ) {
			$secrets = array();
			foreach ( Settings::CONNECTORS as $id ) {
				$secrets = array_merge( $secrets, Settings::secrets( $id ) );
			}
		}
		foreach ( $secrets as $s ) {
			if ( strlen( (string) $s ) >= 4 ) {
				$text = str_replace( (string) $s, '[redacted]', $text );
			}
		}
		return $text;
	}
}
