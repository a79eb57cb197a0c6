<?php
/**
 * WooCommerce objects → snapshots (docs/snapshots.md), through the WooCommerce CRUD only (HPOS-safe: no post meta,
 * no direct queries). Money stays a decimal string all the way: WooCommerce stores it as text and so do we.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Orders;

defined( 'ABSPATH' ) || exit;

/** Snapshot builders. */
final class Snapshot {

	/** The first order meta key of the VAT/PIB number setting (VatNumber::keys() reads them all). */
	public static function vat_meta_key(): string {
		return VatNumber::keys()[0];
	}

	/**
	 * A WooCommerce amount as a plain decimal string ("12.5", "0").
	 *
	 * @param mixed $v Amount as WooCommerce gives it (string, float or int).
	 */
	private static function money( $v ): string {
		$s = wc_format_decimal( (string) $v );
		return ( '' === $s || '-0' === $s ) ? '0' : $s;
	}

	/**
	 * A WooCommerce date as UTC ISO 8601 ("2024-05-01T10:00:00Z"); "" when there is none.
	 *
	 * @param \WC_DateTime|null $d The date, or null.
	 */
	private static function date( $d ): string {
		return $d ? gmdate( 'Y-m-d\TH:i:s\Z', $d->getTimestamp() ) : '';
	}

	/**
	 * The first tax rate of an item's taxes, as a percent string ("22", "9.5"); "0" when untaxed.
	 *
	 * @param \WC_Order_Item $item  Line, shipping or fee item.
	 * @param \WC_Order      $order Its order (already loaded: WC_Order_Item::get_order() would load it again per item).
	 */
	private static function rate_percent( $item, \WC_Order $order ): string {
		$taxes = $item->get_taxes();
		foreach ( (array) ( $taxes['total'] ?? array() ) as $rate_id => $amount ) {
			if ( '' === (string) $amount ) {
				continue;
			}
			// The rate as it was when the order was taxed (the order's own tax lines), not today's tax table: a rate
			// changed or deleted since then does not change an old order.
			if ( $order ) {
				foreach ( $order->get_items( 'tax' ) as $tax ) {
					if ( (int) $tax->get_rate_id() === (int) $rate_id && '' !== (string) $tax->get_rate_percent() ) {
						return self::money( $tax->get_rate_percent() );
					}
				}
			}
			return self::money( \WC_Tax::get_rate_percent_value( (int) $rate_id ) );
		}
		return '0';
	}

