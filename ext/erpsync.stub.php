<?php

/**
 * The PHP API of the erpsync extension. ext/erpsync_arginfo.h is generated from this file
 * (scripts/gen-arginfo.sh, which runs PHP's build/gen_stub.php); never edit the header by hand.
 *
 * @generate-class-entries
 */

namespace ErpSync {

    /** Extension version, e.g. "0.1.0". */
    function version(): string {}

    /**
     * Build and runtime facts: extension version, libcurl and json-c versions (compiled and
     * linked), TLS backend, and the effective INI defaults.
     */
    function info(): array {}

    /* ---------------------------------------------------------------- errors */

    /** Base of every exception erpsync throws. Messages never contain a secret. */
    class Exception extends \RuntimeException
    {
    }

    /** The request never got an HTTP answer: DNS, connect, TLS, timeout or a reset connection. */
    class TransportException extends Exception
    {
        protected string $kind = "other";

        /** One of: dns, connect, tls, timeout, reset, other. */
        public function getKind(): string {}
    }

    /** The back-office answered with an HTTP error status. */
    class HttpException extends Exception
    {
        protected int $status = 0;
        protected string $bodyExcerpt = "";
        protected bool $retryable = false;

        public function getStatus(): int {}

        /** The start of the reply body, with credentials redacted. */
        public function getBodyExcerpt(): string {}

        /** True when trying again later may succeed (408, 425, 429, 500, 502, 503, 504). */
        public function isRetryable(): bool {}
    }

    /** The back-office asked us to slow down (HTTP 429) and retries did not get through. */
    class RateLimitedException extends HttpException
    {
        protected float $retryAfter = 0.0;

        /** Seconds to wait before the next attempt. */
        public function getRetryAfter(): float {}
    }

    /** The reply was malformed or not what the API promises. */
    class ProtocolException extends Exception
    {
        protected string $jsonPath = "";

        /** Where in the reply the problem is, e.g. "$.items[3].sku" ("$" for the whole body). */
        public function getJsonPath(): string {}
    }

    /** Input (settings, WooCommerce data) was invalid; nothing was sent. */
    class ValidationException extends Exception
    {
        protected string $field = "";
        protected string $subject = "";

        /** The field at fault, e.g. "line_items[2].sku" or "settings.base_url". */
        public function getField(): string {}

        /** What the field belongs to, e.g. "order 1234" or "product 55". */
        public function getSubject(): string {}
    }
}

/* ==================================================================== ErpSync\Json (json-c) */
/* (section owned by the JSON layer: ext/json/) */

namespace ErpSync {

    /**
     * JSON <-> PHP values with json-c: exact big integers and decimals, strict UTF-8, depth and
     * size limits, errors naming the JSON path; plus the money/decimal string formats of the APIs.
     */
    final class Json
    {
        /**
         * decode: integers outside int64 come back as strings (default: float).
         * @var int
         * @cvalue ERPSYNC_JSON_BIGINT_AS_STRING
         */
        public const BIGINT_AS_STRING = UNKNOWN;

        /**
         * decode: numbers with a fraction or exponent come back as their exact text ("12.30").
         * @var int
         * @cvalue ERPSYNC_JSON_DECIMAL_AS_STRING
         */
        public const DECIMAL_AS_STRING = UNKNOWN;

        /**
         * decode: JSON objects become stdClass (default: associative arrays).
         * @var int
         * @cvalue ERPSYNC_JSON_OBJECT_AS_OBJECT
         */
        public const OBJECT_AS_OBJECT = UNKNOWN;

        /**
         * encode: indent the output.
         * @var int
         * @cvalue ERPSYNC_JSON_PRETTY
         */
        public const PRETTY = UNKNOWN;

        /**
         * decode: integers beyond +-2^53 (and outside int64) come back as strings.
         * @var int
         * @cvalue ERPSYNC_JSON_INT53_AS_STRING
         */
        public const INT53_AS_STRING = UNKNOWN;

        /**
         * encode: strings in JSON number grammar ("9007199254740993", "12.30") are written as
         * raw numbers, their text unchanged.
         * @var int
         * @cvalue ERPSYNC_JSON_NUMERIC_STRING_AS_NUMBER
         */
        public const NUMERIC_STRING_AS_NUMBER = UNKNOWN;

