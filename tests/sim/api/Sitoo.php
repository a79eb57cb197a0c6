<?php
/**
 * Sitoo REST API v2 emulation, under /sitoo/v2/accounts/{accountid} (default account 10020).
 *
 * Facts it relies on (erp-apis.md §3 and ../shared/reference/sitoo-openapi/):
 * - [SEEN] HTTP Basic with an API ID ("10020-140") and password; endpoints end in .json; {siteid} is the
 *   integer eshopid (1); GET /sites.json returns eshopid.
 * - [SEEN] money as strings with 2 decimals, decimals with 3, dates as Unix seconds.
 * - [SEEN] lists as {totalcount, items} with start (default 0) / num (default 10); fields= limits columns.
 * - [SEEN] batch POST/PUT/DELETE answer one {statuscode, return} per item (partial failure possible);
 *   errors {statuscode, errortext}; 429 documented everywhere.
 * - [SEEN] SKU characters [A-Za-z0-9_+-/] read as a class with the range "+" to "/" (so "." and "," pass the
 *   literal reading; erp-apis.md treats letters, digits, _ + - . / as valid: this emulation rejects the rest).
 * - [SEEN] PUT productvariants replaces (deletes) existing variants; warehouse transactions take at most 1000
 *   items per request and are refused on Virtual (20) warehouses; batch state 10 -> 20 commits a stocktaking.
 * - [SEEN] orders: ordertypeid required; externalid unique, [A-Za-z0-9_-]{1,40}; orders cannot be deleted;
 *   POST orderdeliveries reduces stock. [INFERRED] a duplicate externalid is refused with 400.
 * - [CODE]/[INFERRED] rate limiting: 429 with Retry-After and X-Rate-Limit-Remaining/-Reset (numeric limits
 *   unknown: set per test through /_sim/config rate_limit_per_second).
 */

declare(strict_types=1);

namespace ErpSyncSim\Api;

use ErpSyncSim\Api;
use ErpSyncSim\HttpError;
use ErpSyncSim\PagingHelpers;
use ErpSyncSim\Request;
use ErpSyncSim\Response;

final class Sitoo implements Api
{
    use PagingHelpers;

    public const USER = 'sitoo-user';
    public const PASSWORD = 'sitoo-pass';
    public const ACCOUNT = '10020';

    private array $products = [];
    private array $skuIndex = [];
    private array $variants = [];
    private array $images = [];
    /** @var array<string,array{mime:string,data:string}> resourceid → uploaded bytes (the file host) */
    private array $files = [];
    private array $categories = [];
    private array $manufacturers = [];
    private array $warehouses = [];
    /** @var array<int,array<string,array>> warehouseid -> sku -> item */
    private array $items = [];
    private array $transactions = [];
    private array $batches = [];
    private array $orders = [];
    private array $deliveries = [];
    private array $vouchers = [];
    private array $productgroups = [];
    private int $seq = 1000;
    private float $ratePerSecond = 0.0;
    /** rate limit bookkeeping for assertions: requests refused with 429, accepted, most accepted in one second */
    private int $refused = 0;
    private int $accepted = 0;
    private int $maxInWindow = 0;
    private array $window = [];

    public function __construct()
    {
        $this->reset();
    }

    public function reset(): void
    {
        $this->products = $this->skuIndex = $this->variants = $this->images = $this->files = $this->categories = [];
        $this->manufacturers = $this->transactions = $this->batches = $this->orders = $this->deliveries = $this->vouchers = [];
        $this->items = [];
        $this->seq = 1000;
        $this->ratePerSecond = 0.0;
        $this->window = [];
        $this->refused = 0;
        $this->accepted = 0;
        $this->maxInWindow = 0;
        $this->allowance = null;
        $this->warehouses = [
            1 => ['warehouseid' => 1, 'name' => 'Webshop', 'usetype' => 10, 'warehousetype' => 10, 'currencycode' => 'SEK'],
            2 => ['warehouseid' => 2, 'name' => 'Store Stockholm', 'usetype' => 20, 'warehousetype' => 10, 'currencycode' => 'SEK'],
            3 => ['warehouseid' => 3, 'name' => 'Supplier (virtual)', 'usetype' => 10, 'warehousetype' => 20, 'currencycode' => 'SEK'],
        ];
        $this->productgroups = [2 => ['vatid' => 2, 'value' => 25.0, 'productgrouptype' => 0, 'productgroupname' => 'Standard', 'comment' => '']];
    }

    public function config(array $opts): void
    {
        if (isset($opts['rate_limit_per_second'])) {
            $this->ratePerSecond = (float) $opts['rate_limit_per_second'];
        }
        // A request allowance (the X-Rate-Limit-* headers a third-party connector and the Sitoo plugin docs name):
        // every reply says how many requests are left and when the window resets; none left = 429.
        if (array_key_exists('allowance', $opts)) {
            $this->allowance = $opts['allowance'] === null ? null : (int) $opts['allowance'];
            $this->allowanceReset = (int) ($opts['allowance_reset'] ?? 60);
        }
    }

    private ?int $allowance = null;
    private int $allowanceReset = 60;

    public function handle(Request $req): Response
    {
        if ($this->allowance !== null && $this->allowance <= 0) {
            throw new HttpError(429, ['statuscode' => 429, 'errortext' => 'Too Many Requests'],
                ['Retry-After' => (string) $this->allowanceReset, 'X-Rate-Limit-Remaining' => '0', 'X-Rate-Limit-Reset' => (string) $this->allowanceReset]);
        }
        $res = $this->route($req);
        if ($this->allowance !== null) {
            $this->allowance--;
            $res->headers += ['X-Rate-Limit-Remaining' => (string) $this->allowance, 'X-Rate-Limit-Reset' => (string) $this->allowanceReset];
        }
        return $res;
    }

