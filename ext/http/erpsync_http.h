/*
 * HTTP transport engine (libcurl), zval-free. The PHP binding (erpsync_http_php.c) wraps it as
 * ErpSync\Http\Client / Response; the connectors (ext/connectors) call it directly in C.
 *
 * CONTRACT (the names below are what other areas code against; the transport may add more):
 *   erpsync_http_client      opaque client: base URL, default headers, auth, timeouts, TLS,
 *                            proxy, retry policy, rate limiter, connection cache (curl share +
 *                            reused easy handles), optional log hook.
 *   erpsync_http_request     one request, described in plain C.
 *   erpsync_http_response    status, headers, body (malloc'ed), duration, attempts.
 *   erpsync_http_execute()   performs one request with retries/backoff/rate limiting/auth refresh;
 *                            returns 0 and fills res on any HTTP status when accept_any_status,
 *                            otherwise non-2xx fills err (ERPSYNC_E_HTTP / ERPSYNC_E_RATE_LIMITED)
 *                            and returns -1; transport failures fill ERPSYNC_E_TRANSPORT.
 *   erpsync_http_client_from_zval() (binding) gives the engine client of an ErpSync\Http\Client.
 *
 * ADDED by the transport (below): erpsync_http_config + erpsync_http_client_new/free (a C caller
 * builds its own client), erpsync_http_execute_many() (curl multi, concurrency cap, results in
 * input order), erpsync_http_paginate() (four paging styles, pages streamed to a callback),
 * erpsync_http_parse_json_reply() (JSON or a ProtocolException saying empty/HTML/invalid),
 * erpsync_http_redact_text()/erpsync_http_redacted_url() and the log hook type.
 * Retry policy: connect errors for any method; timeouts/resets and 429/502/503/504 only for
 * GET/HEAD/PUT/DELETE/OPTIONS or requests marked idempotent; a 401 under login auth triggers one
 * re-login + repeat (not counted as an attempt). Waits: Retry-After (seconds or HTTP date), else
 * X-Rate-Limit-Reset when X-Rate-Limit-Remaining is 0 (or on a 429), else exponential backoff with
 * 50-100 % jitter; a wait that would pass max_total_delay_ms ends the retries.
 * Errors: TransportException kinds dns/connect/tls/timeout/reset/other; over max_response_bytes is
 * a ProtocolException; HTTP errors carry status, a redacted excerpt and retryable; a 429 that
 * persists is a RateLimitedException with retry_after. Not thread-safe: one client per thread.
 */
#ifndef ERPSYNC_HTTP_H
#define ERPSYNC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include "erpsync_error.h"

struct json_object;

typedef struct erpsync_http_client erpsync_http_client;

typedef struct {
	const char *name;
	const char *value;
} erpsync_http_kv;

typedef struct {
	const char *method;              /* "GET", "POST", ... */
	const char *path;                /* relative to the base URL, or an absolute http(s) URL */
	const erpsync_http_kv *query;    /* appended URL-encoded, in order; may be NULL */
	size_t query_count;
	const erpsync_http_kv *headers;  /* extra headers; may be NULL */
	size_t header_count;
	const char *body;                /* may be NULL */
	size_t body_len;
	const char *content_type;        /* default "application/json" when body is set */
	bool idempotent;                 /* POST/PATCH are retried only when true */
	bool accept_any_status;          /* return non-2xx as a response instead of an error */
	long timeout_ms;                 /* 0 = client default */
} erpsync_http_request;

typedef struct {
	long status;
	char *body;                      /* NUL-terminated, malloc'ed */
	size_t body_len;
	char *headers;                   /* raw header block of the final response, malloc'ed */
	size_t headers_len;
	double duration;                 /* seconds, all attempts included */
	int attempts;
} erpsync_http_response;

/* ------------------------------------------------------------------ client configuration */

typedef enum {
	ERPSYNC_HTTP_AUTH_NONE = 0,
	ERPSYNC_HTTP_AUTH_BEARER,        /* Authorization: Bearer <token> */
	ERPSYNC_HTTP_AUTH_BASIC,         /* HTTP basic */
	ERPSYNC_HTTP_AUTH_APIKEY,        /* <header_name>: <prefix> <key> (default "Authorization: ApiKey <key>") */
	ERPSYNC_HTTP_AUTH_LOGIN          /* POST login_body to login_path, token from the reply, then Bearer */
} erpsync_http_auth_type;

