/*
 * What a reply means (zval-free): transport failures and HTTP statuses mapped to errors (messages, retryable),
 * which statuses and methods may be retried, reply headers, and how long the server asks us to wait
 * (Retry-After, X-Rate-Limit-*).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "erpsync_http_internal.h"

/* Longest wait a server can ask for (Retry-After, X-Rate-Limit-Reset): one day. Longer, infinite or
 * unparsable-but-numeric values are taken as this; a request never sleeps for it (see hold_exceeds). */
#define MAX_SERVER_WAIT_S 86400.0

/* ---------------------------------------------------------------------- reply headers */

static bool header_value(const char *block, size_t blen, const char *name, char *buf, size_t bufsize)
{
	size_t nl = strlen(name);
	const char *p = block, *end = block + blen;
	bool found = false;
	if (!block) {
		return false;
	}
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t) (end - p));
		const char *le = eol ? eol : end;
		if ((size_t) (le - p) > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
			const char *v = p + nl + 1;
			const char *ve = le;
			while (v < ve && (*v == ' ' || *v == '\t')) {
				v++;
			}
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t')) {
				ve--;
			}
			if (bufsize) {
				size_t n = (size_t) (ve - v) < bufsize - 1 ? (size_t) (ve - v) : bufsize - 1;
				memcpy(buf, v, n);
				buf[n] = '\0';
			}
			found = true; /* the last one wins */
		}
		p = eol ? eol + 1 : end;
	}
	return found;
}

bool erpsync_http_response_header(const erpsync_http_response *res, const char *name, char *buf, size_t bufsize)
{
	return header_value(res->headers, res->headers_len, name, buf, bufsize);
}

void erpsync_http_response_dtor(erpsync_http_response *res)
{
	free(res->body);
	free(res->headers);
	res->body = NULL;
	res->headers = NULL;
	res->body_len = res->headers_len = 0;
}

/* ---------------------------------------------------------------------- error mapping */

void erpsync_http_transport_error(erpsync_error *err, CURLcode rc, const char *url, const char *errbuf,
                                  long timeout_ms, double connect_time, erpsync_http_client *c, bool too_big, long os_errno)
{
	char hp[300];
	erpsync_http_url_hostport(url, hp, sizeof(hp));
	if (too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		erpsync_error_set(err, ERPSYNC_E_PROTOCOL, "The reply from %s is larger than the limit of %zu bytes (erpsync.max_response_bytes / max_response_bytes); the transfer was stopped",
			hp, c->max_response_bytes);
		snprintf(err->json_path, sizeof(err->json_path), "$");
		return;
	}
	switch (rc) {
		case CURLE_COULDNT_RESOLVE_HOST:
			erpsync_error_transport(err, "dns", "Could not find the server %s (DNS lookup failed)", hp);
			err->retryable = false;
			break;
		case CURLE_COULDNT_RESOLVE_PROXY:
			erpsync_error_transport(err, "dns", "Could not find the proxy server (DNS lookup failed)");
			err->retryable = false;
			break;
		case CURLE_COULDNT_CONNECT: {
			const char *why = "connection failed";
			if (os_errno == ECONNREFUSED || strcasestr(errbuf, "refused")) {
				why = "connection refused";
			} else if (os_errno == ENETUNREACH || os_errno == EHOSTUNREACH || strcasestr(errbuf, "unreachable")) {
				why = "network unreachable";
			} else if (strcasestr(errbuf, "timed out")) {
				why = "connection timed out";
			}
			erpsync_error_transport(err, "connect", "Could not connect to %s (%s)", hp, why);
			break;
		}
		case CURLE_OPERATION_TIMEDOUT:
			if (connect_time <= 0) {
				erpsync_error_transport(err, "timeout", "Timed out connecting to %s (no connection within %ld ms)", hp,
					c->connect_timeout_ms < timeout_ms ? c->connect_timeout_ms : timeout_ms);
			} else {
				erpsync_error_transport(err, "timeout", "%s did not answer within %ld ms (timeout)", hp, timeout_ms);
			}
			break;
		case CURLE_SSL_CONNECT_ERROR:
		case CURLE_PEER_FAILED_VERIFICATION:
		case CURLE_SSL_CERTPROBLEM:
		case CURLE_SSL_CIPHER:
		case CURLE_SSL_CACERT_BADFILE:
		case CURLE_SSL_ISSUER_ERROR:
		case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
		case CURLE_SSL_INVALIDCERTSTATUS:
			erpsync_error_transport(err, "tls", "Secure (TLS) connection to %s failed: %s", hp,
				rc == CURLE_PEER_FAILED_VERIFICATION ? "the server's certificate could not be verified" : curl_easy_strerror(rc));
			err->retryable = false;
			break;
		case CURLE_RECV_ERROR:
		case CURLE_SEND_ERROR:
		case CURLE_GOT_NOTHING:
		case CURLE_PARTIAL_FILE:
		case CURLE_HTTP2:
		case CURLE_HTTP2_STREAM:
			erpsync_error_transport(err, "reset", "The connection to %s was closed before the reply was complete (%s)",
				hp, rc == CURLE_GOT_NOTHING ? "empty reply" : rc == CURLE_PARTIAL_FILE ? "reply cut short" : "connection reset");
			break;
		default:
			erpsync_error_transport(err, "other", "Request to %s failed: %s", hp, curl_easy_strerror(rc));
			err->retryable = false;
			break;
	}
}