    public function state(): array
    {
        return ['products' => count($this->products), 'orders' => array_values($this->orders), 'deliveries' => array_values($this->deliveries),
            'transactions' => array_values($this->transactions), 'vouchers' => array_values($this->vouchers),
            'categories' => array_values($this->categories), 'manufacturers' => array_values($this->manufacturers),
            'batches' => array_values($this->batches), 'images' => $this->images,
            'stock' => array_map(fn($w) => array_map(fn($i) => $i['decimaltotal'], $w), $this->items),
            'rate_limit' => ['per_second' => $this->ratePerSecond, 'accepted' => $this->accepted, 'refused' => $this->refused,
                'max_in_window' => $this->maxInWindow]];
    }

    public function seed(array $o): array
    {
        $this->srand((int) ($o['seed'] ?? 1));
        $n = (int) ($o['products'] ?? 0);
        $now = time();
        $singles = [];
        for ($i = 1; $i <= $n; $i++) {
            $id = ++$this->seq;
            $sku = sprintf('SKU-%06d', $id);
            $this->products[$id] = ['productid' => $id, 'sku' => $sku, 'title' => "Product $id", 'moneyprice' => sprintf('%.2f', $this->rand(100, 99999) / 100),
                'vatid' => 2, 'barcode' => self::ean13($id), 'activepos' => true, 'datecreated' => $now, 'datemodified' => $now];
            $this->skuIndex[$sku] = $id;
            $singles[] = $id;
            foreach ([1, 2] as $w) {
                $t = $this->rand(0, 40);
                $this->items[$w][$sku] = $this->item($w, $sku, $t, $this->rand(0, 2), $now);
            }
        }
        // Products hidden in the webshop and/or the POS (product-read.yaml: active, activepos), every k-th one.
        $k = (int) ($o['inactive_every'] ?? 0);
        if ($k > 0) {
            foreach ($this->products as $id => &$p) {
                if ($id % $k === 0) {
                    $p['active'] = false;
                    $p['activepos'] = ($id / $k) % 2 === 0; // alternately POS-only and hidden everywhere
                }
            }
            unset($p);
        }
        // Categories (category-read.yaml: categoryid, title, categoryparentid — a parent named by its index in the list),
        // manufacturers (manufacturer-read.yaml) and vouchers (voucher-read.yaml: vouchercode, vouchertype, value_x
        // for percentages, money_m for amounts) for the catalogue sync.
        $catIds = $manIds = [];
        foreach ($o['categories'] ?? [] as $i => $c) {
            $id = ++$this->seq;
            $this->categories[$id] = ['categoryid' => $id, 'title' => (string) $c['title'],
                'categoryparentid' => isset($c['parent']) ? $catIds[(int) $c['parent']] : null];
            $catIds[$i] = $id;
        }
        foreach ($o['manufacturers'] ?? [] as $name) {
            $id = ++$this->seq;
            $this->manufacturers[$id] = ['externalcompanyid' => $id, 'name' => (string) $name];
            $manIds[] = $id;
        }
        foreach ($o['vouchers'] ?? [] as $v) {
            $id = ++$this->seq;
            $this->vouchers[$id] = ['voucherid' => $id, 'vouchercode' => (string) $v['code'], 'vouchername' => (string) $v['code'],
                'vouchertype' => (int) ($v['type'] ?? 100)] + (isset($v['percent']) ? ['value_x' => (int) $v['percent']] : ['money_m' => (string) ($v['amount'] ?? '0.00')]);
        }
        // classify_products: the single products of this seed in the categories and with the manufacturers seeded with
        // them, in turn, with descriptions (product-read.yaml: defaultcategoryid, categories, manufacturerid,
        // descriptionshort, description).
        if (!empty($o['classify_products'])) {
            foreach ($singles as $k => $id) {
                $this->products[$id] += ($catIds ? ['defaultcategoryid' => $catIds[$k % count($catIds)], 'categories' => [$catIds[$k % count($catIds)]]] : [])
                    + ($manIds ? ['manufacturerid' => $manIds[$k % count($manIds)]] : [])
                    + ['descriptionshort' => "Short text of $id", 'description' => "<p>Text of product $id</p>"];
            }
        }
        // Variant groups: a main variant (variantparentid = its own productid) and its variants (product-read.yaml);
        // variants_per_group sizes (default: M and L beside the main variant's S).
        $sizes = isset($o['variants_per_group']) ? array_slice(['XS', 'M', 'L', 'XL', 'XXL', '3XL', '4XL', '5XL'], 0, (int) $o['variants_per_group']) : ['M', 'L'];
        for ($g = 0; $g < (int) ($o['variant_groups'] ?? 0); $g++) {
            $parent = ++$this->seq;
            $extra = ($catIds ? ['defaultcategoryid' => $catIds[$g % count($catIds)], 'categories' => [$catIds[$g % count($catIds)]]] : [])
                + ($manIds ? ['manufacturerid' => $manIds[$g % count($manIds)]] : []);
            $this->products[$parent] = ['productid' => $parent, 'sku' => "VAR-$parent", 'title' => "Shirt $parent", 'moneyprice' => '19.90',
                'vatid' => 2, 'activepos' => true, 'variantparentid' => $parent, 'datecreated' => $now, 'datemodified' => $now,
                'variant' => [['name' => 'Size', 'value' => 'S']]] + $extra;
            $this->skuIndex["VAR-$parent"] = $parent;
            foreach ($sizes as $size) {
                $id = ++$this->seq;
                $this->products[$id] = ['productid' => $id, 'sku' => "VAR-$parent-$size", 'title' => "Shirt $parent $size", 'moneyprice' => '19.90',
                    'vatid' => 2, 'activepos' => true, 'variantparentid' => $parent, 'datecreated' => $now, 'datemodified' => $now,
                    'variant' => [['name' => 'Size', 'value' => $size]]];
                $this->skuIndex["VAR-$parent-$size"] = $id;
            }
        }
        return ['products' => count($this->products)];
    }