	/**
	 * The order's billing or shipping address (billing adds the email).
	 *
	 * @param \WC_Order $o    The order.
	 * @param string    $type 'billing' or 'shipping'.
	 */
	private static function address( \WC_Order $o, string $type ): array {
		$get = static fn( string $k ) => (string) call_user_func( array( $o, "get_{$type}_{$k}" ) );
		$a   = array();
		foreach ( array( 'first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'phone' ) as $k ) {
			$a[ $k ] = ( 'shipping' === $type && 'phone' === $k && ! method_exists( $o, 'get_shipping_phone' ) ) ? '' : $get( $k );
		}
		if ( 'billing' === $type ) {
			$a['email'] = (string) $o->get_billing_email();
		}
		return $a;
	}

	/**
	 * A − B for WooCommerce amounts, at WooCommerce's own rounding precision.
	 *
	 * @param mixed $a Amount.
	 * @param mixed $b Amount subtracted.
	 */
	private static function minus( $a, $b ): string {
		if ( 0.0 === (float) $b ) {
			return self::money( $a ); // Nothing refunded: WooCommerce's own string, untouched.
		}
		return self::money( round( (float) $a - (float) $b, wc_get_rounding_precision() ) );
	}

	/**
	 * An amount scaled by a quantity ratio (the part of a line that was not refunded).
	 *
	 * @param mixed $v   Amount.
	 * @param float $num Quantity kept.
	 * @param float $den Quantity ordered.
	 */
	private static function scale( $v, float $num, float $den ): string {
		return $den > 0 ? self::money( round( (float) $v * $num / $den, wc_get_rounding_precision() ) ) : '0';
	}

	/**
	 * An item's total and tax net of the refunds made so far, adding what was refunded through it to $allotted.
	 *
	 * @param \WC_Order      $o        The order.
	 * @param \WC_Order_Item $item     The item.
	 * @param string         $type     line_item, shipping or fee.
	 * @param float          $allotted Refunded through items so far (net + tax); increased.
	 * @return string[] [total, total_tax]
	 */
	private static function net( \WC_Order $o, $item, string $type, float &$allotted ): array {
		$r_total = (float) $o->get_total_refunded_for_item( $item->get_id(), $type );
		$r_tax   = 0.0;
		foreach ( array_keys( (array) ( $item->get_taxes()['total'] ?? array() ) ) as $tax_id ) {
			$r_tax += (float) $o->get_tax_refunded_for_item( $item->get_id(), $tax_id, $type );
		}
		$allotted += $r_total + $r_tax;
		return array( self::minus( $item->get_total(), $r_total ), self::minus( $item->get_total_tax(), $r_tax ) );
	}

	/**
	 * The order snapshot. Refunds made before the export are subtracted: refunded quantities and amounts leave
	 * their lines (a line refunded in full is left out), and a refund not tied to any line becomes a negative fee
	 * line, so that the lines always add up to the order total.
	 *
	 * @param \WC_Order $o The order.
	 */
	public static function order( \WC_Order $o ): array {
		$refunds                   = $o->get_refunds();
		$allotted                  = 0.0; // Refunded through items (net + tax), added to by each kind of line in this order.
		$kept_off                  = array( 0.0, 0.0 ); // Discount and its tax on what was kept (lines net of refunds).
		$lines                     = self::line_items( $o, (bool) $refunds, $allotted, $kept_off );
		list( $shipping, $method ) = self::shipping_lines( $o, $allotted );
		$fees                      = self::fee_lines( $o, (bool) $refunds, $allotted );
		$coupons                   = self::coupon_lines( $o );
		$taxes                     = self::tax_lines( $o );
		$snap                      = array(
			'id'                   => (int) $o->get_id(),
			'number'               => (string) $o->get_order_number(),
			'status'               => (string) $o->get_status(),
			'currency'             => (string) $o->get_currency(),
			'date_created'         => self::date( $o->get_date_created() ),
			'date_paid'            => self::date( $o->get_date_paid() ),
			'prices_include_tax'   => (bool) $o->get_prices_include_tax(),
			'customer_id'          => (int) $o->get_customer_id(),
			'customer_note'        => (string) $o->get_customer_note(),
			'payment_method'       => (string) $o->get_payment_method(),
			'payment_method_title' => (string) $o->get_payment_method_title(),
			'shipping_method'      => $method,
			'total'                => self::minus( $o->get_total(), $refunds ? $o->get_total_refunded() : 0 ),
			'total_tax'            => self::minus( $o->get_total_tax(), $refunds ? $o->get_total_tax_refunded() : 0 ),
			// Net of refunds: what the kept lines were discounted, at WooCommerce's rounding precision first (a float sum
			// such as 9.975 - 9.24 = 0.734999... must round as 0.735 does), then to the cent.
			'discount_total'       => $refunds ? self::money( round( round( $kept_off[0], wc_get_rounding_precision() ), wc_get_price_decimals() ) ) : self::money( $o->get_discount_total() ),
			'discount_tax'         => $refunds ? self::money( round( round( $kept_off[1], wc_get_rounding_precision() ), wc_get_price_decimals() ) ) : self::money( $o->get_discount_tax() ),
			'shipping_total'       => self::minus( $o->get_shipping_total(), $refunds ? $o->get_total_shipping_refunded() : 0 ),
			'billing'              => self::address( $o, 'billing' ),
			'shipping'             => self::address( $o, 'shipping' ),
			'vat_number'           => (string) $o->get_meta( self::vat_meta_key(), true ),
			'line_items'           => $lines,
			'shipping_lines'       => $shipping,
			'fee_lines'            => $fees,
			'coupon_lines'         => $coupons,
			'tax_lines'            => $taxes,
			'meta'                 => array(),
		);
		/**
		 * Filters the order snapshot before it goes to a connector (add `meta` the field mappings use).
		 *
		 * @param array     $snap  Snapshot.
		 * @param \WC_Order $o     Order.
		 */
		return apply_filters( 'erpsync_order_snapshot', $snap, $o );
	}

	/**
	 * The product lines, net of refunds (a line refunded in full is left out).
	 *
	 * @param \WC_Order $o        Order.
	 * @param bool      $refunds  Whether the order has refunds.
	 * @param float     $allotted Refunded through items so far, added to.
	 * @param array     $kept_off Discount and its tax on what was kept, added to.
	 */
	private static function line_items( \WC_Order $o, bool $refunds, float &$allotted, array &$kept_off ): array {
		$lines = array();
		foreach ( $o->get_items( 'line_item' ) as $item_id => $item ) {
			$product                   = $item->get_product();
			$qty                       = (float) $item->get_quantity();
			$subtotal                  = self::money( $item->get_subtotal() );
			$sub_tax                   = self::money( $item->get_subtotal_tax() );
			list( $total, $total_tax ) = self::net( $o, $item, 'line_item', $allotted );
			if ( $refunds ) {
				$kept = $qty - abs( (float) $o->get_qty_refunded_for_item( $item_id ) );
				if ( $kept <= 0 ) {
					continue;
				}
				$subtotal = self::scale( $subtotal, $kept, $qty );
				$sub_tax  = self::scale( $sub_tax, $kept, $qty );
				$qty      = $kept;
			}
			$kept_off[0] += (float) $subtotal - (float) $total;
			$kept_off[1] += (float) $sub_tax - (float) $total_tax;
			$qs           = self::money( $qty );
			$lines[]      = array(
				'id'               => (int) $item_id,
				'product_id'       => (int) $item->get_product_id(),
				'variation_id'     => (int) $item->get_variation_id(),
				'name'             => (string) $item->get_name(),
				'sku'              => $product ? (string) $product->get_sku() : '',
				'ean'              => $product ? self::ean( $product ) : '',
				'quantity'         => $qs,
				'price'            => $qty > 0 ? \ErpSync\Json::decimal( (float) $total / $qty, 6 ) : '0',
				'subtotal'         => $subtotal,
				'subtotal_tax'     => $sub_tax,
				'total'            => $total,
				'total_tax'        => $total_tax,
				'tax_rate_percent' => self::rate_percent( $item, $o ),
				'meta'             => array(),
			);
		}
		return $lines;
	}

	/**
	 * The shipping lines, net of refunds, and the first shipping method id.
	 *
	 * @param \WC_Order $o        Order.
	 * @param float     $allotted Refunded through items so far, added to.
	 * @return array [lines, method id]
	 */
	private static function shipping_lines( \WC_Order $o, float &$allotted ): array {
		$shipping = array();
		$method   = '';
		foreach ( $o->get_items( 'shipping' ) as $item_id => $item ) {
			$method                    = '' === $method ? (string) $item->get_method_id() : $method;
			list( $total, $total_tax ) = self::net( $o, $item, 'shipping', $allotted );
			$shipping[]                = array(
				'id'               => (int) $item_id,
				'method_id'        => (string) $item->get_method_id(),
				'method_title'     => (string) $item->get_method_title(),
				'instance_id'      => (string) $item->get_instance_id(),
				'total'            => $total,
				'total_tax'        => $total_tax,
				'tax_rate_percent' => self::rate_percent( $item, $o ),
			);
		}
		return array( $shipping, $method );
	}

	/**
	 * The fee lines, net of refunds, and a "Refund" line for what was refunded without items.
	 *
	 * @param \WC_Order $o        Order.
	 * @param bool      $refunds  Whether the order has refunds.
	 * @param float     $allotted Refunded through items (after the product and shipping lines), added to.
	 */
	private static function fee_lines( \WC_Order $o, bool $refunds, float &$allotted ): array {
		$fees = array();
		foreach ( $o->get_items( 'fee' ) as $item_id => $item ) {
			list( $total, $total_tax ) = self::net( $o, $item, 'fee', $allotted );
			$fees[]                    = array(
				'id'               => (int) $item_id,
				'name'             => (string) $item->get_name(),
				'total'            => $total,
				'total_tax'        => $total_tax,
				'tax_rate_percent' => self::rate_percent( $item, $o ),
			);
		}
		$unallotted = $refunds ? round( (float) $o->get_total_refunded() - $allotted, wc_get_rounding_precision() ) : 0.0;
		if ( $unallotted > 0 ) {
			$fees[] = array(
				'id'               => 0,
				'name'             => __( 'Refund', 'erpsync' ),
				'total'            => self::money( -$unallotted ),
				'total_tax'        => '0',
				'tax_rate_percent' => '0',
			);
		}
		return $fees;
	}

	/**
	 * The coupons with their discount.
	 *
	 * @param \WC_Order $o Order.
	 */
	private static function coupon_lines( \WC_Order $o ): array {
		$coupons = array();
		foreach ( $o->get_items( 'coupon' ) as $item ) {
			$coupons[] = array(
				'code'         => (string) $item->get_code(),
				'discount'     => self::money( $item->get_discount() ),
				'discount_tax' => self::money( $item->get_discount_tax() ),
			);
		}
		return $coupons;
	}

	/**
	 * The tax lines (rates and totals).
	 *
	 * @param \WC_Order $o Order.
	 */
	private static function tax_lines( \WC_Order $o ): array {
		$taxes = array();
		foreach ( $o->get_items( 'tax' ) as $item ) {
			$taxes[] = array(
				'rate_id'            => (int) $item->get_rate_id(),
				'label'              => (string) $item->get_label(),
				'rate_percent'       => self::money( $item->get_rate_percent() ),
				'tax_total'          => self::money( $item->get_tax_total() ),
				'shipping_tax_total' => self::money( $item->get_shipping_tax_total() ),
			);
		}
		return $taxes;
	}

	/**
	 * The customer snapshot of an order (billing details; a registered customer adds its user id).
	 *
	 * @param \WC_Order $o The order.
	 */
	public static function customer( \WC_Order $o ): array {
		$b = self::address( $o, 'billing' );
		return array(
			'id'             => (int) $o->get_customer_id(),
			'order_id'       => (int) $o->get_id(),
			'email'          => $b['email'],
			'first_name'     => $b['first_name'],
			'last_name'      => $b['last_name'],
			'company'        => $b['company'],
			'vat_number'     => VatNumber::of( $o ),
			'company_number' => (string) $o->get_meta( (string) get_option( 'erpsync_company_number_meta_key', '_billing_company_number' ), true ),
			'address_1'      => $b['address_1'],
			'address_2'      => $b['address_2'],
			'city'           => $b['city'],
			'postcode'       => $b['postcode'],
			'state'          => $b['state'],
			'country'        => $b['country'],
			'phone'          => $b['phone'],
		);
	}

	/**
	 * GTIN: WooCommerce's own field (9.2+) or the configured product meta.
	 *
	 * @param \WC_Product $product The item's product.
	 */
	private static function ean( $product ): string {
		if ( method_exists( $product, 'get_global_unique_id' ) && '' !== (string) $product->get_global_unique_id() ) {
			return (string) $product->get_global_unique_id();
		}
		$key = (string) get_option( 'erpsync_ean_meta_key', '' );
		return '' === $key ? '' : (string) $product->get_meta( $key, true );
	}
}