typedef struct {
	erpsync_http_auth_type type;
	const char *token;               /* bearer */
	const char *username;            /* basic */
	const char *password;            /* basic */
	const char *key;                 /* apikey */
	const char *header_name;         /* apikey: default "Authorization" */
	const char *prefix;              /* apikey: default "ApiKey" ("" = key alone) */
	const char *login_path;          /* login: path (relative to base URL) */
	const char *login_body;          /* login: JSON text of the credentials (a secret: redacted everywhere) */
	const char *const *token_fields; /* login: reply fields holding the token; NULL = apiKey, ApiKey, apikey */
	size_t token_field_count;
	long token_lifetime_s;           /* login: cache time when the token has no JWT exp (0 = 29 min); when set
	                                    explicitly it also caps a JWT exp. The token is renewed 30 s (at most a quarter of
	                                    its lifetime) before exp. */
	const char *const *secrets;      /* extra literal strings to redact from logs and messages */
	size_t secret_count;
} erpsync_http_auth;

/* One attempt as seen by the request-log hook. All strings are redacted and truncated already. */
typedef struct {
	const char *method;
	const char *url;                 /* query string redacted */
	long status;                     /* 0 when no HTTP answer */
	double duration;                 /* seconds, this attempt */
	int attempt;                     /* 1-based */
	const char *request_headers;     /* "Name: value\n" lines, redacted */
	const char *response_headers;    /* the reply's "Name: value\n" lines (status line left out), redacted: Set-Cookie,
	                                    Authorization-like and secret-named values masked, other values through the
	                                    text redaction; "" when no reply; at most 8 KiB */
	const char *request_body;        /* may be "" */
	size_t request_body_len;
	const char *response_body;       /* may be "" */
	size_t response_body_len;
	const char *error;               /* "" when the attempt got an HTTP answer */
	bool will_retry;
} erpsync_http_log_entry;

typedef void (*erpsync_http_log_fn)(void *userdata, const erpsync_http_log_entry *entry);

typedef struct {
	const char *base_url;
	const erpsync_http_kv *headers;  /* default headers */
	size_t header_count;
	erpsync_http_auth auth;
	long connect_timeout_ms;         /* <= 0: INI default is the binding's job; engine falls back to 5000 */
	long timeout_ms;                 /* <= 0: 30000 */
	size_t max_response_bytes;       /* 0: 64 MiB */
	bool verify_tls;
	const char *ca_file;             /* NULL/"" = system store */
	const char *proxy;               /* NULL/"" = none */
	const char *user_agent;          /* NULL = "erpsync/<version> (libcurl/<ver>)" */
	const char *version;             /* extension version for the User-Agent */
	int max_attempts;                /* retry: total attempts, >= 1 (0 = 3) */
	long base_delay_ms;              /* retry: first backoff (0 = 200) */
	long max_delay_ms;               /* retry: cap of one backoff (0 = 10000) */
	long max_total_delay_ms;         /* retry: cap of all waits of one request (0 = 30000) */
	double rate_per_second;          /* client-side limiter, 0 = off */
	double rate_per_minute;          /* client-side limiter, 0 = off */
	erpsync_http_log_fn log;         /* NULL = no log */
	void *log_userdata;
	size_t log_body_bytes;           /* bytes of each body in the log */
	bool no_lean;                    /* true: every request through libcurl's transfer (no lean path for GET/HEAD) */
} erpsync_http_config;

/* Copies everything it needs from cfg. NULL + err (ValidationException, subject "http client") on failure. */
erpsync_http_client *erpsync_http_client_new(const erpsync_http_config *cfg, erpsync_error *err);
void erpsync_http_client_free(erpsync_http_client *client);
/* Registers one more literal secret (at least 4 bytes) of this client: it is replaced by "[redacted]" wherever it
 * appears in the request log and error excerpts from now on (a secret a request carries in its body, e.g. the
 * WooCommerce consumer key and secret of the Logistos handshake, which a reply may echo). */
void erpsync_http_client_add_secret(erpsync_http_client *client, const char *secret);
/* Change the log hook (e.g. to disable it for one call). */
void erpsync_http_client_set_log(erpsync_http_client *client, erpsync_http_log_fn log, void *userdata);
/* Number of new connections opened by this client so far (reuse diagnostics). */
long erpsync_http_client_connects(const erpsync_http_client *client);