static const char *reason_phrase(long s)
{
	switch (s) {
		case 400: return "Bad Request";
		case 401: return "Unauthorized";
		case 403: return "Forbidden";
		case 404: return "Not Found";
		case 405: return "Method Not Allowed";
		case 408: return "Request Timeout";
		case 409: return "Conflict";
		case 410: return "Gone";
		case 413: return "Payload Too Large";
		case 415: return "Unsupported Media Type";
		case 422: return "Unprocessable Entity";
		case 425: return "Too Early";
		case 429: return "Too Many Requests";
		case 500: return "Internal Server Error";
		case 502: return "Bad Gateway";
		case 503: return "Service Unavailable";
		case 504: return "Gateway Timeout";
		default:  return s >= 500 ? "server error" : "client error";
	}
}

static bool status_retryable(long s)
{
	return s == 408 || s == 425 || s == 429 || s == 500 || s == 502 || s == 503 || s == 504;
}

bool erpsync_http_status_retry_auto(long s)
{
	return s == 429 || s == 502 || s == 503 || s == 504;
}

bool erpsync_http_method_idempotent(const char *m, bool marked)
{
	if (marked) {
		return true;
	}
	return strcasecmp(m, "GET") == 0 || strcasecmp(m, "HEAD") == 0 || strcasecmp(m, "PUT") == 0
		|| strcasecmp(m, "DELETE") == 0 || strcasecmp(m, "OPTIONS") == 0;
}

void erpsync_http_status_error(erpsync_http_client *c, erpsync_error *err, const char *method, const char *redacted_url,
                               long status, const char *body, size_t body_len)
{
	char *red = erpsync_http_redact_text(c, body, body_len > 4096 ? 4096 : body_len, NULL);
	const char *path = strstr(redacted_url, "://");
	path = path ? strchr(path + 3, '/') : NULL;
	erpsync_error_set(err, ERPSYNC_E_HTTP, "%s %s answered HTTP %ld (%s)", method, path ? path : redacted_url,
		status, reason_phrase(status));
	err->status = (int) status;
	err->retryable = status_retryable(status);
	erpsync_error_set_excerpt(err, red, strlen(red));
	free(red);
}

/* Seconds the server asks us to wait: Retry-After (seconds or HTTP date) or X-Rate-Limit-Reset when
 * X-Rate-Limit-Remaining is 0. -1 when the reply says nothing. */
double erpsync_http_server_wait(const char *headers, size_t hlen, bool is_429)
{
	char v[128];
	double w = -1;
	if (header_value(headers, hlen, "Retry-After", v, sizeof(v)) && v[0]) {
		char *end;
		double s = strtod(v, &end);
		if (end != v && *end == '\0') {
			w = s < 0 ? 0 : s;
		} else {
			time_t t = curl_getdate(v, NULL);
			if (t != (time_t) -1) {
				w = (double) t - erpsync_http_now_wall();
				if (w < 0) {
					w = 0;
				}
			}
		}
	}
	if (w < 0) {
		char rem[64];
		double r;
		bool has_rem = header_value(headers, hlen, "X-Rate-Limit-Remaining", rem, sizeof(rem));
		if ((is_429 || (has_rem && atof(rem) <= 0 && rem[0] == '0'))
		    && header_value(headers, hlen, "X-Rate-Limit-Reset", v, sizeof(v)) && v[0]) {
			r = strtod(v, NULL);
			if (r != r) {
				r = MAX_SERVER_WAIT_S; /* nan */
			} else if (r > 1e9) {
				r = r - erpsync_http_now_wall(); /* epoch seconds */
			} else if (r > 1e6) {
				r = r / 1000.0; /* milliseconds */
			}
			w = r < 0 ? 0 : r;
		}
	}
	if (w != w || w > MAX_SERVER_WAIT_S) {
		w = MAX_SERVER_WAIT_S; /* "inf", "1e308", "nan", a date years ahead */
	}
	return w;
}