    private function item(int $w, string $sku, float $total, float $reserved, int $now): array
    {
        return ['warehouseitemid' => ++$this->seq, 'warehouseid' => $w, 'sku' => $sku, 'binlocation' => '', 'decimalthreshold' => '0.000',
            'decimaltotal' => sprintf('%.3f', $total), 'decimalreserved' => sprintf('%.3f', $reserved),
            'decimalavailable' => sprintf('%.3f', $total - $reserved), 'moneytotal' => '0.00', 'datelastmodified' => $now];
    }

    private static function err(int $status, string $text): HttpError
    {
        return new HttpError($status, ['statuscode' => $status, 'errortext' => $text]);
    }

    public static function skuValid(string $sku): bool
    {
        return $sku !== '' && strlen($sku) <= 100 && preg_match('~^[A-Za-z0-9_+./-]+$~', $sku) === 1;
    }

    private function envelope(Request $req, array $items): Response
    {
        $items = array_values($items);
        $start = max(0, (int) ($req->query['start'] ?? 0));
        $num = (int) ($req->query['num'] ?? 10);
        if ($num < 1) {
            throw self::err(400, 'num must be positive');
        }
        $page = array_slice($items, $start, $num);
        if (!empty($req->query['fields'])) {
            $f = array_flip(explode(',', (string) $req->query['fields']));
            $page = array_map(fn($x) => array_intersect_key($x, $f), $page);
        }
        return Response::json(['totalcount' => count($items), 'items' => $page]);
    }

    private function route(Request $req): Response
    {
        if (str_starts_with($req->sub, '/_files/')) {
            return $this->file($req, rawurldecode(substr($req->sub, strlen('/_files/'))));
        }
        $auth = 'Basic ' . base64_encode(self::USER . ':' . self::PASSWORD);
        if (($req->header('authorization') ?? '') !== $auth) {
            throw self::err(401, 'Unauthorized. Authorization failed.');
        }
        if (($req->headers['x-sim-account'] ?? '') !== self::ACCOUNT) {
            throw self::err(404, 'Unknown account');
        }
        if ($this->ratePerSecond > 0) {
            $now = microtime(true);
            $this->window = array_values(array_filter($this->window, fn($t) => $t > $now - 1.0));
            if (count($this->window) >= $this->ratePerSecond) {
                $this->refused++;
                throw new HttpError(429, ['statuscode' => 429, 'errortext' => 'Too Many Requests'],
                    ['Retry-After' => '1', 'X-Rate-Limit-Remaining' => '0', 'X-Rate-Limit-Reset' => '1']);
            }
            $this->window[] = $now;
            $this->accepted++;
            $this->maxInWindow = max($this->maxInWindow, count($this->window));
        }
        $p = $req->sub;
        $m = $req->method;
        if (!str_ends_with($p, '.json')) {
            throw self::err(404, 'Resource not found. The url is invalid.');
        }
        $p = substr($p, 0, -5);
        if ($p === '/sites' && $m === 'GET') {
            return $this->envelope($req, [['siteid' => 'c9c3c1bf-0000-4000-8000-000000000001', 'eshopid' => 1, 'title' => 'Webshop', 'siteurl' => 'https://shop.example']]);
        }
        if ($p === '/orders' && $m === 'GET') {
            return $this->listOrders($req, null);
        }
        if (!preg_match('~^/sites/(\d+)(/.*)$~', $p, $mm)) {
            throw self::err(404, 'Resource not found. The url is invalid.');
        }
        if ((int) $mm[1] !== 1) {
            throw self::err(404, "Site {$mm[1]} not found (use the eshopid)");
        }
        $r = $mm[2];
        return match (true) {
            $r === '/products' => $this->products($req),
            (bool) preg_match('~^/products/(\d+)$~', $r, $x) => $this->product($req, (int) $x[1]),
            (bool) preg_match('~^/products/(\d+)/productvariants$~', $r, $x) => $this->productVariants($req, (int) $x[1]),
            (bool) preg_match('~^/products/(\d+)/images$~', $r, $x) => $this->productImages($req, (int) $x[1]),
            (bool) preg_match('~^/products/(\d+)/images/(\d+)$~', $r, $x) && $m === 'DELETE' => $this->unlinkImage((int) $x[1], (int) $x[2]),
            $r === '/categories' => $this->collection($req, $this->categories, 'categoryid', ['title']),
            (bool) preg_match('~^/categories/(\d+)$~', $r, $x) => $this->category($req, (int) $x[1]),
            $r === '/manufacturers' => $this->collection($req, $this->manufacturers, 'externalcompanyid', ['name']),
            $r === '/vouchers' => $this->collection($req, $this->vouchers, 'voucherid', ['vouchertype']),
            (bool) preg_match('~^/vouchers/(\d+)$~', $r, $x) => $this->voucher($req, (int) $x[1]),
            $r === '/productgroups' => $this->collection($req, $this->productgroups, 'vatid', ['value']),
            $r === '/warehouses' && $m === 'GET' => $this->envelope($req, $this->warehouses),
            (bool) preg_match('~^/warehouses/(\d+)/warehouseitems$~', $r, $x) => $this->warehouseItems($req, (int) $x[1]),
            (bool) preg_match('~^/warehouses/(\d+)/warehousebatches$~', $r, $x) => $this->batches($req, (int) $x[1], null),
            (bool) preg_match('~^/warehouses/(\d+)/warehousebatches/(\d+)$~', $r, $x) => $this->batches($req, (int) $x[1], (int) $x[2]),
            (bool) preg_match('~^/warehouses/(\d+)/warehousebatches/(\d+)/warehousebatchitems$~', $r, $x) => $this->batchItems($req, (int) $x[1], (int) $x[2]),
            $r === '/warehousetransactions' => $this->warehouseTransactions($req),
            $r === '/orders' => $m === 'POST' ? $this->createOrder($req) : $this->listOrders($req, 1),
            (bool) preg_match('~^/orders/(\d+)$~', $r, $x) => $this->order($req, (int) $x[1]),
            (bool) preg_match('~^/orders/(\d+)/orderdeliveries$~', $r, $x) => $this->orderDeliveries($req, (int) $x[1]),
            default => throw self::err(404, 'Resource not found. The url is invalid.'),
        };
    }

