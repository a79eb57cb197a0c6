<?php
/**
 * A stored reason in the owner's words: which setting to fix (named as the settings page names it, with a link to
 * the field), and what happens next for the export (waiting, retried at …, or stopped until Retry).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Admin;

use ErpSync\Plugin\Orders\Queue;
use ErpSync\Plugin\Infra\Redact;
use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** Reasons in words. */
final class Reasons {

	/**
	 * URL of a settings field (the page scrolls to it and opens a folded group).
	 *
	 * @param string $connector Connector id.
	 * @param string $field     Field key (Fields::definitions), '' for the section.
	 */
	public static function setting_url( string $connector, string $field = '' ): string {
		$url = admin_url( 'admin.php?page=wc-settings&tab=erpsync&section=' . $connector );
		return '' === $field ? $url : $url . '#erpsync_' . $connector . '_' . str_replace( '.', '_', $field );
	}

	/**
	 * The setting a reason points at: [field key, label in the owner's words], or null.
	 *
	 * @param string $connector Connector id.
	 * @param string $error     Stored reason.
	 */
	public static function setting( string $connector, string $error ): ?array {
		if ( preg_match( '/payment method "([^"]+)" has no VASCO payment code/', $error, $m ) ) {
			$gateways = Fields::gateways();
			$title    = $gateways[ $m[1] ] ?? $m[1];
			/* translators: %s: payment gateway title */
			return array( 'payment_codes.' . $m[1], sprintf( __( 'VASCO payment code for "%s"', 'erpsync' ), $title ) );
		}
		$known = array(
			'rounding_article' => __( 'Article code of rounding', 'erpsync' ),
			'rounding_sku'     => __( 'Item code of rounding', 'erpsync' ),
			'shipping_article' => __( 'Article code of shipping', 'erpsync' ),
			'fee_article'      => __( 'Article code of fees', 'erpsync' ),
			'shipping_sku'     => __( 'Item code of shipping', 'erpsync' ),
			'fee_sku'          => __( 'Item code of fees', 'erpsync' ),
			'business_unit'    => __( 'Business unit', 'erpsync' ),
			'database'         => __( 'Database', 'erpsync' ),
			'base_url'         => __( 'API address', 'erpsync' ),
			'api_key'          => __( 'API key', 'erpsync' ),
			'api_id'           => __( 'API ID', 'erpsync' ),
			'numbering'        => __( 'Order numbers', 'erpsync' ),
			'vat_codes'        => __( 'Advanced: overrides (VAT codes)', 'erpsync' ),
			'warehouse_id'     => __( 'Warehouse', 'erpsync' ),
		);
		if ( preg_match( '/settings\.([a-z_]+)/', $error, $m ) ) {
			$key = $m[1];
			if ( isset( $known[ $key ] ) ) {
				$field = 'vat_codes' === $key ? 'overrides' : $key;
				if ( 'base_url' === $key && 'vasco' === $connector ) {
					$field = Settings::get( 'vasco' )['mode'] . '_base_url';
				}
				return array( $field, $known[ $key ] );
			}
			return array( 'overrides', __( 'Advanced: overrides', 'erpsync' ) );
		}
		return null;
	}

	/**
	 * What happens next for a mapping row, in words.
	 *
	 * @param string     $connector Connector id.
	 * @param int        $order_id  Order id.
	 * @param array|null $row       Mapping row.
	 */
	public static function next_step( string $connector, int $order_id, ?array $row ): string {
		if ( ! $row ) {
			return __( 'Not queued: it is sent when the order reaches an export status, or with Send now.', 'erpsync' );
		}
		switch ( $row['state'] ) {
			case 'done':
				return '';
			case 'failed':
				return __( 'Stopped: nothing more happens until you fix this and press Retry.', 'erpsync' );
			case 'blacklisted':
				return __( 'Not sent: the billing email is on the blacklist. Remove it from the list and press Retry to send it.', 'erpsync' );
			case 'queued':
			case 'retry':
			case 'unknown':
				$next = function_exists( 'as_next_scheduled_action' ) ? as_next_scheduled_action(
					Queue::EXPORT,
					array(
						'order_id'  => $order_id,
						'connector' => $connector,
					),
					Queue::GROUP
				) : false;
				if ( is_int( $next ) && $next > 0 ) {
					/* translators: %s: date and time */
					return sprintf( __( 'Tried again automatically at %s.', 'erpsync' ), wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $next ) );
				}
				if ( true === $next ) {
					return __( 'Queued: the background queue sends it within a minute or so.', 'erpsync' );
				}
				return __( 'Waiting in the queue.', 'erpsync' );
		}
		return '';
	}

	/**
	 * Prints the reason with the setting named and linked, then the next step (escaped).
	 *
	 * @param string     $connector Connector id.
	 * @param int        $order_id  Order id.
	 * @param array|null $row       Mapping row.
	 */
	public static function render( string $connector, int $order_id, ?array $row ): void {
		$error = $row ? Redact::text( (string) $row['last_error'] ) : '';
		if ( $row && 'done' !== $row['state'] && '' !== $error ) {
			echo '<span class="erpsync-error">' . esc_html( $error ) . '</span>';
			$s = self::setting( $connector, $error );
			if ( $s ) {
				echo '<br /><span class="erpsync-fix">' . esc_html__( 'To fix:', 'erpsync' ) . ' <a href="' . esc_url( self::setting_url( $connector, $s[0] ) ) . '">' . esc_html( $s[1] ) . '</a></span>';
			}
		}
		$next = self::next_step( $connector, $order_id, $row );
		if ( '' !== $next ) {
			echo ( '' !== $error && $row && 'done' !== $row['state'] ? '<br />' : '' ) . '<span class="erpsync-next description">' . esc_html( $next ) . '</span>';
		}
	}
}
