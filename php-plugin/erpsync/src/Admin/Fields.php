<?php
/**
 * The settings form of each connector: field definitions, and sanitising of what the form posts. One definition
 * drives both the page (WooCommerce's own field rendering) and the save, so nothing is shown that is not
 * sanitised on the way back.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Field definitions and sanitising. */
final class Fields {

	/** Order statuses without `wc-`, for the multiselects. */
	public static function statuses(): array {
		$out = array();
		foreach ( wc_get_order_statuses() as $k => $label ) {
			$out[ preg_replace( '/^wc-/', '', $k ) ] = $label;
		}
		return $out;
	}

	/**
	 * The fields of a connector: key => [type, title, desc?, options?]. Types: checkbox, text, url, number,
	 * select, multiselect, textarea, secret, json.
	 *
	 * @param string $id    Connector id.
	 * @param array  $lists Option lists loaded from the back-office (SORS databases/units, Sitoo warehouses).
	 */
	public static function definitions( string $id, array $lists = array() ): array {
		$statuses = self::statuses();
		$f        = array(
			'enabled'  => array( 'checkbox', __( 'Enable', 'erpsync' ), __( 'Send orders to this back-office.', 'erpsync' ) ),
			'statuses' => array( 'multiselect', __( 'Export orders at', 'erpsync' ), __( 'An order is queued when it enters one of these statuses (never on thank-you page views).', 'erpsync' ), $statuses ),
		);
		switch ( $id ) {
			case 'sors':
				$f += self::sors_fields( $lists );
				break;
			case 'vasco':
				$f += self::vasco_fields();
				break;
			case 'sitoo':
				$f += self::sitoo_fields( $statuses, $lists );
				break;
			case 'logistos':
				$f += self::logistos_fields( $statuses );
				break;
		}
		$f             += \ErpSync\Plugin\Sync\Sitoo\MiscSettings::fields( $id );
		$f             += \ErpSync\Plugin\Orders\AfterExport::fields( $id );
		$f['overrides'] = array( 'json', __( 'Advanced: overrides', 'erpsync' ), __( 'A JSON object merged into the connector settings, e.g. {"paths": {"order": "api/v2/FA/narociloKupca"}, "fields": {"line.sku": "artikel"}} (docs/connectors).', 'erpsync' ) );
		return $f;
	}

	/**
	 * SORS: connection (live and test), database and business unit from the API, document type, price type and stock mode, item codes, VAT rounding.
	 *
	 * @param array $lists    Option lists loaded from the back-office.
	 */
	private static function sors_fields( array $lists ): array {
		$f      = array();
			$f += array(
				'mode'          => array(
					'select',
					__( 'Mode', 'erpsync' ),
					__( 'Test uses the test database (shared with other testers).', 'erpsync' ),
					array(
						'live' => __( 'Live', 'erpsync' ),
						'test' => __( 'Test', 'erpsync' ),
					),
				),
				'base_url'      => array( 'url', __( 'API address', 'erpsync' ) ),
				'test_base_url' => array( 'url', __( 'Test API address', 'erpsync' ), __( 'Empty: the API address above is used in test mode.', 'erpsync' ) ),
				'api_key'       => array( 'secret', __( 'API key', 'erpsync' ) ),
				'test_api_key'  => array( 'secret', __( 'Test API key', 'erpsync' ), __( 'Empty: the live key is used in test mode.', 'erpsync' ) ),
				'database'      => isset( $lists['databases'] ) ? array( 'select', __( 'Database', 'erpsync' ), '', $lists['databases'] ) : array( 'text', __( 'Database', 'erpsync' ), $lists['error'] ?? __( 'Save the API key to pick from the list.', 'erpsync' ) ),
				'test_database' => array( 'text', __( 'Test database', 'erpsync' ) ),
				'business_unit' => isset( $lists['units'] ) ? array( 'select', __( 'Business unit', 'erpsync' ), '', $lists['units'] ) : array( 'text', __( 'Business unit', 'erpsync' ), $lists['error'] ?? __( 'Choose and save the database to pick from the list.', 'erpsync' ) ),
				'document_type' => array(
					'select',
					__( 'Document type for orders', 'erpsync' ),
					'',
					array(
						'invoice'               => __( 'Invoice', 'erpsync' ),
						'invoice-delivery-note' => __( 'Invoice with delivery note', 'erpsync' ),
						'reservation'           => __( 'Reservation', 'erpsync' ),
						'delivery-note'         => __( 'Delivery note', 'erpsync' ),
					),
				),
				'price_type'    => isset( $lists['price_types'] ) ? array( 'select', __( 'Price type', 'erpsync' ), __( 'Prices of the catalogue sync.', 'erpsync' ), $lists['price_types'] ) : array( 'text', __( 'Price type', 'erpsync' ), $lists['error'] ?? __( 'Choose and save the database to pick from the list.', 'erpsync' ) ),
				'stock_mode'    => isset( $lists['stock_modes'] ) ? array( 'select', __( 'Stock mode', 'erpsync' ), __( 'Stock of the stock sync.', 'erpsync' ), $lists['stock_modes'] ) : array( 'text', __( 'Stock mode', 'erpsync' ), $lists['error'] ?? __( 'Choose and save the database to pick from the list.', 'erpsync' ) ),
				'shipping_sku'  => array( 'text', __( 'Item code of shipping', 'erpsync' ) ),
				'fee_sku'       => array( 'text', __( 'Item code of fees', 'erpsync' ) ),
				'rounding_sku'  => array( 'text', __( 'Item code of rounding', 'erpsync' ), __( 'Carries the cents by which SORS\'s VAT arithmetic differs from WooCommerce\'s; without it such an order stops with the difference.', 'erpsync' ) ),
				'tax_rounding'  => self::tax_rounding_field(),
			);
			return $f;
	}