    // ------------------------------------------------------------------------------ products

    private function products(Request $req): Response
    {
        $m = $req->method;
        if ($m === 'GET') {
            $all = $this->products;
            if (isset($req->query['sku']) && $req->query['sku'] !== '') {
                $skus = array_flip(explode(',', (string) $req->query['sku']));
                $all = array_filter($all, fn($p) => isset($skus[$p['sku']]));
            }
            if (isset($req->query['datelastmodified'])) {
                $all = array_filter($all, fn($p) => $p['datemodified'] >= (int) $req->query['datelastmodified']);
            }
            // includeinactive (getProducts): without it, products active neither in the webshop nor in the POS are left out.
            if (($req->query['includeinactive'] ?? 'false') !== 'true') {
                $all = array_filter($all, fn($p) => ($p['active'] ?? true) || ($p['activepos'] ?? true));
            }
            return $this->envelope($req, $all);
        }
        $list = $req->json();
        if (!is_array($list) || !array_is_list($list)) {
            throw self::err(400, 'Bad Request. The body must be an array of products.');
        }
        $out = [];
        foreach ($list as $p) {
            $out[] = match ($m) {
                'POST' => $this->addProduct($p),
                'PUT' => $this->updateProduct($p),
                'DELETE' => $this->deleteProduct($p),
                default => throw self::err(405, 'Method not allowed'),
            };
        }
        return Response::json($out);
    }

    private function addProduct(mixed $p): array
    {
        if (!is_array($p) || !isset($p['sku']) || !is_string($p['sku'])) {
            return ['statuscode' => 400, 'return' => 0, 'errortext' => 'sku is required'];
        }
        if (!self::skuValid($p['sku'])) {
            return ['statuscode' => 400, 'return' => 0, 'errortext' => 'sku contains invalid characters'];
        }
        if (isset($this->skuIndex[$p['sku']])) {
            return ['statuscode' => 400, 'return' => 0, 'errortext' => 'sku already exists'];
        }
        if (isset($p['moneyprice']) && !preg_match('~^-?\d+\.\d{2}$~', (string) $p['moneyprice'])) {
            return ['statuscode' => 400, 'return' => 0, 'errortext' => 'moneyprice must be a money string like "99.00"'];
        }
        $id = ++$this->seq;
        $now = time();
        $this->products[$id] = ['productid' => $id] + $p + ['title' => $p['sku'], 'moneyprice' => '0.00', 'vatid' => 2, 'activepos' => true,
            'datecreated' => $now, 'datemodified' => $now];
        $this->skuIndex[$p['sku']] = $id;
        return ['statuscode' => 200, 'return' => $id];
    }

    private function updateProduct(mixed $p): array
    {
        if (!is_array($p) || !isset($p['productid'])) {
            return ['statuscode' => 400, 'return' => 0, 'errortext' => 'productid is required'];
        }
        $id = (int) $p['productid'];
        if (!isset($this->products[$id])) {
            return ['statuscode' => 404, 'return' => $id, 'errortext' => 'product not found'];
        }
        if (isset($p['sku']) && $p['sku'] !== $this->products[$id]['sku']) {
            if (!self::skuValid((string) $p['sku']) || isset($this->skuIndex[$p['sku']])) {
                return ['statuscode' => 400, 'return' => $id, 'errortext' => 'invalid or duplicate sku'];
            }
            unset($this->skuIndex[$this->products[$id]['sku']]);
            $this->skuIndex[$p['sku']] = $id;
        }
        $this->products[$id] = $p + $this->products[$id];
        $this->products[$id]['datemodified'] = time();
        return ['statuscode' => 200, 'return' => $id];
    }

    private function deleteProduct(mixed $p): array
    {
        $id = is_array($p) ? (int) ($p['productid'] ?? 0) : (int) $p;
        if (!isset($this->products[$id])) {
            return ['statuscode' => 404, 'return' => $id, 'errortext' => 'product not found'];
        }
        unset($this->skuIndex[$this->products[$id]['sku']], $this->products[$id]);
        return ['statuscode' => 200, 'return' => $id];
    }

