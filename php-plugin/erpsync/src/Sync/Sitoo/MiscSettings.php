<?php
/**
 * Sitoo "Misc" settings (WooCommerce → Settings → ERP Sync → Sitoo, group Misc): which products a complete sync
 * fetches, coupons as vouchers (and the voucher type of each coupon type), prices sent including VAT, changes of
 * linked products/variations/categories sent at once, the Complete Sync's logs. "Deliver after sync" is the
 * section's existing *Deliver completed orders* (deliver_on_complete).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** Misc settings of the Sitoo section. */
final class MiscSettings {

	/** Defaults (merged into Settings::defaults('sitoo')). */
	const DEFAULTS = array(
		'misc_fetch_products'      => 'all',
		'misc_coupons_as_vouchers' => 'no',
		'misc_voucher_types'       => '',
		'misc_shipping_rows'       => 'yes',
		'misc_prices_incl_vat'     => 'yes',
		'misc_send_at_once'        => 'no',
		'misc_images_url'          => ImagesDown::DEFAULT_PATTERN,
		'tools_logs'               => 'yes',
		'tools_sku_prefix'         => 'SKU-',
		'complete_operations'      => array(),
		'complete_options'         => array(),
	);

	/** Which products a complete sync fetches. */
	public static function fetch_choices(): array {
		return array(
			'all'              => __( 'All products (including inactive)', 'erpsync' ),
			'active'           => __( 'All active products (active in the POS or the webshop)', 'erpsync' ),
			'active_pos'       => __( 'Active POS products', 'erpsync' ),
			'active_webshop'   => __( 'Active webshop products', 'erpsync' ),
			'inactive'         => __( 'Inactive products', 'erpsync' ),
			'inactive_pos'     => __( 'Inactive in the POS', 'erpsync' ),
			'inactive_webshop' => __( 'Inactive in the webshop', 'erpsync' ),
		);
	}

	/**
	 * The fields (Admin\Fields definitions) of the Sitoo section.
	 *
	 * @param string $id Connector id.
	 */
	public static function fields( string $id ): array {
		if ( 'sitoo' !== $id ) {
			return array();
		}
		return array(
			'misc_fetch_products'      => array( 'select', __( 'Fetch products from Sitoo', 'erpsync' ), __( 'Which products a Complete Sync fetches down.', 'erpsync' ), self::fetch_choices() ),
			'misc_coupons_as_vouchers' => array( 'checkbox', __( 'Coupons as vouchers', 'erpsync' ), __( 'Send coupons to Sitoo as vouchers (Complete Sync: "send all unmatched coupons"). Not needed for orders.', 'erpsync' ) ),
			'misc_voucher_types'       => array( 'text', __( 'Sitoo voucher type per coupon type', 'erpsync' ), __( 'e.g. percent:100, fixed_cart:200 — the voucher type numbers of your Sitoo account.', 'erpsync' ) ),
			'misc_shipping_rows'       => array( 'checkbox', __( 'Shipping as order rows', 'erpsync' ), __( 'Send the shipping of orders that are not Click-and-Collect as order rows, so the Sitoo order total equals the shop\'s. Off: the shipping is left out of the Sitoo order (Sitoo\'s order has no other place for it) and its payment is the shop\'s total less shipping.', 'erpsync' ) ),
			'misc_prices_incl_vat'     => array( 'checkbox', __( 'Prices sent including VAT', 'erpsync' ), __( 'Product prices and order rows go to Sitoo including VAT.', 'erpsync' ) ),
			'misc_send_at_once'        => array( 'checkbox', __( 'Send catalogue changes at once', 'erpsync' ), __( 'Changes of linked products, variations, categories and coupons go to Sitoo when saved (never the changes a Sitoo sync wrote).', 'erpsync' ) ),
			'misc_images_url'          => array( 'url_pattern', __( 'Sitoo image address', 'erpsync' ), __( 'Where images of Sitoo products are downloaded from ("Fetch the images of linked products"). Sitoo lists each image only by a resource id, "a relative URL (typically the file name)"; {resourceid} is put in it, {siteurl} is the site\'s address as Sitoo gives it, {accountid} your account number. Default: {siteurl}/{resourceid}. The Sitoo password is sent only when the address is on the API\'s own host.', 'erpsync' ) ),
			'tools_logs'               => array( 'checkbox', __( 'Logs', 'erpsync' ), __( 'Write the Complete Sync and the catalogue sends to WooCommerce → Status → Logs (source erpsync-sitoo).', 'erpsync' ) ),
		);
	}

	/**
	 * "percent:100, fixed_cart:200" → ['percent' => 100, 'fixed_cart' => 200].
	 *
	 * @param string $text Setting.
	 */
	public static function voucher_types( string $text ): array {
		$out = array();
		foreach ( preg_split( '/[\s,;]+/', trim( $text ) ) as $pair ) {
			if ( preg_match( '/^([a-z_]+):(\d+)$/', $pair, $m ) ) {
				$out[ $m[1] ] = (int) $m[2];
			}
		}
		return $out;
	}

	/**
	 * What the settings add to the connector's settings.
	 *
	 * @param array $s Stored Sitoo settings.
	 */
	public static function connector( array $s ): array {
		$out   = array(
			'prices_include_tax' => 'no' !== ( $s['misc_prices_incl_vat'] ?? 'yes' ),
			'shipping_rows'      => 'no' !== ( $s['misc_shipping_rows'] ?? 'yes' ),
		);
		$types = self::voucher_types( (string) ( $s['misc_voucher_types'] ?? '' ) );
		if ( $types ) {
			$out['voucher_types'] = $types;
		}
		return $out;
	}
}
