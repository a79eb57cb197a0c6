<?php
/**
 * Images down (Complete Sync operation `products_images_down`): the images Sitoo lists for each linked product
 * (`GET products/{id}/images.json`: resources with a `resourceid`, "ID for the file as a relative URL (typically
 * the filename)" — the description gives no download address) are fetched from an address made by the setting
 * *Sitoo image address* (placeholders {siteurl} — the site's address from sites.json —, {accountid},
 * {resourceid}; default `{siteurl}/{resourceid}`), through the extension's HTTP client, and attached to the
 * product: the first as its image, the others as its gallery (a variation: the first only).
 *
 * The Sitoo credentials go with a download only when its scheme, host and port are those of the API address; any
 * other host gets none. Replies must be images (`image/*`, at most MAX_BYTES). An image already fetched
 * (attachment meta `_erpsync_sitoo_resource` = Sitoo product id + resource id) is reused, never fetched twice.
 * Every write runs inside Origin::run (no echo); dry run lists what would be fetched.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;

defined( 'ABSPATH' ) || exit;

/** The images-down operation. */
final class ImagesDown extends CatalogOperation {

	const META            = '_erpsync_sitoo_resource';
	const DEFAULT_PATTERN = '{siteurl}/{resourceid}';
	const MAX_BYTES       = 20971520;
	const PER_STEP        = 25;

	/**
	 * The site's address (sites.json), read once per request.
	 *
	 * @var string|null
	 */
	private ?string $siteurl = null;

	/** The owner's name. */
	public function label(): string {
		return __( 'Products: fetch the images of linked products from Sitoo', 'erpsync' );
	}

	/**
	 * One image list per linked product and (estimated) one download each.
	 *
	 * @param array $options Options.
	 */
	public function requests_needed( array $options ): int {
		return 1 + 2 * count( CatalogMap::all( 'product' ) );
	}

	/**
	 * Why a pattern cannot be used, or null: an http(s) address with {resourceid}, no other placeholders than the
	 * known ones, no credentials in it.
	 *
	 * @param string $pattern Setting.
	 */
	public static function pattern_error( string $pattern ): ?string {
		$pattern = trim( $pattern );
		if ( ! str_contains( $pattern, '{resourceid}' ) ) {
			return __( 'the address needs {resourceid}', 'erpsync' );
		}
		$probe = str_replace( array( '{siteurl}', '{accountid}', '{resourceid}' ), array( 'https://site.example', '10020', 'a.jpg' ), $pattern );
		if ( preg_match( '/[{}\s]/', $probe ) ) {
			return __( 'only the placeholders {siteurl}, {accountid} and {resourceid} are known', 'erpsync' );
		}
		$p = wp_parse_url( $probe );
		if ( ! $p || ! in_array( strtolower( (string) ( $p['scheme'] ?? '' ) ), array( 'http', 'https' ), true ) || empty( $p['host'] ) ) {
			return __( 'an http:// or https:// address is expected', 'erpsync' );
		}
		if ( isset( $p['user'] ) || isset( $p['pass'] ) ) {
			return __( 'the address must not carry credentials', 'erpsync' );
		}
		return null;
	}

	/** The pattern in force. */
	public static function pattern(): string {
		$p = trim( (string) ( Settings::get( 'sitoo' )['misc_images_url'] ?? '' ) );
		return '' === $p ? self::DEFAULT_PATTERN : $p;
	}

	/**
	 * The download address of a resource.
	 *
	 * @param string $resourceid Resource id (a relative URL: each path segment encoded).
	 */
	public function address( string $resourceid ): string {
		$cs = Settings::connector_settings( 'sitoo' );
		if ( null === $this->siteurl ) {
			$this->siteurl = '';
			if ( str_contains( self::pattern(), '{siteurl}' ) ) {
				foreach ( $this->sitoo()->sites() as $site ) {
					if ( (int) ( $site['eshopid'] ?? 0 ) === (int) $cs['siteid'] ) {
						$this->siteurl = untrailingslashit( (string) ( $site['siteurl'] ?? '' ) );
					}
				}
			}
		}
		$account = preg_match( '~/accounts/([^/?#]+)~', (string) $cs['base_url'], $m ) ? $m[1] : '';
		$rel     = implode( '/', array_map( 'rawurlencode', explode( '/', ltrim( $resourceid, '/' ) ) ) );
		return str_replace( array( '{siteurl}', '{accountid}', '{resourceid}' ), array( $this->siteurl, rawurlencode( $account ), $rel ), self::pattern() );
	}