    private function product(Request $req, int $id): Response
    {
        if (!isset($this->products[$id])) {
            throw self::err(404, 'Product not found');
        }
        if ($req->method === 'GET') {
            return Response::json($this->products[$id]);
        }
        if ($req->method === 'PUT') {
            $r = $this->updateProduct(['productid' => $id] + (array) $req->json());
            if ($r['statuscode'] !== 200) {
                throw self::err($r['statuscode'], $r['errortext']);
            }
            return Response::json(true);
        }
        if ($req->method === 'DELETE') {
            $this->deleteProduct(['productid' => $id]);
            return Response::json(true);
        }
        throw self::err(405, 'Method not allowed');
    }

    private function productVariants(Request $req, int $id): Response
    {
        if (!isset($this->products[$id])) {
            throw self::err(404, 'Product not found');
        }
        if ($req->method === 'GET') {
            return Response::json($this->variants[$id] ?? ['groups' => [], 'variants' => []]);
        }
        $b = $req->json();
        if (!is_array($b) || !isset($b['groups'], $b['variants']) || !is_array($b['variants'])) {
            throw self::err(400, 'groups and variants are required');
        }
        // a PUT replaces every existing variant: those not sent are deleted
        foreach ($this->variants[$id]['variants'] ?? [] as $old) {
            $keep = false;
            foreach ($b['variants'] as $v) {
                if ((int) ($v['productid'] ?? 0) === (int) $old['productid']) {
                    $keep = true;
                }
            }
            if (!$keep) {
                $this->deleteProduct(['productid' => $old['productid']]);
            }
        }
        $stored = [];
        foreach ($b['variants'] as $v) {
            if ((int) ($v['productid'] ?? 0) === 0) {
                $r = $this->addProduct(['sku' => $v['sku'] ?? '', 'title' => $v['title'] ?? '', 'moneyprice' => $v['moneyprice'] ?? '0.00', 'variantparentid' => $id]);
                if ($r['statuscode'] !== 200) {
                    throw self::err(400, 'variant ' . ($v['sku'] ?? '?') . ': ' . $r['errortext']);
                }
                $v['productid'] = $r['return'];
            }
            $stored[] = $v;
        }
        $this->variants[$id] = ['groups' => $b['groups'], 'variants' => $stored];
        return Response::json(true);
    }

    private function productImages(Request $req, int $id): Response
    {
        if (!isset($this->products[$id])) {
            throw self::err(404, 'Product not found');
        }
        if ($req->method === 'GET') {
            return $this->envelope($req, $this->images[$id] ?? []);
        }
        $b = $req->json();
        $data = is_array($b) ? base64_decode((string) ($b['filedata'] ?? ''), true) : false;
        if ($data === false || $data === '') {
            throw self::err(400, 'filedata must be base64');
        }
        $info = @getimagesizefromstring($data);
        $rid = (string) ($b['resourceid'] ?? ('img' . (++$this->seq)));
        $this->images[$id][] = ['resourceid' => $rid, 'mimetype' => $info['mime'] ?? 'application/octet-stream',
            'width' => $info[0] ?? 0, 'height' => $info[1] ?? 0, 'filesize' => strlen($data)];
        $this->files[$rid] = ['mime' => $info['mime'] ?? 'application/octet-stream', 'data' => $data];
        return Response::json(true);
    }

    /**
     * The file host (/sitoo-files/<account>/<resourceid>): the bytes of an uploaded image with its type. Sitoo's
     * description gives no download address for a resource (a resourceid is "a relative URL (typically the
     * filename)"); the plugin's address pattern is a setting, pointed here by the tests. No credentials needed;
     * the request (and whether it carried any) is recorded like every other.
     */
    private function file(Request $req, string $path): Response
    {
        $parts = explode('/', $path, 2);
        $rid = $parts[1] ?? '';
        if ($req->method !== 'GET' || ($parts[0] ?? '') !== self::ACCOUNT || !isset($this->files[$rid])) {
            return new Response(404, 'not found', ['Content-Type' => 'text/plain']);
        }
        return new Response(200, $this->files[$rid]['data'], ['Content-Type' => $this->files[$rid]['mime']]);
    }

    private function unlinkImage(int $id, int $index): Response
    {
        if (!isset($this->images[$id][$index])) {
            throw self::err(404, 'Image not found');
        }
        array_splice($this->images[$id], $index, 1);
        return Response::json(true);
    }

    // -------------------------------------------------------------------- simple collections

    private function collection(Request $req, array &$store, string $idField, array $required): Response
    {
        if ($req->method === 'GET') {
            return $this->envelope($req, $store);
        }
        if ($req->method !== 'POST') {
            throw self::err(405, 'Method not allowed');
        }
        $b = $req->json();
        if ($idField === 'externalcompanyid' && !(is_array($b) && array_is_list($b))) {
            throw self::err(400, 'manufacturers are added in batches: send an array');
        }
        $list = is_array($b) && array_is_list($b) ? $b : [$b];
        $out = [];
        foreach ($list as $x) {
            foreach ($required as $f) {
                if (!is_array($x) || !isset($x[$f]) || $x[$f] === '') {
                    if (count($list) === 1) {
                        throw self::err(400, "$f is required");
                    }
                    $out[] = ['statuscode' => 400, 'return' => 0, 'errortext' => "$f is required"];
                    continue 2;
                }
            }
            if ($idField === 'categoryid' && !empty($x['categoryparentid']) && !isset($store[(int) $x['categoryparentid']])) {
                throw self::err(400, 'categoryparentid does not exist');
            }
            $id = ++$this->seq;
            $store[$id] = [$idField => $id] + $x;
            $out[] = ['statuscode' => 200, 'return' => $id];
        }
        return Response::json($idField === 'externalcompanyid' || count($list) > 1 ? $out : $out[0]['return']);
    }