	/**
	 * VASCO: production and demo instances, payment codes per gateway, warehouses, e-mail blacklist, article codes, VAT rounding, numbering.
	 */
	private static function vasco_fields(): array {
		$f             = array();
			$f['mode'] = array(
				'select',
				__( 'Instance', 'erpsync' ),
				'',
				array(
					'production' => __( 'Production', 'erpsync' ),
					'demo'       => __( 'Demo', 'erpsync' ),
				),
			);
			foreach ( array(
				'production' => __( 'Production', 'erpsync' ),
				'demo'       => __( 'Demo', 'erpsync' ),
			) as $m => $label ) {
				$f[ $m . '_base_url' ]   = array( 'url', $label . ': ' . __( 'API address', 'erpsync' ) );
				$f[ $m . '_username' ]   = array( 'text', $label . ': ' . __( 'User name', 'erpsync' ) );
				$f[ $m . '_password' ]   = array( 'secret', $label . ': ' . __( 'Password', 'erpsync' ) );
				$f[ $m . '_tax_number' ] = array( 'text', $label . ': ' . __( 'Company tax number', 'erpsync' ) );
			}
			foreach ( self::gateways() as $gid => $title ) {
				/* translators: %s: payment gateway title */
				$f[ 'payment_codes.' . $gid ] = array( 'number', sprintf( __( 'Payment code for "%s"', 'erpsync' ), $title ), __( 'VASCO SIFRA_PLACILA; empty: the default below.', 'erpsync' ) );
			}
			$f += array(
				'default_payment_code' => array( 'number', __( 'Default payment code', 'erpsync' ), __( 'Empty: an order paid with an unmapped gateway stops with that reason.', 'erpsync' ) ),
				'warehouse'            => array( 'number', __( 'Warehouse of orders', 'erpsync' ) ),
				'stock_warehouses'     => array( 'text', __( 'Warehouses summed for stock', 'erpsync' ), __( 'Comma-separated codes; empty: all.', 'erpsync' ) ),
				'email_blacklist'      => array( 'textarea', __( 'Email blacklist', 'erpsync' ), __( 'One address per line; *@domain blocks a domain. Such orders are not sent (counted).', 'erpsync' ) ),
				'shipping_article'     => array( 'text', __( 'Article code of shipping', 'erpsync' ) ),
				'fee_article'          => array( 'text', __( 'Article code of fees', 'erpsync' ) ),
				'rounding_article'     => array( 'text', __( 'Article code of rounding', 'erpsync' ), __( 'Carries the cents by which VASCO\'s VAT arithmetic differs from WooCommerce\'s; without it such an order stops with the difference.', 'erpsync' ) ),
				'tax_rounding'         => self::tax_rounding_field(),
				'numbering'            => array(
					'select',
					__( 'Order numbers', 'erpsync' ),
					'',
					array(
						'shop' => __( 'The shop\'s order number', 'erpsync' ),
						'auto' => __( 'Numbered by VASCO', 'erpsync' ),
					),
				),
			);
			return $f;
	}

