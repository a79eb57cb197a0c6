<?php
/**
 * Products down (Complete Sync): match_products links WooCommerce products and variations to Sitoo products by
 * link, then SKU; products_down also creates the unmatched — a single product as a simple product, a variant group
 * (main variant + its variants, Sitoo's variantparentid) as a variable product whose variations carry the
 * variant attributes — and updates the matched in the fields Sitoo owns (ownership of the sync settings). Images
 * are left to their own operation. Categories come down first (on the fly) and manufacturers on the first run.
 *
 * New variable products (with their variations) and new simple products are held and written per batch in
 * multi-row statements (ProductsBulkParents, ProductsBulkSimple) when these cover them, else through the CRUD.
 *
 * Resumable: the first step stages every fetched product as a plan row of the job's run (compact JSON); later
 * steps apply 50 groups at a time in one transaction each and mark their rows applied.
 *
 * @package ErpSync
 */

namespace ErpSync\Plugin\Sync\Sitoo;

use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\SyncSettings;

defined( 'ABSPATH' ) || exit;

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- WooCommerce's lookup table and the plugin's plan table; values are placeholders or integers.

/** The operations match_products, products_down. */
final class ProductsDown extends CatalogOperation {

	const STAGE = 'sitoo_product';

	/** Groups applied per transaction. */
	const BATCH = 50;

	/** The owner's name. */
	public function label(): string {
		return 'match_products' === $this->mode
			? __( 'Match down from Sitoo all products and variations', 'erpsync' )
			: __( 'Products: fetch all unmatched products from Sitoo, with variations and attributes (images deferred)', 'erpsync' );
	}

	/**
	 * Requests: the product list in pages of 500 (the shop's count as the estimate), categories and manufacturers.
	 *
	 * @param array $options Job options.
	 */
	public function requests_needed( array $options ): int {
		$n = (int) ( $options['remote_products'] ?? 0 );
		if ( $n <= 0 ) {
			$c = wp_count_posts( 'product' );
			$n = (int) ( $c->publish ?? 0 ) + (int) ( $c->draft ?? 0 ) + (int) ( $c->private ?? 0 );
		}
		return 1 + intdiv( $n, 500 ) + ( 'products_down' === $this->mode ? 2 : 0 );
	}

	/**
	 * Fetch and stage (first step), then apply groups until the deadline.
	 *
	 * @param array $state    State.
	 * @param float $deadline Deadline.
	 * @param array $options  Options.
	 */
	public function step( array &$state, float $deadline, array $options ): array {
		$run = self::run_id( $options );
		if ( empty( $state['fetched'] ) ) {
			$state['fetched'] = 1 + $this->fetch( $run, $options );
		}
		$where                = " AND field IN ('single','parent')";
		list( $total, $done ) = self::staged_count( $run, self::STAGE, $where );
		while ( microtime( true ) < $deadline ) {
			$rows = self::staged( $run, self::STAGE, self::BATCH, $where );
			if ( ! $rows ) {
				break;
			}
			$this->apply_batch( $run, $rows, $options );
			$done += count( $rows );
		}
		$finished = $done >= $total;
		if ( $finished ) {
			$this->orphans( $run, $options );
		}
		return $this->result( $finished, $done, $total );
	}

