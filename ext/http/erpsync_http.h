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
 */
#ifndef ERPSYNC_HTTP_H
#define ERPSYNC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include "erpsync_error.h"

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

int erpsync_http_execute(erpsync_http_client *client, const erpsync_http_request *req,
                         erpsync_http_response *res, erpsync_error *err);
void erpsync_http_response_dtor(erpsync_http_response *res);
/* Value of a response header (case-insensitive), copied into buf; false when absent. */
bool erpsync_http_response_header(const erpsync_http_response *res, const char *name, char *buf, size_t bufsize);

#endif
