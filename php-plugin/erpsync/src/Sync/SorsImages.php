<?php
/**
 * SORS images: for each product linked to SORS, its image list (`Sors::productImages`); a product whose list of
 * remote image ids changed gets an `images` plan row. Applying it downloads each image once — never again once
 * its remote id is linked to an attachment — through the extension's HTTP client (no SORS key is sent to the
 * image host), refuses files over the size cap and files WordPress does not take as images (each skipped with its
 * reason), reuses an attachment with the same content hash, and sets the featured image and gallery.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync;

use ErpSync\Plugin\Infra\Connectors;
use ErpSync\Plugin\Infra\Installer;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.SlowDBQuery -- the plugin's mapping table and a lookup of post meta by key and value; values prepared.

/** SORS image sync. */
final class SorsImages extends SorsCatalog {

	/** Product meta: the remote image ids last applied, in order. */
	const META = '_erpsync_sors_images';

	/** Attachment meta: sha256 of the file's bytes. */
	const HASH = '_erpsync_image_hash';

	/** Attachment meta, one row per SORS image id shown by this file (the same bytes may have several ids). */
	const REMOTE = '_erpsync_sors_image_id';

	/**
	 * Plans without the matcher: one call per linked product.
	 *
	 * @param PlanBuffer $buf The plan.
	 * @return array Counts.
	 */
	public function plan( PlanBuffer $buf ): array {
		global $wpdb;
		$c      = $this->connector();
		$counts = array(
			'fetched'   => 0,
			'local'     => 0,
			'matched'   => 0,
			'unchanged' => 0,
		);
		$last   = 0;
		do {
			$links = $wpdb->get_results( $wpdb->prepare( 'SELECT local_id, remote_id FROM ' . Installer::map_table() . " WHERE connector = 'sors' AND object_type = 'product' AND local_id > %d ORDER BY local_id LIMIT 500", $last ), ARRAY_N );
			$got   = count( $links );
			foreach ( $links as $l ) {
				$last = (int) $l[0];
				++$counts['local'];
				$imgs = array();
				foreach ( (array) $c->productImages( (string) $l[1] ) as $im ) {
					if ( ! empty( $im['id'] ) && ! empty( $im['url'] ) ) {
						$imgs[] = array( (string) $im['id'], (string) $im['url'], (string) ( $im['fileName'] ?? '' ) );
					}
				}
				++$counts['fetched']; // image lists read.
				++$counts['matched'];
				$counts['images']['listed'] = ( $counts['images']['listed'] ?? 0 ) + count( $imgs );
				$ids                        = implode( ',', array_column( $imgs, 0 ) );
				if ( (string) get_post_meta( $last, self::META, true ) === $ids ) {
					++$counts['unchanged'];
					continue;
				}
				$buf->add(
					array(
						'action'    => 'images',
						'local_id'  => $last,
						'remote_id' => (string) $l[1],
						'field'     => 'images',
						'old_value' => (string) get_post_meta( $last, self::META, true ),
						'new_value' => (string) wp_json_encode( $imgs ),
					)
				);
			}
		} while ( 500 === $got );
		return $counts;
	}

	/**
	 * The images of one product: attachments found or made, then featured image + gallery through the CRUD.
	 *
	 * @param int    $product_id Product id.
	 * @param string $json       [[remote id, url, file name], ...].
	 * @return array{0: int, 1: string[]} Images downloaded, and why each skipped one was skipped.
	 * @throws \RuntimeException When the product is gone.
	 */
	public static function apply( int $product_id, string $json ): array {
		$p = wc_get_product( $product_id );
		if ( ! $p ) {
			/* translators: %d: product id */
			throw new \RuntimeException( sprintf( __( 'Product %d no longer exists.', 'erpsync' ), $product_id ) );
		}
		$imgs       = json_decode( $json, true );
		$ids        = array();
		$downloaded = 0;
		$skipped    = array();
		foreach ( is_array( $imgs ) ? $imgs : array() as $im ) {
			list( $remote, $url, $file ) = array_pad( (array) $im, 3, '' );
			$att                         = self::linked_attachment( (string) $remote );
			if ( ! $att ) {
				try {
					$att = self::download( (string) $url, (string) $file, $product_id );
					++$downloaded;
					add_post_meta( $att, self::REMOTE, (string) $remote );
				} catch ( \Throwable $e ) {
					$skipped[] = $remote . ': ' . $e->getMessage();
					continue;
				}
			}
			$ids[] = $att;
		}
		if ( $ids ) {
			$p->set_image_id( $ids[0] );
			$p->set_gallery_image_ids( array_slice( $ids, 1 ) );
		}
		$p->update_meta_data( self::META, implode( ',', array_column( is_array( $imgs ) ? $imgs : array(), 0 ) ) );
		$p->save();
		return array( $downloaded, $skipped );
	}

