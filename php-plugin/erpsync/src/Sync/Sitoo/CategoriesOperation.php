<?php
/**
 * Categories of the Complete Sync: match (link by stored link, then the same title under the same linked parent),
 * fetch the unmatched down keeping the hierarchy (parents first), send the unmatched up (Sitoo::syncCategories,
 * parents first, same-title categories reused) and resync the linked (title and parent, a PUT each).
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

defined( 'ABSPATH' ) || exit;

/** The operations match_categories, categories_down, categories_up, categories_resync. */
final class CategoriesOperation extends CatalogOperation {

	/** The owner's name. */
	public function label(): string {
		switch ( $this->mode ) {
			case 'match_categories':
				return __( 'Match down from Sitoo all categories', 'erpsync' );
			case 'categories_down':
				return __( 'Categories: fetch all unmatched categories from Sitoo (keeping the hierarchy)', 'erpsync' );
			case 'categories_up':
				return __( 'Categories: send all unmatched categories to Sitoo', 'erpsync' );
		}
		return __( 'Categories: resync all matched categories to Sitoo', 'erpsync' );
	}

	/**
	 * Requests: the category list (500 a page), plus one per category sent up.
	 *
	 * @param array $options Job options.
	 */
	public function requests_needed( array $options ): int {
		$local = (int) wp_count_terms(
			array(
				'taxonomy'   => 'product_cat',
				'hide_empty' => false,
			)
		);
		$pages = 1 + intdiv( max( $local, 1 ), 500 );
		if ( 'categories_up' === $this->mode || 'categories_resync' === $this->mode ) {
			return $pages + max( 0, $local - count( CatalogMap::all( 'category' ) ) * ( 'categories_up' === $this->mode ? 1 : 0 ) ) + ( 'categories_resync' === $this->mode ? count( CatalogMap::all( 'category' ) ) : 0 );
		}
		return $pages;
	}

	/**
	 * One step: categories are few, so each mode runs whole.
	 *
	 * @param array $state    State.
	 * @param float $deadline Deadline.
	 * @param array $options  Options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		switch ( $this->mode ) {
			case 'categories_up':
				$n = $this->up( $options );
				break;
			case 'categories_resync':
				$n = $this->resync( $options );
				break;
			default:
				$n = $this->down( $options, 'categories_down' === $this->mode );
		}
		return $this->result( true, $n, $n );
	}

	/**
	 * Matches Sitoo categories to product categories (link, then title under the same parent); with $create, the
	 * unmatched are created, parents first. Returns how many Sitoo categories were handled.
	 *
	 * @param array $options Job options.
	 * @param bool  $create  Create the unmatched.
	 */
	public function down( array $options, bool $create ): int {
		$remote = array();
		foreach ( $this->sitoo()->categories() as $c ) {
			$remote[ (string) $c['categoryid'] ] = array(
				'title'  => (string) ( $c['title'] ?? '' ),
				'parent' => (string) ( $c['categoryparentid'] ?? '0' ),
			);
		}
		$links  = array_flip( CatalogMap::all( 'category' ) ); // remote → local.
		$dry    = self::dry( $options );
		$todo   = $remote;
		$new    = array();
		$passes = count( $todo ) + 1;
		// Parents first: a category whose parent is neither top level nor placed yet waits for the next pass.
		while ( $todo && $passes-- > 0 ) {
			foreach ( $todo as $rid => $c ) {
				$rid = (string) $rid;
				if ( isset( $links[ $rid ] ) ) {
					unset( $todo[ $rid ] );
					continue;
				}
				$parent_local = 0;
				if ( '' !== $c['parent'] && '0' !== $c['parent'] && isset( $remote[ $c['parent'] ] ) ) {
					if ( ! isset( $links[ $c['parent'] ] ) ) {
						continue;
					}
					$parent_local = (int) $links[ $c['parent'] ];
				}
				unset( $todo[ $rid ] );
				$found = $parent_local >= 0 ? $this->find_term( $c['title'], $parent_local ) : 0;
				if ( $found ) {
					$this->plan( $options, 'link', $found, $rid, $c['title'] );
					$links[ $rid ] = $found;
					$new[ $found ] = $rid;
					$this->count( 'linked' );
					continue;
				}
				if ( ! $create ) {
					$this->count( 'unmatched' );
					continue;
				}
				$this->plan( $options, 'create', 0, $rid, $c['title'] );
				if ( $dry ) {
					$links[ $rid ] = -1; // children of a category a dry run would create are planned too.
					$this->count( 'created' );
					continue;
				}
				$t = Origin::run( fn() => wp_insert_term( '' === $c['title'] ? $rid : $c['title'], 'product_cat', array( 'parent' => $parent_local ) ) );
				if ( is_wp_error( $t ) ) {
					$this->item_error( sprintf( 'category %s (%s): %s', $rid, $c['title'], $t->get_error_message() ), $options );
					continue;
				}
				$links[ $rid ]              = (int) $t['term_id'];
				$new[ (int) $t['term_id'] ] = $rid;
				$this->count( 'created' );
			}
		}
		if ( ! $dry ) {
			CatalogMap::link( 'category', array_filter( $new, static fn( $r, $l ) => $l > 0, ARRAY_FILTER_USE_BOTH ) );
		}
		return count( $remote );
	}

	/**
	 * A product category with this name under this parent (or 0).
	 *
	 * @param string $title  Name.
	 * @param int    $parent Parent term id (-1: a category a dry run would create, so none).
	 */
	private function find_term( string $title, int $parent ): int {
		if ( $parent < 0 ) {
			return 0;
		}
		$terms = get_terms(
			array(
				'taxonomy'   => 'product_cat',
				'hide_empty' => false,
				'parent'     => $parent,
				'name'       => $title,
				'fields'     => 'ids',
			)
		);
		return is_array( $terms ) && $terms ? (int) $terms[0] : 0;
	}

