<?php
/**
 * The bulk matcher's logic in plain PHP, exactly as ext/matcher implements it, written the way a good PHP
 * developer would (json_decode, arrays keyed by normalised key, hash('fnv1a64')). The .phpt tests assert
 * both give identical results; tests/bench/run compares their speed and memory.
 */

declare(strict_types=1);

namespace ErpSyncBench;

final class PhpMatcher
{
    private const KEYS = ['link', 'sku', 'ean'];
    private const NONE = PHP_INT_MIN;
    private const WS = " \t\n\r\v\f";

    private array $o;
    /** @var list<array{0:string,1:string,2:int,3:int,4:int,5:string,6:array<int,?string>}> id, name, stock, reserved, price, hash, keys */
    private array $remote = [];
    private array $local = [];
    /** @var array<int,array<string,array{0:int,1:int}>> key kind -> key -> [first index, count] */
    private array $rt = [[], [], []];
    private array $lt = [[], [], []];
    private array $invalid = [];
    private ?array $res = null;

    public function __construct(array $o)
    {
        $r = $o['remote'] ?? [];
        $this->o = [
            'items' => $r['items'] ?? '', 'id' => $r['id'] ?? 'id', 'sku' => $r['sku'] ?? 'sku', 'ean' => $r['ean'] ?? 'ean',
            'stock' => $r['stock'] ?? 'stock', 'reserved' => $r['reserved'] ?? '', 'price' => $r['price'] ?? 'price',
            'texts' => [$r['name'] ?? 'name', $r['images'] ?? '', $r['categories'] ?? ''],
            'ean_list' => $r['ean_list'] ?? null,
            'chain' => array_map(fn($k) => array_search($k, self::KEYS, true), $o['keys'] ?? self::KEYS),
            'case_fold' => $o['case_fold'] ?? false, 'sitoo' => ($o['sku_rule'] ?? 'none') === 'sitoo', 'fix' => $o['fix_sku'] ?? false,
            'own_stock' => ($o['own']['stock'] ?? 'remote') === 'remote', 'own_price' => ($o['own']['price'] ?? 'remote') === 'remote',
            'own_text' => [($o['own']['name'] ?? 'local') === 'remote', ($o['own']['images'] ?? 'local') === 'remote',
                ($o['own']['categories'] ?? 'local') === 'remote'], 'delta' => ($o['stock_mode'] ?? 'absolute') === 'delta',
            'remote_gross' => $o['remote_prices_include_tax'] ?? false, 'shop_gross' => $o['prices_include_tax'] ?? true,
            'vat' => self::scaled((string) ($o['vat_rate'] ?? '0'), 2), 'tol' => self::scaled((string) ($o['price_tolerance'] ?? '0.005'), 4),
        ];
    }

    /** Decimal text scaled by 10^places, rounding on the first dropped digit; NONE when not a number. */
    public static function scaled(?string $s, int $places): int
    {
        if ($s === null) {
            return self::NONE;
        }
        $s = trim($s, self::WS);
        $v = 0;
        $frac = -1;
        $any = false;
        $neg = false;
        $len = strlen($s);
        $i = 0;
        if ($len && ($s[0] === '-' || $s[0] === '+')) {
            $neg = $s[0] === '-';
            $i = 1;
        }
        for (; $i < $len; $i++) {
            $c = $s[$i];
            if ($c === '.' && $frac < 0) {
                $frac = 0;
                continue;
            }
            if ($c < '0' || $c > '9') {
                return self::NONE;
            }
            $any = true;
            if ($frac >= 0) {
                if ($frac === $places) {
                    if ($c >= '5') {
                        $v++;
                    }
                    $frac++;
                    continue;
                }
                if ($frac > $places) {
                    continue;
                }
                $frac++;
            }
            if ($v > intdiv(PHP_INT_MAX - 9, 10)) {
                return self::NONE;
            }
            $v = $v * 10 + ord($c) - 48;
        }
        if (!$any) {
            return self::NONE;
        }
        $frac = max(0, min($frac, $places));
        for (; $frac < $places; $frac++) {
            $v *= 10;
        }
        return $neg ? -$v : $v;
    }