        /**
         * Decodes JSON text. $depth: most nested arrays/objects allowed ("[[1]]" needs 2, as for
         * json_encode), 1..10000. $maxBytes = 0: no size limit.
         * @throws ProtocolException malformed, too deep, too large, invalid UTF-8, NaN/Infinity
         */
        public static function decode(string $json, int $flags = 0, int $depth = 512, int $maxBytes = 0): mixed {}

        /**
         * Encodes a value: deterministic (insertion order, "/" not escaped, no spaces unless PRETTY).
         * @throws ValidationException invalid UTF-8, NaN/INF, resource, too deep
         */
        public static function encode(mixed $value, int $flags = 0, int $depth = 512): string {}

        /**
         * Money string with 2 decimals ("123.50"), rounded half away from zero in decimal arithmetic.
         * @throws ValidationException not a number
         */
        public static function money(int|float|string $value): string {}

        /**
         * Decimal string with $places decimals (default 3: "5.000"), rounded half away from zero.
         * @throws ValidationException not a number, or $places outside 0..30
         */
        public static function decimal(int|float|string $value, int $places = 3): string {}
    }
}

/* ==================================================================== ErpSync\Http (libcurl) */
/* (section owned by the HTTP transport: ext/http/) */

namespace ErpSync\Http {

    /**
     * An HTTP client for one back-office: base URL, default headers, auth, timeouts, TLS, proxy,
     * retries with backoff, client-side rate limit, connection reuse and a redacted request log.
     *
     * Options: base_url (string, required), headers (array name => value), auth (array:
     * ['type' => 'bearer', 'token' => ...] | ['type' => 'basic', 'username' => ..., 'password' => ...]
     * | ['type' => 'apikey', 'key' => ..., 'header' => 'Authorization', 'prefix' => 'ApiKey']
     * | ['type' => 'login', 'path' => ..., 'credentials' => array, 'token_fields' => [...], 'token_lifetime_s' => 1740]),
     * connect_timeout_ms, timeout_ms, max_response_bytes (int; INI defaults), verify_tls (bool, true),
     * ca_file (string; INI erpsync.ca_file), proxy (string), user_agent (string),
     * retry (array: max_attempts, base_delay_ms, max_delay_ms, max_total_delay_ms),
     * rate_limit (array: per_second, per_minute), log (callable receiving one array per attempt),
     * lean (bool, true: a single GET/HEAD goes on a kept connection that libcurl opened, read by the engine's
     * own HTTP/1.1 reader; false: every request through libcurl's transfer).
     */
    final class Client
    {
        public function __construct(array $options) {}

        /**
         * Request options: query (array), json (mixed, encoded as the body), body (string), headers (array),
         * content_type (string), idempotent (bool: POST/PATCH may be retried), timeout_ms (int),
         * accept_any_status (bool: return non-2xx as a Response instead of throwing).
         */
        public function request(string $method, string $path, array $options = []): Response {}

        public function get(string $path, array $options = []): Response {}

        public function post(string $path, array $options = []): Response {}

        public function put(string $path, array $options = []): Response {}

        public function delete(string $path, array $options = []): Response {}

        /**
         * Runs the requests (each ['method' => 'GET', 'path' => ..., ...request options]) with at most
         * $concurrency in flight. Returns, under the same keys and in input order, a Response or the
         * ErpSync\Exception of each request.
         */
        public function requestMany(array $requests, int $concurrency = 8): array {}

        /**
         * Streams the pages of a listing to $onPage(array $items, int $page): a false return stops.
         * $pagination: style (offset|segment|block|page), page_size, index_param, size_param,
         * first_index, items_key, total_key (default totalcount), max_pages. Returns the item count.
         */
        public function paginate(string $path, array $pagination, callable $onPage, array $options = []): int {}

        /** Connections opened by this client so far (connection reuse keeps it low). */
        public function connectionCount(): int {}
    }

    /** A reply of the back-office. */
    final class Response
    {
        public readonly int $status;
        /** Header names lower-cased; repeated headers joined with ", ". */
        public readonly array $headers;
        public readonly string $body;
        /** Seconds, all attempts and waits included. */
        public readonly float $duration;
        public readonly int $attempts;
        /** The URL requested, credentials redacted. */
        public readonly string $url;

        private function __construct() {}

        /** Decodes the body (ProtocolException when it is not JSON). */
        public function json(bool $assoc = true): mixed {}

        public function header(string $name): ?string {}
    }
}

/* ==================================================================== ErpSync\Connector */
/* (section owned by the connectors: ext/connectors/) */

