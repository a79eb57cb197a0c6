/*
 * erpsync engine errors: a plain C description of what went wrong, filled by the zval-free
 * engine (HTTP, JSON, connectors, matcher) and turned into a PHP exception by the binding
 * layer (erpsync_exceptions.c). Messages must never contain a secret.
 */
#ifndef ERPSYNC_ERROR_H
#define ERPSYNC_ERROR_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
	ERPSYNC_OK = 0,
	ERPSYNC_E_GENERIC,      /* ErpSync\Exception */
	ERPSYNC_E_TRANSPORT,    /* ErpSync\TransportException (kind: dns, connect, tls, timeout, reset, other) */
	ERPSYNC_E_HTTP,         /* ErpSync\HttpException */
	ERPSYNC_E_RATE_LIMITED, /* ErpSync\RateLimitedException */
	ERPSYNC_E_PROTOCOL,     /* ErpSync\ProtocolException (json_path says where) */
	ERPSYNC_E_VALIDATION    /* ErpSync\ValidationException (subject + field) */
} erpsync_error_code;

#define ERPSYNC_ERR_MSG_LEN 1024
#define ERPSYNC_ERR_SHORT_LEN 256
#define ERPSYNC_ERR_EXCERPT_LEN 512

typedef struct {
	erpsync_error_code code;
	char   message[ERPSYNC_ERR_MSG_LEN];
	char   kind[32];                          /* transport: dns|connect|tls|timeout|reset|other */
	int    status;                            /* http status, 0 when none */
	bool   retryable;
	double retry_after;                       /* seconds, rate limited */
	char   json_path[ERPSYNC_ERR_SHORT_LEN];  /* protocol: e.g. $.items[3].sku */
	char   field[ERPSYNC_ERR_SHORT_LEN];      /* validation: the field at fault */
	char   subject[ERPSYNC_ERR_SHORT_LEN];    /* validation: e.g. "order 1234", "product SKU-1" */
	char   excerpt[ERPSYNC_ERR_EXCERPT_LEN];  /* http: body excerpt, already redacted */
} erpsync_error;

void erpsync_error_clear(erpsync_error *err);
bool erpsync_error_isset(const erpsync_error *err);
void erpsync_error_set(erpsync_error *err, erpsync_error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void erpsync_error_vset(erpsync_error *err, erpsync_error_code code, const char *fmt, va_list ap);
void erpsync_error_transport(erpsync_error *err, const char *kind, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void erpsync_error_protocol(erpsync_error *err, const char *json_path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void erpsync_error_validation(erpsync_error *err, const char *subject, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Copies at most ERPSYNC_ERR_EXCERPT_LEN-1 bytes, cut on a UTF-8 boundary. */
void erpsync_error_set_excerpt(erpsync_error *err, const char *body, size_t len);
/* Copy a string into a fixed buffer, truncating on a UTF-8 character boundary. */
void erpsync_strlcpy_utf8(char *dst, size_t dstsize, const char *src, size_t srclen);

#endif
