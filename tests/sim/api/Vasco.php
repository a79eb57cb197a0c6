<?php
/**
 * VASCO REST API emulation, under /vasco (clients get base URL http://127.0.0.1:PORT/vasco).
 *
 * Facts of erp-apis.md §2 it relies on:
 * - [CODE] POST api/v1/Avtentikacija {username, password, taxNumber, year?, returnPastYears?} -> {apiKey}, a JWT
 *   whose `exp` the clients read; 30-minute lifetime [INFERRED from both clients' 29-minute cache].
 * - [CODE] Authorization: Bearer <apiKey> on every other call (401 otherwise).
 * - [CODE] GET SkupniSifranti/partner?Sifra=a,b (the only filter: no VAT/email filter is emulated); POST creates
 *   with tipStevilcenja 0 (given sifra) / 1 (next free code); 201 on create.
 * - [CODE] GET SkupniSifranti/drzava.
 * - [CODE] GET FASifranti/artikel?Sifra= or Segment (1-based) + SegmentSize; POST 201; PUT [INFERRED: dashboard only].
 * - [CODE] GET FASifranti/zaloga?Sifra=&Skladisce= rows {sifra, zaloga, narKupKolicina, rezervirano, skladisce}.
 * - [CODE] GET FA/narociloKupca?StevilkaLeto=n.yyyy, DatumOd/DatumDo, BlockSize + BlockIndex (0-based),
 *   VrniPostavke, DodatnaPolja; POST 201. Duplicate stevilka+leto with tipStevilcenja 0 rejected [INFERRED].
 * - [CODE] GET FA/narociloKupca/stanje/{stevilka}/{leto} rows with dobava[]; FA/odpritaNarocilaKupca;
 *   FA/terjatvePoZamudi?NaDan=; POST FA/dobavnica -> {stevilka, leto}. The document types in dobava[] (`dokument`:
 *   DOB for a delivery note; an invoice's type is not in any source [INFERRED]) are seeded per test (`documents`).
 * - [CODE] dodatnaPolja as [{naziv, vrednost}]; PROSTO_* names (PROSTO_C9 supplier stock, EAN).
 * - [INFERRED] errors as ASP.NET ProblemDetails {title, status, detail}; lists as bare JSON arrays.
 */

declare(strict_types=1);

namespace ErpSyncSim\Api;

use ErpSyncSim\Api;
use ErpSyncSim\HttpError;
use ErpSyncSim\PagingHelpers;
use ErpSyncSim\Request;
use ErpSyncSim\Response;

final class Vasco implements Api
{
    use PagingHelpers;

    public const USERNAME = 'vasco';
    public const PASSWORD = 'vasco-pass';
    public const TAX_NUMBER = '12345678';

    private array $partners = [];
    private array $articles = [];
    /** @var array<string,array<string,array>> sifra -> warehouse -> row */
    private array $stock = [];
    private array $orders = [];
    private array $deliveryNotes = [];
    private array $receivables = [];
    private array $tokens = [];
    private int $logins = 0;
    private int $tokenLifetime = 1800;

    public function __construct()
    {
        $this->reset();
    }

    public function reset(): void
    {
        $this->partners = [];
        $this->articles = [];
        $this->stock = [];
        $this->orders = [];
        $this->deliveryNotes = [];
        $this->tokens = [];
        $this->logins = 0;
        $this->tokenLifetime = 1800;
        $this->receivables = [];
        $this->partners[1] = ['sifra' => 1, 'naziv' => 'Kupec splošni', 'naziv2' => '', 'davcna' => '', 'email' => '', 'dodatnaPolja' => []];
    }

    public function config(array $opts): void
    {
        if (isset($opts['token_lifetime'])) {
            $this->tokenLifetime = (int) $opts['token_lifetime'];
        }
    }

    public function state(): array
    {
        return ['partners' => array_values($this->partners), 'articles_count' => count($this->articles),
            'orders' => array_values($this->orders), 'delivery_notes' => $this->deliveryNotes, 'logins' => $this->logins,
            'stock_rows' => array_sum(array_map('count', $this->stock))];
    }

