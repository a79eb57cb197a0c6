<?php
/**
 * Logistos emulation, under /logistos.
 *
 * Facts of erp-apis.md §4 it relies on:
 * - [SEEN] two endpoints: /integration/integrate_woo_commerce (handshake: store URL, consumer key, consumer
 *   secret) and /integration/woo_commerce_orders (all historical orders on activation, then each new order).
 * - [INFERRED] POST with JSON in the WooCommerce REST order shape; one order or a list.
 * - [INFERRED] optional "Authorization: Bearer <token>" (only enforced when configured with /_sim/config).
 * - [INFERRED] the WooCommerce order id is the de-duplication key: a re-push replaces the stored order and is
 *   counted in `duplicates`, so tests can prove the connector sent each order once.
 */

declare(strict_types=1);

namespace ErpSyncSim\Api;

use ErpSyncSim\Api;
use ErpSyncSim\HttpError;
use ErpSyncSim\Request;
use ErpSyncSim\Response;

final class Logistos implements Api
{
    public const TOKEN = 'logistos-token';

    private array $stores = [];
    private array $orders = [];
    private int $duplicates = 0;
    private int $received = 0;
    private ?string $token = null;

    public function reset(): void
    {
        $this->stores = [];
        $this->orders = [];
        $this->duplicates = 0;
        $this->received = 0;
        $this->token = null;
    }

    public function config(array $opts): void
    {
        if (array_key_exists('require_token', $opts)) {
            $this->token = $opts['require_token'] ? (is_string($opts['require_token']) ? $opts['require_token'] : self::TOKEN) : null;
        }
    }

    public function state(): array
    {
        return ['stores' => $this->stores, 'orders' => array_values($this->orders), 'duplicates' => $this->duplicates,
            'received' => $this->received];
    }

    public function seed(array $opts): array
    {
        return [];
    }

    public function handle(Request $req): Response
    {
        if ($this->token !== null && ($req->header('authorization') ?? '') !== 'Bearer ' . $this->token) {
            throw new HttpError(401, ['detail' => 'Authentication credentials were not provided.']);
        }
        if ($req->method !== 'POST') {
            throw new HttpError(405, ['detail' => "Method \"{$req->method}\" not allowed."]);
        }
        $b = $req->json();
        if ($req->sub === '/integration/integrate_woo_commerce') {
            foreach (['store_url', 'consumer_key', 'consumer_secret'] as $k) {
                if (!is_array($b) || !is_string($b[$k] ?? null) || $b[$k] === '') {
                    throw new HttpError(400, ['detail' => "$k is required"]);
                }
            }
            $this->stores[$b['store_url']] = ['store_url' => $b['store_url'], 'consumer_key' => $b['consumer_key'],
                'consumer_secret_sha1' => sha1($b['consumer_secret']), 'at' => time()];
            return Response::json(['status' => 'success', 'message' => 'Store integrated']);
        }
        if ($req->sub === '/integration/woo_commerce_orders') {
            $list = is_array($b) && array_is_list($b) ? $b : (isset($b['orders']) ? $b['orders'] : [$b]);
            $ids = [];
            foreach ($list as $o) {
                if (!is_array($o) || !isset($o['id']) || !isset($o['line_items'])) {
                    throw new HttpError(400, ['detail' => 'each order needs id and line_items']);
                }
                $this->received++;
                if (isset($this->orders[(string) $o['id']])) {
                    $this->duplicates++;
                }
                $this->orders[(string) $o['id']] = $o;
                $ids[] = $o['id'];
            }
            return Response::json(['status' => 'success', 'received' => $ids]);
        }
        throw new HttpError(404, ['detail' => 'Not found.']);
    }
}
