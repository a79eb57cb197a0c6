<?php
/**
 * SORS (Softkom) API emulation, under /sors.
 *
 * Facts of erp-apis.md §1 it relies on:
 * - [SEEN] header "Authorization: ApiKey <key>" (401 otherwise); one key covers every database; one database
 *   per financial year (e.g. Shop2026) and the shared test database Demo2.
 * - [SEEN] exchanges: business units, catalogue with prices by price type, images, product groups, customers
 *   (list / create), stock by stock mode, customer debt, outbound documents (invoice, invoice-delivery note,
 *   reservation, return, delivery note).
 * - [SEEN] a unified JSON envelope; its field names are NOT known: {success, data, message, errors} is the
 *   project's [INFERRED] guess.
 * - Paths and paging are NOT public: this follows the project's default path map (docs/connectors/sors.md),
 *   with 1-based page/pageSize [INFERRED], and rejects a second document with the same externalNumber and type
 *   [INFERRED] so lookup-before-post can be tested.
 * - A return document (type "return", one of the outbound documents [SEEN]) names the document it returns in
 *   referenceNumber, which must be a document of this database that is not itself a return [INFERRED: the
 *   field's name and the check are the project's guess, overridable as fields["doc.reference"]].
 * - [SEEN] the owner picks a price type and a stock mode; their lists as `{database}/price-types` and
 *   `{database}/stock-modes` returning [{id, name}] are [INFERRED] (the default path map, overridable).
 * - [SEEN] catalogue items carry product id/SKU, name, group and price; other fields (status, sale price,
 *   description, attributes) are NOT known: a test adds them to an item with the seed option `product_fields`.
 */

declare(strict_types=1);

namespace ErpSyncSim\Api;

use ErpSyncSim\Api;
use ErpSyncSim\HttpError;
use ErpSyncSim\PagingHelpers;
use ErpSyncSim\Request;
use ErpSyncSim\Response;

final class Sors implements Api
{
    use PagingHelpers;

    public const API_KEY = 'sors-test-key';
    private const TYPES = ['invoice', 'invoice-delivery-note', 'reservation', 'return', 'delivery-note'];

    private array $dbs = [];

    public function __construct()
    {
        $this->reset();
    }

    public function reset(): void
    {
        $this->dbs = [];
        foreach (['Demo2', 'Shop2025', 'Shop2026'] as $name) {
            $this->dbs[$name] = ['products' => [], 'customers' => [], 'documents' => [], 'stock' => [],
                'units' => [['id' => '1', 'name' => 'Centrala'], ['id' => '2', 'name' => 'Prodavnica Novi Sad']],
                'groups' => [['id' => '10', 'name' => 'Hrana'], ['id' => '20', 'name' => 'Piće']]];
        }
    }

    public function config(array $opts): void
    {
    }

    public function state(): array
    {
        $out = [];
        foreach ($this->dbs as $n => $db) {
            $out[$n] = ['customers' => array_values($db['customers']), 'documents' => array_values($db['documents']),
                'products' => count($db['products'])];
        }
        return $out;
    }

    public function seed(array $o): array
    {
        $this->srand((int) ($o['seed'] ?? 1));
        $dbName = $o['database'] ?? 'Demo2';
        $db = &$this->dbs[$dbName];
        $n = (int) ($o['products'] ?? 0);
        for ($i = 1; $i <= $n; $i++) {
            $id = (string) (count($db['products']) + 1);
            $db['products'][$id] = ['id' => $id, 'sku' => sprintf('SRS-%06d', (int) $id), 'name' => "Proizvod $id",
                'groupId' => $i % 2 ? '10' : '20', 'barcode' => self::ean13((int) $id + 860000000),
                'prices' => ['VP' => $this->rand(100, 99999) / 100, 'MP' => $this->rand(100, 99999) / 100]];
            $db['stock'][$id] = ['productId' => $id, 'sku' => $db['products'][$id]['sku'], 'quantity' => $this->rand(0, 40), 'reserved' => $this->rand(0, 3)];
        }
        $c = (int) ($o['customers'] ?? 0);
        for ($i = 1; $i <= $c; $i++) {
            $id = (string) (count($db['customers']) + 1);
            $db['customers'][$id] = ['id' => $id, 'name' => "Kupac $id", 'email' => "kupac$id@example.rs",
                'pib' => (string) (100000000 + (int) $id), 'city' => 'Beograd', 'country' => 'RS',
                'balance' => sprintf('%.2f', $this->rand(0, 5000000) / 100), 'overdue' => sprintf('%.2f', $this->rand(0, 100000) / 100)];
        }
        // More fields of a product's catalogue item (status, sale price, description, attributes): which SORS has
        // and under what names is NOT known [INFERRED]; tests set them under the names the plugin's setting uses.
        foreach ((array) ($o['product_fields'] ?? []) as $pid => $fields) {
            if (isset($db['products'][(string) $pid])) {
                $db['products'][(string) $pid]['extra'] = array_merge($db['products'][(string) $pid]['extra'] ?? [], (array) $fields);
            }
        }
        return ['products' => count($db['products']), 'customers' => count($db['customers'])];
    }

