<?php
/**
 * Sitoo prices ↔ shop prices, VAT added or taken away in exact integer arithmetic (no floats, no bcmath).
 *
 * Sitoo's `moneyprice` includes VAT when *Prices sent including VAT* is on (the seed: "All prices, excluding
 * purchase price field value, will be including VAT"; `moneypricein` is "Always excluding VAT"); the shop's prices
 * include tax or not by WooCommerce's own setting. The rate is that of the product's tax class at the shop's base
 * location (`WC_Tax::get_base_tax_rates`: Sitoo sells there), the rates of the class added up.
 *
 * Rule: the amount (at most 4 decimals, below 100,000,000) and the rate (percent, at most 4 decimals, as WooCommerce
 * stores it) are read as integers; the result is the exact quotient rounded once to cents, half away from zero:
 * add VAT: cents = a·(10⁶+R)/10⁸; take it away: cents = a·10⁴/(10⁶+R), with a = amount·10⁴ and R = rate·10⁴.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Price conversion for the Sitoo catalogue. */
final class Prices {

	/** Largest amount taken (exclusive), in 10⁻⁴ units: 100,000,000.0000. */
	const MAX_UNITS = 1000000000000;

	/**
	 * A decimal string as an integer of 10^-$places units, or null when it is not one (or has more decimals).
	 *
	 * @param string $s      Text.
	 * @param int    $places Decimals kept.
	 */
	public static function units( string $s, int $places = 4 ): ?int {
		if ( ! preg_match( '/^(-?)(\d{1,12})(?:\.(\d{0,' . $places . '}))?$/', trim( $s ), $m ) ) {
			return null;
		}
		$v = (int) $m[2] * ( 10 ** $places ) + (int) str_pad( $m[3] ?? '', $places, '0' );
		return '-' === $m[1] ? -$v : $v;
	}

	/**
	 * The quotient n / d rounded to an integer, half away from zero (d > 0).
	 *
	 * @param int $n Numerator.
	 * @param int $d Denominator.
	 */
	public static function div_round( int $n, int $d ): int {
		$q = intdiv( $n, $d );
		$r = $n % $d;
		if ( 2 * abs( $r ) >= $d ) {
			$q += $n < 0 ? -1 : 1;
		}
		return $q;
	}

	/**
	 * The amount with VAT added ($add) or taken away, as a money string with 2 decimals; null when the amount or
	 * the rate is not a decimal this takes.
	 *
	 * @param string $amount Amount.
	 * @param string $rate   Rate in percent ("22.0000").
	 * @param bool   $add    Add VAT (else take it away).
	 */
	public static function convert( string $amount, string $rate, bool $add ): ?string {
		$a = self::units( $amount );
		$r = self::units( $rate );
		if ( null === $a || null === $r || abs( $a ) >= self::MAX_UNITS || $r < 0 || $r > 10000000 ) {
			return null;
		}
		$cents = $add ? self::div_round( $a * ( 1000000 + $r ), 100000000 ) : self::div_round( $a * 10000, 1000000 + $r );
		$sign  = $cents < 0 ? '-' : '';
		$cents = abs( $cents );
		return sprintf( '%s%d.%02d', $sign, intdiv( $cents, 100 ), $cents % 100 );
	}

	/**
	 * The VAT rate in percent of a tax class at the shop's base location ("0" for a product that is not taxable).
	 *
	 * @param string $tax_class Tax class ('' standard).
	 */
	public static function base_rate( string $tax_class ): string {
		$sum = 0;
		foreach ( \WC_Tax::get_base_tax_rates( $tax_class ) as $rate ) {
			$sum += (int) self::units( (string) ( $rate['rate'] ?? '0' ) );
		}
		return sprintf( '%d.%04d', intdiv( $sum, 10000 ), $sum % 10000 );
	}

	/** Whether Sitoo's prices include VAT (*Prices sent including VAT*). */
	public static function sitoo_incl(): bool {
		return 'no' !== ( Settings::get( 'sitoo' )['misc_prices_incl_vat'] ?? 'yes' );
	}

	/**
	 * A Sitoo price as the shop stores it for a product of this tax class.
	 *
	 * @param string $price     Sitoo money string.
	 * @param string $tax_class Tax class of the product ('' standard).
	 * @param bool   $taxable   Whether the product is taxable.
	 */
	public static function to_shop( string $price, string $tax_class = '', bool $taxable = true ): string {
		$incl = self::sitoo_incl();
		$shop = wc_prices_include_tax();
		if ( ! $taxable || ! wc_tax_enabled() || $incl === $shop ) {
			return $price;
		}
		$out = self::convert( $price, self::base_rate( $tax_class ), ! $incl );
		return null === $out ? $price : $out;
	}

	/**
	 * A shop price as Sitoo gets it.
	 *
	 * @param \WC_Product $p     Product (its tax class and status).
	 * @param string      $price Shop price.
	 */
	public static function to_sitoo( \WC_Product $p, string $price ): string {
		$incl = self::sitoo_incl();
		$shop = wc_prices_include_tax();
		$out  = null;
		if ( $p->is_taxable() && wc_tax_enabled() && $incl !== $shop ) {
			$out = self::convert( $price, self::base_rate( (string) $p->get_tax_class( 'unfiltered' ) ), $incl );
		}
		return null === $out ? self::convert( $price, '0', true ) ?? wc_format_decimal( $price, 2 ) : $out;
	}
}