namespace ErpSync\Connector {

    /**
     * VASCO (Slovenian ERP). Settings: docs/connectors/vasco.md. Snapshots: docs/snapshots.md.
     * Every method that talks to VASCO throws ErpSync\Exception subclasses; builders throw
     * ErpSync\ValidationException naming the order/product and the field.
     */
    final class Vasco
    {
        public function __construct(array $settings, ?\ErpSync\Http\Client $client = null) {}

        /** Names of the operations this connector supports. */
        public function capabilities(): array {}

        /** Logs in and reads one partner: ["ok" => bool, "message" => string, "details" => array]. */
        public function testConnection(): array {}

        /** The exact JSON exportOrder() would send (no I/O). */
        public function buildOrderPayload(array $order, array $context = []): string {}

        /**
         * The order document built without the reconciliation, and its totals recomputed by the back-office's
         * arithmetic beside WooCommerce's (docs/connectors/<name>.md, "Rounding rule").
         * @return array{ok: bool, message: string, document: array, woocommerce: array, payload: string}
         */
        public function reconcileOrder(array $order, array $context = []): array {}

        /** @return array{remote_id: string, remote_number: string}|null */
        public function findOrder(array $order): ?array {}

        /** Looks the order up first and creates it only when VASCO does not have it. */
        public function exportOrder(array $order, array $context = []): array {}

        /**
         * exportOrder() for a list of independent orders: every payload built and checked, then every lookup, then
         * the POSTs of the orders VASCO does not have, at most $concurrency requests in flight. One result per order
         * under its key: exportOrder()'s array, or the exception exportOrder() would have thrown (returned, not
         * thrown); one order's failure (refused, timed out, its reply lost) leaves the others alone.
         * $contexts holds each order's context under the order's key (missing: none).
         */
        public function exportOrders(array $orders, array $contexts = [], int $concurrency = 8): array {}

        public function buildCustomerPayload(array $customer): string {}

        /** By stored code (remote_id), then VAT number, then email (client-side index of the partner list). */
        public function findCustomer(array $customer): ?array {}

        public function createCustomer(array $customer): array {}

        public function isBlacklisted(string $email): bool {}

        /** Fulfilment state rows of one order (FA/narociloKupca/stanje/{number}/{year}). */
        public function orderState(string $number, int $year): array {}

        /** Streams the article list page by page (Segment/SegmentSize) to $onPage(array $items, int $page). Returns the item count. */
        public function fetchProducts(callable $onPage, int $pageSize = 5000): int {}

        /** Stock per article code summed over the chosen warehouses plus supplier stock: [{code, own, reserved, supplier, total}]. */
        public function fetchStock(array $codes = []): array {}

        /**
         * The article list straight into the matcher (no PHP array, no JSON tree): id = sifra, EAN from dodatnaPolja
         * (or a code of 8–14 digits), name = naziv, price = prodajnaCena, stock = fetchStock()'s total per code
         * (less the supplier's part when $countSupplierStock is false), extra = "own|supplier". Returns the article count.
         */
        public function fetchProductsInto(\ErpSync\Matcher\Matcher $matcher, bool $countSupplierStock = true, int $pageSize = 5000): int {}

        public function buildProductPayload(array $product): string {}

        /** The article with the product's code (GET FASifranti/artikel?Sifra=): {remote_id, name}, or null when VASCO has none. */
        public function findProduct(array $product): ?array {}

        /** Looks the code up, then POSTs the article when VASCO does not have it or PUTs it when it does: {remote_id, created, status}. */
        public function pushProduct(array $product): array {}

        /** Overdue receivables (customer debt) on a day (YYYY-MM-DD, default today). */
        public function customerDebt(?string $date = null): array {}

        public function countries(): array {}
    }

    /**
     * Logistos. Settings: docs/connectors/logistos.md. There is no lookup API: findOrder() always
     * returns null and exactly-once rests on the plugin's mapping table.
     */
    final class Logistos
    {
        public function __construct(array $settings, ?\ErpSync\Http\Client $client = null) {}

        public function capabilities(): array {}

        public function testConnection(): array {}

        public function buildOrderPayload(array $order, array $context = []): string {}

        /**
         * The order document built without the reconciliation, and its totals recomputed by the back-office's
         * arithmetic beside WooCommerce's (docs/connectors/<name>.md, "Rounding rule").
         * @return array{ok: bool, message: string, document: array, woocommerce: array, payload: string}
         */
        public function reconcileOrder(array $order, array $context = []): array {}

