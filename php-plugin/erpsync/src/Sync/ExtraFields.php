<?php
/**
 * Fields a sync can own beyond what the matcher compares (stock, regular price, name, categories, images):
 * `status`, `sale_price`, `description`, `attributes`. Only the fields the back-office owns are read from its items
 * (so nothing is kept in memory for a sync that owns none), compared in PHP with the shop's values for the matched
 * products of one chunk, and planned as ordinary `update` rows (old and new value) that the Writer applies — the
 * sale price through the bulk path, the rest through the WooCommerce CRUD.
 *
 * Normal forms (what is compared and stored on the plan row):
 * - status: `publish`, `draft`, `private` or `pending` (an item's true/1/"active" is `publish`, false/0 `draft`);
 *   variations are left alone (their status is "enabled" and not the back-office's);
 * - sale_price: a decimal, or '' for no sale;
 * - description: the text as WordPress keeps it (wp_kses_post);
 * - attributes: one line per attribute, `Name=value|value`, in the back-office's order; only the product's own
 *   (not taxonomy) attributes that are not used for variations are compared and replaced.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

defined( 'ABSPATH' ) || exit;

/** Owned fields compared outside the matcher. */
final class ExtraFields {

	const FIELDS = array( 'status', 'sale_price', 'description', 'attributes' );

	const STATUSES = array( 'publish', 'draft', 'private', 'pending' );

	/**
	 * The fields of FIELDS the back-office owns for this connector.
	 *
	 * @param string $connector Connector id.
	 */
	public static function owned( string $connector ): array {
		return array_values(
			array_filter(
				self::FIELDS,
				static function ( $f ) use ( $connector ) {
					return SyncSettings::remote_owns( $connector, $f );
				}
			)
		);
	}

	/**
	 * The owned fields of one back-office item in normal form (a field the item lacks is left out: no news).
	 *
	 * @param array    $item  The item.
	 * @param string[] $own   Owned fields.
	 * @param array    $names Field → the item's key (the setting `sors_fields`).
	 */
	public static function from_item( array $item, array $own, array $names ): array {
		$out = array();
		foreach ( $own as $f ) {
			$k = (string) ( $names[ $f ] ?? $f );
			if ( '' === $k || ! array_key_exists( $k, $item ) ) {
				continue;
			}
			$v = self::normal( $f, $item[ $k ] );
			if ( null !== $v ) {
				$out[ $f ] = $v;
			}
		}
		return $out;
	}

	/**
	 * One value in normal form, or null when it cannot be used.
	 *
	 * @param string $f Field.
	 * @param mixed  $v Value.
	 */
	public static function normal( string $f, $v ): ?string {
		switch ( $f ) {
			case 'status':
				if ( is_bool( $v ) || is_int( $v ) ) {
					return $v ? 'publish' : 'draft';
				}
				$s = strtolower( trim( (string) $v ) );
				$a = array(
					'1'        => 'publish',
					'true'     => 'publish',
					'active'   => 'publish',
					'0'        => 'draft',
					'false'    => 'draft',
					'inactive' => 'draft',
				);
				$s = $a[ $s ] ?? $s;
				return in_array( $s, self::STATUSES, true ) ? $s : null;
			case 'sale_price':
				if ( null === $v || '' === $v ) {
					return '';
				}
				return is_numeric( $v ) && (float) $v >= 0 ? (string) wc_format_decimal( (string) $v ) : null;
			case 'description':
				return is_scalar( $v ) ? wp_kses_post( (string) $v ) : null;
			case 'attributes':
				return is_array( $v ) ? self::attribute_text( $v ) : null;
		}
		return null;
	}

	/**
	 * Attributes as `Name=v1|v2` lines: from [{name, value|values|options}] or {name: value|[values]}.
	 *
	 * @param array $list Attributes.
	 */
	public static function attribute_text( array $list ): string {
		$lines = array();
		foreach ( $list as $k => $a ) {
			if ( is_array( $a ) && isset( $a['name'] ) ) {
				$name   = (string) $a['name'];
				$values = $a['values'] ?? ( $a['options'] ?? ( $a['value'] ?? '' ) );
			} else {
				$name   = (string) $k;
				$values = $a;
			}
			$values = array_values( array_filter( array_map( 'trim', array_map( 'strval', is_array( $values ) ? $values : explode( '|', (string) $values ) ) ), 'strlen' ) );
			$name   = trim( str_replace( array( '=', "\n" ), ' ', sanitize_text_field( $name ) ) );
			if ( '' !== $name && $values ) {
				$lines[] = $name . '=' . implode( '|', array_map( 'sanitize_text_field', str_replace( array( '|', "\n" ), ' ', $values ) ) );
			}
		}
		return implode( "\n", $lines );
	}

