<?php
/**
 * ERP Sync → API tester: one read operation of a back-office's connector (its paths from docs/connectors/*.md),
 * run with the saved settings. The page shows every HTTP attempt as the extension reported it — method, address,
 * status, time, request headers and the reply, all redacted in C before PHP sees them — and the result, with any
 * configured secret replaced once more. Write operations are not offered. Also VASCO's "simulate lookup": which
 * partner an order with this email / VAT number would be matched to, and why.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Environment;
use ErpSync\Plugin\Infra\Mapping;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\RequestLog;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Read-only API tester. */
final class ApiTester {

	const BODY_BYTES = 20000;

	/**
	 * Read operations per back-office: method → [label, path, argument names].
	 */
	public static function operations(): array {
		return array(
			'sors'     => array(
				'testConnection' => array( __( 'Test connection', 'erpsync' ), 'GET /databases', array() ),
				'databases'      => array( __( 'Databases', 'erpsync' ), 'GET /databases', array() ),
				'businessUnits'  => array( __( 'Business units of the database', 'erpsync' ), 'GET /{database}/businessUnits', array() ),
				'productGroups'  => array( __( 'Product groups', 'erpsync' ), 'GET /{database}/productGroups', array() ),
			),
			'vasco'    => array(
				'testConnection' => array( __( 'Test connection (log in, read one partner)', 'erpsync' ), 'POST Avtentikacija, GET SkupniSifranti/partner', array() ),
				'countries'      => array( __( 'Countries', 'erpsync' ), 'GET SkupniSifranti/drzave', array() ),
				'orderState'     => array( __( 'State of an order', 'erpsync' ), 'GET FA/narociloKupca/stanje/{number}/{year}', array( 'number', 'year' ) ),
				'customerDebt'   => array( __( 'Overdue receivables on a day', 'erpsync' ), 'GET FA/terjatvePoZamudi', array( 'date' ) ),
			),
			'sitoo'    => array(
				'testConnection' => array( __( 'Test connection', 'erpsync' ), 'GET /sites.json', array() ),
				'warehouses'     => array( __( 'Warehouses', 'erpsync' ), 'GET /sites/{siteid}/warehouses.json', array() ),
			),
			'logistos' => array(
				'testConnection' => array( __( 'Test connection', 'erpsync' ), 'GET (orders address)', array() ),
			),
		);
	}

	/**
	 * The connector object with a log callback that both stores (request log) and collects the attempts.
	 *
	 * @param string $connector Connector id.
	 * @param array  $calls     Collected attempts (by reference).
	 * @throws \RuntimeException When the erpsync PHP extension is not loaded.
	 */
	private static function connector( string $connector, array &$calls ) {
		if ( ! Environment::extension_ready() ) {
			throw new \RuntimeException( __( 'The erpsync PHP extension is not loaded on this server.', 'erpsync' ) );
		}
		$settings        = Settings::connector_settings( $connector );
		$store           = RequestLog::callback( $connector );
		$settings['log'] = static function ( array $e ) use ( &$calls, $store ): void {
			$store( $e );
			$calls[] = array(
				'method'          => (string) ( $e['method'] ?? '' ),
				'url'             => (string) ( $e['url'] ?? '' ),
				'status'          => (int) ( $e['status'] ?? 0 ),
				'duration_ms'     => (int) round( 1000 * (float) ( $e['duration'] ?? 0 ) ),
				'attempt'         => (int) ( $e['attempt'] ?? 1 ),
				'request_headers' => (string) ( $e['request_headers'] ?? '' ),
				// The reply's headers, redacted by the extension (Set-Cookie, Authorization-like and secret values masked).
				'reply_headers'   => (string) ( $e['response_headers'] ?? '' ),
				'response_body'   => mb_strcut( (string) ( $e['response_body'] ?? '' ), 0, self::BODY_BYTES, 'UTF-8' ),
				'error'           => (string) ( $e['error'] ?? '' ),
			);
		};
		$class           = Connectors::CLASSES[ $connector ];
		return new $class( $settings );
	}

