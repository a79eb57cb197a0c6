<?php
/**
 * The owner's settings, one option per connector (`erpsync_<connector>`, an array), and their translation into the
 * settings array each ErpSync\Connector\* constructor takes (docs/connectors/*.md). Secrets are stored here and
 * leave only towards the extension: never into a page, a log line or an exception message.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Infra;

defined( 'ABSPATH' ) || exit;

/** Per-connector settings. */
final class Settings {

	const CONNECTORS = array( 'sors', 'vasco', 'sitoo', 'logistos' );

	/** Fields that hold secrets: shown masked, never echoed, kept when the form leaves them empty. */
	const SECRETS = array(
		'sors'     => array( 'api_key', 'test_api_key' ),
		'vasco'    => array( 'production_password', 'demo_password' ),
		'sitoo'    => array( 'password', 'sandbox_password' ),
		'logistos' => array( 'bearer_token' ),
	);

	/** Settings an override may not change (addresses, credentials, TLS, the log callback). */
	const LOCKED_OVERRIDES = array( 'base_url', 'production', 'demo', 'handshake_url', 'orders_url', 'proxy', 'ca_file', 'verify_tls', 'api_key', 'api_id', 'username', 'password', 'tax_number', 'bearer_token', 'auth', 'log', 'mode' );

	/**
	 * Display names.
	 *
	 * @param string $id Connector id.
	 */
	public static function label( string $id ): string {
		$labels = array(
			'sors'     => 'SORS',
			'vasco'    => 'VASCO',
			'sitoo'    => 'Sitoo',
			'logistos' => 'Logistos',
		);
		return $labels[ $id ] ?? $id;
	}

	/**
	 * Defaults of every connector's settings: the ones every connector has, then its own.
	 *
	 * @param string $id Connector id.
	 */
	public static function defaults( string $id ): array {
		$common = array(
			'enabled'   => 'no',
			'statuses'  => array( 'processing' ),
			'overrides' => '',
		);
		switch ( $id ) {
			case 'sors':
				return $common + self::sors_defaults();
			case 'vasco':
				return $common + self::vasco_defaults();
			case 'sitoo':
				return $common + self::sitoo_defaults();
			case 'logistos':
				return self::logistos_defaults();
		}
		return $common;
	}

	/** SORS's own defaults: live or test instance, the document it makes, its SKUs for extra lines. */
	private static function sors_defaults(): array {
		return array(
			'mode'          => 'live',
			'base_url'      => 'https://api.sors.rs',
			'test_base_url' => '',
			'api_key'       => '',
			'test_api_key'  => '',
			'database'      => '',
			'test_database' => 'Demo2',
			'business_unit' => '',
			'document_type' => 'invoice',
			'price_type'    => '',
			'stock_mode'    => '',
			'shipping_sku'  => '',
			'fee_sku'       => '',
			'rounding_sku'  => '',
			'tax_rounding'  => 'line',
			'after_export'  => 'note', // AfterExport: 'return' sends a return document.
		);
	}

	/** VASCO's own defaults: production and demo accounts, payment codes, warehouses, articles for extra lines. */
	private static function vasco_defaults(): array {
		return array(
			'mode'                  => 'production',
			'production_base_url'   => '',
			'production_username'   => '',
			'production_password'   => '',
			'production_tax_number' => '',
			'demo_base_url'         => '',
			'demo_username'         => '',
			'demo_password'         => '',
			'demo_tax_number'       => '',
			'payment_codes'         => array(),
			'default_payment_code'  => '',
			'warehouse'             => '1',
			'stock_warehouses'      => '',
			'email_blacklist'       => '',
			'shipping_article'      => '',
			'fee_article'           => '',
			'rounding_article'      => '',
			'tax_rounding'          => 'line',
			'numbering'             => 'shop',
		);
	}

	/** Sitoo's own defaults: live and sandbox accounts, order export, Click and Collect, connection, autosync, triggers, Misc. */
	private static function sitoo_defaults(): array {
		return array(
			'mode'                           => 'live',
			'base_url'                       => '',
			'api_id'                         => '',
			'password'                       => '',
			'sandbox_base_url'               => '',
			'sandbox_api_id'                 => '',
			'sandbox_password'               => '',
			'siteid'                         => '1',
			'warehouse_id'                   => '1',
			'click_and_collect_methods'      => array(),
			'click_and_collect_warehouse_id' => '',
			'click_and_collect_statuses'     => array( 'processing' ),
			'order_state'                    => '0',
			'click_and_collect_order_state'  => '0',
			'shipping_sku'                   => 'SHIPPING',
			'fee_sku'                        => 'FEE',
			'rounding_sku'                   => 'ROUNDING',
			'deliver_on_complete'            => 'yes',
			'after_export'                   => 'note', // AfterExport: 'cancel' sets orderstateid 20.
			// Connection, autosync, triggers (Sync/Sitoo: Connection*, Autosync, Stock*, Orders*).
			'warehouse_type'                 => '', // 'virtual' (warehousetype 20) or 'physical', from the API.
			'autosync_enabled'               => 'no',
			'autosync_stock'                 => 'yes',
			'autosync_orders'                => 'off', // off, all, store2door.
			'orders_in_status'               => 'completed',
			'orders_in_store2door_status'    => 'processing',
			'orders_in_no_tracking'          => 'yes',
			'trigger_stock'                  => 'no',
			'force_stock'                    => 'no',
		) + \ErpSync\Plugin\Sync\Sitoo\MiscSettings::DEFAULTS;
	}

