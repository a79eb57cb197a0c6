<?php
/**
 * Vouchers ↔ coupons (Complete Sync): match_vouchers links coupons to Sitoo vouchers by link, then code;
 * vouchers_down also creates a coupon for every unmatched voucher (its type from the reverse of the voucher-type
 * map); vouchers_up sends every unlinked coupon as a voucher, exactly once (Sitoo::pushVoucher looks the code up
 * before it creates), when "coupons as vouchers" is on.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** The operations match_vouchers, vouchers_down, vouchers_up. */
final class VouchersOperation extends CatalogOperation {

	/** The owner's name. */
	public function label(): string {
		switch ( $this->mode ) {
			case 'match_vouchers':
				return __( 'Match down from Sitoo all vouchers (coupons)', 'erpsync' );
			case 'vouchers_down':
				return __( 'Vouchers: fetch all unmatched vouchers from Sitoo as coupons', 'erpsync' );
		}
		return __( 'Vouchers: send all unmatched coupons to Sitoo as vouchers', 'erpsync' );
	}

	/**
	 * The voucher list, plus (up) a lookup and a create per coupon.
	 *
	 * @param array $options Options.
	 */
	public function requests_needed( array $options ): int {
		if ( 'vouchers_up' !== $this->mode ) {
			return 1;
		}
		return 1 + 2 * max( 0, count( self::coupons() ) - count( CatalogMap::all( 'voucher' ) ) );
	}

	/**
	 * Runs whole (vouchers are few).
	 *
	 * @param array $state    State.
	 * @param float $deadline Deadline.
	 * @param array $options  Options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		$n = 'vouchers_up' === $this->mode ? $this->up( $options ) : $this->down( $options, 'vouchers_down' === $this->mode );
		return $this->result( true, $n, $n );
	}

	/** Coupon post ids. */
	private static function coupons(): array {
		return array_map(
			'intval',
			get_posts(
				array(
					'post_type'      => 'shop_coupon',
					'post_status'    => array( 'publish', 'draft', 'pending', 'private', 'future' ),
					'fields'         => 'ids',
					'posts_per_page' => -1,
					'orderby'        => 'ID',
					'order'          => 'ASC',
				)
			)
		);
	}

	/** Sitoo voucher type → coupon type (the reverse of the voucher-type map). */
	private static function types(): array {
		$map = (array) ( Settings::connector_settings( 'sitoo' )['voucher_types'] ?? array() );
		$out = array();
		foreach ( $map as $coupon => $sitoo ) {
			$out[ (string) $sitoo ] = (string) $coupon;
		}
		return $out;
	}

	/**
	 * Matches (and with $create creates) coupons; returns how many vouchers Sitoo has.
	 *
	 * @param array $options Options.
	 * @param bool  $create  Create coupons for the unmatched.
	 */
	public function down( array $options, bool $create ): int {
		$list  = $this->sitoo()->vouchers();
		$links = array_flip( CatalogMap::all( 'voucher' ) );
		$types = self::types();
		$new   = array();
		$dry   = self::dry( $options );
		foreach ( $list as $v ) {
			$rid  = (string) ( $v['voucherid'] ?? '' );
			$code = (string) ( $v['vouchercode'] ?? '' );
			if ( '' === $rid || '' === $code || isset( $links[ $rid ] ) ) {
				continue;
			}
			$id = (int) wc_get_coupon_id_by_code( $code );
			if ( $id ) {
				$this->plan( $options, 'link', $id, $rid, $code );
				$new[ $id ] = $rid;
				$this->count( 'linked' );
				continue;
			}
			if ( ! $create ) {
				$this->count( 'unmatched' );
				continue;
			}
			$this->plan( $options, 'create', 0, $rid, $code );
			$this->count( 'created' );
			if ( $dry ) {
				continue;
			}
			$type = $types[ (string) ( $v['vouchertype'] ?? '' ) ] ?? ( isset( $v['value_x'] ) ? 'percent' : 'fixed_cart' );
			try {
				$new[ Origin::run( fn() => self::coupon( $v, $code, $type ) ) ] = $rid;
			} catch ( \WC_Data_Exception $e ) {
				$this->item_error( sprintf( 'voucher %s: %s', $code, $e->getMessage() ), $options );
			}
		}
		if ( ! $dry ) {
			CatalogMap::link( 'voucher', $new );
		}
		return count( $list );
	}

	/**
	 * A coupon from a voucher.
	 *
	 * @param array  $v    Voucher.
	 * @param string $code Code.
	 * @param string $type Coupon type.
	 */
	private static function coupon( array $v, string $code, string $type ): int {
		$c = new \WC_Coupon();
		$c->set_code( $code );
		$c->set_discount_type( $type );
		$c->set_amount( 'percent' === $type ? (string) ( $v['value_x'] ?? '0' ) : (string) ( $v['money_m'] ?? '0' ) );
		$c->set_description( (string) ( $v['vouchercomment'] ?? '' ) );
		if ( ! empty( $v['maxuses'] ) ) {
			$c->set_usage_limit( (int) $v['maxuses'] );
		}
		if ( ! empty( $v['dateend'] ) ) {
			$c->set_date_expires( (int) $v['dateend'] );
		}
		return (int) $c->save();
	}

	/**
	 * A coupon as the connector takes it.
	 *
	 * @param \WC_Coupon $c Coupon.
	 */
	public static function snapshot( \WC_Coupon $c ): array {
		$exp = $c->get_date_expires();
		return array(
			'code'          => (string) $c->get_code(),
			'discount_type' => (string) $c->get_discount_type(),
			'amount'        => (string) $c->get_amount(),
			'description'   => (string) $c->get_description(),
			'usage_limit'   => (int) $c->get_usage_limit(),
			'date_expires'  => $exp ? $exp->format( 'c' ) : '',
		);
	}

	/**
	 * Sends unlinked coupons (coupons as vouchers on); returns how many coupons were considered.
	 *
	 * @param array $options Options.
	 */
	public function up( array $options ): int {
		if ( 'yes' !== ( Settings::get( 'sitoo' )['misc_coupons_as_vouchers'] ?? 'no' ) ) {
			$this->count( 'off' );
			return 0;
		}
		$links = CatalogMap::all( 'voucher' );
		$ids   = array_values( array_filter( self::coupons(), static fn( $id ) => ! isset( $links[ $id ] ) ) );
		foreach ( $ids as $id ) {
			$this->send( $id, $options );
		}
		return count( $ids );
	}

	/**
	 * One coupon up (looked up by code first, so a lost reply never makes a second voucher).
	 *
	 * @param int   $id      Coupon id.
	 * @param array $options Options.
	 * @throws \ErpSync\RateLimitedException Sitoo asks to wait: the job pauses.
	 */
	public function send( int $id, array $options ): void {
		$c = new \WC_Coupon( $id );
		$this->plan( $options, 'send', $id, '', (string) $c->get_code() );
		if ( self::dry( $options ) ) {
			return;
		}
		try {
			$r = $this->sitoo()->pushVoucher( self::snapshot( $c ) );
			CatalogMap::link( 'voucher', array( $id => (string) $r['remote_id'] ) );
			$this->count( ! empty( $r['created'] ) ? 'sent' : 'linked' );
		} catch ( \ErpSync\RateLimitedException $e ) {
			throw $e;
		} catch ( \ErpSync\Exception $e ) {
			$this->item_error( sprintf( 'coupon %s: %s', $c->get_code(), $e->getMessage() ), $options );
		}
	}
}