	/**
	 * Categories (on the fly), manufacturers (first run), then every product staged; returns how many.
	 *
	 * @param int   $run     Run id.
	 * @param array $options Options.
	 */
	private function fetch( int $run, array $options ): int {
		if ( 'products_down' === $this->mode ) {
			$cats = new CategoriesOperation( 'categories_down' );
			$cats->down( $options, true );
			if ( ! get_option( 'erpsync_sitoo_manufacturers_at' ) ) {
				( new ManufacturersOperation( 'manufacturers' ) )->match( $options );
			}
		}
		$status = (string) ( Settings::get( 'sitoo' )['misc_fetch_products'] ?? 'all' );
		return (int) $this->sitoo()->fetchProducts(
			static function ( array $items ) use ( $run ) {
				$rows = array();
				foreach ( $items as $p ) {
					$kind   = (string) ( $p['kind'] ?? 'single' );
					$rows[] = array(
						(string) $p['productid'],
						'variant' === $kind ? (int) $p['variantparentid'] : 0,
						$kind,
						(string) wp_json_encode(
							array(
								'sku'   => (string) ( $p['sku'] ?? '' ),
								'title' => (string) ( $p['title'] ?? '' ),
								'price' => isset( $p['moneyprice'] ) ? (string) $p['moneyprice'] : null,
								'ean'   => (string) ( $p['barcode'] ?? '' ),
								'short' => (string) ( $p['descriptionshort'] ?? '' ),
								'desc'  => (string) ( $p['description'] ?? '' ),
								'cats'  => array_values( array_filter( array_merge( array( (int) ( $p['defaultcategoryid'] ?? 0 ) ), array_map( 'intval', (array) ( $p['categories'] ?? array() ) ) ) ) ),
								'man'   => (int) ( $p['manufacturerid'] ?? 0 ),
								'var'   => array_values( (array) ( $p['variant'] ?? array() ) ),
								'web'   => ! isset( $p['active'] ) || (bool) $p['active'],
							)
						),
					);
				}
				self::stage( $run, self::STAGE, $rows );
			},
			$status,
			null,
			500
		);
	}

	/**
	 * One batch of groups (single products and main variants with their variants) in one transaction.
	 *
	 * @param int   $run     Run id.
	 * @param array $rows    Staged rows of singles/parents.
	 * @param array $options Options.
	 * @throws \RuntimeException An item failed (CatalogItemError) and per-item errors are not ignored.
	 * @throws \Throwable Anything else: the batch is rolled back and the job stops.
	 * @throws \WC_Data_Exception Never: caught per item.
	 */
	private function apply_batch( int $run, array $rows, array $options ): void {
		global $wpdb;
		$parents  = array();
		$all_rows = array_column( $rows, 'id' );
		foreach ( $rows as $r ) {
			if ( 'parent' === $r['field'] ) {
				$parents[] = (int) $r['remote_id'];
			}
		}
		$variants = array();
		if ( $parents ) {
			foreach ( $wpdb->get_results( $wpdb->prepare( 'SELECT id, remote_id, parent_id, new_value FROM ' . \ErpSync\Plugin\Sync\Schema::plan_table() . " WHERE run_id = %d AND action = %s AND field = 'variant' AND parent_id IN (" . implode( ',', $parents ) . ') ORDER BY id', $run, self::STAGE ), ARRAY_A ) as $v ) {
				$variants[ (int) $v['parent_id'] ][] = $v;
				$all_rows[]                          = (int) $v['id'];
			}
		}
		$skus = array();
		foreach ( $rows as $r ) {
			$skus[] = json_decode( $r['new_value'], true )['sku'] ?? '';
		}
		foreach ( $variants as $list ) {
			foreach ( $list as $v ) {
				$skus[] = json_decode( $v['new_value'], true )['sku'] ?? '';
			}
		}
		$ctx = array(
			'links' => array_flip( CatalogMap::all( 'product' ) ),
			'skus'  => self::local_by_sku( $skus ),
			'cats'  => array_flip( CatalogMap::all( 'category' ) ),
			'mans'  => array_flip( CatalogMap::all( 'manufacturer' ) ),
			'new'   => array(),
			'bulk'  => array(), // new products waiting for ProductsBulkParents (variable) or ProductsBulkSimple.
			'held'  => array(), // their SKUs.
		);
		$dry = self::dry( $options );
		if ( ! $dry ) {
			$wpdb->query( 'START TRANSACTION' );
			wp_defer_term_counting( true );
		}
		try {
			foreach ( $rows as $r ) {
				try {
					$this->group( $r, $variants[ (int) $r['remote_id'] ] ?? array(), $ctx, $options );
				} catch ( \WC_Data_Exception | \RuntimeException $e ) {
					if ( $e instanceof CatalogItemError ) {
						throw $e;
					}
					$this->item_error( sprintf( 'Sitoo product %s: %s', $r['remote_id'], $e->getMessage() ), $options );
				}
			}
			if ( ! $dry ) {
				$this->flush_bulk( $ctx, $options );
				CatalogMap::link( 'product', $ctx['new'] );
			}
			self::applied( $all_rows );
			if ( ! $dry ) {
				$wpdb->query( 'COMMIT' );
			}
		} catch ( \Throwable $e ) {
			if ( ! $dry ) {
				$wpdb->query( 'ROLLBACK' );
			}
			throw $e;
		} finally {
			if ( ! $dry ) {
				wp_defer_term_counting( false );
			}
		}
	}

