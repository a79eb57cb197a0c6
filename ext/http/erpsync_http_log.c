/*
 * The request log (zval-free): one entry per attempt to the client's log hook, with the request's headers,
 * the reply's headers and both bodies redacted (secret-named headers masked, literal secrets replaced, bodies
 * cut to log_body_bytes on a character boundary).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include "erpsync_http_internal.h"

/* ------------------------------------------------------------------------------- log */

static char *headers_text(const erpsync_http_client *c, struct curl_slist *l)
{
	erpsync_buf b = {0};
	erpsync_buf_append(&b, "", 0);
	for (; l; l = l->next) {
		const char *colon = strchr(l->data, ':');
		const char *semi = strchr(l->data, ';');
		size_t nl = colon ? (size_t) (colon - l->data) : (semi ? (size_t) (semi - l->data) : strlen(l->data));
		if (colon && colon[1] == '\0') {
			continue; /* "Expect:" removes a header */
		}
		erpsync_buf_append(&b, l->data, nl);
		erpsync_buf_append(&b, ": ", 2);
		if (erpsync_http_name_is_secret(l->data, nl)) {
			erpsync_buf_append(&b, "[redacted]", 10);
		} else if (colon) {
			const char *v = colon + 1;
			char *r;
			while (*v == ' ') {
				v++;
			}
			r = erpsync_http_redact_url_str(c, v);
			erpsync_buf_append(&b, r, strlen(r));
			free(r);
		}
		erpsync_buf_append(&b, "\n", 1);
	}
	if (c->auth_type == ERPSYNC_HTTP_AUTH_BASIC) {
		erpsync_buf_append(&b, "Authorization: [redacted]\n", 26);
	}
	return b.p;
}

/* A reply header whose value is masked whatever it holds: Set-Cookie, Authorization-like and any secret-named one. */
static bool reply_header_masked(const char *name, size_t nl)
{
	char low[64];
	size_t i;
	if (erpsync_http_name_is_secret(name, nl)) {
		return true;
	}
	if (nl >= sizeof(low)) {
		return false;
	}
	for (i = 0; i < nl; i++) {
		low[i] = (char) tolower((unsigned char) name[i]);
	}
	low[nl] = '\0';
	return strstr(low, "cookie") != NULL || strstr(low, "authenticat") != NULL || strstr(low, "session") != NULL;
}

/* The reply's header lines ("Name: value\n", status line and blank lines left out) for the log: masked values for
 * the names above, every other value through the text redaction (secret-named query/JSON/form parts and the
 * client's literal secrets). At most ERPSYNC_HTTP_LOG_RESPONSE_HEADERS bytes, cut at a line end. NULL when out of
 * memory. */
#define ERPSYNC_HTTP_LOG_RESPONSE_HEADERS 8192
static char *response_headers_text(const erpsync_http_client *c, const char *block, size_t len)
{
	erpsync_buf b = {0};
	size_t i = 0;
	bool ok = erpsync_buf_append(&b, "", 0);
	while (ok && block && i < len) {
		const char *line = block + i;
		const char *nlp = memchr(line, '\n', len - i);
		size_t ll = nlp ? (size_t) (nlp - line) : len - i;
		const char *colon;
		size_t name_len, before = b.len;
		i += ll + (nlp ? 1 : 0);
		while (ll > 0 && (line[ll - 1] == '\r' || line[ll - 1] == ' ' || line[ll - 1] == '\t')) {
			ll--;
		}
		colon = ll ? memchr(line, ':', ll) : NULL;
		if (!colon || colon == line || (ll >= 5 && memcmp(line, "HTTP/", 5) == 0)) {
			continue;
		}
		name_len = (size_t) (colon - line);
		ok = erpsync_buf_append(&b, line, name_len) && erpsync_buf_append(&b, ": ", 2);
		if (ok && reply_header_masked(line, name_len)) {
			ok = erpsync_buf_append(&b, "[redacted]", 10);
		} else if (ok) {
			const char *v = colon + 1;
			size_t vl = ll - name_len - 1, rl = 0;
			char *r;
			while (vl > 0 && (*v == ' ' || *v == '\t')) {
				v++;
				vl--;
			}
			r = erpsync_http_redact_text(c, v, vl, &rl);
			ok = r && erpsync_buf_append(&b, r, rl);
			free(r);
		}
		ok = ok && erpsync_buf_append(&b, "\n", 1);
		if (ok && b.len > ERPSYNC_HTTP_LOG_RESPONSE_HEADERS) {
			b.len = before; /* this line would pass the cap: stop at the previous one */
			b.p[b.len] = '\0';
			break;
		}
	}
	if (!ok) {
		erpsync_buf_free(&b);
		return NULL;
	}
	return b.p;
}

static char *log_body(const erpsync_http_client *c, const char *body, size_t len, size_t *out_len)
{
	size_t lim = c->log_body_bytes;
	size_t take = len > 1024 * 1024 ? 1024 * 1024 : len;
	char *r = erpsync_http_redact_text(c, body, take, out_len);
	if (*out_len > lim) {
		size_t n = lim;
		while (n > 0 && ((unsigned char) r[n] & 0xC0) == 0x80) {
			n--;
		}
		r[n] = '\0';
		*out_len = n;
	}
	return r;
}

void erpsync_http_emit_log(erpsync_http_client *c, const char *method, const char *url, long status, double dur,
                           int attempt, struct curl_slist *hdrs, const char *rq, size_t rql, const char *rs, size_t rsl,
                           const erpsync_buf *rsh, const erpsync_error *aerr, bool will_retry)
{
	erpsync_http_log_entry e;
	char *ru, *rh, *rsht, *b1, *b2;
	size_t l1 = 0, l2 = 0;
	if (!c->log) {
		return;
	}
	ru = erpsync_http_redact_url_str(c, url);
	rh = headers_text(c, hdrs);
	rsht = response_headers_text(c, rsh ? rsh->p : NULL, rsh && rsh->p ? rsh->len : 0);
	b1 = log_body(c, rq, rq ? rql : 0, &l1);
	b2 = log_body(c, rs, rs ? rsl : 0, &l2);
	if (!ru || !rh || !rsht || !b1 || !b2) {
		/* out of memory: this attempt goes unlogged rather than half-redacted */
		free(ru);
		free(rh);
		free(rsht);
		free(b1);
		free(b2);
		return;
	}
	memset(&e, 0, sizeof(e));
	e.method = method;
	e.url = ru;
	e.status = status;
	e.duration = dur;
	e.attempt = attempt;
	e.request_headers = rh;
	e.response_headers = rsht;
	e.request_body = b1;
	e.request_body_len = l1;
	e.response_body = b2;
	e.response_body_len = l2;
	e.error = aerr && erpsync_error_isset(aerr) ? aerr->message : "";
	e.will_retry = will_retry;
	c->log(c->log_userdata, &e);
	free(ru);
	free(rh);
	free(rsht);
	free(b1);
	free(b2);
}