	/** Logistos's defaults, whole: its own statuses, the handshake and orders addresses, consent, history. */
	private static function logistos_defaults(): array {
		return array(
			'enabled'          => 'no',
			'statuses'         => array( 'processing', 'on-hold', 'completed' ),
			'overrides'        => '',
			'handshake_url'    => 'https://admin.logistos.in/integration/integrate_woo_commerce',
			'orders_url'       => 'https://admin.logistos.in/integration/woo_commerce_orders',
			'bearer_token'     => '',
			'consent'          => 'no',
			'history_statuses' => array( 'processing', 'completed' ),
			'handshake_at'     => '',
			'api_key_id'       => 0,
		);
	}

	/**
	 * The stored settings with defaults filled in.
	 *
	 * @param string $id Connector id.
	 */
	public static function get( string $id ): array {
		$stored = get_option( 'erpsync_' . $id, array() );
		return array_merge( self::defaults( $id ), is_array( $stored ) ? $stored : array() );
	}

	/**
	 * Replaces the stored settings (already sanitised).
	 *
	 * @param string $id     Connector id.
	 * @param array  $values Sanitised settings (merged over the stored ones).
	 */
	public static function put( string $id, array $values ): void {
		update_option( 'erpsync_' . $id, array_merge( self::get( $id ), $values ), false );
	}

	/**
	 * Whether the connector is switched on.
	 *
	 * @param string $id Connector id.
	 */
	public static function enabled( string $id ): bool {
		return 'yes' === self::get( $id )['enabled'];
	}

	/**
	 * The connectors switched on.
	 *
	 * @return string[]
	 */
	public static function enabled_connectors(): array {
		return array_values( array_filter( self::CONNECTORS, array( __CLASS__, 'enabled' ) ) );
	}

	/**
	 * The WooCommerce statuses (without `wc-`) at which this order goes to this connector. Sitoo sends
	 * Click-and-Collect orders at their own statuses.
	 *
	 * @param string         $id    Connector id.
	 * @param \WC_Order|null $order The order (for Click-and-Collect).
	 * @return string[]
	 */
	public static function export_statuses( string $id, $order = null ): array {
		$s = self::get( $id );
		if ( 'sitoo' === $id && $order && self::is_click_and_collect( $order ) ) {
			return (array) $s['click_and_collect_statuses'];
		}
		return (array) $s['statuses'];
	}

	/**
	 * Whether the order's first shipping method is one of Sitoo's Click-and-Collect methods.
	 *
	 * @param \WC_Order $order The order.
	 */
	public static function is_click_and_collect( $order ): bool {
		$methods = (array) self::get( 'sitoo' )['click_and_collect_methods'];
		foreach ( $order->get_shipping_methods() as $item ) {
			return in_array( $item->get_method_id(), $methods, true );
		}
		return false;
	}

