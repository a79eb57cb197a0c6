<?php
/**
 * What the bulk writers' tests share (SitooBulkParentsTest, SitooBulkSimpleTest; on top of SitooTestSetUp): the
 * catalogue they start from (Sitoo configured, the catalogue wiped, a manufacturer and a category with a
 * subcategory of their own), the rows the shop holds of a product with the ids and dates left out (post, post meta
 * in order, term relationships, both lookup tables) and WooCommerce's read of it, a bulk product's state written as
 * its CRUD twin's (the SKUs), and the term counts (WordPress's and WooCommerce's) the writers must move as the CRUD
 * moves them.
 */

require_once __DIR__ . '/SitooTestSetUp.php';

use ErpSync\Plugin\Sync\Sitoo\ManufacturersOperation;

trait SitooBulkTestSetUp
{
    use SitooTestSetUp;

    private const TAXES = ['product_type', 'product_cat', 'product_tag', 'product_visibility', 'product_shipping_class', 'pa_manufacturer'];

    private int $man;
    private int $top;
    private int $sub;

    /** SKU prefix of the pair: "<prefix>-CRUD…" made through the CRUD, "<prefix>-BULK…" through the bulk writer. */
    private string $skuPrefix;

    /** Product type whose term count counts() reads (variable, simple). */
    private string $countedType;

    /** @var int[] product_cat terms whose counts counts() reads */
    private array $countedCats;

    /**
     * The set-up of each test: Sitoo configured, the catalogue wiped, "$name Maker" (pa_manufacturer), "$name Top" and
     * its child "$name Sub" (product_cat).
     */
    protected function bulkCatalog(string $name, string $skuPrefix, string $type, bool $countDefaultCat): void
    {
        $this->configure('sitoo', []);
        self::wipeCatalog();
        delete_option('erpsync_sitoo_manufacturers_at');
        $this->assertTrue(ManufacturersOperation::ensure_taxonomy());
        $this->man = (int) wp_insert_term("$name Maker", 'pa_manufacturer')['term_id'];
        $this->top = (int) wp_insert_term("$name Top", 'product_cat')['term_id'];
        $this->sub = (int) wp_insert_term("$name Sub", 'product_cat', ['parent' => $this->top])['term_id'];
        delete_option('product_cat_children');
        $this->skuPrefix = $skuPrefix;
        $this->countedType = $type;
        $this->countedCats = $countDefaultCat ? [$this->top, $this->sub, (int) get_option('default_product_cat')] : [$this->top, $this->sub];
    }

    /**
     * The rows the shop holds of a product, ids and dates left out: post (its parent too unless $withParent is false),
     * meta in order, term relationships, wc_product_meta_lookup, wc_product_attributes_lookup.
     */
    private function rows(int $id, bool $withParent = true): array
    {
        global $wpdb;
        $post = $wpdb->get_row($wpdb->prepare("SELECT * FROM {$wpdb->posts} WHERE ID = %d", $id), ARRAY_A);
        $this->assertNotNull($post, "post $id");
        $post['post_name'] = preg_replace('/-\d+$/', '', $post['post_name']); // the second of two equal titles gets -2
        $post['guid'] = preg_replace(['/([?&]p=)' . $id . '$/', '/(\?product=.+)-\d+$/'], ['$1ID', '$1'], $post['guid']);
        unset($post['ID'], $post['post_date'], $post['post_date_gmt'], $post['post_modified'], $post['post_modified_gmt']);
        if (!$withParent) {
            unset($post['post_parent']);
        }
        $meta = $wpdb->get_results($wpdb->prepare("SELECT meta_key, meta_value FROM {$wpdb->postmeta} WHERE post_id = %d ORDER BY meta_id", $id), ARRAY_N);
        $terms = $wpdb->get_results($wpdb->prepare("SELECT tt.taxonomy, tt.term_id, tr.term_order FROM {$wpdb->term_relationships} tr JOIN {$wpdb->term_taxonomy} tt USING (term_taxonomy_id) WHERE tr.object_id = %d ORDER BY tt.taxonomy, tt.term_id", $id), ARRAY_N);
        $look = $wpdb->get_row($wpdb->prepare("SELECT * FROM {$wpdb->wc_product_meta_lookup} WHERE product_id = %d", $id), ARRAY_A);
        unset($look['product_id']);
        $attr = $wpdb->get_results($wpdb->prepare("SELECT IF(product_id = %d, 'self', product_id) AS p, IF(product_or_parent_id = %d, 'self', product_or_parent_id) AS pp, taxonomy, term_id, is_variation_attribute, in_stock FROM {$wpdb->prefix}wc_product_attributes_lookup WHERE product_id = %d OR product_or_parent_id = %d ORDER BY taxonomy, term_id", $id, $id, $id, $id), ARRAY_A);
        return ['post' => $post, 'meta' => $meta, 'terms' => $terms, 'lookup' => $look, 'attribute_lookup' => $attr];
    }

    /** WooCommerce's data of a product, ids, dates and slug left out, its attributes as arrays. */
    private function productData(WC_Product $p): array
    {
        $data = $p->get_data();
        unset($data['id'], $data['date_created'], $data['date_modified'], $data['slug']);
        $data['attributes'] = array_map(fn($a) => is_object($a) ? $a->get_data() : $a, $data['attributes']);
        return $data;
    }

    /** The product's term ids per taxonomy of self::TAXES, as WordPress reads them. */
    private function taxTerms(int $id): array
    {
        return array_map(fn($t) => wp_get_post_terms($id, $t, ['fields' => 'ids']), array_combine(self::TAXES, self::TAXES));
    }

    /** The bulk product's state written as the CRUD one's (its SKUs). */
    private function same(array $state): array
    {
        return json_decode(str_replace($this->skuPrefix . '-BULK', $this->skuPrefix . '-CRUD', json_encode($state)), true);
    }

    /** Term counts: WordPress's and WooCommerce's (product_count_*) of the counted categories and the manufacturer, and the type's. */
    private function counts(): array
    {
        $out = [];
        foreach (['product_cat' => $this->countedCats, 'pa_manufacturer' => [$this->man]] as $tax => $ids) {
            foreach ($ids as $t) {
                clean_term_cache($t, $tax);
                $out["$tax:$t"] = [get_term($t, $tax)->count, (int) get_term_meta($t, 'product_count_' . $tax, true)];
            }
        }
        $out[$this->countedType] = get_term_by('slug', $this->countedType, 'product_type')->count;
        return $out;
    }
}