	/**
	 * One group: a single product, or a main variant and its variants.
	 *
	 * @param array $r        Staged row.
	 * @param array $variants Its variants' staged rows.
	 * @param array $ctx      Links, SKUs, categories, new links (by reference).
	 * @param array $options  Options.
	 */
	private function group( array $r, array $variants, array &$ctx, array $options ): void {
		$d   = json_decode( $r['new_value'], true );
		$rid = (string) $r['remote_id'];
		$this->flush_if_held( $d, $variants, $ctx, $options );
		$id = $this->match( $rid, (string) $d['sku'], $ctx, $options );
		$vs = array();
		foreach ( $variants as $v ) {
			$vd        = json_decode( $v['new_value'], true );
			$vd['rid'] = (string) $v['remote_id'];
			$vd['id']  = $id || 'match_products' === $this->mode ? $this->match( $vd['rid'], (string) $vd['sku'], $ctx, $options ) : 0;
			$vs[]      = $vd;
		}
		if ( 'match_products' === $this->mode ) {
			$this->count( $id ? 'matched' : 'unmatched' );
			return;
		}
		$dry = self::dry( $options );
		if ( ! $id ) {
			$this->plan( $options, 'create', 0, $rid, (string) $d['sku'] );
			$this->count( 'created' );
			$this->count( 'variations_created', count( $vs ) );
			if ( ! $dry && ! $this->hold( 'parent' === $r['field'], $rid, $d, $vs, $ctx ) ) {
				Origin::run(
					function () use ( $r, $rid, $d, $vs, &$ctx ) {
						'parent' === $r['field'] ? $this->create_variable( $rid, $d, $vs, $ctx ) : $this->create_single( $rid, $d, $ctx );
					}
				);
			}
			return;
		}
		if ( $dry ) {
			$this->plan( $options, 'update', $id, $rid, (string) $d['sku'] );
			return;
		}
		Origin::run(
			function () use ( $id, $d, $vs, &$ctx ) {
				$this->update( $id, $d, $vs, $ctx );
			}
		);
	}

	/**
	 * The local product of a Sitoo product: the link, else the SKU (then linked); 0 when none.
	 *
	 * @param string $rid     Sitoo productid.
	 * @param string $sku     SKU.
	 * @param array  $ctx     Context.
	 * @param array  $options Options.
	 */
	private function match( string $rid, string $sku, array &$ctx, array $options ): int {
		if ( isset( $ctx['links'][ $rid ] ) ) {
			return (int) $ctx['links'][ $rid ];
		}
		if ( '' !== $sku && isset( $ctx['skus'][ $sku ] ) ) {
			$id                   = (int) $ctx['skus'][ $sku ];
			$ctx['links'][ $rid ] = $id;
			$ctx['new'][ $id ]    = $rid;
			$this->plan( $options, 'link', $id, $rid, $sku );
			$this->count( 'linked' );
			return $id;
		}
		return 0;
	}