	/**
	 * The advanced overrides (JSON object text) as an array.
	 *
	 * @param string $json The overrides setting (JSON object text, may be empty).
	 * @throws \InvalidArgumentException When the text is not a JSON object (the message names the setting).
	 */
	public static function parse_overrides( string $json ): array {
		$json = trim( $json );
		if ( '' === $json ) {
			return array();
		}
		if ( class_exists( '\ErpSync\Json', false ) ) {
			try {
				$v = \ErpSync\Json::decode( $json );
			} catch ( \ErpSync\Exception $e ) {
				/* translators: %s: parser message */
				throw new \InvalidArgumentException( sprintf( __( 'Advanced overrides: not valid JSON (%s).', 'erpsync' ), $e->getMessage() ) );
			}
		} else {
			$v = json_decode( $json, true );
			if ( JSON_ERROR_NONE !== json_last_error() ) {
				/* translators: %s: parser message */
				throw new \InvalidArgumentException( sprintf( __( 'Advanced overrides: not valid JSON (%s).', 'erpsync' ), json_last_error_msg() ) );
			}
		}
		if ( ! is_array( $v ) || ( array() !== $v && array_is_list( $v ) ) ) {
			throw new \InvalidArgumentException( __( 'Advanced overrides: a JSON object such as {"paths": {...}, "fields": {...}} is expected.', 'erpsync' ) );
		}
		// Where requests go and what they carry is set in the fields above, where a changed address clears the saved
		// secrets: an override must not send them elsewhere.
		$locked = array_intersect( array_keys( $v ), self::LOCKED_OVERRIDES );
		if ( $locked ) {
			/* translators: %s: setting names */
			throw new \InvalidArgumentException( sprintf( __( 'Advanced overrides: %s cannot be overridden here; use its own field.', 'erpsync' ), implode( ', ', $locked ) ) );
		}
		// A path is relative to the base URL above: one that names a scheme or a host ("http://other/...",
		// "//other/...", "\\other") would send the saved credentials there.
		foreach ( (array) ( $v['paths'] ?? array() ) as $name => $path ) {
			if ( ! self::path_stays_on_server( $path ) ) {
				/* translators: %s: the override's name, e.g. paths.login */
				throw new \InvalidArgumentException( sprintf( __( 'Advanced overrides: %s must be a path on the back-office server set above (no scheme, host, "//", backslash or control character).', 'erpsync' ), 'paths.' . sanitize_key( (string) $name ) ) );
			}
		}
		return $v;
	}

	/**
	 * Whether a path override stays on the configured server: a non-empty text with no scheme ("http:",
	 * "javascript:"), no network-path reference ("//host"), no backslash and no control character.
	 *
	 * @param mixed $path The override's value.
	 */
	public static function path_stays_on_server( $path ): bool {
		if ( ! is_string( $path ) || '' === $path ) {
			return false;
		}
		$first = strcspn( $path, '/?#' );
		return false === strpos( substr( $path, 0, $first ), ':' ) && false === strpos( $path, '\\' )
			&& ! str_starts_with( $path, '//' ) && ! preg_match( '/[\x00-\x1f\x7f]/', $path );
	}

	/**
	 * The settings array for the connector's constructor, built from the owner's settings: the transport settings
	 * every connector shares, the connector's own, then the owner's advanced overrides over both.
	 *
	 * @param string $id Connector id.
	 * @param array  $s  Settings (default: the stored ones).
	 */
	public static function connector_settings( string $id, ?array $s = null ): array {
		$s   = $s ?? self::get( $id );
		$out = array(
			'timeout_ms'         => 20000,
			'connect_timeout_ms' => 5000,
			// The queue retries with its own backoff; inside one attempt only a short retry.
			'retry'              => array(
				'max_attempts'       => 2,
				'base_delay_ms'      => 200,
				'max_total_delay_ms' => 2000,
			),
			'log'                => RequestLog::callback( $id ),
		);
		switch ( $id ) {
			case 'sors':
				$out += self::sors_connector( $s );
				break;
			case 'vasco':
				$out += self::vasco_connector( $s );
				break;
			case 'sitoo':
				$out += self::sitoo_connector( $s );
				break;
			case 'logistos':
				$out += self::logistos_connector( $s );
				break;
		}
		return array_replace_recursive( $out, self::parse_overrides( (string) $s['overrides'] ) );
	}

	/**
	 * Copies the settings among $keys that are not empty (the connector's own default applies to the others).
	 *
	 * @param array    $s    Owner's settings.
	 * @param string[] $keys Setting names.
	 */
	private static function non_empty( array $s, array $keys ): array {
		$out = array();
		foreach ( $keys as $k ) {
			if ( '' !== (string) $s[ $k ] ) {
				$out[ $k ] = $s[ $k ];
			}
		}
		return $out;
	}

	/**
	 * SORS's connector settings: the live or test instance's address and key, the database, the document.
	 *
	 * @param array $s Owner's SORS settings.
	 */
	private static function sors_connector( array $s ): array {
		$test = 'test' === $s['mode'];
		return array(
			'mode'          => $test ? 'test' : 'live',
			'base_url'      => ( $test && '' !== (string) $s['test_base_url'] ) ? $s['test_base_url'] : $s['base_url'],
			'api_key'       => ( $test && '' !== $s['test_api_key'] ) ? $s['test_api_key'] : $s['api_key'],
			'database'      => $s['database'],
			'test_database' => $s['test_database'],
			'business_unit' => $s['business_unit'],
			'document_type' => $s['document_type'],
		) + self::non_empty( $s, array( 'price_type', 'stock_mode', 'shipping_sku', 'fee_sku', 'rounding_sku', 'tax_rounding' ) );
	}