    private static function env(mixed $data, int $status = 200, array $extra = []): Response
    {
        return Response::json(['success' => true, 'data' => $data, 'message' => '', 'errors' => []] + $extra, $status);
    }

    private static function fail(int $status, string $message): HttpError
    {
        return new HttpError($status, ['success' => false, 'data' => null, 'message' => $message, 'errors' => [['message' => $message]]]);
    }

    /** A page of $items (each shaped by $shape after slicing, so a page of a large catalogue costs only its own items). */
    private function page(Request $req, array $items, ?\Closure $shape = null): Response
    {
        if (!isset($req->query['page'])) {
            $items = array_values($items);
            return self::env($shape ? array_map($shape, $items) : $items);
        }
        $page = (int) $req->query['page'];
        $size = (int) ($req->query['pageSize'] ?? 100);
        if ($page < 1 || $size < 1) {
            throw self::fail(400, 'page starts at 1 and pageSize must be positive');
        }
        $slice = array_slice($items, ($page - 1) * $size, $size);
        return self::env($shape ? array_map($shape, $slice) : $slice, 200, ['page' => $page, 'pageSize' => $size, 'total' => count($items)]);
    }

    /** A valid 1x1 PNG of one colour, optionally padded with a text chunk to $pad bytes (image host of the sim). */
    public static function png(int $rgb, int $pad = 0): string
    {
        $chunk = fn(string $type, string $data) => pack('N', strlen($data)) . $type . $data . pack('N', crc32($type . $data));
        $png = "\x89PNG\r\n\x1a\n" . $chunk('IHDR', pack('NNCCCCC', 1, 1, 8, 2, 0, 0, 0))
            . $chunk('IDAT', (string) gzcompress("\x00" . substr(pack('N', $rgb), 1)));
        if ($pad > 0) {
            $png .= $chunk('tEXt', "Comment\x00" . str_repeat('x', $pad));
        }
        return $png . $chunk('IEND', '');
    }