/* Runs n requests with at most `concurrency` in flight; res[i]/err[i] get the outcome of reqs[i]
 * (res[i] is valid when err[i] is not set). Returns the number of failures. */
size_t erpsync_http_execute_many(erpsync_http_client *client, const erpsync_http_request *reqs, size_t n,
                                 size_t concurrency, erpsync_http_response *res, erpsync_error *err);

/* The URL a request goes to (base URL + path + query), redacted, malloc'ed. */
char *erpsync_http_redacted_url(erpsync_http_client *client, const erpsync_http_request *req);
/* Redact credentials in a text (JSON, form or query string) and the client's literal secrets; malloc'ed. */
char *erpsync_http_redact_text(const erpsync_http_client *client, const char *text, size_t len, size_t *out_len);

/* Parses a whole reply body as JSON (json-c); NULL + ProtocolException saying what came instead
 * (empty, HTML page, invalid JSON with the byte offset). `where` prefixes the message. */
struct json_object *erpsync_http_parse_json_reply(const char *body, size_t len, const char *where, erpsync_error *err);

/* ------------------------------------------------------------------------- pagination */

typedef enum {
	ERPSYNC_HTTP_PAGE_OFFSET = 0,    /* start/num + totalcount (Sitoo): start 0, 0+num, ... */
	ERPSYNC_HTTP_PAGE_SEGMENT,       /* Segment (1-based) / SegmentSize (VASCO products) */
	ERPSYNC_HTTP_PAGE_BLOCK,         /* BlockIndex (0-based) / BlockSize (VASCO orders) */
	ERPSYNC_HTTP_PAGE_PAGE           /* page (1-based) / pageSize (SORS default) */
} erpsync_http_page_style;

typedef struct {
	erpsync_http_page_style style;
	const char *index_param;         /* NULL = style default: start, Segment, BlockIndex, page */
	const char *size_param;          /* NULL = style default: num, SegmentSize, BlockSize, pageSize */
	long page_size;                  /* > 0 */
	long first_index;                /* -1 = style default (0, 1, 0, 1) */
	const char *items_key;           /* NULL = bare array, or items/data/value/result/results */
	const char *total_key;           /* NULL = "totalcount" */
	long max_pages;                  /* 0 = unlimited */
} erpsync_http_pagination;

/* Called with each page's item list (a json-c array, borrowed) and the 0-based page number.
 * Return 0 to go on, 1 to stop, -1 to stop with err filled. */
typedef int (*erpsync_http_page_fn)(void *userdata, struct json_object *items, long page, erpsync_error *err);

/* Called with each page's raw body (valid during the call) and the 0-based page number; sets *count to the
 * number of items the page held and *reported to the total the reply announced (-1: none).
 * Return 0 to go on, 1 to stop, -1 to stop with err filled. */
typedef int (*erpsync_http_raw_page_fn)(void *userdata, const char *body, size_t len, long page, long *count,
                                        long *reported, erpsync_error *err);

/* As erpsync_http_paginate, but the pages go to on_page as they came (no JSON tree is built). */
long erpsync_http_paginate_raw(erpsync_http_client *client, const erpsync_http_request *req,
                               const erpsync_http_pagination *pg, erpsync_http_raw_page_fn on_page, void *userdata,
                               erpsync_error *err);

/* Streams pages of req (its query is kept, paging parameters appended) to on_page.
 * Returns the total number of items, or -1 with err filled. */
long erpsync_http_paginate(erpsync_http_client *client, const erpsync_http_request *req,
                           const erpsync_http_pagination *pg, erpsync_http_page_fn on_page, void *userdata,
                           erpsync_error *err);

int erpsync_http_execute(erpsync_http_client *client, const erpsync_http_request *req,
                         erpsync_http_response *res, erpsync_error *err);
void erpsync_http_response_dtor(erpsync_http_response *res);
/* Value of a response header (case-insensitive), copied into buf; false when absent. */
bool erpsync_http_response_header(const erpsync_http_response *res, const char *name, char *buf, size_t bufsize);

/* Binding (erpsync_http_php.c): the engine client of an ErpSync\Http\Client object, NULL otherwise. */
struct _zval_struct;
erpsync_http_client *erpsync_http_client_from_zval(struct _zval_struct *zv);

#endif