    public static function gtin(string $s, ?string &$reason): ?string
    {
        $s = trim($s, self::WS);
        if ($s === '') {
            return '';
        }
        if (!preg_match('~^[0-9]+$~', $s)) {
            $reason = 'not digits';
            return null;
        }
        $len = strlen($s);
        if (!in_array($len, [8, 12, 13, 14], true)) {
            $reason = 'not 8, 12, 13 or 14 digits';
            return null;
        }
        $g = str_pad($s, 14, '0', STR_PAD_LEFT);
        $sum = 0;
        for ($i = 0; $i < 13; $i++) {
            $sum += (ord($g[$i]) - 48) * ($i % 2 === 0 ? 3 : 1);
        }
        if ((10 - $sum % 10) % 10 !== ord($g[13]) - 48) {
            $reason = 'wrong check digit';
            return null;
        }
        if ($g === '00000000000000') {
            $reason = 'all zeros';
            return null;
        }
        return $g;
    }

    public function sku(string $s, ?string &$reason): ?string
    {
        $s = trim($s, self::WS);
        if ($s === '') {
            return '';
        }
        if (strlen($s) >= 512) {
            $reason = 'too long';
            return null;
        }
        if ($this->o['sitoo'] && preg_match('~[^A-Za-z0-9_+./-]~', $s)) {
            if (!$this->o['fix']) {
                $reason = 'character not allowed by the Sitoo SKU rule';
                return null;
            }
            // every character outside the rule (a multi-byte one included) becomes one '-'
            $s = (string) preg_replace('~[^A-Za-z0-9_+./\x80-\xff-]|[\xc0-\xff][\x80-\xbf]*|[\x80-\xbf]+~', '-', $s);
        }
        return $this->o['case_fold'] ? strtolower($s) : $s;
    }

    private function key(int $which, ?string $v, string $side, int $localId, int $remote): ?string
    {
        if ($v === null || $v === '') {
            return null;
        }
        $reason = null;
        $k = match ($which) {
            0 => strlen(trim($v, self::WS)) < 512 ? trim($v, self::WS) : '',
            1 => $this->sku($v, $reason),
            2 => self::gtin($v, $reason),
        };
        if ($k === null) {
            $this->invalid[] = [$side, self::KEYS[$which], $v, $reason, $side === 'remote' ? $this->remote[$remote][0] ?? null : $localId];
            return null;
        }
        return $k === '' ? null : $k;
    }

    /** A text field: a scalar as it is, a list of scalars joined by ','. */
    private static function listText(mixed $v): ?string
    {
        if (is_array($v)) {
            $parts = [];
            foreach ($v as $e) {
                if (is_string($e) || is_int($e) || is_float($e)) {
                    $parts[] = (string) $e;
                }
            }
            return implode(',', $parts);
        }
        return self::text($v);
    }

    private static function text(mixed $v): ?string
    {
        if ($v === null || is_array($v) || is_bool($v)) {
            return null;
        }
        return (string) $v;
    }

    public function addRemoteJson(string $body): int
    {
        $d = json_decode($body, true, 512, JSON_BIGINT_AS_STRING | JSON_THROW_ON_ERROR);
        if ($this->o['items'] !== '') {
            $items = $d[$this->o['items']] ?? null;
        } elseif (is_array($d) && array_is_list($d)) {
            $items = $d;
        } else {
            $items = null;
            foreach (['items', 'data', 'value', 'result', 'results'] as $k) {
                if (isset($d[$k]) && is_array($d[$k])) {
                    $items = $d[$k];
                    break;
                }
            }
        }
        if (!is_array($items)) {
            throw new \RuntimeException('no list of items');
        }
        $o = $this->o;
        foreach ($items as $it) {
            $ean = $it[$o['ean']] ?? null;
            if ($o['ean_list'] && isset($it[$o['ean_list']['field']]) && is_array($it[$o['ean_list']['field']])) {
                foreach ($it[$o['ean_list']['field']] as $e) {
                    if (is_array($e) && ($e[$o['ean_list']['name'] ?? 'naziv'] ?? null) === ($o['ean_list']['match'] ?? 'EAN')) {
                        $ean = $e[$o['ean_list']['value'] ?? 'vrednost'] ?? null;
                    }
                }
            }
            $this->addRemoteItem(self::text($it[$o['id']] ?? null), self::text($it[$o['sku']] ?? null), self::text($ean),
                self::text($it[$o['stock']] ?? null), $o['reserved'] !== '' ? self::text($it[$o['reserved']] ?? null) : null,
                self::text($it[$o['price']] ?? null), array_map(fn($f) => $f === '' ? null : self::listText($it[$f] ?? null), $o['texts']));
        }
        return count($items);
    }

    public function addRemote(array $items): int
    {
        foreach ($items as $it) {
            $this->addRemoteItem(self::text($it['id'] ?? null), self::text($it['sku'] ?? null), self::text($it['ean'] ?? null),
                self::text($it['stock'] ?? null), self::text($it['reserved'] ?? null), self::text($it['price'] ?? null),
                [self::listText($it['name'] ?? null), self::listText($it['images'] ?? null), self::listText($it['categories'] ?? null)]);
        }
        return count($items);
    }