    private function category(Request $req, int $id): Response
    {
        if (!isset($this->categories[$id])) {
            throw self::err(404, 'Category not found');
        }
        if ($req->method === 'DELETE') {
            $drop = [$id];
            for ($i = 0; $i < count($drop); $i++) {
                foreach ($this->categories as $cid => $c) {
                    if ((int) ($c['categoryparentid'] ?? 0) === $drop[$i]) {
                        $drop[] = $cid;
                    }
                }
            }
            foreach ($drop as $d) {
                unset($this->categories[$d]);
            }
            return Response::json(true);
        }
        if ($req->method === 'PUT') {
            $this->categories[$id] = (array) $req->json() + $this->categories[$id];
            return Response::json(true);
        }
        return Response::json($this->categories[$id]);
    }

    /**
     * vouchers/{voucherid}.yaml: GET the voucher, PUT voucher-write (vouchername and vouchertype required; a null
     * dateend/datestart clears it: "No end date if value is null"; reply true), DELETE (true).
     */
    private function voucher(Request $req, int $id): Response
    {
        if (!isset($this->vouchers[$id])) {
            throw self::err(404, 'Voucher not found');
        }
        if ($req->method === 'DELETE') {
            unset($this->vouchers[$id]);
            return Response::json(true);
        }
        if ($req->method === 'PUT') {
            $b = $req->json();
            foreach (['vouchername', 'vouchertype'] as $f) {
                if (!is_array($b) || !isset($b[$f]) || $b[$f] === '') {
                    throw self::err(400, "$f is required");
                }
            }
            foreach (['voucherid', 'datecreated', 'voucherstate'] as $ro) {
                unset($b[$ro]); // read-only (voucher-read.yaml only)
            }
            $this->vouchers[$id] = array_merge($this->vouchers[$id], $b);
            return Response::json(true);
        }
        return Response::json($this->vouchers[$id]);
    }

    // ---------------------------------------------------------------------------- warehouses

    private function warehouseItems(Request $req, int $w): Response
    {
        if (!isset($this->warehouses[$w])) {
            throw self::err(404, 'Warehouse not found');
        }
        if ($req->method === 'GET') {
            $all = $this->items[$w] ?? [];
            if (!empty($req->query['sku'])) {
                $skus = array_flip(explode(',', (string) $req->query['sku']));
                $all = array_filter($all, fn($i) => isset($skus[$i['sku']]));
            }
            if (isset($req->query['datelastmodifiedfrom'])) {
                $all = array_filter($all, fn($i) => $i['datelastmodified'] >= (int) $req->query['datelastmodifiedfrom']);
            }
            if (isset($req->query['datelastmodifiedto'])) {
                $all = array_filter($all, fn($i) => $i['datelastmodified'] <= (int) $req->query['datelastmodifiedto']);
            }
            return $this->envelope($req, $all);
        }
        if ($req->method === 'PUT') {
            $out = [];
            foreach ((array) $req->json() as $x) {
                $sku = (string) ($x['sku'] ?? '');
                $virtual = $this->warehouses[$w]['warehousetype'] === 20;
                if (!isset($this->items[$w][$sku]) && $virtual && isset($x['decimaltotal']) && self::skuValid($sku)) {
                    // A Virtual warehouse's totals are written here (warehouseitem-write.yaml: decimaltotal "Read Only
                    // if not warehousetype Virtual"); an item it did not hold yet is created [INFERRED].
                    $this->items[$w][$sku] = $this->item($w, $sku, 0, 0, time());
                }
                if (!$virtual && isset($x['decimaltotal'])) {
                    // "Read Only if not warehousetype Virtual" [SEEN]; refused per item rather than ignored [INFERRED].
                    $out[] = ['statuscode' => 400, 'return' => 0, 'errortext' => 'decimaltotal is read only unless the warehouse is Virtual'];
                    continue;
                }
                if (!isset($this->items[$w][$sku])) {
                    $out[] = ['statuscode' => 404, 'return' => 0, 'errortext' => 'no such sku in warehouse'];
                    continue;
                }
                foreach (['binlocation', 'decimalthreshold'] as $f) {
                    if (isset($x[$f])) {
                        $this->items[$w][$sku][$f] = $x[$f];
                    }
                }
                if ($virtual && isset($x['decimaltotal'])) {
                    if (!is_string($x['decimaltotal']) || !preg_match('~^-?\d+(\.\d{1,3})?$~', $x['decimaltotal'])) {
                        $out[] = ['statuscode' => 400, 'return' => 0, 'errortext' => 'decimaltotal must be a decimal string'];
                        continue;
                    }
                    $this->applyStock($w, $sku, (float) $x['decimaltotal'] - (float) $this->items[$w][$sku]['decimaltotal']);
                }
                $out[] = ['statuscode' => 200, 'return' => $this->items[$w][$sku]['warehouseitemid']];
            }
            return Response::json($out);
        }
        throw self::err(405, 'Method not allowed');
    }