	/**
	 * The attachment already made for this remote image, or 0.
	 *
	 * @param string $remote Remote image id.
	 */
	private static function linked_attachment( string $remote ): int {
		global $wpdb;
		$id = (int) $wpdb->get_var( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value = %s LIMIT 1", self::REMOTE, $remote ) );
		return $id && get_post( $id ) ? $id : 0;
	}

	/**
	 * Downloads one image (size cap), reuses an attachment of the same bytes, else adds it to the media library.
	 *
	 * @param string $url        Image URL (http or https).
	 * @param string $file       File name SORS gives.
	 * @param int    $product_id Parent product.
	 * @throws \RuntimeException With the reason the image is skipped.
	 */
	private static function download( string $url, string $file, int $product_id ): int {
		$parts = wp_parse_url( $url );
		if ( ! $parts || ! in_array( $parts['scheme'] ?? '', array( 'http', 'https' ), true ) || empty( $parts['host'] ) ) {
			throw new \RuntimeException( __( 'not an http(s) address', 'erpsync' ) );
		}
		$cap    = max( 1, (int) SyncSettings::get()['image_max_kb'] ) * 1024;
		$client = new \ErpSync\Http\Client(
			array(
				'base_url'           => $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' ),
				'max_response_bytes' => $cap,
				'timeout_ms'         => 20000,
				'connect_timeout_ms' => 5000,
				'retry'              => array( 'max_attempts' => 2 ),
			)
		);
		try {
			$body = $client->get( $url )->body;
		} catch ( \ErpSync\Exception $e ) {
			/* translators: 1: size cap in kB, 2: error */
			throw new \RuntimeException( false !== stripos( $e->getMessage(), 'max_response_bytes' ) || false !== stripos( $e->getMessage(), 'too large' ) ? sprintf( __( 'larger than %1$d kB (%2$s)', 'erpsync' ), $cap / 1024, $e->getMessage() ) : $e->getMessage() );
		}
		$hash  = hash( 'sha256', $body );
		$posts = get_posts(
			array(
				'post_type'   => 'attachment',
				'post_status' => 'inherit',
				'meta_key'    => self::HASH, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- once per new image.
				'meta_value'  => $hash, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_value -- once per new image.
				'fields'      => 'ids',
				'numberposts' => 1,
			)
		);
		if ( $posts ) {
			return (int) $posts[0];
		}
		require_once ABSPATH . 'wp-admin/includes/file.php';
		require_once ABSPATH . 'wp-admin/includes/media.php';
		require_once ABSPATH . 'wp-admin/includes/image.php';
		$tmp = wp_tempnam( 'erpsync-image' );
		file_put_contents( $tmp, $body ); // phpcs:ignore WordPress.WP.AlternativeFunctions -- a temporary file for media_handle_sideload().
		$name = sanitize_file_name( '' !== $file ? $file : basename( (string) ( $parts['path'] ?? 'image' ) ) );
		$id   = media_handle_sideload(
			array(
				'name'     => $name,
				'tmp_name' => $tmp,
			),
			$product_id
		);
		if ( file_exists( $tmp ) ) {
			wp_delete_file( $tmp );
		}
		if ( is_wp_error( $id ) ) {
			throw new \RuntimeException( $id->get_error_message() );
		}
		update_post_meta( (int) $id, self::HASH, $hash );
		return (int) $id;
	}
}