    public function seed(array $o): array
    {
        $this->srand((int) ($o['seed'] ?? 1));
        $n = (int) ($o['products'] ?? 0);
        $start = count($this->articles);
        for ($i = 1; $i <= $n; $i++) {
            $k = $start + $i;
            $sifra = $o['code'] ?? 'sku';
            $code = $sifra === 'ean' ? self::ean13($k) : sprintf('ART-%06d', $k);
            $this->articles[$code] = ['sifra' => $code, 'naziv' => "Artikel $k", 'naziv2' => '', 'enota' => 'KOS',
                'dobavitelj' => 0, 'nabavnaCena' => $this->rand(100, 9999) / 100, 'prodajnaCena' => $this->rand(100, 19999) / 100,
                'stopnjaDDV' => 0, 'dodatnaPolja' => [
                    ['naziv' => 'EAN', 'vrednost' => self::ean13($k)],
                    ['naziv' => 'PROSTO_C9', 'vrednost' => (string) $this->rand(0, 20)],
                ]];
            foreach ([1, 2] as $wh) {
                $this->stock[$code][(string) $wh] = ['sifra' => $code, 'zaloga' => $this->rand(0, 50), 'narKupKolicina' => 0,
                    'rezervirano' => $this->rand(0, 2), 'skladisce' => $wh];
            }
        }
        $p = (int) ($o['partners'] ?? 0);
        for ($i = 0; $i < $p; $i++) {
            $code = $this->nextPartnerCode();
            $this->partners[$code] = ['sifra' => $code, 'naziv' => "Partner $code", 'naziv2' => '',
                'davcna' => sprintf('%08d', 10000000 + $code), 'email' => "partner$code@example.si", 'dodatnaPolja' => []];
        }
        $orders = (int) ($o['orders'] ?? 0);
        for ($i = 1; $i <= $orders; $i++) {
            $st = 90000 + $i;
            $this->orders["$st.2026"] = ['stevilka' => $st, 'leto' => 2026, 'datum' => '2026-01-01T00:00:00', 'partner' => 1,
                'postavke' => [['sifra' => 'ART-000001', 'kolicina' => '1']], 'dodatnaPolja' => []];
        }
        // Fulfilment documents of an order (its state's dobava[]: dokument, stevilka, leto, datum), e.g. the invoice
        // the back-office issued for it: [['order' => '1284.2026', 'dokument' => 'RAC', 'stevilka' => 12, ...]].
        foreach ((array) ($o['documents'] ?? []) as $d) {
            $this->deliveryNotes[] = ['stevilka' => (int) ($d['stevilka'] ?? count($this->deliveryNotes) + 1), 'leto' => (int) ($d['leto'] ?? 2026),
                'dokument' => (string) ($d['dokument'] ?? 'DOB'), 'datum' => (string) ($d['datum'] ?? '2026-01-01'), 'narocilo' => (string) $d['order']];
        }
        return ['articles' => count($this->articles), 'partners' => count($this->partners), 'orders' => count($this->orders)];
    }

    private function nextPartnerCode(): int
    {
        return $this->partners ? max(array_keys($this->partners)) + 1 : 1;
    }

    private static function problem(int $status, string $title, string $detail): HttpError
    {
        return new HttpError($status, ['type' => 'about:blank', 'title' => $title, 'status' => $status, 'detail' => $detail]);
    }

    private static function b64url(string $s): string
    {
        return rtrim(strtr(base64_encode($s), '+/', '-_'), '=');
    }