	/**
	 * Sitoo: environment, credentials, site and warehouse from the API, Click-and-Collect, order state, SKUs of extra rows, delivery, and the connection settings of the two-way sync.
	 *
	 * @param array $statuses Order statuses (key → label).
	 * @param array $lists    Option lists loaded from the back-office.
	 */
	private static function sitoo_fields( array $statuses, array $lists ): array {
		$f              = array();
			$warehouses = $lists['warehouses'] ?? null;
			$f         += array(
				'mode'                           => array(
					'select',
					__( 'Environment', 'erpsync' ),
					'',
					array(
						'live'    => __( 'Live', 'erpsync' ),
						'sandbox' => __( 'Sandbox', 'erpsync' ),
					),
				),
				'base_url'                       => array( 'url', __( 'API address', 'erpsync' ), __( 'https://api.mysitoo.com/v2/accounts/ followed by your Sitoo account number', 'erpsync' ) ),
				'api_id'                         => array( 'text', __( 'API ID', 'erpsync' ) ),
				'password'                       => array( 'secret', __( 'API password', 'erpsync' ) ),
				'sandbox_base_url'               => array( 'url', __( 'Sandbox API address', 'erpsync' ) ),
				'sandbox_api_id'                 => array( 'text', __( 'Sandbox API ID', 'erpsync' ) ),
				'sandbox_password'               => array( 'secret', __( 'Sandbox API password', 'erpsync' ) ),
				'siteid'                         => \ErpSync\Plugin\Sync\Sitoo\ConnectionSettings::site_field( $lists ),
				'warehouse_id'                   => $warehouses ? array( 'select', __( 'Warehouse', 'erpsync' ), '', $warehouses ) : array( 'number', __( 'Warehouse', 'erpsync' ), $lists['error'] ?? '' ),
				'click_and_collect_methods'      => array( 'multiselect', __( 'Click-and-Collect shipping methods', 'erpsync' ), '', self::shipping_methods() ),
				'click_and_collect_warehouse_id' => $warehouses ? array( 'select', __( 'Click-and-Collect store', 'erpsync' ), '', array( '' => __( 'Same warehouse', 'erpsync' ) ) + $warehouses ) : array( 'number', __( 'Click-and-Collect store', 'erpsync' ) ),
				'click_and_collect_statuses'     => array( 'multiselect', __( 'Send Click-and-Collect orders at', 'erpsync' ), '', $statuses ),
				'order_state'                    => array(
					'select',
					__( 'Order state in Sitoo', 'erpsync' ),
					'',
					array(
						'0'  => __( 'Open', 'erpsync' ),
						'10' => __( 'Closed', 'erpsync' ),
					),
				),
				'click_and_collect_order_state'  => array(
					'select',
					__( 'Order state of Click-and-Collect orders in Sitoo', 'erpsync' ),
					__( 'Open or closed, for newly created Click-and-Collect orders.', 'erpsync' ),
					array(
						'0'  => __( 'Open', 'erpsync' ),
						'10' => __( 'Closed', 'erpsync' ),
					),
				),
				'shipping_sku'                   => array( 'text', __( 'SKU of the shipping row', 'erpsync' ) ),
				'fee_sku'                        => array( 'text', __( 'SKU of fee rows', 'erpsync' ) ),
				'rounding_sku'                   => array( 'text', __( 'SKU of rounding rows', 'erpsync' ) ),
				'deliver_on_complete'            => array( 'checkbox', __( 'Deliver completed orders', 'erpsync' ), __( 'When an order is completed, deliver it in Sitoo (Sitoo then reduces its stock).', 'erpsync' ) ),
			);
			$f         += \ErpSync\Plugin\Sync\Sitoo\ConnectionSettings::fields( $statuses );
			return $f;
	}

	/**
	 * Logistos: handshake and orders addresses, token, consent to share REST keys, historical orders.
	 *
	 * @param array $statuses Order statuses (key → label).
	 */
	private static function logistos_fields( array $statuses ): array {
		$f      = array();
			$f += array(
				'handshake_url'    => array( 'url', __( 'Handshake address', 'erpsync' ) ),
				'orders_url'       => array( 'url', __( 'Orders address', 'erpsync' ) ),
				'bearer_token'     => array( 'secret', __( 'Access token', 'erpsync' ), __( 'Only if Logistos gave you one.', 'erpsync' ) ),
				'consent'          => array( 'checkbox', __( 'Share REST keys', 'erpsync' ), __( 'I agree that this shop\'s address and a new read-only WooCommerce REST API key are sent to Logistos, so that it can read orders.', 'erpsync' ) ),
				'history_statuses' => array( 'multiselect', __( 'Historical orders to send', 'erpsync' ), __( 'After the handshake, existing orders in these statuses are sent in batches of 50.', 'erpsync' ), $statuses ),
			);
			return $f;
	}