	/**
	 * VASCO's connector settings: both accounts, payment codes by gateway, warehouses, numbering, articles.
	 *
	 * @param array $s Owner's VASCO settings.
	 */
	private static function vasco_connector( array $s ): array {
		$out = array( 'mode' => 'demo' === $s['mode'] ? 'demo' : 'production' );
		foreach ( array( 'production', 'demo' ) as $m ) {
			$out[ $m ] = array(
				'base_url'   => $s[ $m . '_base_url' ],
				'username'   => $s[ $m . '_username' ],
				'password'   => $s[ $m . '_password' ],
				'tax_number' => $s[ $m . '_tax_number' ],
			);
		}
		$codes = array();
		foreach ( (array) $s['payment_codes'] as $gateway => $code ) {
			if ( '' !== (string) $code ) {
				$codes[ $gateway ] = (int) $code;
			}
		}
		$out['payment_methods'] = $codes ? $codes : new \stdClass(); // an empty map stays a JSON object.
		if ( '' !== (string) $s['default_payment_code'] ) {
			$out['default_payment_code'] = (int) $s['default_payment_code'];
		}
		$out['warehouse']       = (int) $s['warehouse'];
		$out['numbering']       = $s['numbering'];
		$out['email_blacklist'] = (string) $s['email_blacklist'];
		if ( '' !== trim( (string) $s['stock_warehouses'] ) ) {
			$out['stock_warehouses'] = array_values( array_filter( array_map( 'trim', explode( ',', (string) $s['stock_warehouses'] ) ), 'strlen' ) );
		}
		return $out + self::non_empty( $s, array( 'shipping_article', 'fee_article', 'rounding_article', 'tax_rounding' ) );
	}

	/**
	 * Sitoo's connector settings: the live or sandbox account, site and warehouses, order states, SKUs, Misc.
	 *
	 * @param array $s Owner's Sitoo settings.
	 */
	private static function sitoo_connector( array $s ): array {
		$sandbox = 'sandbox' === $s['mode'];
		$out     = array(
			'base_url'                      => $sandbox ? $s['sandbox_base_url'] : $s['base_url'],
			'api_id'                        => $sandbox ? $s['sandbox_api_id'] : $s['api_id'],
			'password'                      => $sandbox ? $s['sandbox_password'] : $s['password'],
			'siteid'                        => (int) $s['siteid'],
			'warehouse_id'                  => (int) $s['warehouse_id'],
			'click_and_collect_methods'     => array_values( (array) $s['click_and_collect_methods'] ),
			'order_state'                   => (int) $s['order_state'],
			'click_and_collect_order_state' => (int) $s['click_and_collect_order_state'],
			'shipping_sku'                  => $s['shipping_sku'],
			'fee_sku'                       => $s['fee_sku'],
			'rounding_sku'                  => $s['rounding_sku'],
		);
		$out    += \ErpSync\Plugin\Sync\Sitoo\MiscSettings::connector( $s );
		if ( '' !== (string) $s['click_and_collect_warehouse_id'] ) {
			$out['click_and_collect_warehouse_id'] = (int) $s['click_and_collect_warehouse_id'];
		}
		return $out;
	}

	/**
	 * Logistos's connector settings: its two addresses and, once the handshake gave one, the bearer token.
	 *
	 * @param array $s Owner's Logistos settings.
	 */
	private static function logistos_connector( array $s ): array {
		return array(
			'handshake_url' => $s['handshake_url'],
			'orders_url'    => $s['orders_url'],
		) + self::non_empty( $s, array( 'bearer_token' ) );
	}

	/**
	 * A fingerprint of the back-office instance the settings point at (mode, addresses, database, account), so
	 * that links made in a test or demo instance are not used in the live one.
	 *
	 * @param string $id Connector id.
	 */
	public static function environment( string $id ): string {
		$s    = self::get( $id );
		$keys = array( 'mode', 'base_url', 'test_base_url', 'database', 'test_database', 'production_base_url', 'production_tax_number', 'demo_base_url', 'demo_tax_number', 'sandbox_base_url', 'orders_url' );
		$pick = array();
		foreach ( $keys as $k ) {
			if ( isset( $s[ $k ] ) ) {
				$pick[ $k ] = (string) $s[ $k ];
			}
		}
		return md5( $id . '|' . wp_json_encode( $pick ) );
	}

	/**
	 * The secrets of a connector's settings (to prove they never reach a page or a log).
	 *
	 * @param string $id Connector id.
	 */
	public static function secrets( string $id ): array {
		$s = self::get( $id );
		return array_values( array_filter( array_map( static fn( $k ) => (string) ( $s[ $k ] ?? '' ), self::SECRETS[ $id ] ?? array() ), 'strlen' ) );
	}
}
