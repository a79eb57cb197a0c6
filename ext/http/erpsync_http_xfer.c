/*
 * One libcurl transfer (zval-free): the reply's body and header buffers (size cap, last response only), the
 * request's header lines (defaults, Accept, Content-Type, authentication) and the options of an easy handle.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "erpsync_http_internal.h"

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
	erpsync_http_xfer *x = ud;
	size_t n = size * nmemb;
	if (x->body.len + n > x->cap) {
		x->too_big = true;
		return 0;
	}
	if (!erpsync_buf_append(&x->body, ptr, n)) {
		return 0;
	}
	return n;
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *ud)
{
	erpsync_http_xfer *x = ud;
	size_t n = size * nmemb;
	if (n >= 5 && strncmp(ptr, "HTTP/", 5) == 0) {
		x->headers.len = 0; /* a new response (after 100 Continue / redirect): keep only the last */
		if (x->headers.p) {
			x->headers.p[0] = '\0';
		}
	}
	if (x->headers.len + n > 1024 * 1024) {
		return 0;
	}
	erpsync_buf_append(&x->headers, ptr, n);
	return n;
}
static bool has_header(const erpsync_http_kv *h, size_t n, const char *name)
{
	size_t i;
	for (i = 0; i < n; i++) {
		if (h[i].name && strcasecmp(h[i].name, name) == 0) {
			return true;
		}
	}
	return false;
}

struct curl_slist *erpsync_http_slist_add(struct curl_slist *l, const char *name, const char *value)
{
	size_t n = strlen(name) + strlen(value ? value : "") + 4;
	char *line = malloc(n);
	struct curl_slist *r;
	if (!line) {
		return l;
	}
	if (value && *value) {
		snprintf(line, n, "%s: %s", name, value);
	} else {
		snprintf(line, n, "%s;", name); /* curl: "Name;" sends an empty header */
	}
	r = curl_slist_append(l, line);
	free(line);
	return r ? r : l;
}

struct curl_slist *erpsync_http_build_headers(erpsync_http_client *c, const erpsync_http_kv *rh, size_t rn,
                                              bool has_body, const char *content_type)
{
	struct curl_slist *l = NULL;
	size_t i;
	const char *auth_name_end;
	for (i = 0; i < c->hcount; i++) {
		if (!has_header(rh, rn, c->hnames[i])) {
			l = erpsync_http_slist_add(l, c->hnames[i], c->hvalues[i]);
		}
	}
	for (i = 0; i < rn; i++) {
		l = erpsync_http_slist_add(l, rh[i].name, rh[i].value);
	}
	if (!has_header(rh, rn, "Accept")) {
		bool def = false;
		for (i = 0; i < c->hcount; i++) {
			def = def || strcasecmp(c->hnames[i], "Accept") == 0;
		}
		if (!def) {
			l = curl_slist_append(l, "Accept: application/json");
		}
	}
	if (has_body && !has_header(rh, rn, "Content-Type")) {
		l = erpsync_http_slist_add(l, "Content-Type", content_type && *content_type ? content_type : "application/json");
	}
	l = curl_slist_append(l, "Expect:");
	if (c->auth_header) {
		auth_name_end = strchr(c->auth_header, ':');
		if (auth_name_end) {
			char name[128];
			size_t n = (size_t) (auth_name_end - c->auth_header);
			snprintf(name, sizeof(name), "%.*s", (int) n, c->auth_header);
			if (!has_header(rh, rn, name)) {
				l = curl_slist_append(l, c->auth_header);
			}
		}
	} else if (c->auth_type == ERPSYNC_HTTP_AUTH_LOGIN && c->login_token && !has_header(rh, rn, "Authorization")) {
		size_t n = strlen(c->login_token) + 32;
		char *line = malloc(n);
		if (line) {
			struct curl_slist *nl;
			snprintf(line, n, "Authorization: Bearer %s", c->login_token);
			nl = curl_slist_append(l, line);
			l = nl ? nl : l;
			free(line);
		}
	}
	return l;
}

/* What every connection of the client gets, on either path: no signals, the connect and overall timeouts, TLS
 * verification and CA file, TCP keep-alive, http/https only. */
void erpsync_http_connection_options(const erpsync_http_client *c, CURL *e, long timeout_ms)
{
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, c->verify_tls ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, c->verify_tls ? 2L : 0L);
	if (c->ca_file) {
		curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file);
	}
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
}

void erpsync_http_setup_easy(erpsync_http_client *c, CURL *e, const char *method, const char *url,
                             struct curl_slist *hdrs, const char *body, size_t body_len, long timeout_ms,
                             erpsync_http_xfer *x, char *errbuf)
{
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_SHARE, c->share);
	erpsync_http_connection_options(c, e, timeout_ms > 0 ? timeout_ms : c->timeout_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	if (c->proxy) {
		curl_easy_setopt(e, CURLOPT_PROXY, c->proxy);
	}
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t) c->max_response_bytes);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	if (c->auth_type == ERPSYNC_HTTP_AUTH_BASIC) {
		curl_easy_setopt(e, CURLOPT_HTTPAUTH, (long) CURLAUTH_BASIC);
		curl_easy_setopt(e, CURLOPT_USERNAME, c->username);
		curl_easy_setopt(e, CURLOPT_PASSWORD, c->password);
	}
	if (strcasecmp(method, "GET") == 0 && !body) {
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	} else if (strcasecmp(method, "HEAD") == 0) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else {
		if (strcasecmp(method, "POST") != 0) {
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, method);
		}
		if (body || strcasecmp(method, "POST") == 0) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) (body ? body_len : 0));
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, body ? body : "");
		}
	}
	errbuf[0] = '\0';
	x->cap = c->max_response_bytes;
}