    public function handle(Request $req): Response
    {
        $p = $req->sub;
        if (!str_starts_with($p, '/api/v1/')) {
            throw self::problem(404, 'Not Found', "no such path $p");
        }
        $p = substr($p, strlen('/api/v1/'));
        if ($p === 'Avtentikacija') {
            return $this->login($req);
        }
        $this->authorize($req);
        $m = $req->method;
        if ($p === 'SkupniSifranti/partner') {
            return $m === 'POST' ? $this->createPartner($req) : $this->listPartners($req);
        }
        if ($p === 'SkupniSifranti/drzava' && $m === 'GET') {
            return Response::json([['sifra' => 705, 'oznaka' => 'SI', 'naziv' => 'Slovenija'], ['sifra' => 191, 'oznaka' => 'HR', 'naziv' => 'Hrvaška'],
                ['sifra' => 40, 'oznaka' => 'AT', 'naziv' => 'Avstrija']]);
        }
        if ($p === 'FASifranti/artikel') {
            return match ($m) {
                'GET' => $this->listArticles($req),
                'POST' => $this->saveArticle($req, false),
                'PUT' => $this->saveArticle($req, true),
                default => throw self::problem(405, 'Method Not Allowed', $m),
            };
        }
        if ($p === 'FASifranti/zaloga' && $m === 'GET') {
            return $this->listStock($req);
        }
        if ($p === 'FA/narociloKupca') {
            return $m === 'POST' ? $this->createOrder($req) : $this->listOrders($req);
        }
        if (preg_match('~^FA/narociloKupca/stanje/(\d+)/(\d+)$~', $p, $mm) && $m === 'GET') {
            $o = $this->orders["{$mm[1]}.{$mm[2]}"] ?? null;
            if (!$o) {
                throw self::problem(404, 'Not Found', 'no such order');
            }
            return Response::json([['stevilka' => $o['stevilka'], 'leto' => $o['leto'], 'status' => 'odprto',
                'dobava' => array_values(array_filter($this->deliveryNotes, fn($d) => ($d['narocilo'] ?? '') === "{$mm[1]}.{$mm[2]}"))]]);
        }
        if ($p === 'FA/narociloKupca/postavke/polja' && $m === 'GET') {
            return Response::json([['naziv' => 'PROSTO_D1'], ['naziv' => 'PROSTO_C1']]);
        }
        if ($p === 'FA/odpritaNarocilaKupca' && $m === 'GET') {
            $partner = $req->query['Partner'] ?? null;
            return Response::json(array_values(array_filter($this->orders, fn($o) => $partner === null || (string) $o['partner'] === (string) $partner)));
        }
        if ($p === 'FA/terjatvePoZamudi' && $m === 'GET') {
            if (!preg_match('~^\d{4}-\d{2}-\d{2}$~', (string) ($req->query['NaDan'] ?? ''))) {
                throw self::problem(400, 'Bad Request', 'NaDan must be YYYY-MM-DD');
            }
            return Response::json(array_map(fn($pp) => ['partner' => $pp['sifra'], 'naziv' => $pp['naziv'], 'znesek' => 0.0, 'dniZamude' => 0],
                array_slice(array_values($this->partners), 0, 3)));
        }
        if ($p === 'FA/dobavnica' && $m === 'POST') {
            $b = $req->json();
            $st = count($this->deliveryNotes) + 1;
            $this->deliveryNotes[] = ['stevilka' => $st, 'leto' => 2026, 'dokument' => 'DOB'] + (array) $b;
            return Response::json(['stevilka' => $st, 'leto' => 2026], 201);
        }
        throw self::problem(404, 'Not Found', "no such path /api/v1/$p");
    }

    private function login(Request $req): Response
    {
        $b = $req->json();
        if (!is_array($b) || ($b['username'] ?? null) !== self::USERNAME || ($b['password'] ?? null) !== self::PASSWORD
            || (string) ($b['taxNumber'] ?? '') !== self::TAX_NUMBER) {
            throw self::problem(401, 'Unauthorized', 'Napačno uporabniško ime, geslo ali davčna številka.');
        }
        $this->logins++;
        $exp = time() + $this->tokenLifetime;
        $token = self::b64url('{"alg":"HS256","typ":"JWT"}') . '.' . self::b64url(json_encode(['sub' => self::USERNAME, 'exp' => $exp, 'n' => $this->logins])) . '.' . self::b64url(random_bytes(16));
        $this->tokens[$token] = $exp;
        return Response::json(['apiKey' => $token]);
    }