	/**
	 * SKU → product id from WooCommerce's lookup table (one query for the batch).
	 *
	 * @param string[] $skus SKUs.
	 * @return array<string,int>
	 */
	public static function local_by_sku( array $skus ): array {
		global $wpdb;
		$skus = array_values( array_unique( array_filter( $skus, 'strlen' ) ) );
		if ( ! $skus ) {
			return array();
		}
		$out = array();
		foreach ( $wpdb->get_results( $wpdb->prepare( "SELECT l.sku, l.product_id FROM {$wpdb->wc_product_meta_lookup} l JOIN {$wpdb->posts} p ON p.ID = l.product_id AND p.post_status <> 'trash' WHERE l.sku IN (" . implode( ',', array_fill( 0, count( $skus ), '%s' ) ) . ')', $skus ), ARRAY_N ) as $row ) {
			$out[ (string) $row[0] ] = (int) $row[1];
		}
		return $out;
	}

	/**
	 * Fields common to simple and variable products.
	 *
	 * @param \WC_Product $p   Product.
	 * @param array       $d   Staged item.
	 * @param array       $ctx Context.
	 */
	private function fill( $p, array $d, array $ctx ): void {
		$p->set_name( '' !== $d['title'] ? $d['title'] : $d['sku'] );
		$p->set_status( $d['web'] ? 'publish' : 'draft' );
		if ( '' !== $d['sku'] ) {
			$p->set_sku( $d['sku'] );
		}
		if ( null !== $d['price'] && ! $p->is_type( 'variable' ) ) {
			$p->set_regular_price( self::price( $d['price'] ) );
		}
		if ( '' !== $d['desc'] ) {
			$p->set_description( $d['desc'] );
		}
		if ( '' !== $d['short'] ) {
			$p->set_short_description( $d['short'] );
		}
		$cats = array();
		foreach ( $d['cats'] as $c ) {
			if ( isset( $ctx['cats'][ (string) $c ] ) ) {
				$cats[] = (int) $ctx['cats'][ (string) $c ];
			}
		}
		if ( $cats ) {
			$p->set_category_ids( array_values( array_unique( $cats ) ) );
		}
	}

	/**
	 * A Sitoo price as the shop stores it: Sitoo prices include VAT when "prices sent including VAT" is on; the
	 * shop's own setting decides whether the stored price includes it.
	 *
	 * @param string           $price Sitoo money string.
	 * @param \WC_Product|null $p     The product it is for (its tax class and whether it is taxable); null: a new
	 *                                 product (standard class, taxable: what this operation creates).
	 */
	private static function price( string $price, $p = null ): string {
		if ( $p instanceof \WC_Product ) {
			return Prices::to_shop( $price, (string) $p->get_tax_class(), $p->is_taxable() );
		}
		return Prices::to_shop( $price );
	}

	/**
	 * The manufacturer attribute of a product, when Sitoo names a linked manufacturer.
	 *
	 * @param array $d   Staged item.
	 * @param array $ctx Context (the batch's manufacturer links: a cache kept for the process went stale between jobs).
	 */
	private static function manufacturer_attribute( array $d, array $ctx ): ?\WC_Product_Attribute {
		$links = $ctx['mans'];
		if ( empty( $d['man'] ) || ! taxonomy_exists( ManufacturersOperation::TAXONOMY ) ) {
			return null;
		}
		if ( ! isset( $links[ (string) $d['man'] ] ) ) {
			return null;
		}
		$a = new \WC_Product_Attribute();
		$a->set_id( (int) wc_attribute_taxonomy_id_by_name( ManufacturersOperation::TAXONOMY ) );
		$a->set_name( ManufacturersOperation::TAXONOMY );
		$a->set_options( array( (int) $links[ (string) $d['man'] ] ) );
		$a->set_visible( true );
		$a->set_variation( false );
		return $a;
	}

