<?php
/**
 * Images down from Sitoo on real WooCommerce against the simulator, which serves uploaded images on a file host of
 * its own (/sitoo-files/<account>/<resourceid>: Sitoo's description gives no download address, the plugin's is a
 * setting): the images of linked products are downloaded through the extension and attached (first = product
 * image, the rest = gallery), never twice; the Sitoo credentials go only to the API's own host; the setting is
 * validated; a reply that is not an image is an item error; dry run fetches nothing.
 */

require_once __DIR__ . '/WcTestCase.php';
require_once __DIR__ . '/SitooTestSetUp.php';

use ErpSync\Plugin\Admin\Fields;
use ErpSync\Plugin\Infra\Settings;
use ErpSync\Plugin\Sync\Engine;
use ErpSync\Plugin\Sync\Sitoo\CatalogMap;
use ErpSync\Plugin\Sync\Sitoo\CompleteSync;
use ErpSync\Plugin\Sync\Sitoo\ImagesDown;

final class SitooImagesDownTest extends WcTestCase
{
    use SitooTestSetUp;

    /** 1×1 PNG images (two colours, so two different files). */
    private const PNG_RED = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
    private const PNG_BLUE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPj/HwADBwIAMCbHYQAAAABJRU5ErkJggg==';

    protected function setUp(): void
    {
        parent::setUp();
        $this->endActiveSyncRuns();
        self::wipeCatalog();
        foreach (get_posts(['post_type' => 'attachment', 'numberposts' => -1, 'fields' => 'ids', 'post_status' => 'any']) as $id) {
            wp_delete_attachment($id, true);
        }
        $this->configure('sitoo', ['misc_images_url' => $this->host() . '/sitoo-files/{accountid}/{resourceid}']);
        self::$sim->seed(['api' => 'sitoo', 'products' => 2]);
        $this->job(['products_down']);
    }

    /** The simulator's scheme://host:port. */
    private function host(string $as = '127.0.0.1'): string
    {
        $u = parse_url(self::$sim->url('sitoo'));
        return $u['scheme'] . '://' . $as . ':' . $u['port'];
    }

    private function job(array $ops, array $options = []): array
    {
        $run = CompleteSync::run_inline(CompleteSync::start($ops, $options, 'test', false));
        $this->assertContains($run['state'], ['done', 'dry-run'], (string) $run['message']);
        return $run;
    }

    /** A POS user uploads an image to a Sitoo product. */
    private function upload(string $productId, string $rid, string $b64): void
    {
        $c = $this->sitooClient();
        $c->request('POST', "/sites/1/products/$productId/images.json", ['json' => ['resourceid' => $rid, 'filedata' => $b64]]);
    }

    private function fileGets(): array
    {
        return array_values(array_filter(self::$sim->requests('sitoo'), fn($r) => str_starts_with($r['path'], '/_files/')));
    }

    private function firstSimple(): array
    {
        foreach (CatalogMap::all('product') as $local => $remote) {
            if (wc_get_product($local)->is_type('simple')) {
                return [(int) $local, (string) $remote];
            }
        }
        $this->fail('no linked simple product');
    }

    public function testImagesOfLinkedProductsComeDownOnceWithCredentialsOnlyForTheApiHost(): void
    {
        [$local, $remote] = $this->firstSimple();
        $this->upload($remote, 'shirt-front.png', self::PNG_RED);
        $this->upload($remote, 'shirt back.png', self::PNG_BLUE);

        $dry = $this->job(['products_images_down'], ['dry_run' => true]);
        $this->assertSame([], $this->fileGets(), 'dry run: nothing downloaded');
        $this->assertCount(2, Engine::plan((int) $dry['id'], 0, 100, 'image'));

        $this->job(['products_images_down']);
        $p = wc_get_product($local);
        $this->assertGreaterThan(0, $p->get_image_id());
        $this->assertSame('shirt-front', get_the_title($p->get_image_id()));
        $this->assertCount(1, $p->get_gallery_image_ids());
        $this->assertSame(base64_decode(self::PNG_BLUE), file_get_contents(get_attached_file($p->get_gallery_image_ids()[0])), 'the bytes Sitoo holds');
        $gets = $this->fileGets();
        $this->assertSame(['/_files/' . ErpSyncTest\Sim::SITOO_ACCOUNT . '/shirt-front.png', '/_files/' . ErpSyncTest\Sim::SITOO_ACCOUNT . '/shirt back.png'], // sent as shirt%20back.png, recorded decoded
            array_column($gets, 'path'));
        $this->assertNotEmpty($gets[0]['headers']['authorization'] ?? null, 'the API host: credentials sent');

        $this->job(['products_images_down']);
        $this->assertCount(2, $this->fileGets(), 'fetched once: the second run reuses the attachments');

        // another host (same server under another name): the image is fetched without the Sitoo credentials
        Settings::put('sitoo', ['misc_images_url' => $this->host('localhost') . '/sitoo-files/{accountid}/{resourceid}']);
        $this->upload($remote, 'label.png', self::PNG_RED);
        $this->job(['products_images_down']);
        $gets = $this->fileGets();
        $this->assertCount(3, $gets);
        $this->assertArrayNotHasKey('authorization', $gets[2]['headers'], 'no credentials to another host');
        $this->assertCount(2, wc_get_product($local)->get_gallery_image_ids());
    }

    public function testAReplyThatIsNotAnImageIsAnItemError(): void
    {
        [$local, $remote] = $this->firstSimple();
        $this->upload($remote, 'front.png', self::PNG_RED);
        self::$sim->fault(['api' => 'sitoo', 'method' => 'GET', 'path' => '/_files/', 'kind' => 'html']);
        $run = $this->job(['products_images_down'], ['ignore_errors' => true]);
        $errors = $run['counts']['ops']['products_images_down']['errors'] ?? [];
        $this->assertCount(1, $errors);
        $this->assertStringContainsString('not an image', $errors[0]);
        $this->assertSame(0, (int) wc_get_product($local)->get_image_id());
    }

    public function testTheImageAddressIsValidated(): void
    {
        foreach (['ftp://files.example/{resourceid}' => 'http', 'https://files.example/images/' => '{resourceid}',
            'https://files.example/{sku}/{resourceid}' => 'placeholders', 'https://user:pw@files.example/{resourceid}' => 'credentials'] as $bad => $why) {
            $this->assertStringContainsString($why, (string) ImagesDown::pattern_error($bad), $bad);
            [, $errors] = Fields::sanitize('sitoo', ['misc_images_url' => $bad] + Settings::get('sitoo'));
            $this->assertNotEmpty(array_filter($errors, fn($e) => str_contains($e, 'Sitoo image address')), "$bad refused on save");
        }
        $this->assertNull(ImagesDown::pattern_error('{siteurl}/{resourceid}'));
        $this->assertSame('{siteurl}/{resourceid}', Settings::defaults('sitoo')['misc_images_url'], 'the default');
        [$values] = Fields::sanitize('sitoo', ['misc_images_url' => 'https://cdn.example/{accountid}/{resourceid}'] + Settings::get('sitoo'));
        $this->assertSame('https://cdn.example/{accountid}/{resourceid}', $values['misc_images_url']);

        // the default takes the resource relative to the site's address (sites.json siteurl)
        Settings::put('sitoo', ['misc_images_url' => '{siteurl}/{resourceid}']);
        $this->assertSame('https://shop.example/a%20b/c.png', (new ImagesDown('products_images_down'))->address('a b/c.png'));
    }
}