        public function findOrder(array $order): ?array {}

        public function exportOrder(array $order, array $context = []): array {}

        public function findCustomer(array $customer): ?array {}

        /** Always throws: Logistos has no customer API. */
        public function createCustomer(array $customer): array {}

        /** $credentials: store_url, consumer_key (ck_...), consumer_secret (cs_...). */
        public function buildHandshakePayload(array $credentials): string {}

        public function handshake(array $credentials): array {}

        /** Sends orders in batches; one result per batch: {ids, ok, status, error}. */
        public function pushOrders(array $orders, int $batchSize = 50): array {}
    }

    /**
     * SORS (Softkom). Settings: docs/connectors/sors.md. The paths are the project's documented
     * default map (the vendor's are not public): every one can be overridden in settings.
     */
    final class Sors
    {
        public function __construct(array $settings, ?\ErpSync\Http\Client $client = null) {}

        public function capabilities(): array {}

        public function testConnection(): array {}

        public function databases(): array {}

        public function businessUnits(): array {}

        /** Price types of the database ([{id, name}]): what settings.price_type may be. */
        public function priceTypes(): array {}

        /** Stock modes of the database ([{id, name}]): what settings.stock_mode may be. */
        public function stockModes(): array {}

        public function productGroups(): array {}

        /** Catalogue with prices of settings.price_type, page by page to $onPage(array $items, int $page). */
        public function fetchProducts(callable $onPage, int $pageSize = 500): int {}

        public function productImages(string $productId): array {}

        /** Stock of settings.stock_mode, page by page. */
        public function fetchStock(callable $onPage, int $pageSize = 500): int {}

        /**
         * The catalogue straight into the matcher (no PHP array, no JSON tree): id, sku, barcode → ean, price (of
         * settings.price_type), name, groupId → categories; names overridable (product.* in the name table). Returns the item count.
         */
        public function fetchProductsInto(\ErpSync\Matcher\Matcher $matcher, int $pageSize = 500): int {}

        /** Stock of settings.stock_mode straight into the matcher: productId → id, sku, quantity → stock. Returns the item count. */
        public function fetchStockInto(\ErpSync\Matcher\Matcher $matcher, int $pageSize = 500): int {}

        /** The outbound document (settings.document_type) exportOrder() would send. */
        public function buildOrderPayload(array $order, array $context = []): string {}

        /**
         * The order document built without the reconciliation, and its totals recomputed by the back-office's
         * arithmetic beside WooCommerce's (docs/connectors/<name>.md, "Rounding rule").
         * @return array{ok: bool, message: string, document: array, woocommerce: array, payload: string}
         */
        public function reconcileOrder(array $order, array $context = []): array {}

        public function findOrder(array $order): ?array {}

        public function exportOrder(array $order, array $context = []): array {}

        /**
         * The return document (type "return") of an exported order that was cancelled or refunded: the order's
         * lines under its external number, with $context["original_number"] (the original document) as the
         * reference and $context["customer_remote_id"] as the customer.
         */
        public function buildReturnPayload(array $order, array $context = []): string {}

        /** The return document sent earlier for this order (type "return" + external number), or null. */
        public function findReturn(array $order, array $context = []): ?array {}

        /** Sends the return document once: looked up first, linked when it is there. */
        public function exportReturn(array $order, array $context = []): array {}

        public function buildCustomerPayload(array $customer): string {}

        /** By PIB, then by email. */
        public function findCustomer(array $customer): ?array {}

        public function createCustomer(array $customer): array {}

        public function customerDebt(string $customerId): array {}
    }

    /**
     * Sitoo POS. Settings: docs/connectors/sitoo.md. Orders carry the customer, so there is no
     * customer to find or create; exactly once rests on externalid ("wc-<order id>") looked up first.
     */
    final class Sitoo
    {
        public function __construct(array $settings, ?\ErpSync\Http\Client $client = null) {}

        public function capabilities(): array {}

        /** Reads /sites.json and reports the eshopid. */
        public function testConnection(): array {}

        public function buildOrderPayload(array $order, array $context = []): string {}

        /**
         * The order document built without the reconciliation, and its totals recomputed by the back-office's
         * arithmetic beside WooCommerce's (docs/connectors/<name>.md, "Rounding rule").
         * @return array{ok: bool, message: string, document: array, woocommerce: array, payload: string}
         */
        public function reconcileOrder(array $order, array $context = []): array {}