    private function authorize(Request $req): void
    {
        $h = $req->header('authorization') ?? '';
        if (!preg_match('~^Bearer (\S+)$~', $h, $m) || !isset($this->tokens[$m[1]]) || $this->tokens[$m[1]] < time()) {
            throw self::problem(401, 'Unauthorized', 'Manjka ali je potekel žeton.');
        }
    }

    private function listPartners(Request $req): Response
    {
        if (isset($req->query['Sifra']) && $req->query['Sifra'] !== '') {
            $out = [];
            foreach (explode(',', (string) $req->query['Sifra']) as $c) {
                if (isset($this->partners[(int) $c])) {
                    $out[] = $this->partners[(int) $c];
                }
            }
            return Response::json($out);
        }
        return Response::json(array_values($this->partners));
    }

    private function createPartner(Request $req): Response
    {
        $b = $req->json();
        if (!is_array($b) || !isset($b['naziv']) || trim((string) $b['naziv']) === '') {
            throw self::problem(400, 'Bad Request', 'naziv je obvezen');
        }
        if (mb_strlen((string) $b['naziv']) > 40 || mb_strlen((string) ($b['naslov'] ?? '')) > 30) {
            throw self::problem(400, 'Bad Request', 'naziv (40) ali naslov (30) predolg');
        }
        $mode = (int) ($b['tipStevilcenja'] ?? 0);
        if ($mode === 1) {
            $code = $this->nextPartnerCode();
        } elseif ($mode === 0) {
            $code = (int) ($b['sifra'] ?? 0);
            if ($code <= 0) {
                throw self::problem(400, 'Bad Request', 'sifra je obvezna');
            }
            if (isset($this->partners[$code])) {
                throw self::problem(409, 'Conflict', "Partner $code že obstaja.");
            }
        } else {
            throw self::problem(400, 'Bad Request', 'tipStevilcenja 2 ni podprt');
        }
        $rec = ['sifra' => $code] + $b;
        $rec['sifra'] = $code;
        unset($rec['tipStevilcenja']);
        $this->partners[$code] = $rec;
        return Response::json($rec, 201);
    }

    private function listArticles(Request $req): Response
    {
        if (isset($req->query['Sifra']) && $req->query['Sifra'] !== '') {
            $out = [];
            foreach (explode(',', (string) $req->query['Sifra']) as $c) {
                if (isset($this->articles[$c])) {
                    $out[] = $this->articles[$c];
                }
            }
            return Response::json($out);
        }
        $all = array_values($this->articles);
        if (isset($req->query['Segment'])) {
            $seg = (int) $req->query['Segment'];
            $size = (int) ($req->query['SegmentSize'] ?? 5000);
            if ($seg < 1 || $size < 1) {
                throw self::problem(400, 'Bad Request', 'Segment starts at 1');
            }
            $all = array_slice($all, ($seg - 1) * $size, $size);
        }
        return Response::json($all);
    }

    private function saveArticle(Request $req, bool $update): Response
    {
        $b = $req->json();
        $code = is_array($b) ? (string) ($b['sifra'] ?? '') : '';
        if ($code === '' || !isset($b['naziv'])) {
            throw self::problem(400, 'Bad Request', 'sifra in naziv sta obvezna');
        }
        if (mb_strlen((string) $b['naziv']) > 40) {
            throw self::problem(400, 'Bad Request', 'naziv predolg (40)');
        }
        if (!$update && isset($this->articles[$code])) {
            throw self::problem(409, 'Conflict', "Artikel $code že obstaja.");
        }
        if ($update && !isset($this->articles[$code])) {
            throw self::problem(404, 'Not Found', "Artikel $code ne obstaja.");
        }
        unset($b['tipStevilcenja']);
        $this->articles[$code] = $b + ($this->articles[$code] ?? []);
        return Response::json($this->articles[$code], $update ? 200 : 201);
    }