	/**
	 * A simple product.
	 *
	 * @param string $rid Sitoo id.
	 * @param array  $d   Staged item.
	 * @param array  $ctx Context.
	 */
	private function create_single( string $rid, array $d, array &$ctx ): void {
		$id                       = (int) $this->simple( $d, $ctx )->save();
		$ctx['new'][ $id ]        = $rid;
		$ctx['skus'][ $d['sku'] ] = $id;
	}

	/**
	 * A new simple product, filled, not saved.
	 *
	 * @param array $d    Staged item.
	 * @param array $ctx  Context.
	 * @param bool  $bulk For ProductsBulkSimple (which writes what the getters return, not the changes).
	 */
	private function simple( array $d, array $ctx, bool $bulk = false ): \WC_Product_Simple {
		$p = new \WC_Product_Simple();
		if ( $bulk ) {
			$p->set_object_read( false ); // no per-product SKU query in set_sku(): flush_bulk() checks the batch's SKUs in one.
		}
		$this->fill( $p, $d, $ctx );
		$p->set_object_read( true );
		$m = self::manufacturer_attribute( $d, $ctx );
		if ( $m ) {
			$p->set_attributes( array( $m ) );
		}
		return $p;
	}

	/**
	 * Variant attributes of a group: name → options in order of appearance.
	 *
	 * @param array $vs Variants.
	 * @return array<string,string[]>
	 */
	private static function variant_options( array $vs ): array {
		$out = array();
		foreach ( $vs as $v ) {
			foreach ( (array) $v['var'] as $va ) {
				$name = (string) ( $va['name'] ?? '' );
				if ( '' !== $name ) {
					$out[ $name ][ (string) ( $va['value'] ?? '' ) ] = true;
				}
			}
		}
		return array_map( 'array_keys', $out );
	}

	/**
	 * A new variable product (filled, not saved) and the spec of its variations.
	 *
	 * @param array $d    Staged main variant.
	 * @param array $vs   Its variants.
	 * @param array $ctx  Context.
	 * @param bool  $bulk For ProductsBulkParents (which writes what the getters return, not the changes).
	 * @return array [WC_Product_Variable, variations as ProductsBulk takes them]
	 */
	private function variable( array $d, array $vs, array $ctx, bool $bulk = false ): array {
		$p = new \WC_Product_Variable();
		if ( $bulk ) {
			$p->set_object_read( false ); // no per-product SKU query in set_sku(): flush_bulk() checks the batch's SKUs in one.
		}
		$this->fill( $p, $d, $ctx );
		$p->set_object_read( true );
		$p->set_attributes( self::attributes( self::variant_options( $vs ), self::manufacturer_attribute( $d, $ctx ) ) );
		$spec = array();
		foreach ( $vs as $v ) {
			$attrs = array();
			foreach ( (array) $v['var'] as $va ) {
				$attrs[ sanitize_title( (string) ( $va['name'] ?? '' ) ) ] = (string) ( $va['value'] ?? '' );
			}
			$spec[] = array(
				'sku'   => (string) $v['sku'],
				'price' => null === $v['price'] ? null : self::price( $v['price'] ),
				'attrs' => $attrs,
			);
		}
		return array( $p, $spec );
	}

	/**
	 * A variable product and its variations through the CRUD for the parent (the fallback of ProductsBulkParents).
	 *
	 * @param string $rid Sitoo id of the main variant.
	 * @param array  $d   Staged main variant.
	 * @param array  $vs  Its variants.
	 * @param array  $ctx Context.
	 */
	private function create_variable( string $rid, array $d, array $vs, array &$ctx ): void {
		list( $p, $spec ) = $this->variable( $d, $vs, $ctx );
		ProductsBulk::check_skus( array_merge( $spec, array( array( 'sku' => (string) $d['sku'] ) ) ) ); // a taken SKU refuses the group before anything is written.
		$pid                = (int) $p->save();
		$ctx['new'][ $pid ] = $rid;
		if ( '' !== (string) $d['sku'] ) {
			$ctx['skus'][ $d['sku'] ] = $pid;
		}
		// Variations in multi-row statements that leave what the CRUD leaves (SitooBulkCrudTest); the parent is synced there.
		foreach ( ProductsBulk::variations( wc_get_product( $pid ), $spec ) as $i => $id ) {
			$ctx['new'][ $id ] = $vs[ $i ]['rid'];
		}
		unset( $GLOBALS['wc_deferred_product_sync'][ $pid ] ); // synced just now: not again at shutdown.
	}