	/**
	 * The shop's values of the owned fields for these products, in normal form: id → field → value.
	 *
	 * @param int[]    $ids Product ids.
	 * @param string[] $own Owned fields.
	 */
	public static function local( array $ids, array $own ): array {
		global $wpdb;
		$out = array();
		if ( ! $ids || ! $own ) {
			return $out;
		}
		$in = implode( ',', array_map( 'intval', $ids ) );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- ids are integers.
		foreach ( $wpdb->get_results( "SELECT ID, post_type, post_status, post_content FROM {$wpdb->posts} WHERE ID IN ({$in})", ARRAY_N ) as $r ) {
			$id         = (int) $r[0];
			$out[ $id ] = array( '_type' => $r[1] );
			if ( in_array( 'status', $own, true ) ) {
				$out[ $id ]['status'] = (string) $r[2];
			}
			if ( in_array( 'description', $own, true ) ) {
				$out[ $id ]['description'] = (string) $r[3];
			}
		}
		if ( in_array( 'sale_price', $own, true ) ) {
			foreach ( $wpdb->get_results( "SELECT post_id, meta_value FROM {$wpdb->postmeta} WHERE meta_key = '_sale_price' AND post_id IN ({$in})", ARRAY_N ) as $r ) {
				$out[ (int) $r[0] ]['sale_price'] = (string) $r[1];
			}
		}
		// phpcs:enable
		if ( in_array( 'attributes', $own, true ) ) {
			foreach ( array_keys( $out ) as $id ) {
				$p = 'product' === $out[ $id ]['_type'] ? wc_get_product( $id ) : null;
				if ( $p ) {
					$out[ $id ]['attributes'] = self::local_attribute_text( $p );
				}
			}
		}
		return $out;
	}

	/**
	 * The product's own attributes (not taxonomy ones, not used for variations) as `Name=v1|v2` lines.
	 *
	 * @param \WC_Product $p Product.
	 */
	public static function local_attribute_text( \WC_Product $p ): string {
		$lines = array();
		foreach ( $p->get_attributes( 'edit' ) as $a ) {
			if ( $a instanceof \WC_Product_Attribute && ! $a->is_taxonomy() && ! $a->get_variation() ) {
				$lines[] = $a->get_name() . '=' . implode( '|', $a->get_options() );
			}
		}
		return implode( "\n", $lines );
	}

	/**
	 * Plan rows for the owned fields that differ (old and new value); variations only for the sale price.
	 *
	 * @param array $pairs  [[local_id, remote_id], ...].
	 * @param array $remote Remote id → owned fields in normal form.
	 */
	public static function rows( array $pairs, array $remote ): array {
		$own = array();
		foreach ( $pairs as $p ) {
			foreach ( array_keys( $remote[ (string) $p[1] ] ?? array() ) as $f ) {
				$own[ $f ] = true;
			}
		}
		if ( ! $own ) {
			return array();
		}
		$local = self::local( array_map( 'intval', array_column( $pairs, 0 ) ), array_keys( $own ) );
		$rows  = array();
		foreach ( $pairs as $p ) {
			$id = (int) $p[0];
			if ( ! isset( $local[ $id ] ) ) {
				continue;
			}
			foreach ( $remote[ (string) $p[1] ] ?? array() as $f => $new ) {
				if ( 'product_variation' === $local[ $id ]['_type'] && 'sale_price' !== $f ) {
					continue;
				}
				$old  = (string) ( $local[ $id ][ $f ] ?? '' );
				$same = 'sale_price' === $f && '' !== $old && '' !== $new
					? wc_format_decimal( $old, false, true ) === wc_format_decimal( $new, false, true )
					: $old === $new;
				if ( ! $same ) {
					$rows[] = array(
						'action'    => 'update',
						'local_id'  => $id,
						'remote_id' => (string) $p[1],
						'field'     => $f,
						'old_value' => $old,
						'new_value' => $new,
					);
				}
			}
		}
		return $rows;
	}

	/**
	 * Replaces the product's own attributes (not taxonomy ones, not used for variations) by these lines.
	 *
	 * @param \WC_Product $p    Product.
	 * @param string      $text `Name=v1|v2` lines.
	 */
	public static function set_attributes( \WC_Product $p, string $text ): void {
		$keep = array();
		foreach ( $p->get_attributes( 'edit' ) as $k => $a ) {
			if ( $a instanceof \WC_Product_Attribute && ( $a->is_taxonomy() || $a->get_variation() ) ) {
				$keep[ $k ] = $a;
			}
		}
		$pos = count( $keep );
		foreach ( array_filter( explode( "\n", $text ), 'strlen' ) as $line ) {
			list( $name, $values ) = array_pad( explode( '=', $line, 2 ), 2, '' );
			$a                     = new \WC_Product_Attribute();
			$a->set_name( $name );
			$a->set_options( array_values( array_filter( explode( '|', $values ), 'strlen' ) ) );
			$a->set_visible( true );
			$a->set_variation( false );
			$a->set_position( $pos++ );
			$keep[ sanitize_title( $name ) ] = $a;
		}
		$p->set_attributes( $keep );
	}
}
