<?php
/**
 * The SORS catalogue owning status, sale price, description and attributes (fields beyond the matcher's): updates of
 * what the back-office owns, creates that carry them, nothing written of what it does not own (also when ownership
 * changes between plan and apply), and the guard stopping a run that would unpublish many products.
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Schema;
use ErpSync\Plugin\Sync\SyncSettings;
use ErpSync\Plugin\Sync\Writer;

final class SyncOwnershipTest extends WcTestCase
{
    /** @var array<string,array> SORS id → item */
    private array $remote = [];

    protected function setUp(): void
    {
        parent::setUp();
        global $wpdb;
        foreach (wc_get_products(['limit' => -1, 'status' => 'any', 'type' => ['simple', 'variable', 'variation'], 'return' => 'ids']) as $id) {
            wp_delete_post($id, true);
        }
        $wpdb->query('DELETE FROM ' . Schema::runs_table());
        $wpdb->query('DELETE FROM ' . Schema::plan_table());
        $wpdb->query('DELETE FROM ' . ErpSync\Plugin\Infra\Installer::map_table() . " WHERE connector = 'sors'");
        delete_option(SyncSettings::OPTION);
        $this->configure('sors', ['price_type' => 'VP', 'stock_mode' => 'available']);
        self::$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'products' => 12, 'seed' => 5]);
        ErpSync\Plugin\Infra\Connectors::make('sors')->fetchProducts(function ($items) {
            foreach ($items as $p) {
                $this->remote[$p['id']] = $p;
            }
        });
    }

    private function own(array $fields, string $owner = 'remote'): void
    {
        SyncSettings::put(['own' => ['sors' => array_fill_keys($fields, $owner)]]);
    }

    /** Published shop products with the SKUs of the given SORS ids: id → product id. */
    private function shop(array $ids): array
    {
        $out = [];
        foreach ($ids as $rid) {
            $p = new WC_Product_Simple();
            $p->set_name($this->remote[$rid]['name']);
            $p->set_sku($this->remote[$rid]['sku']);
            $p->set_regular_price((string) $this->remote[$rid]['price']);
            $p->set_status('publish');
            $p->set_description('Shop text');
            $a = new WC_Product_Attribute();
            $a->set_name('Barva');
            $a->set_options(['rdeča']);
            $a->set_visible(true);
            $p->set_attributes([$a]);
            $out[$rid] = $p->save();
        }
        return $out;
    }

    public function testOwnedFieldsAreWrittenAndOthersNever(): void
    {
        $this->own(['status', 'sale_price', 'description', 'attributes']);
        $ids = $this->shop(['1', '2', '3', '4']);
        self::$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'product_fields' => [
            '1' => ['active' => false, 'salePrice' => 0.5],
            '2' => ['description' => '<p>Opis <strong>izdelka</strong></p><script>alert(1)</script>',
                'attributes' => [['name' => 'Barva', 'values' => ['modra', 'zelena']], ['name' => 'Material', 'value' => 'bombaž']]],
            '3' => ['active' => 'private'],
            '5' => ['active' => true, 'description' => 'Nov izdelek', 'salePrice' => 0.25],
        ]]);
        $run = Engine::run_inline(Engine::start('sors', 'catalog'));
        $this->assertSame('done', $run['state'], (string) $run['message']);
        wp_cache_flush();

        $p1 = wc_get_product($ids['1']);
        $this->assertSame('draft', $p1->get_status());
        $this->assertSame('0.5', $p1->get_sale_price());
        $this->assertSame('0.5', $p1->get_price(), 'the sale runs');
        $this->assertSame('Shop text', $p1->get_description(), 'SORS sent no description for it');
        $p2 = wc_get_product($ids['2']);
        $this->assertSame('<p>Opis <strong>izdelka</strong></p>alert(1)', $p2->get_description());
        $this->assertSame('publish', $p2->get_status());
        $attrs = array_map(fn($a) => [$a->get_name(), $a->get_options()], array_values($p2->get_attributes()));
        $this->assertSame([['Barva', ['modra', 'zelena']], ['Material', ['bombaž']]], $attrs);
        $this->assertSame('private', wc_get_product($ids['3'])->get_status());
        $p4 = wc_get_product($ids['4']);
        $this->assertSame(['publish', '', 'Shop text'], [$p4->get_status(), $p4->get_sale_price(), $p4->get_description()]);
        $this->assertSame(['status' => 2, 'sale_price' => 1, 'description' => 1, 'attributes' => 1],
            array_intersect_key($run['counts']['updated'], array_flip(['status', 'sale_price', 'description', 'attributes'])));
        // Created with what SORS owns (status publish overrides the draft default; description; sale price).
        $created = wc_get_product(wc_get_product_id_by_sku($this->remote['5']['sku']));
        $this->assertSame(['publish', 'Nov izdelek', '0.25'], [$created->get_status(), $created->get_description(), $created->get_sale_price()]);

        // Unchanged next time: nothing planned for these fields.
        $run = Engine::run_inline(Engine::start('sors', 'catalog'));
        $this->assertSame('done', $run['state']);
        $this->assertSame([], array_intersect_key($run['counts']['updated'] ?? [], array_flip(['status', 'sale_price', 'description', 'attributes'])));

        // The shop takes the description back: a new SORS text is not written, not even planned.
        $this->own(['description'], 'shop');
        self::$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'product_fields' => ['2' => ['description' => 'Drugo besedilo', 'active' => false]]]);
        $run = Engine::run_inline(Engine::start('sors', 'catalog'));
        $this->assertSame('done', $run['state']);
        wp_cache_flush();
        $this->assertSame('<p>Opis <strong>izdelka</strong></p>alert(1)', wc_get_product($ids['2'])->get_description());
        $this->assertSame('draft', wc_get_product($ids['2'])->get_status());
        global $wpdb;
        $this->assertSame('0', $wpdb->get_var($wpdb->prepare('SELECT COUNT(*) FROM ' . Schema::plan_table() . " WHERE run_id = %d AND field = 'description'", $run['id'])));

        // A plan row of a field the back-office no longer owns is not applied.
        $w = new Writer('sors');
        $c = $w->apply([['id' => 0, 'action' => 'update', 'local_id' => $ids['4'], 'remote_id' => '4', 'field' => 'description', 'new_value' => 'Ne']]);
        $w->after_commit();
        $this->assertSame(1, $c['skipped']['not_owned']);
        $this->assertSame('Shop text', wc_get_product($ids['4'])->get_description());
    }

    public function testTheGuardStopsARunThatWouldUnpublishMany(): void
    {
        $this->own(['status']);
        $ids = $this->shop(array_keys($this->remote));
        $off = [];
        foreach (array_slice(array_keys($this->remote), 0, 6) as $rid) {
            $off[$rid] = ['active' => 0];
        }
        self::$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'product_fields' => $off]);
        $run = Engine::run_inline(Engine::start('sors', 'catalog'));
        $this->assertSame('guarded', $run['state']);
        $this->assertStringContainsString('would unpublish 6 products', $run['message']);
        wp_cache_flush();
        foreach ($ids as $id) {
            $this->assertSame('publish', get_post_status($id), 'nothing written before approval');
        }
        Engine::approve((int) $run['id'], false);
        $run = Engine::run_inline((int) $run['id']);
        $this->assertSame('done', $run['state']);
        wp_cache_flush();
        $drafts = array_filter($ids, fn($id) => get_post_status($id) === 'draft');
        $this->assertSame(array_map('strval', array_keys($off)), array_map('strval', array_keys($drafts)));

        // Under the limit (1 of 12 = 8 %) the run applies at once.
        self::$sim->seed(['api' => 'sors', 'database' => 'Shop2026', 'product_fields' => [(string) array_keys($this->remote)[7] => ['active' => false]]]);
        $run = Engine::run_inline(Engine::start('sors', 'catalog'));
        $this->assertSame('done', $run['state'], (string) $run['message']);
        $this->assertSame(1, $run['counts']['updated']['status']);
    }
}