    private function applyStock(int $w, string $sku, float $delta): void
    {
        $now = time();
        $cur = $this->items[$w][$sku] ?? $this->item($w, $sku, 0, 0, $now);
        $total = (float) $cur['decimaltotal'] + $delta;
        $res = (float) $cur['decimalreserved'];
        $cur['decimaltotal'] = sprintf('%.3f', $total);
        $cur['decimalavailable'] = sprintf('%.3f', $total - $res);
        $cur['datelastmodified'] = $now;
        $this->items[$w][$sku] = $cur;
    }

    private function warehouseTransactions(Request $req): Response
    {
        if ($req->method === 'GET') {
            $all = $this->transactions;
            if (isset($req->query['warehouseid'])) {
                $all = array_filter($all, fn($t) => $t['warehouseid'] === (int) $req->query['warehouseid']);
            }
            if (isset($req->query['externalid'])) {
                $all = array_filter($all, fn($t) => ($t['externalid'] ?? '') === $req->query['externalid']);
            }
            // getWarehouseTransactions: datecreatedfrom / datecreatedto (Unix seconds, inclusive)
            if (isset($req->query['datecreatedfrom'])) {
                $all = array_filter($all, fn($t) => $t['datecreated'] >= (int) $req->query['datecreatedfrom']);
            }
            if (isset($req->query['datecreatedto'])) {
                $all = array_filter($all, fn($t) => $t['datecreated'] <= (int) $req->query['datecreatedto']);
            }
            return $this->envelope($req, $all);
        }
        if ($req->method !== 'POST') {
            throw self::err(405, 'Method not allowed');
        }
        $b = $req->json();
        $list = is_array($b) && array_is_list($b) ? $b : [$b];
        $out = [];
        foreach ($list as $t) {
            $w = (int) ($t['warehouseid'] ?? 0);
            if (!isset($this->warehouses[$w])) {
                throw self::err(400, 'warehouseid is required and must exist');
            }
            if ($this->warehouses[$w]['warehousetype'] === 20) {
                throw self::err(400, 'Warehouse transactions are not allowed on a Virtual warehouse');
            }
            $items = $t['items'] ?? [];
            if (!is_array($items) || !$items) {
                throw self::err(400, 'items are required');
            }
            if (count($items) > 1000) {
                throw self::err(400, 'At most 1000 items per request');
            }
            foreach ($items as $it) {
                if (!isset($it['sku'], $it['decimalquantity']) || !is_string($it['decimalquantity']) || !preg_match('~^-?\d+(\.\d{1,3})?$~', $it['decimalquantity'])) {
                    throw self::err(400, 'each item needs sku and decimalquantity as a decimal string');
                }
            }
            foreach ($items as $it) {
                $this->applyStock($w, (string) $it['sku'], (float) $it['decimalquantity']);
            }
            $id = ++$this->seq;
            $this->transactions[$id] = ['warehousetransactionid' => $id, 'warehouseid' => $w, 'transactiontype' => (int) ($t['transactiontype'] ?? 10),
                'externalid' => $t['externalid'] ?? null, 'description' => $t['description'] ?? '', 'datecreated' => time(), 'items' => $items];
            $out[] = ['statuscode' => 200, 'return' => $id];
        }
        return Response::json(count($list) === 1 && !array_is_list((array) $b) ? $out[0]['return'] : $out);
    }

    private function batches(Request $req, int $w, ?int $bid): Response
    {
        if (!isset($this->warehouses[$w])) {
            throw self::err(404, 'Warehouse not found');
        }
        if ($bid === null) {
            if ($req->method === 'GET') {
                return $this->envelope($req, array_filter($this->batches, fn($b) => $b['warehouseid'] === $w));
            }
            $b = (array) $req->json();
            $id = ++$this->seq;
            $this->batches[$id] = ['warehousebatchid' => $id, 'warehouseid' => $w, 'transactiontype' => (int) ($b['transactiontype'] ?? 50),
                'warehousebatchstate' => 10, 'comment' => $b['comment'] ?? '', 'items' => []];
            return Response::json($id);
        }
        if (!isset($this->batches[$bid])) {
            throw self::err(404, 'Batch not found');
        }
        if ($req->method === 'PUT') {
            $b = (array) $req->json();
            if ((int) ($b['warehousebatchstate'] ?? 10) === 20 && $this->batches[$bid]['warehousebatchstate'] === 10) {
                foreach ($this->batches[$bid]['items'] as $sku => $qty) {
                    $cur = (float) ($this->items[$w][$sku]['decimaltotal'] ?? 0);
                    $this->applyStock($w, (string) $sku, (float) $qty - $cur);
                }
                $this->batches[$bid]['warehousebatchstate'] = 20;
            }
            return Response::json(true);
        }
        $out = $this->batches[$bid];
        unset($out['items']);
        return Response::json($out);
    }

    private function batchItems(Request $req, int $w, int $bid): Response
    {
        if (!isset($this->batches[$bid]) || $this->batches[$bid]['warehouseid'] !== $w) {
            throw self::err(404, 'Batch not found');
        }
        if ($req->method === 'GET') {
            return $this->envelope($req, array_map(fn($s, $q) => ['sku' => $s, 'decimalquantity' => sprintf('%.3f', $q)],
                array_keys($this->batches[$bid]['items']), $this->batches[$bid]['items']));
        }
        if ($this->batches[$bid]['warehousebatchstate'] !== 10) {
            throw self::err(400, 'The batch is already committed');
        }
        foreach ((array) $req->json() as $it) {
            $this->batches[$bid]['items'][(string) $it['sku']] = (float) $it['decimalquantity'];
        }
        return Response::json(true);
    }

    // -------------------------------------------------------------------------------- orders

