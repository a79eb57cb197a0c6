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

/* ==================================================================== ErpSync\Http (libcurl) */
/* (section owned by the HTTP transport: ext/http/) */

/* ==================================================================== ErpSync\Connector */
/* (section owned by the connectors: ext/connectors/) */

/* ==================================================================== ErpSync\Matcher */
/* (section owned by the bulk matcher: ext/matcher/) */