	/**
	 * Holds a new product for the batch's multi-row write when ProductsBulkParents (a variable product) or
	 * ProductsBulkSimple (a single product) covers it; false when not.
	 *
	 * @param bool   $parent A main variant (else a single product).
	 * @param string $rid    Its Sitoo id.
	 * @param array  $d      Staged item.
	 * @param array  $vs     Its variants.
	 * @param array  $ctx    Context (by reference).
	 */
	private function hold( bool $parent, string $rid, array $d, array $vs, array &$ctx ): bool {
		if ( $parent ) {
			list( $p, $spec ) = $this->variable( $d, $vs, $ctx, true );
			$ok               = ProductsBulkParents::supports( $p, $spec );
		} else {
			$p    = $this->simple( $d, $ctx, true );
			$spec = array();
			$ok   = ProductsBulkSimple::supports( $p );
		}
		if ( ! $ok ) {
			return false;
		}
		$ctx['bulk'][] = compact( 'rid', 'd', 'vs', 'p', 'spec' );
		foreach ( array_merge( array( (string) $d['sku'] ), array_column( $spec, 'sku' ) ) as $sku ) {
			if ( '' !== $sku ) {
				$ctx['held'][ $sku ] = true;
			}
		}
		return true;
	}

	/**
	 * Writes the held products first when this group names one of their SKUs, so that it matches (or refuses)
	 * them as it would after a product-by-product write.
	 *
	 * @param array $d        Staged item.
	 * @param array $variants Its variants' staged rows.
	 * @param array $ctx      Context (by reference).
	 * @param array $options  Options.
	 */
	private function flush_if_held( array $d, array $variants, array &$ctx, array $options ): void {
		if ( ! $ctx['held'] ) {
			return;
		}
		$skus = array( (string) $d['sku'] );
		foreach ( $variants as $v ) {
			$skus[] = (string) ( json_decode( $v['new_value'], true )['sku'] ?? '' );
		}
		if ( array_intersect_key( $ctx['held'], array_flip( array_filter( $skus, 'strlen' ) ) ) ) {
			$this->flush_bulk( $ctx, $options );
		}
	}