    private function listOrders(Request $req, ?int $eshop): Response
    {
        $all = $this->orders;
        $q = $req->query;
        $all = array_filter($all, function ($o) use ($q, $eshop) {
            if ($eshop !== null && $o['eshopid'] !== $eshop) return false;
            if (isset($q['eshopid']) && $o['eshopid'] !== (int) $q['eshopid']) return false;
            if (isset($q['externalid']) && ($o['externalid'] ?? null) !== $q['externalid']) return false;
            if (isset($q['orderidfrom']) && $o['orderid'] < (int) $q['orderidfrom']) return false;
            if (isset($q['orderidto']) && $o['orderid'] > (int) $q['orderidto']) return false;
            if (isset($q['orderdatefrom']) && $o['orderdate'] < (int) $q['orderdatefrom']) return false;
            if (isset($q['orderdateto']) && $o['orderdate'] > (int) $q['orderdateto']) return false;
            if (isset($q['orderstate']) && $o['orderstateid'] !== (int) $q['orderstate']) return false;
            return true;
        });
        if (($q['sort'] ?? '') === '-orderid') {
            krsort($all);
        } else {
            ksort($all);
        }
        return $this->envelope($req, $all);
    }

    private function createOrder(Request $req): Response
    {
        $b = $req->json();
        if (!is_array($b) || !isset($b['ordertypeid'])) {
            throw self::err(400, 'ordertypeid is required');
        }
        if (isset($b['externalid'])) {
            if (!preg_match('~^[A-Za-z0-9_-]{1,40}$~', (string) $b['externalid'])) {
                throw self::err(400, 'externalid must be 1-40 characters of [A-Za-z0-9_-]');
            }
            foreach ($this->orders as $o) {
                if (($o['externalid'] ?? null) === $b['externalid']) {
                    throw self::err(400, 'externalid already exists');
                }
            }
        }
        $items = $b['orderitems'] ?? [];
        foreach ($items as $i => $it) {
            if (!isset($it['quantity'])) {
                throw self::err(400, "orderitems[$i].quantity is required");
            }
            foreach (['moneyrowprice', 'moneyrowdiscount', 'moneynetpriceperunit', 'moneypriceperunit'] as $mf) {
                if (isset($it[$mf]) && !preg_match('~^-?\d+\.\d{2}$~', (string) $it[$mf])) {
                    throw self::err(400, "orderitems[$i].$mf must be a money string");
                }
            }
        }
        $id = ++$this->seq;
        $n = 0;
        foreach ($items as &$it) {
            $it['orderitemid'] = $id * 100 + (++$n);
        }
        unset($it);
        $this->orders[$id] = ['orderid' => $id, 'eshopid' => 1] + $b + ['orderstateid' => 0, 'paymentstateid' => 0, 'orderdate' => time()];
        $this->orders[$id]['orderitems'] = $items;
        return Response::json($id);
    }

    private function order(Request $req, int $id): Response
    {
        if (!isset($this->orders[$id])) {
            throw self::err(404, 'Order not found');
        }
        if ($req->method === 'PUT') {
            $b = (array) $req->json();
            // orderstateid: 0 Open, 10 Closed, 20 Cancelled, -1 Abandoned [SEEN]; a closed order is a finished sale
            // and is not reopened or cancelled here [INFERRED].
            if (isset($b['orderstateid'])) {
                if (!in_array($b['orderstateid'], [0, 10, 20, -1], true)) {
                    throw self::err(400, 'orderstateid must be 0, 10, 20 or -1');
                }
                if ($this->orders[$id]['orderstateid'] === 10 && $b['orderstateid'] !== 10) {
                    throw self::err(400, 'A closed order cannot change its state');
                }
            }
            $this->orders[$id] = $b + $this->orders[$id];
            return Response::json(true);
        }
        if ($req->method === 'DELETE') {
            throw self::err(400, 'Orders cannot be deleted: set orderstateid 20 (Cancelled)');
        }
        return Response::json($this->orders[$id]);
    }

    private function orderDeliveries(Request $req, int $id): Response
    {
        if (!isset($this->orders[$id])) {
            throw self::err(404, 'Order not found');
        }
        if ($req->method === 'GET') {
            return $this->envelope($req, array_filter($this->deliveries, fn($d) => $d['orderid'] === $id));
        }
        $b = (array) $req->json();
        $w = (int) ($b['warehouseid'] ?? 0);
        if (!isset($this->warehouses[$w])) {
            throw self::err(400, 'warehouseid is required');
        }
        $lines = [];
        foreach ($this->orders[$id]['orderitems'] as $it) {
            $lines[$it['orderitemid']] = $it;
        }
        foreach ($b['orderdeliveryitems'] ?? [] as $di) {
            $it = $lines[(int) ($di['orderitemid'] ?? 0)] ?? null;
            if (!$it) {
                throw self::err(400, 'unknown orderitemid ' . ($di['orderitemid'] ?? '?'));
            }
            if (!empty($it['sku']) && empty($req->query['ignorestock'])) {
                $this->applyStock($w, (string) $it['sku'], -(float) $di['quantity']);
            }
        }
        $did = ++$this->seq;
        $this->deliveries[$did] = ['orderdeliveryid' => $did, 'orderid' => $id, 'warehouseid' => $w,
            'orderdeliveryref' => $b['orderdeliveryref'] ?? '', 'orderdeliveryitems' => $b['orderdeliveryitems'] ?? [], 'datecreated' => time()];
        return Response::json($did);
    }
}
