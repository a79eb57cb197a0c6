<?php
/**
 * Generic routes under /test for transport tests (no back-office facts involved): echo, status, bytes,
 * a login-token flow with a configurable lifetime, and a 95-item list paged in every style of erp-apis.md.
 */

declare(strict_types=1);

namespace ErpSyncSim\Api;

use ErpSyncSim\Api;
use ErpSyncSim\HttpError;
use ErpSyncSim\Request;
use ErpSyncSim\Response;

final class Test implements Api
{
    private int $logins = 0;
    private int $lifetime = 3600;
    private array $tokens = [];

    public function reset(): void
    {
        $this->logins = 0;
        $this->lifetime = 3600;
        $this->tokens = [];
    }

    public function config(array $opts): void
    {
        if (isset($opts['token_lifetime'])) {
            $this->lifetime = (int) $opts['token_lifetime'];
        }
    }

    public function state(): array
    {
        return ['logins' => $this->logins];
    }

    public function seed(array $opts): array
    {
        return [];
    }

    public function handle(Request $req): Response
    {
        $p = $req->sub;
        if ($p === '/echo') {
            return Response::json(['method' => $req->method, 'path' => $req->path, 'query' => $req->query,
                'headers' => $req->headers, 'body' => $req->body]);
        }
        if (preg_match('~^/status/(\d{3})$~', $p, $m)) {
            return Response::json(['status' => (int) $m[1]], (int) $m[1]);
        }
        if (preg_match('~^/bytes/(\d+)$~', $p, $m)) {
            return new Response(200, str_repeat('x', min((int) $m[1], 64 << 20)), ['Content-Type' => 'application/octet-stream']);
        }
        if ($p === '/login' && $req->method === 'POST') {
            $b = $req->json();
            if (($b['password'] ?? '') !== 'test-pass') {
                throw new HttpError(401, ['title' => 'Unauthorized']);
            }
            $this->logins++;
            $exp = time() + $this->lifetime;
            $tok = rtrim(strtr(base64_encode('{"alg":"none"}'), '+/', '-_'), '=') . '.'
                . rtrim(strtr(base64_encode(json_encode(['exp' => $exp, 'n' => $this->logins])), '+/', '-_'), '=') . '.sig' . $this->logins;
            $this->tokens[$tok] = $exp;
            return Response::json(['apiKey' => $tok]);
        }
        if ($p === '/protected') {
            $h = $req->header('authorization') ?? '';
            $t = str_starts_with($h, 'Bearer ') ? substr($h, 7) : '';
            if (!isset($this->tokens[$t]) || $this->tokens[$t] < time()) {
                throw new HttpError(401, ['title' => 'Unauthorized', 'detail' => 'token missing or expired']);
            }
            return Response::json(['ok' => true, 'logins' => $this->logins]);
        }
        if (preg_match('~^/pages/(offset|segment|block|page)$~', $p, $m)) {
            $all = array_map(fn($i) => ['id' => $i, 'sku' => sprintf('P%03d', $i)], range(1, 95));
            $q = $req->query;
            return match ($m[1]) {
                'offset' => Response::json(['totalcount' => 95, 'items' => array_slice($all, (int) ($q['start'] ?? 0), (int) ($q['num'] ?? 10))]),
                'segment' => Response::json(array_slice($all, ((int) ($q['Segment'] ?? 1) - 1) * (int) ($q['SegmentSize'] ?? 10), (int) ($q['SegmentSize'] ?? 10))),
                'block' => Response::json(array_slice($all, (int) ($q['BlockIndex'] ?? 0) * (int) ($q['BlockSize'] ?? 10), (int) ($q['BlockSize'] ?? 10))),
                'page' => Response::json(['success' => true, 'data' => array_slice($all, ((int) ($q['page'] ?? 1) - 1) * (int) ($q['pageSize'] ?? 10), (int) ($q['pageSize'] ?? 10))]),
            };
        }
        throw new HttpError(404, ['error' => "no test route $p"]);
    }
}
