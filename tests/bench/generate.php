<?php
/**
 * Deterministic test data for the matcher: a back-office catalogue as Sitoo-style reply pages
 * ({"totalcount", "items"}) and the shop's products, with a share of changes and every edge case.
 */

declare(strict_types=1);

namespace ErpSyncBench;

final class Generate
{
    private int $x;

    public function __construct(int $seed)
    {
        $this->x = $seed * 2654435761 % 4294967291 ?: 7;
    }

    private function r(int $n): int
    {
        $this->x = ($this->x * 48271) % 2147483647;
        return $this->x % $n;
    }

    public static function gtin13(int $n): string
    {
        $b = '20' . str_pad((string) ($n % 10000000000), 10, '0', STR_PAD_LEFT);
        $sum = 0;
        for ($i = 0; $i < 12; $i++) {
            $sum += (ord($b[$i]) - 48) * ($i % 2 === 0 ? 1 : 3);
        }
        return $b . ((10 - $sum % 10) % 10);
    }

    /**
     * @return array{0: list<string>, 1: list<list<array>>} reply pages, local chunks
     * $edge: add empty SKUs, duplicates on both sides, invalid EANs, GTIN-12 vs 13, variations, unicode SKUs
     */
    public function catalogue(int $n, float $changeShare = 0.05, int $pageSize = 5000, int $chunk = 10000, bool $edge = false,
        ?callable $onPage = null, ?callable $onChunk = null): array
    {
        $pages = [];
        $items = [];
        $local = [];
        $chunks = [];
        for ($i = 1; $i <= $n; $i++) {
            $sku = sprintf('SKU-%07d', $i);
            $ean = self::gtin13($i);
            $stock = $this->r(200);
            $price = sprintf('%d.%02d', 1 + $this->r(500), $this->r(100));
            $name = "Product $i";
            $rid = (string) (100000 + $i);
            if ($edge) {
                switch ($i % 37) {
                    case 1: $sku = ''; break;                                  // empty SKU: EAN fallback
                    case 2: $ean = substr($ean, 0, 12) . (($ean[12] + 1) % 10); break; // wrong check digit
                    case 3: $sku = "ŠKU-$i/á"; break;                          // unicode SKU
                    case 4: $sku = sprintf('SKU-%07d', $i - 2); break;          // duplicate SKU at the back-office
                    case 5: $ean = substr(self::gtin13($i), 1); break;          // 12 digits (invalid as GTIN-12)
                    case 6: $sku = " sku-$i "; break;                           // spaces and case
                    case 7: $ean = 'ABC'; break;
                }
            }
            $imgs = ["img-$i.jpg"];
            $cats = [(string) (1 + $i % 7)];
            $items[] = ['productid' => (int) $rid, 'sku' => $sku, 'barcode' => $ean, 'title' => $name, 'images' => $imgs, 'categories' => $cats,
                'moneyprice' => $price, 'decimaltotal' => sprintf('%d.000', $stock), 'decimalreserved' => sprintf('%d.000', $this->r(3))];
            $change = $this->r(10000) < $changeShare * 10000;
            $lp = [
                'id' => $i, 'parent_id' => $edge && $i % 11 === 0 ? $i - 1 : 0,
                'remote_id' => $edge && $i % 5 === 0 ? $rid : '',
                'sku' => $sku, 'ean' => $ean,
                'stock' => (string) ($change && $this->r(2) ? $stock + 1 : $stock),
                'open_orders' => (string) ($edge ? $this->r(2) : 0),
                'regular_price' => $change ? sprintf('%d.%02d', 1 + $this->r(500), $this->r(100)) : self::gross($price),
                'name' => $change && $this->r(3) === 0 ? "Old name $i" : $name,
                'image_hashes' => $edge && $i % 13 === 0 ? [] : $imgs,
                'categories' => $edge && $i % 17 === 0 ? ['9', (string) (1 + $i % 7)] : $cats,
                'last_hash' => '',
            ];
            if ($edge) {
                switch ($i % 41) {
                    case 1: $lp['sku'] = sprintf('SKU-%07d', $i + 1); break; // duplicate SKU in the shop
                    case 2: $lp['sku'] = strtoupper(trim($sku)); break;
                    case 3: $lp['ean'] = '0' . $ean; break;                    // GTIN-14 of the same product
                    case 4: $lp['sku'] = ''; $lp['ean'] = ''; break;            // nothing to match on
                }
            }
            $local[] = $lp;
            if (count($items) === $pageSize || ($i === $n && $items)) {
                $page = json_encode(['totalcount' => $n, 'items' => $items], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
                $onPage ? $onPage($page) : $pages[] = $page;
                $items = [];
            }
            if (count($local) === $chunk || ($i === $n && $local)) {
                $onChunk ? $onChunk($local) : $chunks[] = $local;
                $local = [];
            }
        }
        return [$pages, $chunks];
    }

    /** Columns of pack(), in order (what Matcher::addLocalPacked() is told). */
    public const PACKED = ['id', 'parent_id', 'remote_id', 'sku', 'ean', 'stock', 'open_orders', 'regular_price', 'name',
        'image_hashes', 'categories', 'last_hash'];

    /**
     * Local products as Matcher::addLocalPacked() reads them (what the shop's SQL read gives: per field
     * "<byte length>:<bytes>", "-" for null; lists joined by ',').
     */
    public static function pack(array $products): string
    {
        $out = '';
        foreach ($products as $p) {
            foreach (self::PACKED as $c) {
                $v = $p[$c] ?? null;
                if (is_array($v)) {
                    $v = implode(',', $v);
                }
                $out .= $v === null ? '-' : strlen((string) $v) . ':' . $v;
            }
        }
        return $out;
    }

    /** The shop's gross price for a net back-office price at 25 % (Sitoo's default group). */
    public static function gross(string $net): string
    {
        [$a, $b] = explode('.', $net);
        $cents = ((int) $a * 100 + (int) $b) * 125;
        $cents = intdiv($cents + 50, 100);
        return sprintf('%d.%02d', intdiv($cents, 100), $cents % 100);
    }

    public const OPTIONS = [
        'remote' => ['items' => 'items', 'id' => 'productid', 'sku' => 'sku', 'ean' => 'barcode', 'stock' => 'decimaltotal',
            'reserved' => 'decimalreserved', 'price' => 'moneyprice', 'name' => 'title'],
        'keys' => ['link', 'sku', 'ean'],
        'own' => ['stock' => 'remote', 'price' => 'remote', 'name' => 'remote'],
        'prices_include_tax' => true, 'remote_prices_include_tax' => false, 'vat_rate' => '25', 'price_tolerance' => '0.01',
    ];
}