	/**
	 * Sends the unmatched product categories up (parents first; a same-title category under the same parent in
	 * Sitoo is reused, so a lost reply never makes a second one). Returns how many were sent or linked.
	 *
	 * @param array $options Job options.
	 */
	public function up( array $options ): int {
		$links = CatalogMap::all( 'category' );
		$send  = array();
		foreach ( get_terms(
			array(
				'taxonomy'   => 'product_cat',
				'hide_empty' => false,
			)
		) as $t ) {
			if ( isset( $links[ (int) $t->term_id ] ) || 'uncategorized' === $t->slug ) {
				continue;
			}
			$send[] = array(
				'id'        => (int) $t->term_id,
				'name'      => html_entity_decode( $t->name, ENT_QUOTES ),
				'parent_id' => (int) $t->parent,
			);
		}
		if ( ! $send ) {
			return 0;
		}
		// Parents already linked: the call needs them in the list, named by their Sitoo id.
		$ids = array_column( $send, 'id' );
		foreach ( $send as $i => $c ) {
			if ( $c['parent_id'] && ! in_array( $c['parent_id'], $ids, true ) ) {
				$send[ $i ]['parent_id'] = isset( $links[ $c['parent_id'] ] ) ? 'r' . $links[ $c['parent_id'] ] : 0;
			}
		}
		$send = $this->with_remote_parents( $send );
		foreach ( $send as $c ) {
			if ( is_int( $c['id'] ) ) {
				$this->plan( $options, 'send', $c['id'], '', $c['name'] );
			}
		}
		if ( self::dry( $options ) ) {
			return count( $ids );
		}
		$map = $this->sitoo()->syncCategories( $send );
		$new = array();
		foreach ( $map as $local => $remote ) {
			if ( ctype_digit( (string) $local ) && '' !== (string) $remote ) {
				$new[ (int) $local ] = (string) $remote;
			}
		}
		CatalogMap::link( 'category', $new );
		$this->count( 'sent', count( $new ) );
		return count( $ids );
	}

	/**
	 * Linked parents outside the list become entries of their own (id "r<categoryid>") that Sitoo::syncCategories
	 * finds by title under their parent: their title and parent are read from Sitoo once.
	 *
	 * @param array $send Categories to send.
	 */
	private function with_remote_parents( array $send ): array {
		$need = array();
		foreach ( $send as $c ) {
			if ( is_string( $c['parent_id'] ) && 'r' === $c['parent_id'][0] ) {
				$need[ substr( $c['parent_id'], 1 ) ] = true;
			}
		}
		if ( ! $need ) {
			return $send;
		}
		$all = array();
		foreach ( $this->sitoo()->categories() as $c ) {
			$all[ (string) $c['categoryid'] ] = $c;
		}
		$extra = array();
		while ( $need ) {
			$rid = (string) array_key_first( $need );
			unset( $need[ $rid ] );
			if ( ! isset( $all[ $rid ] ) || isset( $extra[ $rid ] ) ) {
				continue;
			}
			$p             = (string) ( $all[ $rid ]['categoryparentid'] ?? '0' );
			$extra[ $rid ] = array(
				'id'        => 'r' . $rid,
				'name'      => (string) $all[ $rid ]['title'],
				'parent_id' => '0' === $p || '' === $p ? 0 : 'r' . $p,
			);
			if ( '0' !== $p && '' !== $p ) {
				$need[ $p ] = true;
			}
		}
		return array_merge( array_values( $extra ), $send );
	}

	/**
	 * Sends title and parent of every linked category (a PUT each, through syncCategories' reuse: a category
	 * renamed in the shop is renamed in Sitoo). Returns how many.
	 *
	 * @param array $options Job options.
	 * @throws \ErpSync\RateLimitedException Sitoo asks to wait: the job pauses.
	 */
	public function resync( array $options ): int {
		$links = CatalogMap::all( 'category' );
		$n     = 0;
		foreach ( $links as $local => $remote ) {
			$t = get_term( $local, 'product_cat' );
			if ( ! $t || is_wp_error( $t ) ) {
				continue;
			}
			$this->plan( $options, 'update', $local, $remote, $t->name );
			++$n;
			if ( self::dry( $options ) ) {
				continue;
			}
			try {
				$this->sitoo()->updateCategory( $remote, html_entity_decode( $t->name, ENT_QUOTES ), self::remote_parent( $t, $links ) );
				$this->count( 'updated' );
			} catch ( \ErpSync\RateLimitedException $e ) {
				throw $e;
			} catch ( \ErpSync\Exception $e ) {
				$this->item_error( sprintf( 'category %d: %s', $local, $e->getMessage() ), $options );
			}
		}
		return $n;
	}

	/**
	 * The parent to send for a linked category: its parent's categoryid, 0 for a top-level category (Sitoo's
	 * categoryparentid null), or -1 when the parent is a category not linked to Sitoo (the parent left as it is).
	 *
	 * @param \WP_Term   $t     Category.
	 * @param array|null $links Local id → categoryid (read when null).
	 */
	public static function remote_parent( \WP_Term $t, ?array $links = null ): int {
		if ( ! $t->parent ) {
			return 0;
		}
		$parent = null === $links ? CatalogMap::remote( 'category', (int) $t->parent ) : ( $links[ $t->parent ] ?? null );
		return null === $parent ? -1 : (int) $parent;
	}
}
