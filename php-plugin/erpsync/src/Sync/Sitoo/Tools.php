<?php
/**
 * Sitoo tools. Test mode (sandbox) only: "Clear all" (Sitoo links, timestamps, the Sitoo settings back to their
 * defaults except the connection) and "Reset timestamp" (when orders were last fetched). Always: "Fix SKU"
 * (product and variation SKUs made to fit Sitoo's rule — product-write.yaml: "Should only contain
 * [A-Za-z0-9_+-/]", read as letters, digits, _ + - . / as the connector's fixSku does; an empty SKU becomes the
 * owner's prefix + the id) and "Fix image names" (product image files whose names hold characters outside
 * [A-Za-z0-9_.-], the plugin docs' rule, renamed with their sizes). Each has a dry run listing what would change.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- reads of products and options in id order; values are placeholders.

/** The tools. */
final class Tools {

	/** Settings kept by "Clear all" (the connection). */
	const KEEP = array( 'enabled', 'mode', 'base_url', 'api_id', 'password', 'sandbox_base_url', 'sandbox_api_id', 'sandbox_password' );

	/** Test mode: the Sitoo sandbox is in use. */
	public static function test_mode(): bool {
		return 'sandbox' === ( Settings::get( 'sitoo' )['mode'] ?? 'live' );
	}

	/**
	 * Timestamp options of the Sitoo syncs (filter erpsync_sitoo_timestamps; by default every option named
	 * erpsync_sitoo_*_at, *_since, *_last or *_timestamp).
	 *
	 * @param bool $orders_only Only the orders' ones (Reset timestamp).
	 */
	public static function timestamps( bool $orders_only = false ): array {
		global $wpdb;
		$like  = $orders_only ? 'erpsync\_sitoo\_order%' : 'erpsync\_sitoo\_%';
		$names = array_values(
			array_filter(
				$wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s ORDER BY option_name", $like ) ),
				static fn( $n ) => (bool) preg_match( '/(_at|_since|_last|_timestamp|_from)$/', $n )
			)
		);
		return (array) apply_filters( 'erpsync_sitoo_timestamps', $names, $orders_only );
	}

	/** What "Clear all" removes, in words for the confirmation (names and counts, never values). */
	public static function clear_all_plan(): array {
		$links    = CatalogMap::counts();
		$defaults = Settings::defaults( 'sitoo' );
		$now      = Settings::get( 'sitoo' );
		$changed  = array();
		foreach ( $defaults as $k => $v ) {
			if ( ! in_array( $k, self::KEEP, true ) && ( $now[ $k ] ?? null ) !== $v ) {
				$changed[] = $k;
			}
		}
		return array(
			'links'      => $links,
			'timestamps' => self::timestamps(),
			'settings'   => $changed,
			'kept'       => self::KEEP,
		);
	}

	/**
	 * Clear all (test mode only).
	 *
	 * @throws \RuntimeException Outside test mode.
	 * @return array What went (as clear_all_plan()).
	 */
	public static function clear_all(): array {
		if ( ! self::test_mode() ) {
			throw new \RuntimeException( __( '"Clear all" works only in test mode (Sitoo sandbox).', 'erpsync' ) );
		}
		$plan = self::clear_all_plan();
		CatalogMap::clear_all();
		foreach ( $plan['timestamps'] as $name ) {
			delete_option( $name );
		}
		$now  = Settings::get( 'sitoo' );
		$keep = array_intersect_key( $now, array_flip( self::KEEP ) );
		update_option( 'erpsync_sitoo', $keep, false ); // everything else falls back to its default.
		\ErpSync\Plugin\Infra\Connectors::forget();
		CompleteSync::log( 'Tools: Clear all' );
		return $plan;
	}

	/**
	 * Reset timestamp (test mode only): orders are fetched from the start again.
	 *
	 * @throws \RuntimeException Outside test mode.
	 * @return string[] Options removed.
	 */
	public static function reset_timestamp(): array {
		if ( ! self::test_mode() ) {
			throw new \RuntimeException( __( '"Reset timestamp" works only in test mode (Sitoo sandbox).', 'erpsync' ) );
		}
		$names = self::timestamps( true );
		foreach ( $names as $name ) {
			delete_option( $name );
		}
		return $names;
	}

	/**
	 * Fix SKU: [[id, type, old, new, error]] of every product and variation whose SKU does not fit (written unless
	 * $dry). A fixed SKU another product holds gets "-<id>".
	 *
	 * @param string $prefix Prefix of empty SKUs (made to fit too).
	 * @param bool   $dry    List only.
	 */
	public static function fix_sku( string $prefix, bool $dry ): array {
		global $wpdb;
		$prefix = \ErpSync\Connector\Sitoo::fixSku( remove_accents( '' === trim( $prefix ) ? 'SKU-' : trim( $prefix ) ) );
		$rows   = $wpdb->get_results( "SELECT p.ID, p.post_type, COALESCE(l.sku, '') AS sku FROM {$wpdb->posts} p LEFT JOIN {$wpdb->wc_product_meta_lookup} l ON l.product_id = p.ID WHERE p.post_type IN ('product', 'product_variation') AND p.post_status NOT IN ('trash', 'auto-draft') ORDER BY p.ID", ARRAY_A );
		$taken  = array();
		foreach ( $rows as $r ) {
			$taken[ (string) $r['sku'] ] = (int) $r['ID'];
		}
		$out = array();
		foreach ( $rows as $r ) {
			$id  = (int) $r['ID'];
			$old = (string) $r['sku'];
			$new = '' === $old ? $prefix . $id : \ErpSync\Connector\Sitoo::fixSku( remove_accents( $old ) ); // "Ä" → "A", not "--".
			$new = '' === trim( $new, '-' ) ? $prefix . $id : $new;
			if ( $new === $old ) {
				continue;
			}
			if ( isset( $taken[ $new ] ) && $taken[ $new ] !== $id ) {
				$new .= '-' . $id;
			}
			$taken[ $new ] = $id;
			$row           = array(
				'id'    => $id,
				'type'  => 'product_variation' === $r['post_type'] ? 'variation' : 'product',
				'old'   => $old,
				'new'   => $new,
				'error' => '',
			);
			if ( ! $dry ) {
				$p = wc_get_product( $id );
				try {
					if ( $p ) {
						$p->set_sku( $new );
						$p->save();
					}
				} catch ( \WC_Data_Exception $e ) {
					$row['error'] = $e->getMessage();
				}
			}
			$out[] = $row;
		}
		return $out;
	}