	/**
	 * Runs one read operation. Returns [ok, connector, operation, time_ms, calls, result, error]; every string
	 * passed through Redact with the connector's secrets.
	 *
	 * @param string $connector Connector id.
	 * @param string $operation Method name (one of operations()).
	 * @param array  $args      Arguments by name.
	 */
	public static function run( string $connector, string $operation, array $args ): array {
		$ops = self::operations();
		if ( ! isset( $ops[ $connector ][ $operation ] ) ) {
			return array(
				'ok'    => false,
				'error' => __( 'This operation is not offered (only read operations are).', 'erpsync' ),
			);
		}
		$calls  = array();
		$result = null;
		$error  = '';
		$t0     = microtime( true );
		try {
			$conn   = self::connector( $connector, $calls );
			$params = array();
			foreach ( $ops[ $connector ][ $operation ][2] as $name ) {
				$v = trim( (string) ( $args[ $name ] ?? '' ) );
				if ( 'year' === $name ) {
					$params[] = '' === $v ? (int) gmdate( 'Y' ) : (int) $v;
				} elseif ( 'date' === $name ) {
					$params[] = '' === $v ? null : $v;
				} else {
					$params[] = $v;
				}
			}
			$result = $conn->$operation( ...$params );
		} catch ( \Throwable $e ) {
			$error = $e->getMessage();
		}
		return self::redact(
			$connector,
			array(
				'ok'        => '' === $error,
				'connector' => $connector,
				'operation' => $operation,
				'time_ms'   => (int) round( 1000 * ( microtime( true ) - $t0 ) ),
				'calls'     => $calls,
				'result'    => null === $result ? '' : mb_strcut( (string) wp_json_encode( $result, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ), 0, self::BODY_BYTES, 'UTF-8' ),
				'error'     => $error,
			)
		);
	}

	/**
	 * VASCO: which partner an order with this email / VAT number would be matched to, and why — the same order of
	 * lookups as an export (a registered customer's stored link, then VAT number, then email), nothing created.
	 *
	 * @param string $email Email.
	 * @param string $vat   VAT number.
	 */
	public static function simulate_lookup( string $email, string $vat ): array {
		$calls = array();
		$steps = array();
		$match = null;
		$why   = '';
		$error = '';
		$t0    = microtime( true );
		try {
			$env  = Settings::environment( 'vasco' );
			$user = '' !== $email ? get_user_by( 'email', $email ) : false;
			if ( $user ) {
				$link = Mapping::get( 'vasco', 'customer', (int) $user->ID );
				if ( $link && 'done' === $link['state'] && '' !== $link['remote_id'] && (string) $link['env'] === $env ) {
					$match = array( 'remote_id' => $link['remote_id'] );
					/* translators: 1: user id */
					$why = sprintf( __( 'stored link of the registered customer #%1$d (made by an earlier order)', 'erpsync' ), (int) $user->ID );
				} else {
					/* translators: %d: user id */
					$steps[] = sprintf( __( 'Registered customer #%d has no stored link in this VASCO instance.', 'erpsync' ), (int) $user->ID );
				}
			} elseif ( '' !== $email ) {
				$steps[] = __( 'No registered customer with this email: a guest order.', 'erpsync' );
			}
			$conn = null;
			if ( ! $match && '' !== $vat ) {
				$conn  = self::connector( 'vasco', $calls );
				$found = $conn->findCustomer(
					array(
						'email'      => 'lookup-by-vat@invalid.example',
						'vat_number' => $vat,
					)
				);
				if ( $found ) {
					$match = $found;
					$why   = __( 'VAT number (davcna) of the partner', 'erpsync' );
				} else {
					$steps[] = __( 'No partner with this VAT number.', 'erpsync' );
				}
			}
			if ( ! $match && '' !== $email ) {
				$conn  = $conn ? $conn : self::connector( 'vasco', $calls );
				$found = $conn->findCustomer( array( 'email' => $email ) );
				if ( $found ) {
					$match = $found;
					$why   = __( 'email of the partner', 'erpsync' );
				} else {
					$steps[] = __( 'No partner with this email.', 'erpsync' );
				}
			}
			if ( ! $match ) {
				$why = __( 'no partner matches: the order would create a new partner in VASCO', 'erpsync' );
			}
		} catch ( \Throwable $e ) {
			$error = $e->getMessage();
		}
		return self::redact(
			'vasco',
			array(
				'ok'        => '' === $error,
				'connector' => 'vasco',
				'operation' => 'simulate_lookup',
				'time_ms'   => (int) round( 1000 * ( microtime( true ) - $t0 ) ),
				'calls'     => $calls,
				'result'    => $match ? (string) wp_json_encode( $match, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE ) : '',
				'why'       => $why,
				'steps'     => $steps,
				'error'     => $error,
			)
		);
	}

	/**
	 * Replaces the connector's secrets in every string of the result.
	 *
	 * @param string $connector Connector id.
	 * @param array  $r         Result.
	 */
	private static function redact( string $connector, array $r ): array { // phpcs:ignore Generic.CodeAnalysis.UnusedFunctionParameter.FoundBeforeLastUsed
		$secrets = null; // every configured secret of every back-office.
		array_walk_recursive(
			$r,
			static function ( &$v ) use ( $secrets ) {
				if ( is_string( $v ) ) {
					$v = Redact::text( $v, $secrets );
				}
			}
		);
		return $r;
	}
}