	/** Enabled and disabled payment gateways of the store: id → title. */
	public static function gateways(): array {
		$out = array();
		if ( function_exists( 'WC' ) && WC()->payment_gateways() ) {
			foreach ( WC()->payment_gateways()->payment_gateways() as $gid => $g ) {
				$out[ (string) $gid ] = wp_strip_all_tags( (string) $g->get_method_title() );
			}
		}
		return $out;
	}

	/** Shipping method ids: id → title. */
	public static function shipping_methods(): array {
		$out = array();
		if ( function_exists( 'WC' ) && WC()->shipping() ) {
			foreach ( WC()->shipping()->get_shipping_methods() as $mid => $m ) {
				$out[ (string) $mid ] = wp_strip_all_tags( (string) $m->get_method_title() );
			}
		}
		return $out;
	}

	/**
	 * Sanitises a posted form against the definitions. Returns [values, errors]; a field in error keeps its
	 * stored value. Secrets: empty keeps the stored one, the "clear" box empties it.
	 *
	 * @param string $id     Connector id.
	 * @param array  $posted The posted `erpsync` array (unslashed).
	 * @param array  $lists  Lists the selects were built from.
	 * @return array{0: array, 1: string[]}
	 */
	public static function sanitize( string $id, array $posted, array $lists = array() ): array {
		$current = Settings::get( $id );
		$values  = array();
		$errors  = array();
		foreach ( self::definitions( $id, $lists ) as $key => $def ) {
			list( $type, $title ) = $def;
			$options              = $def[3] ?? array();
			if ( str_starts_with( $key, 'payment_codes.' ) ) {
				$gid = substr( $key, strlen( 'payment_codes.' ) );
				$raw = trim( (string) ( $posted['payment_codes'][ $gid ] ?? '' ) );
				if ( '' !== $raw && ! ctype_digit( $raw ) ) {
					/* translators: %s: field title */
					$errors[] = sprintf( __( '%s: a whole number is expected.', 'erpsync' ), $title );
					continue;
				}
				$values['payment_codes'][ $gid ] = $raw;
				continue;
			}
			self::sanitize_value( $type, $key, $posted[ $key ] ?? null, $posted, $options, $title, $values, $errors );
		}
		self::secrets_follow_address( $id, $lists, $current, $values, $errors );
		if ( 'logistos' === $id ) {
			self::logistos_https_only( $values, $errors );
		}
		if ( isset( $values['payment_codes'] ) ) {
			$values['payment_codes'] = array_merge( (array) $current['payment_codes'], $values['payment_codes'] );
		}
		return array( $values, $errors );
	}

	/**
	 * One posted value by its field type: into $values when valid, else a message naming the field into $errors.
	 *
	 * @param string $type    Field type.
	 * @param string $key     Field key.
	 * @param mixed  $raw     Posted value.
	 * @param array  $posted  Everything posted (a secret's "remove" box).
	 * @param array  $options Options of a select or multiselect.
	 * @param string $title   Field title (for messages).
	 * @param array  $values  Sanitized values, added to.
	 * @param array  $errors  Messages, added to.
	 */
	private static function sanitize_value( string $type, string $key, $raw, array $posted, array $options, string $title, array &$values, array &$errors ): void {
		switch ( $type ) {
			case 'checkbox':
				$values[ $key ] = ( '1' === $raw || 'yes' === $raw ) ? 'yes' : 'no';
				break;
			case 'multiselect':
				$values[ $key ] = array_values( array_intersect( array_map( 'strval', (array) $raw ), array_map( 'strval', array_keys( $options ) ) ) );
				break;
			case 'select':
				$raw = (string) $raw;
				if ( ! array_key_exists( $raw, $options ) ) {
					/* translators: %s: field title */
					$errors[] = sprintf( __( '%s: pick one of the listed values.', 'erpsync' ), $title );
					break;
				}
				$values[ $key ] = $raw;
				break;
			case 'url':
				$raw = trim( (string) $raw );
				if ( '' !== $raw && ! preg_match( '#^https?://[^\s/$.?\#][^\s]*$#i', $raw ) ) {
					/* translators: %s: field title */
					$errors[] = sprintf( __( '%s: an http:// or https:// address is expected.', 'erpsync' ), $title );
					break;
				}
				$values[ $key ] = esc_url_raw( $raw, array( 'http', 'https' ) );
				break;
			case 'url_pattern':
				$raw = trim( sanitize_text_field( (string) $raw ) );
				$bad = '' === $raw ? null : \ErpSync\Plugin\Sync\Sitoo\ImagesDown::pattern_error( $raw );
				if ( null !== $bad ) {
					/* translators: 1: field title, 2: what is wrong */
					$errors[] = sprintf( __( '%1$s: %2$s.', 'erpsync' ), $title, $bad );
					break;
				}
				$values[ $key ] = $raw;
				break;
			case 'number':
				$raw = trim( (string) $raw );
				if ( '' !== $raw && ! ctype_digit( $raw ) ) {
					/* translators: %s: field title */
					$errors[] = sprintf( __( '%s: a whole number is expected.', 'erpsync' ), $title );
					break;
				}
				$values[ $key ] = $raw;
				break;
			case 'textarea':
				$values[ $key ] = sanitize_textarea_field( (string) $raw );
				break;
			case 'secret':
				if ( ! empty( $posted[ $key . '_clear' ] ) ) {
					$values[ $key ] = '';
				} elseif ( '' !== trim( (string) $raw ) ) {
					// Secrets are used as given (any character), minus control characters and outer spaces.
					$values[ $key ] = trim( preg_replace( '/[\x00-\x1F\x7F]/', '', (string) $raw ) );
				}
				break;
			case 'json':
				$raw = trim( (string) $raw );
				try {
					Settings::parse_overrides( $raw );
					$values[ $key ] = $raw;
				} catch ( \InvalidArgumentException $e ) {
					$errors[] = $e->getMessage();
				}
				break;
			default:
				$values[ $key ] = sanitize_text_field( (string) $raw );
		}
	}