        /** GET /orders.json?externalid=... */
        public function findOrder(array $order): ?array {}

        public function exportOrder(array $order, array $context = []): array {}

        /** Always null: Sitoo orders carry the customer. */
        public function findCustomer(array $customer): ?array {}

        /** Always throws: there is no customer to create. */
        public function createCustomer(array $customer): array {}

        /** Whether the order's shipping method is one of settings.click_and_collect_methods. */
        public function isClickAndCollect(array $order): bool {}

        /** Letters, digits, _ + - . / kept; every other character becomes "-". */
        public static function fixSku(string $sku): string {}

        /** Warehouse items of settings.warehouse_id, page by page (start/num) to $onPage(array $items, int $page). */
        public function fetchWarehouseItems(callable $onPage, int $pageSize = 1000, ?int $modifiedSince = null): int {}

        /** [sku => signed quantity] as warehouse transactions of at most 1,000 items ("<externalid>-1", "-2", ...); one result per request. */
        public function adjustStock(array $changes, string $externalid): array {}

        /** Batch add; one result per product: {sku, ok, productid, error}. */
        public function pushProducts(array $products): array {}

        /**
         * Orders from $fromOrderId on, oldest first, page by page to $onPage(array $orders, int $page); each order
         * gets "store2door" (an item not fully delivered, as the Sitoo plugin defines it); only those when asked.
         * $fromDate (Unix seconds) reads by order date (orderdatefrom) instead of, or as well as, by id.
         */
        public function fetchOrders(callable $onPage, int $fromOrderId = 0, bool $store2doorOnly = false, int $pageSize = 100, ?int $fromDate = null): int {}

        /** Batch update of products given with remote_id (productid) and sku; one result per product. */
        public function updateProducts(array $products): array {}

        /** Batch delete of products given with remote_id; one result per product. */
        public function deleteProducts(array $products): array {}

        public function warehouses(): array {}

        /** Delivers every item of the order not yet delivered (Sitoo then reduces stock); nothing is delivered twice. */
        public function deliverOrder(string $orderId): array {}

        /**
         * Cancels an exported order (Sitoo orders cannot be deleted: orderstateid 20 with a PUT). Read first: one
         * already cancelled is left alone ("already" true), a closed one refused (ValidationException).
         */
        public function cancelOrder(string $orderId): array {}

        /** Replaces the variant set of a product (a PUT replaces all variants, so the whole set is sent). Returns the stored set. */
        public function setVariants(string $productId, array $parent, array $variants): array {}

        /** Uploads an image (base64); its resource id is the file name made safe with the image-name fixer. */
        public function uploadImage(string $productId, string $fileName, string $bytes): bool {}

        public function images(string $productId): array {}

        /** Unlinks the image at $index (indexes shift after an unlink: never repeated automatically). */
        public function unlinkImage(string $productId, int $index): bool {}

        /** [{id, name, parent_id}] -> [local id => categoryid]; parents first, existing ones reused. */
        public function syncCategories(array $categories): array {}

        /** [name, ...] -> [name => externalcompanyid]; existing ones reused, the rest added in one batch. */
        public function syncManufacturers(array $names): array {}

        /** A voucher from a coupon snapshot; settings.voucher_types maps coupon types to Sitoo voucher types. */
        public function buildVoucherPayload(array $coupon): string {}

        public function pushVoucher(array $coupon): array {}

        /** PUT of the linked voucher rewritten from the coupon (voucher-write.yaml; no expiry: dateend null). */
        public function updateVoucher(string $voucherId, array $coupon): bool {}

        /** Totals of a Virtual warehouse read back: [sku => decimaltotal] (SKUs Sitoo does not hold left out). */
        public function virtualTotals(array $skus): array {}

        /**
         * Warehouse transactions of the configured warehouse created since $since (Unix seconds) whose externalid is
         * $externalId or "$externalId-<n>" (getWarehouseTransactions has no externalid filter: pages read and matched):
         * [{warehousetransactionid, externalid}].
         */
        public function findStockTransactions(string $externalId, int $since): array {}

        /** [sku => counted quantity] as a stocktaking batch, committed (state 10 -> 20). */
        public function stocktake(array $counts, string $comment = "erpsync stocktaking"): array {}

        /** GET sites.json, every page: [{siteid, eshopid, title, siteurl}] (the site picker). */
        public function sites(): array {}

