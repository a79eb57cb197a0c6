<?php
/**
 * Where the customer's VAT/PIB number comes from. WooCommerce has no field for it: the EU-VAT plugins each keep it
 * in their own order meta key, so the setting "Order meta keys holding the VAT/PIB number" (option
 * erpsync_vat_meta_key, a comma-separated list, first non-empty wins) defaults to the keys they use:
 *
 * | key | plugin |
 * |---|---|
 * | `_billing_vat_number` | WooCommerce EU VAT Number 2.3.21+ (Woo) |
 * | `_vat_number` | WooCommerce EU VAT Number before 2.3.21 |
 * | `vat_number` | Aelia EU VAT Assistant (order meta, also read by invoice plugins) |
 * | `_billing_eu_vat_number` | EU VAT Number / EU VAT for WooCommerce (WPFactory, formerly Algoritmika) |
 * | `_billing_vat_id` | Germanized Pro |
 * | `billing_vat` | German Market |
 * | `yweu_billing_vat` | YITH WooCommerce EU VAT |
 * | `VAT Number` | WooCommerce EU/UK VAT Compliance (David Anderson) |
 * | `_billing_vat` | custom checkout fields named billing_vat (this plugin's earlier default) |
 *
 * For shops without such a plugin, an optional "Company VAT number / PIB" checkout field (setting
 * erpsync_vat_checkout_field): on the classic checkout a billing field (meta `_billing_erpsync_vat_number`), on the
 * block checkout an additional checkout field `erpsync/vat-number` (WooCommerce's Additional Checkout Fields API,
 * meta `_wc_other/erpsync/vat-number`). Those two keys are always read first.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

defined( 'ABSPATH' ) || exit;

/** The VAT/PIB number of an order. */
final class VatNumber {

	const KEYS_OPTION  = 'erpsync_vat_meta_key';
	const FIELD_OPTION = 'erpsync_vat_checkout_field';
	const DEFAULT_KEYS = '_billing_vat_number, _vat_number, vat_number, _billing_eu_vat_number, _billing_vat_id, billing_vat, yweu_billing_vat, VAT Number, _billing_vat';
	const CLASSIC      = 'billing_erpsync_vat_number';
	const BLOCK        = 'erpsync/vat-number';

	/** Hooks. */
	public static function register(): void {
		// Early, so that a site's own erpsync_order_snapshot filter still has the last word.
		add_filter( 'erpsync_order_snapshot', array( __CLASS__, 'into_snapshot' ), 5, 2 );
		if ( 'yes' === get_option( self::FIELD_OPTION, 'no' ) ) {
			add_filter( 'woocommerce_billing_fields', array( __CLASS__, 'classic_field' ) );
			if ( did_action( 'woocommerce_init' ) ) {
				self::block_field();
			} else {
				add_action( 'woocommerce_init', array( __CLASS__, 'block_field' ) );
			}
		}
	}

	/**
	 * The meta keys read, in order: the checkout field's two, then the configured ones.
	 *
	 * @return string[]
	 */
	public static function keys(): array {
		$configured = array_map( 'trim', explode( ',', (string) get_option( self::KEYS_OPTION, self::DEFAULT_KEYS ) ) );
		return array_values( array_unique( array_filter( array_merge( array( '_' . self::CLASSIC, '_wc_other/' . self::BLOCK ), $configured ), 'strlen' ) ) );
	}

	/**
	 * The order's VAT/PIB number: the first non-empty value of keys(), trimmed; '' when none.
	 *
	 * @param \WC_Order $order Order.
	 */
	public static function of( \WC_Order $order ): string {
		foreach ( self::keys() as $key ) {
			$v = $order->get_meta( $key, true );
			if ( is_scalar( $v ) && '' !== trim( (string) $v ) ) {
				return trim( (string) $v );
			}
		}
		return '';
	}

	/**
	 * Filter: the order snapshot's vat_number from keys().
	 *
	 * @param array     $snap  Order snapshot.
	 * @param \WC_Order $order Order.
	 */
	public static function into_snapshot( $snap, $order ) {
		if ( is_array( $snap ) && $order instanceof \WC_Order ) {
			$snap['vat_number'] = self::of( $order );
		}
		return $snap;
	}

	/**
	 * Whether SORS takes this number as a PIB: the same rule as the connector (sors_vat_is_foreign in ext/): a number
	 * with another country's prefix (two letters before the digits; ATU, CHE), or without prefix of a customer outside
	 * Serbia, is a foreign VAT number, which SORS has no field for.
	 *
	 * @param string $vat     VAT number.
	 * @param string $country Customer's country (ISO-2).
	 */
	public static function foreign_for_sors( string $vat, string $country ): bool {
		$v = ltrim( $vat );
		if ( '' === $v ) {
			return false;
		}
		if ( preg_match( '/^([A-Za-z]{2})(?:[A-Za-z](?<=^[AaCc].{2}))?[\s.\-]*[0-9]/', $v, $m ) ) {
			return 'RS' !== strtoupper( $m[1] );
		}
		return '' !== $country && 'RS' !== strtoupper( $country );
	}

	/**
	 * After a SORS export: says on the order that the customer's foreign VAT number was not sent as a PIB.
	 *
	 * @param int   $order_id Order id.
	 * @param array $customer Customer snapshot.
	 */
	public static function note_foreign_for_sors( int $order_id, array $customer ): void {
		$vat   = (string) ( $customer['vat_number'] ?? '' );
		$order = wc_get_order( $order_id );
		if ( $order && self::foreign_for_sors( $vat, (string) ( $customer['country'] ?? '' ) ) ) {
			/* translators: %s: VAT number */
			$order->add_order_note( sprintf( __( 'SORS: the customer\'s VAT number %s is not a Serbian PIB; SORS takes only a PIB, so the customer was matched by email or created without PIB. Add the foreign VAT number in SORS if the documents need it.', 'erpsync' ), $vat ) );
		}
	}

	/**
	 * Classic checkout: the billing field after the company (saved by WooCommerce as `_billing_erpsync_vat_number`).
	 *
	 * @param array $fields Billing fields.
	 */
	public static function classic_field( $fields ) {
		$fields[ self::CLASSIC ] = array(
			'label'    => __( 'Company VAT number / PIB', 'erpsync' ),
			'required' => false,
			'class'    => array( 'form-row-wide' ),
			'priority' => 35,
			'clear'    => true,
		);
		return $fields;
	}

	/** Block checkout: an additional checkout field (WooCommerce 8.9+). */
	public static function block_field(): void {
		if ( ! function_exists( 'woocommerce_register_additional_checkout_field' ) ) {
			return;
		}
		woocommerce_register_additional_checkout_field(
			array(
				'id'                => self::BLOCK,
				'label'             => __( 'Company VAT number / PIB', 'erpsync' ),
				'optionalLabel'     => __( 'Company VAT number / PIB (optional)', 'erpsync' ),
				'location'          => 'order',
				'type'              => 'text',
				'required'          => false,
				'sanitize_callback' => static fn( $value ) => sanitize_text_field( (string) $value ),
				'validate_callback' => static function ( $value ) {
					$v = trim( (string) $value );
					if ( '' !== $v && ! preg_match( '/^[A-Za-z]{0,3}[\s.\-\/0-9A-Za-z]{2,30}$/', $v ) ) {
						return new \WP_Error( 'erpsync_vat_number', __( 'The VAT number / PIB may hold letters, digits, spaces, dots, dashes and slashes only.', 'erpsync' ) );
					}
					return true;
				},
			)
		);
	}
}