	/**
	 * The next products.
	 *
	 * @param array $state    State (cursor: the last local id done).
	 * @param float $deadline Deadline.
	 * @param array $options  Options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		$err = self::pattern_error( self::pattern() );
		if ( null !== $err ) {
			/* translators: %s: what is wrong */
			$this->item_error( sprintf( __( 'Sitoo image address: %s', 'erpsync' ), $err ), $options );
			return $this->result( true, 0, 0 );
		}
		$links = CatalogMap::all( 'product' );
		ksort( $links );
		$after = (int) ( $state['after'] ?? 0 );
		$done  = (int) ( $state['done'] ?? 0 );
		$n     = 0;
		foreach ( $links as $local => $remote ) {
			if ( (int) $local <= $after ) {
				continue;
			}
			if ( $n >= self::PER_STEP || microtime( true ) > $deadline ) {
				return $this->result( false, $done, count( $links ) );
			}
			$this->product( (int) $local, (string) $remote, $options );
			$state['after'] = (int) $local;
			$state['done']  = ++$done;
			++$n;
		}
		return $this->result( true, $done, count( $links ) );
	}

	/**
	 * One product's images.
	 *
	 * @param int    $local   Product or variation id.
	 * @param string $remote  Sitoo productid.
	 * @param array  $options Options.
	 * @throws \ErpSync\RateLimitedException Sitoo asks to wait: the job pauses.
	 */
	private function product( int $local, string $remote, array $options ): void {
		$p = wc_get_product( $local );
		if ( ! $p ) {
			return;
		}
		try {
			$list = $this->sitoo()->images( $remote );
			$list = isset( $list['items'] ) && is_array( $list['items'] ) ? $list['items'] : $list; // The envelope.
		} catch ( \ErpSync\RateLimitedException $e ) {
			throw $e;
		} catch ( \ErpSync\Exception $e ) {
			$this->item_error( sprintf( 'product %d images: %s', $local, $e->getMessage() ), $options );
			return;
		}
		$ids = array();
		foreach ( $list as $img ) {
			$rid = (string) ( $img['resourceid'] ?? '' );
			if ( '' === $rid ) {
				continue;
			}
			$have = self::attachment( $remote, $rid );
			if ( $have ) {
				$ids[] = $have;
				continue;
			}
			$this->plan( $options, 'image', $local, $remote, $rid );
			if ( self::dry( $options ) ) {
				continue;
			}
			try {
				$ids[] = $this->fetch( $local, $remote, $rid );
				$this->count( 'images' );
			} catch ( \ErpSync\RateLimitedException $e ) {
				throw $e;
			} catch ( \Throwable $e ) {
				$this->item_error( sprintf( 'product %d image %s: %s', $local, $rid, $e->getMessage() ), $options );
			}
		}
		if ( ! $ids || self::dry( $options ) ) {
			return;
		}
		$gallery = $p->is_type( 'variation' ) ? array() : array_slice( $ids, 1 );
		if ( (int) $p->get_image_id( 'edit' ) !== $ids[0] || array_map( 'intval', $p->get_gallery_image_ids( 'edit' ) ) !== $gallery ) {
			$p->set_image_id( $ids[0] );
			if ( ! $p->is_type( 'variation' ) ) {
				$p->set_gallery_image_ids( $gallery );
			}
			Origin::run( fn() => $p->save() );
			$this->count( 'updated' );
		}
	}

	/**
	 * An attachment made before for this resource of this Sitoo product, or 0.
	 *
	 * @param string $remote Sitoo productid.
	 * @param string $rid    Resource id.
	 */
	private static function attachment( string $remote, string $rid ): int {
		$found = get_posts(
			array(
				'post_type'   => 'attachment',
				'post_status' => 'inherit',
				'numberposts' => 1,
				'fields'      => 'ids',
				'meta_key'    => self::META, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_key -- one lookup per image.
				'meta_value'  => $remote . ':' . $rid, // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_value
			)
		);
		return $found ? (int) $found[0] : 0;
	}

	/**
	 * Downloads one resource and makes it an attachment of the product; returns its id.
	 *
	 * @param int    $local  Product id.
	 * @param string $remote Sitoo productid.
	 * @param string $rid    Resource id.
	 * @throws \RuntimeException What went wrong (no image, too large, not saved).
	 */
	private function fetch( int $local, string $remote, string $rid ): int {
		$bytes = $this->download( $this->address( $rid ), $type );
		$name  = sanitize_file_name( wp_basename( $rid ) );
		$name  = '' === $name ? 'sitoo-image' : $name;
		$up    = wp_upload_bits( $name, null, $bytes );
		if ( ! empty( $up['error'] ) ) {
			throw new \RuntimeException( esc_html( (string) $up['error'] ) );
		}
		$check = wp_check_filetype_and_ext( $up['file'], $name );
		if ( empty( $check['type'] ) || ! str_starts_with( (string) $check['type'], 'image/' ) ) {
			wp_delete_file( $up['file'] );
			throw new \RuntimeException( esc_html__( 'the file is not an image this site accepts', 'erpsync' ) );
		}
		$id = Origin::run(
			fn() => wp_insert_attachment(
				array(
					'post_mime_type' => $check['type'],
					'post_title'     => preg_replace( '/\.[^.]+$/', '', $name ),
					'post_status'    => 'inherit',
				),
				$up['file'],
				$local,
				true
			)
		);
		if ( is_wp_error( $id ) ) {
			wp_delete_file( $up['file'] );
			throw new \RuntimeException( esc_html( $id->get_error_message() ) );
		}
		require_once ABSPATH . 'wp-admin/includes/image.php';
		wp_update_attachment_metadata( $id, wp_generate_attachment_metadata( $id, $up['file'] ) );
		update_post_meta( $id, self::META, $remote . ':' . $rid );
		return (int) $id;
	}

	/**
	 * The bytes at an address, through the extension's HTTP client; the Sitoo credentials only for the API's own
	 * scheme, host and port.
	 *
	 * @param string      $url  Address.
	 * @param string|null $type Content type (out).
	 * @throws \RuntimeException Not an image, or refused.
	 */
	public function download( string $url, ?string &$type = null ): string {
		$u  = wp_parse_url( $url );
		$cs = Settings::connector_settings( 'sitoo' );
		$a  = wp_parse_url( (string) $cs['base_url'] );
		if ( ! $u || empty( $u['host'] ) || ! in_array( strtolower( (string) ( $u['scheme'] ?? '' ) ), array( 'http', 'https' ), true ) ) {
			throw new \RuntimeException( esc_html__( 'not an http(s) address', 'erpsync' ) );
		}
		$origin = strtolower( $u['scheme'] ) . '://' . $u['host'] . ( isset( $u['port'] ) ? ':' . $u['port'] : '' );
		$opts   = array(
			'base_url'           => $origin,
			'timeout_ms'         => 30000,
			'connect_timeout_ms' => 5000,
			'max_response_bytes' => self::MAX_BYTES,
			'retry'              => array( 'max_attempts' => 2 ),
		);
		$same   = $a && strtolower( (string) ( $a['scheme'] ?? '' ) ) === strtolower( $u['scheme'] ) && strtolower( (string) ( $a['host'] ?? '' ) ) === strtolower( $u['host'] )
			&& (int) ( $a['port'] ?? 0 ) === (int) ( $u['port'] ?? 0 );
		if ( $same ) {
			$opts['auth'] = array(
				'type'     => 'basic',
				'username' => (string) $cs['api_id'],
				'password' => (string) $cs['password'],
			);
		}
		$path = ( $u['path'] ?? '/' ) . ( isset( $u['query'] ) ? '?' . $u['query'] : '' );
		$r    = ( new \ErpSync\Http\Client( $opts ) )->request( 'GET', $path );
		$type = strtolower( trim( explode( ';', (string) $r->header( 'content-type' ) )[0] ) );
		if ( ! str_starts_with( $type, 'image/' ) ) {
			/* translators: %s: content type */
			throw new \RuntimeException( esc_html( sprintf( __( 'not an image (%s)', 'erpsync' ), $type ) ) );
		}
		return $r->body;
	}
}
