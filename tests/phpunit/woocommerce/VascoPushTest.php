<?php
/**
 * Products pushed to VASCO from the products list (bulk "Send to VASCO" and its dry run) and from the product
 * screen, against the simulator's FASifranti/artikel: POST when VASCO lacks the code, PUT when it has it, a product
 * without a code refused with its reason, a variable product pushed as its variations, a lost reply after a POST
 * not creating the article twice, nonce and capability.
 */

require_once __DIR__ . '/WcTestCase.php';

use ErpSync\Plugin\Admin\VascoPushUi;
use ErpSync\Plugin\Sync\VascoPush;

final class VascoPushTest extends WcTestCase
{
    private const ARTICLE = '#/api/v1/FASifranti/artikel$#';

    protected function setUp(): void
    {
        parent::setUp();
        foreach (wc_get_products(['limit' => -1, 'status' => 'any', 'type' => ['simple', 'variable', 'variation'], 'return' => 'ids']) as $id) {
            wp_delete_post($id, true);
        }
        delete_transient(VascoPushUi::RESULTS . self::$admin);
        $this->configure('vasco');
    }

    private function simple(string $name, string $sku, string $price = '12.20'): int
    {
        $p = new WC_Product_Simple();
        $p->set_name($name);
        if ($sku !== '') {
            $p->set_sku($sku);
        }
        $p->set_regular_price($price);
        return $p->save();
    }

    /** The products list's bulk action as WordPress runs it (edit.php, nonce bulk-posts). */
    private function bulk(string $action, array $ids, string $nonce = 'bulk-posts'): array
    {
        $_REQUEST['_wpnonce'] = wp_create_nonce($nonce);
        $url = apply_filters('handle_bulk_actions-edit-product', 'edit.php?post_type=product', $action, $ids);
        $this->assertStringContainsString('erpsync_vasco_push=1', (string) $url);
        return get_transient(VascoPushUi::RESULTS . get_current_user_id());
    }

    /** The article VASCO holds under a code (or null), read back through the connector. */
    private function article(string $code): ?array
    {
        $found = null;
        ErpSync\Plugin\Infra\Connectors::make('vasco')->fetchProducts(function (array $items) use ($code, &$found) {
            foreach ($items as $a) {
                if ($a['sifra'] === $code) {
                    $found = $a;
                }
            }
        });
        return $found;
    }

    private function byId(array $rows): array
    {
        $out = [];
        foreach ($rows as $r) {
            $out[$r['id']] = $r;
        }
        return $out;
    }

    public function testBulkSendCreatesThenUpdatesAndRefusesAProductWithoutCode(): void
    {
        $this->assertArrayHasKey(VascoPushUi::SEND, apply_filters('bulk_actions-edit-product', []));
        $a = $this->simple('Slušalke brezžične Premium črne z dolgim imenom nad štirideset znakov', 'HEAD-01', '116.80');
        $b = $this->simple('Kabel USB-C', 'CAB-02', '9.99');
        $none = $this->simple('Brez šifre', '');

        $res = $this->bulk(VascoPushUi::SEND, [$a, $b, $none]);
        $this->assertFalse($res['dry_run']);
        $rows = $this->byId($res['rows']);
        $this->assertSame(['created', 'created', 'refused'], [$rows[$a]['result'], $rows[$b]['result'], $rows[$none]['result']]);
        $this->assertStringContainsString('no article code (sku)', $rows[$none]['message']);
        $this->assertSame(2, count($this->posts('vasco', 'POST', self::ARTICLE)));
        $art = $this->article('HEAD-01');
        $this->assertSame(40, mb_strlen($art['naziv']));
        $this->assertSame('Slušalke brezžične Premium črne z dolgim', $art['naziv']);
        $this->assertEquals(116.8, $art['prodajnaCena']);
        $this->assertSame(0, $art['stopnjaDDV']); // 22 % → code 0
        $this->assertSame('created', VascoPush::last($a)['result']);

        // Again after a price change: looked up, found, PUT; never a second POST.
        $p = wc_get_product($b);
        $p->set_regular_price('11.50');
        $p->save();
        $rows = $this->byId($this->bulk(VascoPushUi::SEND, [$b])['rows']);
        $this->assertSame('updated', $rows[$b]['result']);
        $this->assertSame(2, count($this->posts('vasco', 'POST', self::ARTICLE)));
        $this->assertSame(1, count($this->posts('vasco', 'PUT', self::ARTICLE)));
        $this->assertEquals(11.5, $this->article('CAB-02')['prodajnaCena']);

        // The notice after the redirect shows one line per product, once.
        $_GET['erpsync_vasco_push'] = '1';
        $this->bulk(VascoPushUi::SEND, [$a, $none]);
        ob_start();
        VascoPushUi::notices();
        $html = ob_get_clean();
        $this->assertStringContainsString('updated in VASCO', $html);
        $this->assertStringContainsString('not sent', $html);
        $this->assertStringContainsString('no article code', $html);
        ob_start();
        VascoPushUi::notices();
        $this->assertSame('', ob_get_clean());
    }