	/**
	 * The held products in multi-row statements (ProductsBulkParents, ProductsBulkSimple); a group with a SKU that
	 * repeats in it or that the shop has goes through create_variable() or create_single(), which refuse it as an
	 * item error.
	 *
	 * @param array $ctx     Context (by reference).
	 * @param array $options Options.
	 * @throws \RuntimeException An item failed and per-item errors are not ignored (CatalogItemError), or a bulk write
	 *                           failed: the caller rolls the batch back.
	 * @throws \WC_Data_Exception Never: caught per group.
	 */
	private function flush_bulk( array &$ctx, array $options ): void {
		$held        = $ctx['bulk'];
		$ctx['bulk'] = array();
		$ctx['held'] = array();
		if ( ! $held ) {
			return;
		}
		$all = array();
		foreach ( $held as $h ) {
			$all = array_merge( $all, array( (string) $h['d']['sku'] ), array_column( $h['spec'], 'sku' ) );
		}
		$taken = array_flip( ProductsBulk::taken_skus( array_unique( array_filter( $all, 'strlen' ) ) ) );
		$bulk  = array();
		$crud  = array();
		foreach ( $held as $h ) {
			$mine = array_values( array_filter( array_merge( array( (string) $h['d']['sku'] ), array_column( $h['spec'], 'sku' ) ), 'strlen' ) );
			if ( count( $mine ) !== count( array_unique( $mine ) ) || array_intersect_key( array_flip( $mine ), $taken ) ) {
				$crud[] = $h;
			} else {
				$bulk[] = $h;
			}
		}
		$singles = array_values( array_filter( $bulk, static fn( $h ) => ! $h['p']->is_type( 'variable' ) ) );
		$bulk    = array_values( array_filter( $bulk, static fn( $h ) => $h['p']->is_type( 'variable' ) ) );
		$made    = $singles ? Origin::run( static fn() => ProductsBulkSimple::create( array_column( $singles, 'p' ) ) ) : array();
		foreach ( $made as $i => $id ) {
			$ctx['new'][ $id ]                         = $singles[ $i ]['rid'];
			$ctx['skus'][ $singles[ $i ]['d']['sku'] ] = $id;
		}
		$made = $bulk ? Origin::run( static fn() => ProductsBulkParents::create( array_map( static fn( $h ) => array( $h['p'], $h['spec'] ), $bulk ) ) ) : array();
		foreach ( $made as $i => list( $pid, $vids ) ) {
			$ctx['new'][ $pid ] = $bulk[ $i ]['rid'];
			if ( '' !== (string) $bulk[ $i ]['d']['sku'] ) {
				$ctx['skus'][ $bulk[ $i ]['d']['sku'] ] = $pid;
			}
			foreach ( $vids as $k => $vid ) {
				$ctx['new'][ $vid ] = $bulk[ $i ]['vs'][ $k ]['rid'];
			}
		}
		foreach ( $crud as $h ) {
			try {
				Origin::run(
					function () use ( $h, &$ctx ) {
						$h['p']->is_type( 'variable' ) ? $this->create_variable( $h['rid'], $h['d'], $h['vs'], $ctx ) : $this->create_single( $h['rid'], $h['d'], $ctx );
					}
				);
			} catch ( \WC_Data_Exception | \RuntimeException $e ) {
				if ( $e instanceof CatalogItemError ) {
					throw $e;
				}
				$this->item_error( sprintf( 'Sitoo product %s: %s', $h['rid'], $e->getMessage() ), $options );
			}
		}
	}

	/**
	 * Product attributes: the variant ones (used for variations) and the manufacturer.
	 *
	 * @param array                      $options Name → options.
	 * @param \WC_Product_Attribute|null $man     Manufacturer.
	 */
	private static function attributes( array $options, ?\WC_Product_Attribute $man ): array {
		$out = array();
		$pos = 0;
		foreach ( $options as $name => $opts ) {
			$a = new \WC_Product_Attribute();
			$a->set_id( 0 );
			$a->set_name( (string) $name );
			$a->set_options( $opts );
			$a->set_position( $pos++ );
			$a->set_visible( true );
			$a->set_variation( true );
			$out[ sanitize_title( (string) $name ) ] = $a;
		}
		if ( $man ) {
			$out[ ManufacturersOperation::TAXONOMY ] = $man;
		}
		return $out;
	}

	/**
	 * One variation.
	 *
	 * @param int   $pid Parent id.
	 * @param array $v   Staged variant (+ rid).
	 * @param array $ctx Context.
	 */
	private function create_variation( int $pid, array $v, array &$ctx ): void {
		$var = new \WC_Product_Variation();
		$var->set_parent_id( $pid );
		if ( '' !== $v['sku'] ) {
			$var->set_sku( $v['sku'] );
		}
		if ( null !== $v['price'] ) {
			$var->set_regular_price( self::price( $v['price'] ) );
		}
		$attrs = array();
		foreach ( (array) $v['var'] as $va ) {
			$attrs[ sanitize_title( (string) ( $va['name'] ?? '' ) ) ] = (string) ( $va['value'] ?? '' );
		}
		$var->set_attributes( $attrs );
		$var->set_status( 'publish' );
		$id                = (int) $var->save();
		$ctx['new'][ $id ] = $v['rid'];
	}