	/**
	 * A file name Sitoo takes: accents dropped, every other character outside [A-Za-z0-9_.-] a "-".
	 *
	 * @param string $name File name.
	 */
	public static function safe_name( string $name ): string {
		$n = preg_replace( '/[^A-Za-z0-9_.-]+/', '-', remove_accents( $name ) );
		$n = trim( preg_replace( '/-{2,}/', '-', (string) $n ), '-' );
		return '' === $n || '.' === $n[0] ? 'image' . $n : $n;
	}

	/** Attachment ids used as product images and galleries. */
	private static function product_images(): array {
		global $wpdb;
		$ids = array_map( 'intval', $wpdb->get_col( "SELECT DISTINCT pm.meta_value FROM {$wpdb->postmeta} pm JOIN {$wpdb->posts} p ON p.ID = pm.post_id AND p.post_type IN ('product', 'product_variation') WHERE pm.meta_key = '_thumbnail_id' AND pm.meta_value > 0" ) );
		foreach ( $wpdb->get_col( "SELECT pm.meta_value FROM {$wpdb->postmeta} pm JOIN {$wpdb->posts} p ON p.ID = pm.post_id AND p.post_type = 'product' WHERE pm.meta_key = '_product_image_gallery' AND pm.meta_value <> ''" ) as $g ) {
			$ids = array_merge( $ids, array_map( 'intval', explode( ',', (string) $g ) ) );
		}
		$ids = array_values( array_unique( array_filter( $ids ) ) );
		sort( $ids );
		return $ids;
	}

	/**
	 * Fix image names: [[id, old, new, error]] of every product image whose file name Sitoo refuses (renamed with
	 * its sizes unless $dry).
	 *
	 * @param bool $dry List only.
	 */
	public static function fix_image_names( bool $dry ): array {
		$out = array();
		foreach ( self::product_images() as $id ) {
			$file = get_attached_file( $id );
			if ( ! $file ) {
				continue;
			}
			$old = wp_basename( $file );
			if ( preg_match( '/^[A-Za-z0-9_.-]+$/', $old ) ) {
				continue;
			}
			$dir = dirname( $file );
			$new = wp_unique_filename( $dir, self::safe_name( $old ) );
			$row = array(
				'id'    => $id,
				'old'   => $old,
				'new'   => $new,
				'error' => '',
			);
			if ( ! $dry ) {
				$row['error'] = self::rename_attachment( $id, $file, $dir . '/' . $new );
			}
			$out[] = $row;
		}
		return $out;
	}

	/**
	 * Renames an attachment's file and its sizes; '' or why not.
	 *
	 * @param int    $id   Attachment id.
	 * @param string $from Full path.
	 * @param string $to   New full path.
	 */
	private static function rename_attachment( int $id, string $from, string $to ): string {
		global $wp_filesystem;
		if ( ! $wp_filesystem ) {
			require_once ABSPATH . 'wp-admin/includes/file.php';
			WP_Filesystem();
		}
		if ( file_exists( $from ) && ! $wp_filesystem->move( $from, $to ) ) {
			return __( 'the file could not be renamed', 'erpsync' );
		}
		update_attached_file( $id, $to );
		$meta = wp_get_attachment_metadata( $id );
		if ( is_array( $meta ) ) {
			$stem_old = pathinfo( $from, PATHINFO_FILENAME );
			$stem_new = pathinfo( $to, PATHINFO_FILENAME );
			if ( isset( $meta['file'] ) ) {
				$meta['file'] = dirname( (string) $meta['file'] ) === '.' ? wp_basename( $to ) : dirname( (string) $meta['file'] ) . '/' . wp_basename( $to );
			}
			foreach ( (array) ( $meta['sizes'] ?? array() ) as $k => $size ) {
				$sf  = (string) ( $size['file'] ?? '' );
				$nsf = self::safe_name( str_replace( $stem_old, $stem_new, $sf ) );
				if ( '' !== $sf && $sf !== $nsf && file_exists( dirname( $from ) . '/' . $sf ) ) {
					$wp_filesystem->move( dirname( $from ) . '/' . $sf, dirname( $to ) . '/' . $nsf );
				}
				$meta['sizes'][ $k ]['file'] = $nsf;
			}
			wp_update_attachment_metadata( $id, $meta );
		}
		return '';
	}

	/** The link to the latest Sitoo log (WooCommerce → Status → Logs). */
	public static function log_url(): string {
		return admin_url( 'admin.php?page=wc-status&tab=logs&source=erpsync-sitoo' );
	}
}