    private function addRemoteItem(?string $id, ?string $sku, ?string $ean, ?string $stock, ?string $res, ?string $price, array $texts): void
    {
        $idx = count($this->remote);
        $r = [$id ?? '', array_map(fn($t) => $t ?? '', $texts), self::scaled($stock, 3), self::scaled($res, 3), self::scaled($price, 4), '', [null, null, null]];
        $this->remote[$idx] = $r;
        $keys = [$this->key(0, $id, 'remote', 0, $idx), $this->key(1, $sku, 'remote', 0, $idx), $this->key(2, $ean, 'remote', 0, $idx)];
        $h = '';
        if ($this->o['own_stock']) {
            $h .= pack('q', $r[2]) . pack('q', $r[3]);
        }
        if ($this->o['own_price']) {
            $h .= pack('q', $r[4]);
        }
        foreach ($this->o['own_text'] as $t => $own) {
            if ($own) {
                $h .= $r[1][$t];
            }
        }
        $this->remote[$idx][5] = hash('fnv1a64', $h);
        $this->remote[$idx][6] = $keys;
        foreach ($keys as $k => $v) {
            if ($v !== null) {
                if (isset($this->rt[$k][$v])) {
                    $this->rt[$k][$v][1]++;
                } else {
                    $this->rt[$k][$v] = [$idx, 1];
                }
            }
        }
    }

    public function addLocal(array $products): int
    {
        foreach ($products as $p) {
            $id = $p['id'];
            $stock = isset($p['stock']) ? (string) $p['stock'] : null;
            $price = isset($p['regular_price']) && $p['regular_price'] !== '' ? (string) $p['regular_price'] : null;
            $l = [$id, self::scaled($stock, 3), isset($p['open_orders']) ? self::scaled((string) $p['open_orders'], 3) : 0,
                $price === null ? self::NONE : self::scaled($price, 4),
                [self::listText($p['name'] ?? '') ?? '', self::listText($p['image_hashes'] ?? '') ?? '', self::listText($p['categories'] ?? '') ?? ''],
                isset($p['last_hash']) && strlen((string) $p['last_hash']) === 16 ? strtolower((string) $p['last_hash']) : null, null];
            $keys = [$this->key(0, isset($p['remote_id']) ? (string) $p['remote_id'] : null, 'local', $id, 0),
                $this->key(1, isset($p['sku']) ? (string) $p['sku'] : null, 'local', $id, 0),
                $this->key(2, isset($p['ean']) ? (string) $p['ean'] : null, 'local', $id, 0)];
            $l[6] = $keys;
            $idx = count($this->local);
            $this->local[$idx] = $l;
            foreach ($keys as $k => $v) {
                if ($v !== null) {
                    if (isset($this->lt[$k][$v])) {
                        $this->lt[$k][$v][1]++;
                    } else {
                        $this->lt[$k][$v] = [$idx, 1];
                    }
                }
            }
        }
        return count($products);
    }

    private static function roundTo(int $v, int $unit): int
    {
        $r = $v % $unit;
        if ($r < 0) {
            $r += $unit;
        }
        return $r * 2 >= $unit ? $v - $r + $unit : $v - $r;
    }

    public static function fmt(int $v, int $places): string
    {
        $unit = 10 ** $places;
        $a = abs($v);
        $s = ($v < 0 ? '-' : '') . intdiv($a, $unit);
        if ($places === 4) {
            return $s . '.' . substr(str_pad((string) ($a % $unit), 4, '0', STR_PAD_LEFT), 0, 2);
        }
        if ($a % $unit) {
            $s .= '.' . rtrim(str_pad((string) ($a % $unit), $places, '0', STR_PAD_LEFT), '0');
        }
        return $s;
    }