	/**
	 * A matched product: the fields Sitoo owns, written only when they differ; missing variations of a variable
	 * product are created (their options added to its attributes).
	 *
	 * @param int   $id  Product id.
	 * @param array $d   Staged item.
	 * @param array $vs  Variants (with their matched ids).
	 * @param array $ctx Context.
	 */
	private function update( int $id, array $d, array $vs, array &$ctx ): void {
		$p = wc_get_product( $id );
		if ( ! $p ) {
			return;
		}
		$own     = SyncSettings::ownership( 'sitoo' );
		$changed = false;
		if ( 'remote' === $own['name'] && '' !== $d['title'] && $p->get_name( 'edit' ) !== $d['title'] ) {
			$p->set_name( $d['title'] );
			$changed = true;
		}
		// Compared as the shop stores it (converted for VAT), so an unchanged Sitoo price writes nothing.
		$price = 'remote' === $own['regular_price'] && null !== $d['price'] && ! $p->is_type( 'variable' ) ? self::price( $d['price'], $p ) : null;
		if ( null !== $price && (float) $p->get_regular_price( 'edit' ) !== (float) $price ) {
			$p->set_regular_price( $price );
			$changed = true;
		}
		if ( 'remote' === $own['description'] && '' !== $d['desc'] && $p->get_description( 'edit' ) !== $d['desc'] ) {
			$p->set_description( $d['desc'] );
			$changed = true;
		}
		$missing = array_values( array_filter( $vs, static fn( $v ) => ! $v['id'] ) );
		if ( $missing && $p->is_type( 'variable' ) && 'remote' === $own['attributes'] ) {
			$attrs = $p->get_attributes( 'edit' );
			foreach ( self::variant_options( $missing ) as $name => $opts ) {
				$key = sanitize_title( (string) $name );
				if ( isset( $attrs[ $key ] ) && ! $attrs[ $key ]->is_taxonomy() ) {
					$attrs[ $key ]->set_options( array_values( array_unique( array_merge( $attrs[ $key ]->get_options(), $opts ) ) ) );
				} else {
					$attrs = $attrs + self::attributes( array( $name => $opts ), null );
				}
			}
			$p->set_attributes( $attrs );
			$changed = true;
		}
		if ( $changed ) {
			$p->save();
			$this->count( 'updated' );
		} else {
			$this->count( 'unchanged' );
		}
		if ( $missing && $p->is_type( 'variable' ) && 'remote' === $own['attributes'] ) {
			foreach ( $missing as $v ) {
				$this->create_variation( $id, $v, $ctx );
				$this->count( 'variations_created' );
			}
			\WC_Product_Variable::sync( $id );
		}
		foreach ( $vs as $v ) {
			if ( ! $v['id'] || 'remote' !== $own['regular_price'] || null === $v['price'] ) {
				continue;
			}
			$var   = wc_get_product( $v['id'] );
			$price = $var ? self::price( $v['price'], $var ) : null;
			if ( null !== $price && (float) $var->get_regular_price( 'edit' ) !== (float) $price ) {
				$var->set_regular_price( $price );
				$var->save();
				$this->count( 'variations_updated' );
			}
		}
	}

	/**
	 * Variants whose main variant was not fetched (filtered out by status): listed, not created.
	 *
	 * @param int   $run     Run id.
	 * @param array $options Options.
	 */
	private function orphans( int $run, array $options ): void {
		$rows = self::staged( $run, self::STAGE, 1000, " AND field = 'variant'" );
		foreach ( $rows as $r ) {
			$this->plan( $options, 'skip', 0, (string) $r['remote_id'], 'variant_without_parent' );
		}
		self::applied( array_column( $rows, 'id' ) );
	}
}