	/**
	 * A changed address sends the saved secrets to the new one at the next call: they have to be typed again, so that
	 * nobody can point a saved password or key at a server of their own.
	 *
	 * @param string $id      Connector id.
	 * @param array  $lists   Option lists loaded from the back-office.
	 * @param array  $current Saved settings.
	 * @param array  $values  Sanitized values (secrets not typed again are emptied).
	 * @param array  $errors  Messages, added to.
	 */
	private static function secrets_follow_address( string $id, array $lists, array $current, array &$values, array &$errors ): void {
		$secrets   = Settings::SECRETS[ $id ] ?? array();
		$new_typed = array_filter( $secrets, static fn( $k ) => isset( $values[ $k ] ) && '' !== $values[ $k ] );
		foreach ( self::definitions( $id, $lists ) as $key => $def ) {
			if ( 'url' !== $def[0] || ! isset( $values[ $key ] ) ) {
				continue;
			}
			$before = (string) ( $current[ $key ] ?? '' );
			if ( '' !== $before && (string) $values[ $key ] !== $before ) {
				$cleared = array();
				foreach ( $secrets as $k ) {
					if ( ! in_array( $k, $new_typed, true ) && '' !== (string) ( $current[ $k ] ?? '' ) ) {
						$values[ $k ] = '';
						$cleared[]    = $k;
					}
				}
				if ( $cleared ) {
					/* translators: %s: field title */
					$errors[] = sprintf( __( '%s changed: the saved passwords and keys of this back-office were removed; enter them again.', 'erpsync' ), $def[1] );
				}
				break;
			}
		}
	}

	/**
	 * Logistos receives REST keys: only over https (a local address is allowed for testing).
	 *
	 * @param array $values Sanitized values (an address refused is taken out).
	 * @param array $errors Messages, added to.
	 */
	private static function logistos_https_only( array &$values, array &$errors ): void {
		foreach ( array( 'handshake_url', 'orders_url' ) as $k ) {
			$v    = (string) ( $values[ $k ] ?? '' );
			$host = (string) wp_parse_url( $v, PHP_URL_HOST );
			if ( '' !== $v && 0 !== stripos( $v, 'https://' ) && ! in_array( $host, array( '127.0.0.1', 'localhost', '::1', '[::1]' ), true ) ) {
				/* translators: %s: field title */
				$errors[] = sprintf( __( '%s: an https:// address is required (the shop\'s REST keys travel through it).', 'erpsync' ), $k );
				unset( $values[ $k ] );
			}
		}
	}

	/** The "VAT rounded" select of SORS and VASCO (how the back-office rounds VAT; orders are checked against it). */
	private static function tax_rounding_field(): array {
		return array(
			'select',
			__( 'VAT rounded', 'erpsync' ),
			__( 'How the back-office rounds VAT: on each line, or once per rate on the document. Orders are checked against it before they are sent.', 'erpsync' ),
			array(
				'line'     => __( 'On each line', 'erpsync' ),
				'document' => __( 'Once per rate on the document', 'erpsync' ),
			),
		);
	}
}