    public function handle(Request $req): Response
    {
        // The image host (public, no key): c0..c2 are three different pictures, big is 300 kB, broken is not an image.
        if ($req->method === 'GET' && preg_match('~^/?_img/(c[0-2]|big|broken)\.png$~', $req->sub, $im)) {
            return match ($im[1]) {
                'big' => new Response(200, self::png(0x00aa00, 300000), ['Content-Type' => 'image/png']),
                'broken' => new Response(200, '<html>not an image</html>', ['Content-Type' => 'image/png']),
                default => new Response(200, self::png([0xff0000, 0x0000ff, 0x00ff00][(int) $im[1][1]]), ['Content-Type' => 'image/png']),
            };
        }
        if (($req->header('authorization') ?? '') !== 'ApiKey ' . self::API_KEY) {
            throw self::fail(401, 'Invalid or missing API key');
        }
        $parts = array_values(array_filter(explode('/', $req->sub), 'strlen'));
        $m = $req->method;
        if ($parts === ['databases'] && $m === 'GET') {
            return self::env(array_map(fn($n) => ['name' => $n], array_keys($this->dbs)));
        }
        $dbName = $parts[0] ?? '';
        if (!isset($this->dbs[$dbName])) {
            throw self::fail(404, "Database '$dbName' does not exist or is not accessible with this key");
        }
        $db = &$this->dbs[$dbName];
        $rest = implode('/', array_slice($parts, 1));
        switch (true) {
            case $rest === 'business-units' && $m === 'GET':
                return self::env($db['units']);
            case $rest === 'price-types' && $m === 'GET':
                return self::env([['id' => 'MP', 'name' => 'Maloprodajna cena'], ['id' => 'VP', 'name' => 'Veleprodajna cena']]);
            case $rest === 'stock-modes' && $m === 'GET':
                return self::env([['id' => 'available', 'name' => 'Raspoloživo (stanje − rezervisano)'], ['id' => 'total', 'name' => 'Ukupno stanje']]);
            case $rest === 'product-groups' && $m === 'GET':
                return self::env($db['groups']);
            case $rest === 'products' && $m === 'GET':
                $pt = $req->query['priceType'] ?? 'MP';
                $shape = fn($p) => ['id' => $p['id'], 'sku' => $p['sku'], 'name' => $p['name'], 'groupId' => $p['groupId'],
                    'barcode' => $p['barcode'], 'price' => $p['prices'][$pt] ?? null, 'priceType' => $pt] + ($p['extra'] ?? []);
                return $this->page($req, $db['products'], $shape);
            case (bool) preg_match('~^products/([^/]+)/images$~', $rest, $mm) && $m === 'GET':
                if (!isset($db['products'][$mm[1]])) {
                    throw self::fail(404, 'No such product');
                }
                // Pictures on the sim's own image host: products n and n+3 share the same bytes; product 5 also has
                // a 300 kB picture and product 6 a broken one.
                $host = 'http://' . ($req->header('host') ?? '127.0.0.1') . '/sors/_img/';
                $imgs = [['id' => $mm[1] . '-1', 'fileName' => "p{$mm[1]}.png", 'url' => $host . 'c' . ((int) $mm[1] % 3) . '.png']];
                if ($mm[1] === '5') {
                    $imgs[] = ['id' => '5-2', 'fileName' => 'p5-big.png', 'url' => $host . 'big.png'];
                }
                if ($mm[1] === '6') {
                    $imgs[] = ['id' => '6-2', 'fileName' => 'p6-broken.png', 'url' => $host . 'broken.png'];
                }
                return self::env($imgs);
            case $rest === 'stock' && $m === 'GET':
                $mode = $req->query['stockMode'] ?? 'available';
                $items = array_map(fn($s) => ['productId' => $s['productId'], 'sku' => $s['sku'],
                    'quantity' => $mode === 'available' ? $s['quantity'] - $s['reserved'] : $s['quantity']], $db['stock']);
                return $this->page($req, $items);
            case $rest === 'customers' && $m === 'GET':
                $items = $db['customers'];
                if (isset($req->query['pib'])) {
                    $items = array_filter($items, fn($c) => ($c['pib'] ?? '') === $req->query['pib']);
                }
                if (isset($req->query['email'])) {
                    $items = array_filter($items, fn($c) => strcasecmp($c['email'] ?? '', (string) $req->query['email']) === 0);
                }
                return $this->page($req, $items);
            case $rest === 'customers' && $m === 'POST':
                $b = $req->json();
                if (!is_array($b) || trim((string) ($b['name'] ?? '')) === '') {
                    throw self::fail(422, 'name is required');
                }
                if (($b['pib'] ?? '') !== '' && !preg_match('~^\d{9}$~', (string) $b['pib'])) {
                    throw self::fail(422, 'pib must be 9 digits');
                }
                $id = (string) (count($db['customers']) + 1);
                $db['customers'][$id] = ['id' => $id] + $b;
                return self::env($db['customers'][$id], 201);
            case (bool) preg_match('~^customers/([^/]+)/debt$~', $rest, $mm) && $m === 'GET':
                if (!isset($db['customers'][$mm[1]])) {
                    throw self::fail(404, 'No such customer');
                }
                return self::env(['customerId' => $mm[1], 'balance' => $db['customers'][$mm[1]]['balance'] ?? '0.00',
                    'overdue' => $db['customers'][$mm[1]]['overdue'] ?? '0.00', 'currency' => 'RSD']);
            case $rest === 'documents' && $m === 'GET':
                $items = array_filter($db['documents'], fn($d) => (!isset($req->query['type']) || $d['documentType'] === $req->query['type'])
                    && (!isset($req->query['externalNumber']) || (string) ($d['externalNumber'] ?? '') === (string) $req->query['externalNumber']));
                return $this->page($req, $items);
            case (bool) preg_match('~^documents/([a-z-]+)$~', $rest, $mm) && $m === 'POST':
                if (!in_array($mm[1], self::TYPES, true)) {
                    throw self::fail(404, "Unknown document type {$mm[1]}");
                }
                $b = $req->json();
                if (!is_array($b) || empty($b['items']) || !isset($b['customerId'])) {
                    throw self::fail(422, 'customerId and items are required');
                }
                if (!isset($db['customers'][(string) $b['customerId']])) {
                    throw self::fail(422, 'Unknown customer ' . $b['customerId']);
                }
                if ($mm[1] === 'return') {
                    $ref = (string) ($b['referenceNumber'] ?? '');
                    $orig = array_filter($db['documents'], fn($d) => $d['documentType'] !== 'return' && $d['number'] === $ref);
                    if ($ref === '' || !$orig) {
                        throw self::fail(422, 'A return needs the referenceNumber of an existing document' . ($ref === '' ? '' : ": $ref is unknown"));
                    }
                }
                foreach ($db['documents'] as $d) {
                    if ($d['documentType'] === $mm[1] && isset($b['externalNumber']) && (string) $d['externalNumber'] === (string) $b['externalNumber']) {
                        throw self::fail(409, 'A document with this externalNumber already exists');
                    }
                }
                $id = (string) (count($db['documents']) + 1);
                $doc = ['id' => $id, 'number' => sprintf('%s-%05d', strtoupper(substr($mm[1], 0, 3)), (int) $id)] + $b;
                $doc['documentType'] = $mm[1];
                $db['documents'][$id] = $doc;
                return self::env(['id' => $id, 'number' => $doc['number'], 'externalNumber' => $b['externalNumber'] ?? null], 201);
        }
        throw self::fail(404, "No such path {$req->sub}");
    }
}