        /** Every category (paged): [{categoryid, title, categoryparentid}]. */
        public function categories(): array {}

        /** Every manufacturer (paged): [{externalcompanyid, name}]. */
        public function manufacturers(): array {}

        /** Every voucher (paged). */
        public function vouchers(): array {}

        /**
         * Products page by page to $onPage(array $items, int $page); each item is Sitoo's product with "kind":
         * single, parent (main variant) or variant. $status: all, active, active_pos, active_webshop, inactive,
         * inactive_pos, inactive_webshop; $modifiedSince: only products changed since (Unix seconds). Returns the
         * number of products passed on.
         */
        public function fetchProducts(callable $onPage, string $status = "all", ?int $modifiedSince = null, int $pageSize = 500): int {}

        /** PUT of one category's title and parent: $parentId > 0 that category, 0 top level (categoryparentid null, as category-write.yaml's text says), -1 the parent left as it is. */
        public function updateCategory(string $categoryId, string $title, int $parentId = 0): bool {}

        /**
         * Products by SKU, one GET products.json?sku= per SKU (inactive ones too), so a create whose reply was lost is
         * found and linked instead of sent again: [sku => {productid, variantparentid, kind}] for the SKUs Sitoo holds.
         */
        public function findProducts(array $skus): array {}

        /**
         * Requests left in Sitoo's rate-limit window and seconds until it resets, from one cheap call (null where Sitoo
         * does not say), so a job that cannot finish within the allowance is not started.
         * @return array{remaining: ?int, reset: ?int}
         */
        public function allowance(): array {}

        /**
         * Stock changes [sku => signed quantity] to the Virtual warehouse settings.warehouse_id (Sitoo refuses
         * transactions there): each total read, the change added, the total put back; one row per SKU
         * {sku, before, after, ok, error} ("unknown" true when the put may or may not have reached Sitoo).
         */
        public function adjustVirtualStock(array $changes): array {}
    }
}


/* ==================================================================== ErpSync\Matcher */
/* (section owned by the bulk matcher: ext/matcher/) */

namespace ErpSync\Matcher {

    /**
     * Bulk matcher and diff engine. Remote items come straight from reply bodies (addRemoteJson) or as
     * arrays; local products as compact arrays (id, parent_id, remote_id, sku, ean, stock, open_orders,
     * regular_price, name, last_hash). run() matches and diffs; results are read in chunks.
     * Options: docs/performance.md and tests/bench/PhpMatcher.php (the same logic in PHP).
     */
    final class Matcher
    {
        public function __construct(array $options) {}

        /** Indexes the items of one reply body (a page); returns how many were added. */
        public function addRemoteJson(string $body): int {}

        public function addRemote(array $items): int {}

        public function addLocal(array $products): int {}

        /**
         * Local products packed in one string (the shop's SQL read): per row, one field per column of $columns, each
         * "<byte length>:<bytes>" or "-" for null. Columns: id, parent_id, remote_id, sku, ean, stock, open_orders,
         * regular_price, name, image_hashes, categories, last_hash, skip. Returns how many were added.
         */
        public function addLocalPacked(string $rows, array $columns): int {}

        /** Matches and diffs; returns the counts. */
        public function run(): array {}

        /** [[local_id, remote_id, key, remote_hash, extra], ...] — extra: what the connector's feed carried (VASCO: "own|supplier" stock), else "" */
        public function matched(int $offset = 0, int $limit = 1000): array {}

        /** [[local_id, remote_id, field, new_value, remote_hash, old_value], ...] — only real changes of remote-owned fields; old_value "" when the shop had none */
        public function changes(int $offset = 0, int $limit = 1000): array {}

        public function unmatchedLocal(int $offset = 0, int $limit = 1000): array {}

        public function unmatchedRemote(int $offset = 0, int $limit = 1000): array {}

        /** [[id, sku, ean, price, name, categories, images], ...] of the unmatched remote items, as the reply gave them (null when absent) */
        public function unmatchedRemoteItems(int $offset = 0, int $limit = 1000): array {}

        /** [[side, key, value, count], ...] — keys held more than once on one side, never used for matching */
        public function duplicates(int $offset = 0, int $limit = 1000): array {}

        /** [[side, key, value, reason, id], ...] — key is link, sku or ean for a key that does not normalise, stock or price for an amount out of range (never a change) */
        public function invalid(int $offset = 0, int $limit = 1000): array {}
    }
}