    public function run(): array
    {
        if ($this->res === null) {
            $o = $this->o;
            $pairs = $changes = $unmatchedLocal = $unmatchedRemote = $dups = [];
            $skipped = 0;
            $matched = [];
            foreach ([0 => $this->lt, 1 => $this->rt] as $side => $tables) {
                foreach ($tables as $k => $t) {
                    foreach ($t as $v => [$first, $count]) {
                        if ($count > 1) {
                            $dups[] = [$side ? 'remote' : 'local', self::KEYS[$k], (string) $v, $count];
                        }
                    }
                }
            }
            usort($dups, fn($a, $b) => [$a[0] === 'remote', array_search($a[1], self::KEYS, true)] <=> [$b[0] === 'remote', array_search($b[1], self::KEYS, true)]
                ?: strcmp($a[2], $b[2]));
            foreach ($this->local as $l) {
                $done = false;
                foreach ($o['chain'] as $k) {
                    $v = $l[6][$k];
                    if ($v === null || $this->lt[$k][$v][1] > 1 || !isset($this->rt[$k][$v]) || $this->rt[$k][$v][1] > 1) {
                        continue;
                    }
                    $ri = $this->rt[$k][$v][0];
                    if (isset($matched[$ri])) {
                        continue;
                    }
                    $matched[$ri] = true;
                    $r = $this->remote[$ri];
                    $pairs[] = [$l[0], $r[0], self::KEYS[$k], $r[5], ''];
                    $this->diff($l, $r, $changes, $skipped);
                    $done = true;
                    break;
                }
                if (!$done) {
                    $unmatchedLocal[] = $l[0];
                }
            }
            foreach ($this->remote as $i => $r) {
                if (!isset($matched[$i])) {
                    $unmatchedRemote[] = $r[0];
                }
            }
            $this->res = compact('pairs', 'changes', 'unmatchedLocal', 'unmatchedRemote', 'dups', 'skipped');
        }
        $x = $this->res;
        return ['remote' => count($this->remote), 'local' => count($this->local), 'matched' => count($x['pairs']), 'changes' => count($x['changes']),
            'unchanged_skipped' => $x['skipped'], 'unmatched_local' => count($x['unmatchedLocal']), 'unmatched_remote' => count($x['unmatchedRemote']),
            'duplicates' => count($x['dups']), 'invalid' => count($this->invalid)];
    }

    private function diff(array $l, array $r, array &$changes, int &$skipped): void
    {
        $o = $this->o;
        if ($l[5] !== null && $l[5] === $r[5]) {
            $skipped++;
            return;
        }
        if ($o['own_stock'] && $r[2] !== self::NONE) {
            $target = $r[2];
            if ($o['delta']) {
                if ($r[3] !== self::NONE) {
                    $target -= $r[3];
                }
                $target -= $l[2];
            }
            $target = max(0, $target);
            if ($l[1] === self::NONE || $target !== $l[1]) {
                $changes[] = [$l[0], $r[0], 'stock', self::fmt($target, 3), $r[5], $l[1] === self::NONE ? '' : self::fmt($l[1], 3)];
            }
        }
        if ($o['own_price'] && $r[4] !== self::NONE) {
            $p = $r[4];
            if (!$o['remote_gross'] && $o['shop_gross']) {
                $p = intdiv(self::roundTo($p * (10000 + $o['vat']), 10000), 10000);
            } elseif ($o['remote_gross'] && !$o['shop_gross']) {
                $den = 10000 + $o['vat'];
                $p = intdiv($p * 10000 + intdiv($den, 2), $den);
            }
            $p = self::roundTo($p, 100);
            if ($l[3] === self::NONE || abs($p - $l[3]) > $o['tol']) {
                $changes[] = [$l[0], $r[0], 'price', self::fmt($p, 4), $r[5], $l[3] === self::NONE ? '' : self::fmt($l[3], 4)];
            }
        }
        foreach (['name', 'images', 'categories'] as $t => $field) {
            if ($o['own_text'][$t] && !($t === 0 && $r[1][$t] === '') && $r[1][$t] !== $l[4][$t]) {
                $changes[] = [$l[0], $r[0], $field, $r[1][$t], $r[5], $l[4][$t]];
            }
        }
    }

    private function chunk(string $what, int $offset, int $limit): array
    {
        $this->run();
        return array_slice($what === 'invalid' ? $this->invalid : $this->res[$what], $offset, $limit);
    }

    public function matched(int $offset = 0, int $limit = 1000): array { return $this->chunk('pairs', $offset, $limit); }
    public function changes(int $offset = 0, int $limit = 1000): array { return $this->chunk('changes', $offset, $limit); }
    public function unmatchedLocal(int $offset = 0, int $limit = 1000): array { return $this->chunk('unmatchedLocal', $offset, $limit); }
    public function unmatchedRemote(int $offset = 0, int $limit = 1000): array { return $this->chunk('unmatchedRemote', $offset, $limit); }
    public function duplicates(int $offset = 0, int $limit = 1000): array { return $this->chunk('dups', $offset, $limit); }
    public function invalid(int $offset = 0, int $limit = 1000): array { return $this->chunk('invalid', $offset, $limit); }
}