    private function listStock(Request $req): Response
    {
        $codes = isset($req->query['Sifra']) && $req->query['Sifra'] !== '' ? explode(',', (string) $req->query['Sifra']) : array_keys($this->stock);
        $wh = $req->query['Skladisce'] ?? null;
        $out = [];
        foreach ($codes as $c) {
            foreach ($this->stock[$c] ?? [] as $w => $row) {
                if ($wh === null || (string) $wh === (string) $w) {
                    $out[] = $row;
                }
            }
        }
        return Response::json($out);
    }

    private function listOrders(Request $req): Response
    {
        if (isset($req->query['StevilkaLeto']) && $req->query['StevilkaLeto'] !== '' && !str_contains((string) $req->query['StevilkaLeto'], ',')) {
            // One number: the order under its key ("stevilka.leto", as every order is stored), not a scan of every
            // order (at 10,000 orders the scan made the simulator the drain benchmark's bottleneck).
            $key = (string) $req->query['StevilkaLeto'];
            $all = isset($this->orders[$key]) ? [$this->orders[$key]] : [];
        } else {
            $all = array_values($this->orders);
        }
        if (isset($req->query['StevilkaLeto']) && $req->query['StevilkaLeto'] !== '') {
            $keys = explode(',', (string) $req->query['StevilkaLeto']);
            $all = array_values(array_filter($all, fn($o) => in_array($o['stevilka'] . '.' . $o['leto'], $keys, true)));
        }
        if (isset($req->query['DatumOd'])) {
            $all = array_values(array_filter($all, fn($o) => substr((string) $o['datum'], 0, 10) >= $req->query['DatumOd']));
        }
        if (isset($req->query['DatumDo'])) {
            $all = array_values(array_filter($all, fn($o) => substr((string) $o['datum'], 0, 10) <= $req->query['DatumDo']));
        }
        if (empty($req->query['VrniPostavke'])) {
            $all = array_map(function ($o) { unset($o['postavke']); return $o; }, $all);
        }
        if (isset($req->query['BlockIndex'])) {
            $size = (int) ($req->query['BlockSize'] ?? 10000);
            $all = array_slice($all, (int) $req->query['BlockIndex'] * $size, $size);
        }
        return Response::json($all);
    }

    private function createOrder(Request $req): Response
    {
        $b = $req->json();
        if (!is_array($b)) {
            throw self::problem(400, 'Bad Request', 'telo mora biti objekt');
        }
        $mode = (int) ($b['tipStevilcenja'] ?? 0);
        $year = (int) ($b['leto'] ?? 0);
        if ($year < 2000) {
            throw self::problem(400, 'Bad Request', 'leto je obvezno');
        }
        if (!isset($this->partners[(int) ($b['partner'] ?? 0)])) {
            throw self::problem(400, 'Bad Request', 'Partner ' . ($b['partner'] ?? '?') . ' ne obstaja.');
        }
        $lines = $b['postavke'] ?? [];
        if (!is_array($lines) || !$lines) {
            throw self::problem(400, 'Bad Request', 'naročilo nima postavk');
        }
        foreach ($lines as $i => $l) {
            $code = $l['sifra'] ?? $l['artikel'] ?? null;
            if ($code === null || $code === '') {
                throw self::problem(400, 'Bad Request', "postavka $i nima šifre artikla");
            }
        }
        if ($mode === 0) {
            $st = (int) ($b['stevilka'] ?? 0);
            if ($st <= 0) {
                throw self::problem(400, 'Bad Request', 'stevilka je obvezna');
            }
            if (isset($this->orders["$st.$year"])) {
                throw self::problem(409, 'Conflict', "Naročilo $st/$year že obstaja.");
            }
        } else {
            $st = 1;
            foreach ($this->orders as $o) {
                if ($o['leto'] === $year) {
                    $st = max($st, (int) $o['stevilka'] + 1);
                }
            }
        }
        $rec = $b;
        $rec['stevilka'] = $st;
        $rec['leto'] = $year;
        unset($rec['tipStevilcenja']);
        $this->orders["$st.$year"] = $rec;
        return Response::json(['stevilka' => $st, 'leto' => $year], 201);
    }
}