    public function testDryRunShowsNewOrUpdateAndSendsNothing(): void
    {
        $old = $this->simple('Obstoječi', 'OLD-1', '10.00');
        $new = $this->simple('Novi', 'NEW-1', '24.40');
        (new VascoPush())->run([$old]);
        $writes = count($this->posts('vasco', 'POST', self::ARTICLE)) + count($this->posts('vasco', 'PUT', self::ARTICLE));

        $res = $this->bulk(VascoPushUi::DRY_RUN, [$old, $new]);
        $this->assertTrue($res['dry_run']);
        $rows = $this->byId($res['rows']);
        $this->assertSame('update', $rows[$old]['result']);
        $this->assertSame('new', $rows[$new]['result']);
        $this->assertSame('NEW-1', $rows[$new]['payload']['sifra']);
        $this->assertSame('Novi', $rows[$new]['payload']['naziv']);
        $this->assertEquals(24.4, $rows[$new]['payload']['prodajnaCena']);
        $this->assertSame('KOS', $rows[$new]['payload']['enota']);
        $this->assertSame($writes, count($this->posts('vasco', 'POST', self::ARTICLE)) + count($this->posts('vasco', 'PUT', self::ARTICLE)));
        $this->assertNull($this->article('NEW-1'));
    }

    public function testALostReplyAfterThePostDoesNotCreateTheArticleTwice(): void
    {
        $id = $this->simple('Izgubljen odgovor', 'LOST-1', '5.00');
        self::$sim->fault(['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/FASifranti/artikel', 'kind' => 'lost_reply']);
        $rows = (new VascoPush())->run([$id]);
        $this->assertSame('updated', $rows[0]['result'], $rows[0]['message']);
        $this->assertStringContainsString('not created twice', $rows[0]['message']);
        $this->assertSame(1, count($this->posts('vasco', 'POST', self::ARTICLE)));
        $this->assertSame(1, count($this->posts('vasco', 'PUT', self::ARTICLE)));
        $gets = array_values(array_filter(self::$sim->requests('vasco'), fn($q) => $q['method'] === 'GET' && preg_match(self::ARTICLE, $q['path'])));
        $this->assertCount(2, $gets, 'looked up before the POST and again before the retry');
        $this->assertNotNull($this->article('LOST-1'));
    }

    public function testAVariableProductIsPushedAsItsVariations(): void
    {
        $v = new WC_Product_Variable();
        $v->set_name('Majica');
        $v->set_sku('TEE');
        $attr = new WC_Product_Attribute();
        $attr->set_name('Velikost');
        $attr->set_options(['S', 'M', 'L']);
        $attr->set_variation(true);
        $v->set_attributes([$attr]);
        $parent = $v->save();
        $ids = [];
        foreach (['S' => 'TEE-S', 'M' => 'TEE-M', 'L' => ''] as $size => $sku) {
            $var = new WC_Product_Variation();
            $var->set_parent_id($parent);
            $var->set_attributes(['velikost' => $size]);
            $var->set_regular_price('15.00');
            if ($sku !== '') {
                $var->set_sku($sku);
            }
            $ids[$size] = $var->save();
        }
        $rows = $this->byId($this->bulk(VascoPushUi::SEND, [$parent])['rows']);
        $this->assertArrayNotHasKey($parent, $rows, 'the parent is not an article');
        $this->assertSame('created', $rows[$ids['S']]['result']);
        $this->assertSame('TEE-S', $rows[$ids['S']]['code']);
        $this->assertSame('created', $rows[$ids['M']]['result']);
        $this->assertSame('refused', $rows[$ids['L']]['result']);
        $this->assertStringContainsString('no SKU of its own', $rows[$ids['L']]['message']);
        $this->assertNotNull($this->article('TEE-M'));
        $this->assertNull($this->article('TEE'));
        $this->assertSame(2, count($this->posts('vasco', 'POST', self::ARTICLE)));
    }

    public function testTheProductScreenButtonNeedsItsNonceAndTheCapability(): void
    {
        $id = $this->simple('Gumb', 'BTN-1');
        $_GET['product_id'] = (string) $id;
        $_REQUEST['_wpnonce'] = wp_create_nonce('erpsync_vasco_push_' . ($id + 1));
        try {
            VascoPushUi::handle_button();
            $this->fail('a nonce of another product was accepted');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        $this->assertSame(0, count($this->posts('vasco', 'POST', self::ARTICLE)));

        $shopper = wp_insert_user(['user_login' => 'kupec' . wp_rand(), 'user_pass' => 'x', 'role' => 'customer']);
        wp_set_current_user($shopper);
        $_REQUEST['_wpnonce'] = wp_create_nonce('erpsync_vasco_push_' . $id);
        try {
            VascoPushUi::handle_button();
            $this->fail('a customer pushed a product');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        try {
            $this->bulk(VascoPushUi::SEND, [$id]);
            $this->fail('a customer ran the bulk action');
        } catch (WpDie $e) {
            $this->assertSame(403, $e->status);
        }
        $this->assertSame(0, count($this->posts('vasco', 'POST', self::ARTICLE)));
        wp_set_current_user(self::$admin);
        wp_delete_user($shopper);

        $_REQUEST['_wpnonce'] = wp_create_nonce('erpsync_vasco_push_' . $id);
        try {
            VascoPushUi::handle_button();
            $this->fail('no redirect');
        } catch (Redirected $r) {
            $this->assertStringContainsString('post=' . $id, $r->location);
            $this->assertStringContainsString('erpsync_vasco_push=1', $r->location);
        }
        $this->assertSame('created', VascoPush::last($id)['result']);
        ob_start();
        VascoPushUi::meta_box(get_post($id));
        $box = ob_get_clean();
        $this->assertStringContainsString('Last push: created in VASCO', $box);
        $this->assertStringContainsString('BTN-1', $box);
    }
}
