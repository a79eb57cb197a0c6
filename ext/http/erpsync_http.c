/*
 * HTTP transport engine on libcurl (zval-free): client, retries with backoff, Retry-After and
 * X-Rate-Limit-*, client-side rate limiter, login-token auth, parallel requests through curl
 * multi, connection reuse (curl share + pooled easy handles), request-log hook, pagination.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <stdint.h>
#include <json-c/json.h>
#include "erpsync_http_internal.h"
#include "json/erpsync_json_engine.h"

#define DEFAULT_CONNECT_MS 5000
#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_MAX_BYTES ((size_t) 64 * 1024 * 1024)
/* Longest wait a server can ask for (Retry-After, X-Rate-Limit-Reset): one day. Longer, infinite or
 * unparsable-but-numeric values are taken as this; a request never sleeps for it (see hold_exceeds). */
#define MAX_SERVER_WAIT_S 86400.0

/* ------------------------------------------------------------------------------ buffers */

bool erpsync_buf_append(erpsync_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *np;
		while (cap < b->len + n + 1) {
			cap *= 2;
		}
		np = realloc(b->p, cap);
		if (!np) {
			return false;
		}
		b->p = np;
		b->cap = cap;
	}
	if (n) {
		memcpy(b->p + b->len, s, n);
	}
	b->len += n;
	b->p[b->len] = '\0';
	return true;
}

void erpsync_buf_free(erpsync_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static double now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static double now_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static void sleep_s(double s)
{
	struct timespec ts;
	if (s <= 0) {
		return;
	}
	ts.tv_sec = (time_t) s;
	ts.tv_nsec = (long) ((s - (double) ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {
	}
}

/* true when s holds a byte that would end or split a header line (CR, LF, NUL is impossible here, other controls) */
static bool has_ctl(const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char) *s;
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			return true;
		}
	}
	return false;
}

static void add_secret(erpsync_http_client *c, const char *s)
{
	char **ns;
	if (!s || strlen(s) < 4) {
		return;
	}
	ns = realloc(c->secrets, (c->secret_count + 1) * sizeof(char *));
	if (!ns) {
		return;
	}
	c->secrets = ns;
	c->secrets[c->secret_count] = strdup(s);
	if (c->secrets[c->secret_count]) {
		c->secret_count++;
	}
}

/* ------------------------------------------------------------------------------ client */

static bool url_origin(const char *url, char *out, size_t outsize, bool *has_user);

erpsync_http_client *erpsync_http_client_new(const erpsync_http_config *cfg, erpsync_error *err)
{
	erpsync_http_client *c;
	size_t i;
	const erpsync_http_auth *a = &cfg->auth;

	if (!cfg->base_url || (strncasecmp(cfg->base_url, "http://", 7) != 0 && strncasecmp(cfg->base_url, "https://", 8) != 0)) {
		erpsync_error_validation(err, "http client", "base_url", "base_url must be an http:// or https:// URL");
		return NULL;
	}
	if (has_ctl(cfg->base_url)) {
		erpsync_error_validation(err, "http client", "base_url", "base_url contains a control character (CR/LF)");
		return NULL;
	}
	for (i = 0; i < cfg->header_count; i++) {
		if (!cfg->headers[i].name || !*cfg->headers[i].name || has_ctl(cfg->headers[i].name) || strpbrk(cfg->headers[i].name, ":; ")) {
			erpsync_error_validation(err, "http client", "headers", "headers: a header name is empty or contains ':', ';', a space or a control character");
			return NULL;
		}
		if (has_ctl(cfg->headers[i].value)) {
			erpsync_error_validation(err, "http client", "headers", "headers: the value of %.100s contains a control character (CR/LF would add a header line)",
				cfg->headers[i].name);
			return NULL;
		}
	}
	{
		const char *bad = has_ctl(a->token) ? "auth.token" : has_ctl(a->key) ? "auth.key" : has_ctl(a->username) ? "auth.username"
			: has_ctl(a->password) ? "auth.password" : has_ctl(a->header_name) ? "auth.header" : has_ctl(a->prefix) ? "auth.prefix"
			: has_ctl(a->login_path) ? "auth.path" : has_ctl(cfg->user_agent) ? "user_agent" : NULL;
		if (bad) {
			erpsync_error_validation(err, "http client", bad, "%s contains a control character (CR/LF would add a header line)", bad);
			return NULL;
		}
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory creating the HTTP client");
		return NULL;
	}
	c->base_url = strdup(cfg->base_url);
	if (!c->base_url) {
		goto oom;
	}
	if (cfg->header_count) {
		c->hnames = calloc(cfg->header_count, sizeof(char *));
		c->hvalues = calloc(cfg->header_count, sizeof(char *));
		if (!c->hnames || !c->hvalues) {
			goto oom;
		}
		c->hcount = cfg->header_count;
		for (i = 0; i < cfg->header_count; i++) {
			c->hnames[i] = xstrdup(cfg->headers[i].name);
			c->hvalues[i] = xstrdup(cfg->headers[i].value ? cfg->headers[i].value : "");
			if (!c->hnames[i] || !c->hvalues[i]) {
				goto oom;
			}
			if (erpsync_http_name_is_secret(cfg->headers[i].name, strlen(cfg->headers[i].name))) {
				add_secret(c, cfg->headers[i].value);
			}
		}
	}
	c->auth_type = a->type;
	switch (a->type) {
		case ERPSYNC_HTTP_AUTH_BEARER: {
			size_t n = strlen(a->token ? a->token : "") + 32;
			c->auth_header = malloc(n);
			if (!c->auth_header) {
				goto oom;
			}
			snprintf(c->auth_header, n, "Authorization: Bearer %s", a->token ? a->token : "");
			add_secret(c, a->token);
			break;
		}
		case ERPSYNC_HTTP_AUTH_APIKEY: {
			const char *hn = a->header_name && *a->header_name ? a->header_name : "Authorization";
			const char *pf = a->prefix ? a->prefix : "ApiKey";
			size_t n = strlen(hn) + strlen(pf) + strlen(a->key ? a->key : "") + 8;
			c->auth_header = malloc(n);
			if (!c->auth_header) {
				goto oom;
			}
			snprintf(c->auth_header, n, "%s: %s%s%s", hn, pf, *pf ? " " : "", a->key ? a->key : "");
			add_secret(c, a->key);
			break;
		}
		case ERPSYNC_HTTP_AUTH_BASIC:
			c->username = xstrdup(a->username ? a->username : "");
			c->password = xstrdup(a->password ? a->password : "");
			if (!c->username || !c->password) {
				goto oom;
			}
			add_secret(c, a->password);
			break;
		case ERPSYNC_HTTP_AUTH_LOGIN:
			c->login_path = xstrdup(a->login_path ? a->login_path : "");
			c->login_body = xstrdup(a->login_body ? a->login_body : "{}");
			if (!c->login_path || !c->login_body) {
				goto oom;
			}
			if (a->token_fields && a->token_field_count) {
				c->token_fields = calloc(a->token_field_count, sizeof(char *));
				if (!c->token_fields) {
					goto oom;
				}
				c->token_field_count = a->token_field_count;
				for (i = 0; i < a->token_field_count; i++) {
					c->token_fields[i] = xstrdup(a->token_fields[i] ? a->token_fields[i] : "");
					if (!c->token_fields[i]) {
						goto oom;
					}
				}
			} else {
				static const char *const def[] = { "apiKey", "ApiKey", "apikey" };
				c->token_fields = calloc(3, sizeof(char *));
				if (!c->token_fields) {
					goto oom;
				}
				c->token_field_count = 3;
				for (i = 0; i < 3; i++) {
					c->token_fields[i] = strdup(def[i]);
					if (!c->token_fields[i]) {
						goto oom;
					}
				}
			}
			c->token_lifetime_s = a->token_lifetime_s > 0 ? a->token_lifetime_s : 29 * 60;
			c->token_lifetime_explicit = a->token_lifetime_s > 0;
			break;
		default:
			break;
	}
	for (i = 0; i < a->secret_count; i++) {
		add_secret(c, a->secrets[i]);
	}
	c->connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : DEFAULT_CONNECT_MS;
	c->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : DEFAULT_TIMEOUT_MS;
	c->max_response_bytes = cfg->max_response_bytes > 0 ? cfg->max_response_bytes : DEFAULT_MAX_BYTES;
	c->verify_tls = cfg->verify_tls;
	c->ca_file = cfg->ca_file && *cfg->ca_file ? strdup(cfg->ca_file) : NULL;
	c->proxy = cfg->proxy && *cfg->proxy ? strdup(cfg->proxy) : NULL;
	if (cfg->user_agent) {
		c->user_agent = strdup(cfg->user_agent);
	} else {
		char ua[128];
		snprintf(ua, sizeof(ua), "erpsync/%s (libcurl/%s)", cfg->version ? cfg->version : "0",
			curl_version_info(CURLVERSION_NOW)->version);
		c->user_agent = strdup(ua);
	}
	if (!c->user_agent || (cfg->ca_file && *cfg->ca_file && !c->ca_file) || (cfg->proxy && *cfg->proxy && !c->proxy)) {
		goto oom;
	}
	c->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : 3;
	c->base_delay_ms = cfg->base_delay_ms > 0 ? cfg->base_delay_ms : 200;
	c->max_delay_ms = cfg->max_delay_ms > 0 ? cfg->max_delay_ms : 10000;
	c->max_total_delay_ms = cfg->max_total_delay_ms > 0 ? cfg->max_total_delay_ms : 30000;
	c->rate_per_second = cfg->rate_per_second > 0 ? cfg->rate_per_second : 0;
	c->rate_per_minute = cfg->rate_per_minute > 0 ? cfg->rate_per_minute : 0;
	c->bucket_s = c->rate_per_second < 1 ? 1 : c->rate_per_second;
	c->bucket_m = c->rate_per_minute < 1 ? 1 : c->rate_per_minute;
	c->bucket_last = now_mono();
	c->rng = ((unsigned long long) (now_wall() * 1e6)) ^ ((unsigned long long) (uintptr_t) c << 16) ^ 0x9E3779B97F4A7C15ULL;
	if (!c->rng) {
		c->rng = 88172645463325252ULL;
	}
	c->log = cfg->log;
	c->log_userdata = cfg->log_userdata;
	c->log_body_bytes = cfg->log_body_bytes;

	c->lean = !cfg->no_lean;
	c->base_origin_ok = url_origin(c->base_url, c->base_origin, sizeof(c->base_origin), &c->base_has_user);
	{
		/* plain: the authority (after "://", up to the first / ? #) holds only host-name, IP-literal and port
		 * characters, so a "/" or "?" after it cannot move the request to another origin */
		const char *a = strstr(c->base_url, "://");
		size_t an = a ? strcspn(a + 3, "/?#") : 0;
		c->base_plain = a && an && strspn(a + 3, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == an;
	}
	c->multi = curl_multi_init();
	c->share = curl_share_init();
	if (!c->multi || !c->share) {
		erpsync_http_client_free(c);
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "libcurl could not create a transfer handle");
		return NULL;
	}
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, 32L);
	return c;

oom:
	erpsync_http_client_free(c);
	erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory creating the HTTP client");
	return NULL;
}

void erpsync_http_client_add_secret(erpsync_http_client *c, const char *secret)
{
	size_t i;
	if (!c || !secret) {
		return;
	}
	for (i = 0; i < c->secret_count; i++) {
		if (strcmp(c->secrets[i], secret) == 0) {
			return;
		}
	}
	add_secret(c, secret);
}

void erpsync_http_client_set_log(erpsync_http_client *c, erpsync_http_log_fn log, void *userdata)
{
	c->log = log;
	c->log_userdata = userdata;
}

long erpsync_http_client_connects(const erpsync_http_client *c)
{
	return c->connects;
}

void erpsync_http_client_free(erpsync_http_client *c)
{
	size_t i;
	if (!c) {
		return;
	}
	for (i = 0; i < c->pool_count; i++) {
		curl_easy_cleanup(c->pool[i]);
	}
	if (c->multi) {
		curl_multi_cleanup(c->multi);
	}
	erpsync_http_lean_close(c);
	if (0) {
	}
	if (c->share) {
		curl_share_cleanup(c->share);
	}
	for (i = 0; i < c->hcount; i++) {
		free(c->hnames[i]);
		free(c->hvalues[i]);
	}
	free(c->hnames);
	free(c->hvalues);
	for (i = 0; i < c->token_field_count; i++) {
		free(c->token_fields[i]);
	}
	free(c->token_fields);
	for (i = 0; i < c->secret_count; i++) {
		free(c->secrets[i]);
	}
	free(c->secrets);
	free(c->base_url);
	free(c->auth_header);
	free(c->username);
	free(c->password);
	free(c->login_path);
	free(c->login_body);
	free(c->login_token);
	free(c->ca_file);
	free(c->proxy);
	free(c->user_agent);
	free(c);
}

static CURL *easy_get(erpsync_http_client *c)
{
	if (c->pool_count) {
		CURL *e = c->pool[--c->pool_count];
		curl_easy_reset(e);
		return e;
	}
	return curl_easy_init();
}

static void easy_put(erpsync_http_client *c, CURL *e)
{
	if (!e) {
		return;
	}
	if (c->pool_count < sizeof(c->pool) / sizeof(c->pool[0])) {
		c->pool[c->pool_count++] = e;
	} else {
		curl_easy_cleanup(e);
	}
}

/* ---------------------------------------------------------------------------------- URLs */

static void url_hostport(const char *url, char *out, size_t outsize);

static void url_encode(erpsync_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char ch = (unsigned char) *s;
		if (isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
			erpsync_buf_append(b, (const char *) &ch, 1);
		} else {
			char e[3] = { '%', hex[ch >> 4], hex[ch & 15] };
			erpsync_buf_append(b, e, 3);
		}
	}
}

/* Scheme, host and port of an absolute URL (lower-case scheme and host, port with the scheme's default) and
 * whether it carries user info. false when curl's URL parser (the one the transfer uses) rejects it. */
static bool url_origin(const char *url, char *out, size_t outsize, bool *has_user)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL;
	bool ok = false;
	if (!u) {
		return false;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		size_t i;
		int n = snprintf(out, outsize, "%s://%s:%s", scheme, host, port);
		ok = n > 0 && (size_t) n < outsize;
		for (i = 0; ok && out[i]; i++) {
			out[i] = (char) tolower((unsigned char) out[i]);
		}
		*has_user = curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user && *user;
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_url_cleanup(u);
	return ok;
}

/* The request URL: base URL + path + query. A path must stay on the configured origin (scheme, host and
 * port of the base URL): a network-path reference ("//host", "\\host"), another scheme or host, user info
 * or a control character is refused (NULL + ValidationException naming `field`), so no credential of this
 * client is ever sent elsewhere. An absolute URL is accepted only on the same origin. */
static char *build_url(const erpsync_http_client *c, const char *path, const erpsync_http_kv *q, size_t qn,
                       const char *field, erpsync_error *err)
{
	erpsync_buf b = {0};
	size_t i;
	const char *why = NULL;
	bool absolute;
	path = path ? path : "";
	absolute = strncasecmp(path, "http://", 7) == 0 || strncasecmp(path, "https://", 8) == 0;
	for (i = 0; path[i]; i++) {
		unsigned char ch = (unsigned char) path[i];
		if (ch < 0x20 || ch == 0x7f) {
			why = "it contains a control character";
			break;
		}
	}
	if (!why && !absolute) {
		size_t seg = strcspn(path, "/?#\\");
		if ((path[0] == '/' || path[0] == '\\') && (path[1] == '/' || path[1] == '\\')) {
			why = "it starts with // (a reference to another host)";
		} else if (path[0] == '\\') {
			why = "it starts with a backslash";
		} else if (memchr(path, ':', seg) && (isalpha((unsigned char) path[0]))) {
			why = "it names a scheme (only a path on the configured server is allowed)";
		}
	}
	if (!why) {
		if (absolute) {
			erpsync_buf_append(&b, path, strlen(path));
		} else {
			size_t bl = strlen(c->base_url);
			bool bslash = bl && c->base_url[bl - 1] == '/';
			bool pslash = path[0] == '/';
			erpsync_buf_append(&b, c->base_url, bl - (bslash && pslash ? 1 : 0));
			if (*path && !bslash && !pslash && path[0] != '?') {
				erpsync_buf_append(&b, "/", 1);
			}
			erpsync_buf_append(&b, path, strlen(path));
		}
		for (i = 0; i < qn; i++) {
			erpsync_buf_append(&b, (i == 0 && !strchr(b.p, '?')) ? "?" : "&", 1);
			url_encode(&b, q[i].name ? q[i].name : "");
			erpsync_buf_append(&b, "=", 1);
			url_encode(&b, q[i].value ? q[i].value : "");
		}
		if (!erpsync_buf_append(&b, "", 0)) {
			erpsync_buf_free(&b);
			erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory building the request URL");
			return NULL;
		}
		if (!c->base_origin_ok) {
			why = "the base URL does not parse";
		} else if (absolute || !c->base_plain) {
			char got[512];
			bool gu = false;
			if (!url_origin(b.p, got, sizeof(got), &gu)) {
				why = "the URL it makes does not parse";
			} else if (strcmp(c->base_origin, got) != 0) {
				why = "it leads to another server than the base URL";
			} else if (gu && !c->base_has_user) {
				why = "it adds user info (user@) to the URL";
			}
		}
		/* else: a checked relative path after a plain base URL (see base_plain): the URL is the base URL's
		 * scheme and authority, then "/" or "?" — the base URL's origin, with nothing to parse again */
	}
	if (why) {
		char *rp = erpsync_http_redact_url_str(c, path);
		char hp[300], shown[201];
		url_hostport(c->base_url, hp, sizeof(hp));
		erpsync_strlcpy_utf8(shown, sizeof(shown), rp ? rp : "", rp ? strlen(rp) : 0); /* 200 bytes, whole characters */
		erpsync_error_validation(err, "http request", field, "%s \"%s\" is refused: %s; a path must stay on the configured server %s",
			field, shown, why, hp);
		free(rp);
		erpsync_buf_free(&b);
		return NULL;
	}
	return b.p;
}

char *erpsync_http_redacted_url(erpsync_http_client *c, const erpsync_http_request *req)
{
	erpsync_error e;
	char *u, *r;
	erpsync_error_clear(&e);
	u = build_url(c, req->path, req->query, req->query_count, "path", &e);
	if (!u) {
		return NULL;
	}
	r = erpsync_http_redact_url_str(c, u);
	free(u);
	return r;
}

/* "host:port" of a URL for messages (no credentials, no path). */
static void url_hostport(const char *url, char *out, size_t outsize)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	snprintf(out, outsize, "the server");
	if (!u) {
		return;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		snprintf(out, outsize, "%s:%s", host, port);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}

/* ----------------------------------------------------------------------------- transfers */

typedef struct {
	erpsync_buf body;
	erpsync_buf headers;
	size_t cap;
	bool too_big;
} xfer_bufs;

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *ud)
{
	xfer_bufs *x = ud;
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
	xfer_bufs *x = ud;
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

static struct curl_slist *slist_add(struct curl_slist *l, const char *name, const char *value)
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

static struct curl_slist *build_headers(erpsync_http_client *c, const erpsync_http_kv *rh, size_t rn,
                                        bool has_body, const char *content_type)
{
	struct curl_slist *l = NULL;
	size_t i;
	const char *auth_name_end;
	for (i = 0; i < c->hcount; i++) {
		if (!has_header(rh, rn, c->hnames[i])) {
			l = slist_add(l, c->hnames[i], c->hvalues[i]);
		}
	}
	for (i = 0; i < rn; i++) {
		l = slist_add(l, rh[i].name, rh[i].value);
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
		l = slist_add(l, "Content-Type", content_type && *content_type ? content_type : "application/json");
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

static void setup_easy(erpsync_http_client *c, CURL *e, const char *method, const char *url,
                       struct curl_slist *hdrs, const char *body, size_t body_len, long timeout_ms,
                       xfer_bufs *x, char *errbuf)
{
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_SHARE, c->share);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, c->connect_timeout_ms);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : c->timeout_ms);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->user_agent);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, c->verify_tls ? 1L : 0L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, c->verify_tls ? 2L : 0L);
	if (c->ca_file) {
		curl_easy_setopt(e, CURLOPT_CAINFO, c->ca_file);
	}
	if (c->proxy) {
		curl_easy_setopt(e, CURLOPT_PROXY, c->proxy);
	}
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
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

/* ---------------------------------------------------------------------- error mapping */

static void transport_error(erpsync_error *err, CURLcode rc, const char *url, const char *errbuf,
                            long timeout_ms, double connect_time, erpsync_http_client *c, bool too_big, long os_errno)
{
	char hp[300];
	url_hostport(url, hp, sizeof(hp));
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

static bool status_retry_auto(long s)
{
	return s == 429 || s == 502 || s == 503 || s == 504;
}

static bool method_idempotent(const char *m, bool marked)
{
	if (marked) {
		return true;
	}
	return strcasecmp(m, "GET") == 0 || strcasecmp(m, "HEAD") == 0 || strcasecmp(m, "PUT") == 0
		|| strcasecmp(m, "DELETE") == 0 || strcasecmp(m, "OPTIONS") == 0;
}

static void http_error(erpsync_http_client *c, erpsync_error *err, const char *method, const char *redacted_url,
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
static double server_wait(const char *headers, size_t hlen, bool is_429)
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
				w = (double) t - now_wall();
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
				r = r - now_wall(); /* epoch seconds */
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

/* ---------------------------------------------------------------------- rate limiter */

/* 0 when a request may start now (a token is taken), else seconds to wait. */
static double limiter_take(erpsync_http_client *c, double now)
{
	double dt = now - c->bucket_last, wait = 0;
	if (c->hold_until > now) {
		return c->hold_until - now;
	}
	if (c->rate_per_second <= 0 && c->rate_per_minute <= 0) {
		return 0;
	}
	c->bucket_last = now;
	if (c->rate_per_second > 0) {
		double cap = c->rate_per_second < 1 ? 1 : c->rate_per_second;
		c->bucket_s += dt * c->rate_per_second;
		if (c->bucket_s > cap) {
			c->bucket_s = cap;
		}
		if (c->bucket_s < 1) {
			wait = (1 - c->bucket_s) / c->rate_per_second;
		}
	}
	if (c->rate_per_minute > 0) {
		double cap = c->rate_per_minute < 1 ? 1 : c->rate_per_minute;
		double rps = c->rate_per_minute / 60.0;
		c->bucket_m += dt * rps;
		if (c->bucket_m > cap) {
			c->bucket_m = cap;
		}
		if (c->bucket_m < 1) {
			double w = (1 - c->bucket_m) / rps;
			wait = w > wait ? w : wait;
		}
	}
	if (wait > 0) {
		return wait + 0.0005;
	}
	if (c->rate_per_second > 0) {
		c->bucket_s -= 1;
	}
	if (c->rate_per_minute > 0) {
		c->bucket_m -= 1;
	}
	return 0;
}

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

static void emit_log(erpsync_http_client *c, const char *method, const char *url, long status, double dur,
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

/* ------------------------------------------------------------------------------ login */

static int b64url_decode(const char *in, size_t n, erpsync_buf *out)
{
	unsigned int acc = 0;
	int bits = 0;
	size_t i;
	for (i = 0; i < n; i++) {
		int v;
		char ch = in[i];
		if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
		else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
		else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
		else if (ch == '-' || ch == '+') v = 62;
		else if (ch == '_' || ch == '/') v = 63;
		else if (ch == '=') break;
		else return -1;
		acc = (acc << 6) | (unsigned int) v;
		bits += 6;
		if (bits >= 8) {
			char byte;
			bits -= 8;
			byte = (char) ((acc >> bits) & 0xFF);
			erpsync_buf_append(out, &byte, 1);
		}
	}
	erpsync_buf_append(out, "", 0);
	return 0;
}

/* exp claim of a JWT, or 0. */
static double jwt_exp(const char *tok)
{
	const char *d1 = strchr(tok, '.'), *d2;
	erpsync_buf b = {0};
	double exp = 0;
	json_object *o, *e;
	if (!d1 || !(d2 = strchr(d1 + 1, '.'))) {
		return 0;
	}
	if (b64url_decode(d1 + 1, (size_t) (d2 - d1 - 1), &b) == 0 && b.p) {
		o = json_tokener_parse(b.p);
		if (o && json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, "exp", &e)
		    && (json_object_is_type(e, json_type_int) || json_object_is_type(e, json_type_double))) {
			exp = json_object_get_double(e);
		}
		json_object_put(o);
	}
	erpsync_buf_free(&b);
	return exp;
}

static const char *find_token(erpsync_http_client *c, json_object *o)
{
	size_t i;
	json_object *v;
	if (json_object_is_type(o, json_type_string)) {
		return json_object_get_string(o);
	}
	if (!json_object_is_type(o, json_type_object)) {
		return NULL;
	}
	for (i = 0; i < c->token_field_count; i++) {
		if (json_object_object_get_ex(o, c->token_fields[i], &v) && json_object_is_type(v, json_type_string)
		    && json_object_get_string_len(v) > 0) {
			return json_object_get_string(v);
		}
	}
	if ((json_object_object_get_ex(o, "data", &v) || json_object_object_get_ex(o, "result", &v))
	    && json_object_is_type(v, json_type_object)) {
		return find_token(c, v);
	}
	return NULL;
}

static void drop_token(erpsync_http_client *c)
{
	if (c->login_token) {
		/* keep it in the redaction list: it may still appear in old replies */
		free(c->login_token);
		c->login_token = NULL;
	}
}

static int do_login(erpsync_http_client *c, erpsync_error *err)
{
	CURL *e = easy_get(c);
	xfer_bufs x;
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *h = NULL;
	char *url;
	CURLcode rc;
	long status = 0;
	double t0 = now_mono(), ct = 0;
	int ret = -1;
	erpsync_error aerr;

	erpsync_error_clear(&aerr);
	url = build_url(c, c->login_path, NULL, 0, "auth.path", err);
	if (!url) {
		easy_put(c, e);
		return -1;
	}
	if (!e) {
		free(url);
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "libcurl could not create a transfer handle");
		return -1;
	}
	memset(&x, 0, sizeof(x));
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	{
		/* default headers go along (e.g. a tenant header), never the old token */
		size_t i;
		for (i = 0; i < c->hcount; i++) {
			if (strcasecmp(c->hnames[i], "Authorization") != 0) {
				h = slist_add(h, c->hnames[i], c->hvalues[i]);
			}
		}
	}
	setup_easy(c, e, "POST", url, h, c->login_body, strlen(c->login_body), 0, &x, errbuf);
	rc = curl_easy_perform(e);
	{
		long nc = 0;
		curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &nc);
		c->connects += nc;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(e, CURLINFO_CONNECT_TIME, &ct);
	if (rc != CURLE_OK) {
		long oe = 0;
		curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &oe);
		transport_error(&aerr, rc, url, errbuf, c->timeout_ms, ct, c, x.too_big, oe);
		erpsync_error_set(err, aerr.code, "Login failed: %.900s", aerr.message);
		memcpy(err->kind, aerr.kind, sizeof(err->kind));
		err->retryable = aerr.retryable;
	} else if (status < 200 || status >= 300) {
		char *ru = erpsync_http_redact_url_str(c, url);
		http_error(c, &aerr, "POST", ru, status, x.body.p, x.body.len);
		free(ru);
		*err = aerr;
		if (status == 401 || status == 403) {
			snprintf(err->message, sizeof(err->message),
				"Login was refused (HTTP %ld): check the user name, password and other credentials", status);
		} else {
			char m[ERPSYNC_ERR_MSG_LEN];
			snprintf(m, sizeof(m), "Login failed: %.900s", aerr.message);
			memcpy(err->message, m, sizeof(m));
		}
	} else {
		json_object *o = x.body.p ? json_tokener_parse(x.body.p) : NULL;
		const char *tok = o ? find_token(c, o) : NULL;
		if (!tok) {
			erpsync_error_protocol(err, "$", "The login reply has no token (looked for the fields configured in auth.token_fields)");
		} else if (has_ctl(tok)) {
			add_secret(c, tok);
			erpsync_error_protocol(err, "$", "The login reply's token contains a control character (CR/LF would add a header line); it was not used");
		} else if (!(c->login_token = (free(c->login_token), strdup(tok)))) {
			erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory storing the login token");
		} else {
			double exp = jwt_exp(tok);
			add_secret(c, tok);
			if (exp > 0) {
				/* renew a little before exp: 30 s, or a quarter of a short lifetime */
				double left = exp - now_wall(), margin = left / 4 < 30 ? left / 4 : 30;
				c->token_expires = exp - (margin > 0 ? margin : 0);
			} else {
				c->token_expires = now_wall() + (double) c->token_lifetime_s;
			}
			if (c->token_lifetime_explicit && now_wall() + (double) c->token_lifetime_s < c->token_expires) {
				c->token_expires = now_wall() + (double) c->token_lifetime_s;
			}
			ret = 0;
		}
		json_object_put(o);
	}
	emit_log(c, "POST", url, status, now_mono() - t0, 1, h, c->login_body, strlen(c->login_body),
		x.body.p, x.body.len, &x.headers, ret == 0 ? NULL : err, false);
	curl_slist_free_all(h);
	erpsync_buf_free(&x.body);
	erpsync_buf_free(&x.headers);
	free(url);
	easy_put(c, e);
	return ret;
}

static int ensure_token(erpsync_http_client *c, erpsync_error *err)
{
	if (c->auth_type != ERPSYNC_HTTP_AUTH_LOGIN) {
		return 0;
	}
	if (c->login_token && now_wall() < c->token_expires) {
		return 0;
	}
	drop_token(c);
	return do_login(c, err);
}

/* ---------------------------------------------------------------------------- engine */

enum { JOB_WAIT = 0, JOB_RUN, JOB_DONE };

typedef struct {
	const erpsync_http_request *req;
	erpsync_http_response *res;
	erpsync_error *err;
	char *url;
	int state;
	int attempt;
	bool relogged;
	double first_start;
	double next_time;
	double total_delay;
	double attempt_start;
	CURL *easy;
	struct curl_slist *hdrs;
	xfer_bufs x;
	char errbuf[CURL_ERROR_SIZE];
} job;

static void job_release(erpsync_http_client *c, job *j)
{
	if (j->easy) {
		curl_multi_remove_handle(c->multi, j->easy);
		easy_put(c, j->easy);
		j->easy = NULL;
	}
	curl_slist_free_all(j->hdrs);
	j->hdrs = NULL;
}

static void job_finish(erpsync_http_client *c, job *j, double now)
{
	job_release(c, j);
	j->res->duration = now - j->first_start;
	j->res->attempts = j->attempt;
	j->state = JOB_DONE;
	free(j->url);
	j->url = NULL;
	erpsync_buf_free(&j->x.body);
	erpsync_buf_free(&j->x.headers);
}

static int job_start(erpsync_http_client *c, job *j, double now)
{
	const erpsync_http_request *r = j->req;
	if (ensure_token(c, j->err) != 0) {
		j->attempt++;
		if (j->attempt == 1) {
			j->first_start = now;
		}
		job_finish(c, j, now_mono());
		return -1;
	}
	j->attempt++;
	if (j->attempt == 1) {
		j->first_start = now;
	}
	erpsync_buf_free(&j->x.body);
	erpsync_buf_free(&j->x.headers);
	j->x.too_big = false;
	j->hdrs = build_headers(c, r->headers, r->header_count, r->body != NULL, r->content_type);
	j->easy = easy_get(c);
	if (!j->easy) {
		erpsync_error_set(j->err, ERPSYNC_E_GENERIC, "libcurl could not create a transfer handle");
		job_finish(c, j, now);
		return -1;
	}
	setup_easy(c, j->easy, r->method ? r->method : "GET", j->url, j->hdrs, r->body, r->body_len, r->timeout_ms,
		&j->x, j->errbuf);
	curl_easy_setopt(j->easy, CURLOPT_PRIVATE, j);
	/* A request that must not be repeated never rides on a reused connection: libcurl silently sends a
	 * request again when a reused connection dies before the first byte of the reply, and for a POST the
	 * back-office may already have processed (a "lost reply") that would be a second order. */
	curl_easy_setopt(j->easy, CURLOPT_FRESH_CONNECT, method_idempotent(r->method ? r->method : "GET", r->idempotent) ? 0L : 1L);
	j->attempt_start = now_mono();
	if (curl_multi_add_handle(c->multi, j->easy) != CURLM_OK) {
		erpsync_error_set(j->err, ERPSYNC_E_GENERIC, "libcurl could not start the transfer");
		easy_put(c, j->easy);
		j->easy = NULL;
		job_finish(c, j, now);
		return -1;
	}
	j->state = JOB_RUN;
	return 0;
}

static double backoff(erpsync_http_client *c, int attempt)
{
	double d = (double) c->base_delay_ms / 1000.0;
	int i;
	for (i = 1; i < attempt && d < 1e6; i++) {
		d *= 2;
	}
	if (d > (double) c->max_delay_ms / 1000.0) {
		d = (double) c->max_delay_ms / 1000.0;
	}
	/* jitter: 50%..100% of the step (xorshift per client, so processes do not retry in step) */
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return d * (0.5 + 0.5 * ((double) (c->rng >> 11) / 9007199254740992.0));
}

static void job_outcome(erpsync_http_client *c, job *j, CURLcode rc, const erpsync_http_lean_info *in);

/* a libcurl transfer ended: what it says, then the outcome */
static void job_done_transfer(erpsync_http_client *c, job *j, CURLcode rc)
{
	erpsync_http_lean_info in;
	memset(&in, 0, sizeof(in));
	curl_easy_getinfo(j->easy, CURLINFO_RESPONSE_CODE, &in.status);
	curl_easy_getinfo(j->easy, CURLINFO_CONNECT_TIME, &in.connect_time);
	curl_easy_getinfo(j->easy, CURLINFO_NUM_CONNECTS, &in.new_connects);
	if (rc != CURLE_OK) {
		curl_easy_getinfo(j->easy, CURLINFO_OS_ERRNO, &in.os_errno);
	}
	in.too_big = j->x.too_big;
	job_outcome(c, j, rc, &in);
}

/* A single GET/HEAD on the lean path (erpsync_http_lean.c), at once: false when it does not fit (the job then
 * goes through libcurl), true when it ran and its outcome is handled like a transfer's. */
static bool job_lean(erpsync_http_client *c, job *j, double now)
{
	const erpsync_http_request *r = j->req;
	const char *method = r->method ? r->method : "GET";
	erpsync_http_lean_info in;
	CURLcode rc;
	if ((strcasecmp(method, "GET") != 0 && strcasecmp(method, "HEAD") != 0) || r->body) {
		return false;
	}
	if (ensure_token(c, j->err) != 0) {
		j->attempt++;
		if (j->attempt == 1) {
			j->first_start = now;
		}
		job_finish(c, j, now_mono());
		return true;
	}
	erpsync_buf_free(&j->x.body);
	erpsync_buf_free(&j->x.headers);
	j->hdrs = build_headers(c, r->headers, r->header_count, false, r->content_type);
	j->attempt_start = now_mono();
	rc = erpsync_http_lean_exchange(c, method, j->url, j->hdrs, r->timeout_ms, &j->x.body, &j->x.headers, &in, j->errbuf);
	if (rc == CURLE_NOT_BUILT_IN) {
		curl_slist_free_all(j->hdrs);
		j->hdrs = NULL;
		return false;
	}
	j->attempt++;
	if (j->attempt == 1) {
		j->first_start = now;
	}
	j->x.too_big = in.too_big;
	job_outcome(c, j, rc, &in);
	return true;
}

static void job_outcome(erpsync_http_client *c, job *j, CURLcode rc, const erpsync_http_lean_info *in)
{
	const erpsync_http_request *r = j->req;
	const char *method = r->method ? r->method : "GET";
	double now = now_mono(), dur = now - j->attempt_start, ct = in->connect_time;
	long status = in->status;
	bool idem = method_idempotent(method, r->idempotent);
	bool retry = false;
	double delay = 0, sw = -1;
	erpsync_error aerr;

	erpsync_error_clear(&aerr);
	c->connects += in->new_connects;

	if (rc != CURLE_OK) {
		long tmo = r->timeout_ms > 0 ? r->timeout_ms : c->timeout_ms;
		transport_error(&aerr, rc, j->url, j->errbuf, tmo, ct, c, j->x.too_big, in->os_errno);
		status = 0;
		if (aerr.code == ERPSYNC_E_TRANSPORT && aerr.retryable) {
			/* a refused connection never carried the request: safe for any method */
			retry = idem || strcmp(aerr.kind, "connect") == 0;
		}
	} else {
		sw = server_wait(j->x.headers.p, j->x.headers.len, status == 429);
		if (sw > 0 && status >= 200 && status < 300) {
			/* remaining 0: hold the next requests of this client until the reset */
			if (now + sw > c->hold_until) {
				c->hold_until = now + sw;
			}
		}
		if (status >= 200 && status < 300) {
			/* success */
		} else if (status == 401 && c->auth_type == ERPSYNC_HTTP_AUTH_LOGIN && !j->relogged) {
			j->relogged = true;
			drop_token(c);
			{
				char *ru = erpsync_http_redact_url_str(c, j->url);
				http_error(c, &aerr, method, ru, status, j->x.body.p, j->x.body.len);
				free(ru);
			}
			emit_log(c, method, j->url, status, dur, j->attempt, j->hdrs, r->body, r->body_len,
				j->x.body.p, j->x.body.len, &j->x.headers, &aerr, true);
			job_release(c, j);
			j->attempt--; /* the re-login retry is not counted against max_attempts */
			j->state = JOB_WAIT;
			j->next_time = now;
			return;
		} else {
			char *ru = erpsync_http_redact_url_str(c, j->url);
			http_error(c, &aerr, method, ru, status, j->x.body.p, j->x.body.len);
			free(ru);
			if (status_retry_auto(status) && idem) {
				retry = true;
			}
			if (status == 429) {
				aerr.code = ERPSYNC_E_RATE_LIMITED;
				aerr.retry_after = sw >= 0 ? sw : backoff(c, j->attempt);
			}
			if (r->accept_any_status) {
				retry = retry && status_retry_auto(status);
			}
		}
	}

	if (retry && j->attempt < c->max_attempts) {
		delay = sw >= 0 ? sw : backoff(c, j->attempt);
		if (j->total_delay + delay > (double) c->max_total_delay_ms / 1000.0) {
			retry = false;
		}
	} else {
		retry = false;
	}
	emit_log(c, method, j->url, status, dur, j->attempt, j->hdrs, r->body, r->body_len,
		j->x.body.p, j->x.body.len, &j->x.headers, &aerr, retry);
	if (retry) {
		job_release(c, j);
		j->total_delay += delay;
		j->next_time = now + delay;
		if (status == 429 || status == 503) {
			/* the server is overloaded: hold the client's other requests as well */
			if (sw > 0 && j->next_time > c->hold_until) {
				c->hold_until = j->next_time;
			}
		}
		j->state = JOB_WAIT;
		return;
	}
	/* final outcome */
	j->res->status = status;
	if (rc == CURLE_OK) {
		j->res->body = j->x.body.p ? j->x.body.p : strdup("");
		j->res->body_len = j->x.body.len;
		j->res->headers = j->x.headers.p ? j->x.headers.p : strdup("");
		j->res->headers_len = j->x.headers.len;
		memset(&j->x.body, 0, sizeof(j->x.body));
		memset(&j->x.headers, 0, sizeof(j->x.headers));
		if (!j->res->body || !j->res->headers) {
			erpsync_http_response_dtor(j->res);
			erpsync_error_set(j->err, ERPSYNC_E_GENERIC, "Out of memory storing the reply");
			job_finish(c, j, now);
			return;
		}
	}
	if (erpsync_error_isset(&aerr) && !(rc == CURLE_OK && r->accept_any_status)) {
		if (aerr.code == ERPSYNC_E_RATE_LIMITED) {
			char m[ERPSYNC_ERR_MSG_LEN];
			snprintf(m, sizeof(m), "%.900s: rate limited after %d attempt%s, wait %.0f s before trying again", aerr.message,
				j->attempt, j->attempt == 1 ? "" : "s", ceil(aerr.retry_after));
			memcpy(aerr.message, m, sizeof(m));
		}
		*j->err = aerr;
	}
	job_finish(c, j, now);
}

/* The client is held (a server asked for no requests before hold_until). When that wait is longer than the
 * request may still wait (max_total_delay_ms less what it waited already), the request ends at once with a
 * RateLimitedException carrying the seconds, instead of a worker sleeping: true then. */
static bool hold_exceeds(erpsync_http_client *c, job *j, double now)
{
	double hold = c->hold_until - now;
	double allowed = (double) c->max_total_delay_ms / 1000.0 - j->total_delay;
	const char *method = j->req->method ? j->req->method : "GET";
	char *ru;
	const char *path;
	if (hold <= allowed) {
		return false;
	}
	ru = erpsync_http_redact_url_str(c, j->url);
	path = ru ? strstr(ru, "://") : NULL;
	path = path ? strchr(path + 3, '/') : NULL;
	erpsync_error_set(j->err, ERPSYNC_E_RATE_LIMITED,
		"%s %.300s: not sent, the server asked for no requests for %.0f s (Retry-After / X-Rate-Limit-Reset), longer than this request may wait (max_total_delay_ms %ld); wait %.0f s before trying again",
		method, path ? path : "/", ceil(hold), c->max_total_delay_ms, ceil(hold));
	j->err->retry_after = ceil(hold);
	j->err->retryable = true;
	free(ru);
	if (j->attempt == 0) {
		j->first_start = now;
	}
	job_finish(c, j, now);
	return true;
}

size_t erpsync_http_execute_many(erpsync_http_client *c, const erpsync_http_request *reqs, size_t n,
                                 size_t concurrency, erpsync_http_response *res, erpsync_error *err)
{
	job *jobs;
	size_t i, done = 0, running = 0, failures = 0;

	if (concurrency < 1) {
		concurrency = 1;
	}
	if (c->busy) {
		/* called again from its own log hook while transfers are running */
		for (i = 0; i < n; i++) {
			memset(&res[i], 0, sizeof(res[i]));
			erpsync_error_set(&err[i], ERPSYNC_E_GENERIC, "This HTTP client is busy: it cannot be used from its own request log callback");
		}
		return n;
	}
	c->busy = true;
	jobs = calloc(n ? n : 1, sizeof(job));
	if (!jobs) {
		c->busy = false;
		for (i = 0; i < n; i++) {
			erpsync_error_set(&err[i], ERPSYNC_E_GENERIC, "Out of memory");
		}
		return n;
	}
	for (i = 0; i < n; i++) {
		memset(&res[i], 0, sizeof(res[i]));
		erpsync_error_clear(&err[i]);
		jobs[i].req = &reqs[i];
		jobs[i].res = &res[i];
		jobs[i].err = &err[i];
		jobs[i].url = build_url(c, reqs[i].path, reqs[i].query, reqs[i].query_count, "path", &err[i]);
		jobs[i].state = jobs[i].url ? JOB_WAIT : JOB_DONE;
		if (!jobs[i].url) {
			done++;
		}
	}
	while (done < n) {
		double now = now_mono(), wake = now + 1.0;
		int still = 0;
		CURLMsg *msg;
		int left;
		size_t ended;

		for (i = 0; i < n && running < concurrency; i++) {
			job *j = &jobs[i];
			double w;
			if (j->state != JOB_WAIT) {
				continue;
			}
			if (j->next_time > now) {
				if (j->next_time < wake) {
					wake = j->next_time;
				}
				continue;
			}
			if (c->hold_until > now && hold_exceeds(c, j, now)) {
				done++;
				continue;
			}
			w = limiter_take(c, now);
			if (w > 0) {
				if (now + w < wake) {
					wake = now + w;
				}
				break; /* keep input order: later jobs wait for the same token */
			}
			if (n == 1 && c->lean && erpsync_http_lean_possible(c)) {
				j->x.too_big = false;
				if (job_lean(c, j, now)) {
					if (j->state == JOB_DONE) {
						done++;
					}
					now = now_mono();
					continue;
				}
			}
			if (job_start(c, j, now) == 0) {
				running++;
			} else {
				done++;
			}
			now = now_mono();
		}
		if (running == 0) {
			if (done < n && wake > now) {
				sleep_s(wake - now);
			}
			continue;
		}
		curl_multi_perform(c->multi, &still);
		ended = 0;
		while ((msg = curl_multi_info_read(c->multi, &left))) {
			if (msg->msg == CURLMSG_DONE) {
				job *j = NULL;
				CURLcode rc = msg->data.result;
				curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **) &j);
				running--;
				ended++;
				job_done_transfer(c, j, rc);
				if (j->state == JOB_DONE) {
					done++;
				}
			}
		}
		/* a transfer ended: refill its slot before waiting (the loop's top starts the next jobs) */
		if (done < n && running > 0 && ended == 0) {
			double t = (wake - now_mono()) * 1000.0;
			int tmo = t < 1 ? 1 : (t > 1000 ? 1000 : (int) t);
			curl_multi_poll(c->multi, NULL, 0, tmo, NULL);
		}
	}
	for (i = 0; i < n; i++) {
		if (erpsync_error_isset(&err[i])) {
			failures++;
		}
		free(jobs[i].url);
	}
	free(jobs);
	c->busy = false;
	return failures;
}

int erpsync_http_execute(erpsync_http_client *c, const erpsync_http_request *req,
                         erpsync_http_response *res, erpsync_error *err)
{
	erpsync_error e;
	erpsync_error_clear(&e);
	erpsync_http_execute_many(c, req, 1, 1, res, &e);
	if (erpsync_error_isset(&e)) {
		*err = e;
		return -1;
	}
	return 0;
}

/* -------------------------------------------------------------------------- pagination */

static json_object *find_items(json_object *o, const char *key)
{
	static const char *const keys[] = { "items", "data", "value", "result", "results", "Items", "Data", NULL };
	json_object *v;
	size_t i;
	if (json_object_is_type(o, json_type_array)) {
		return key ? NULL : o;
	}
	if (!json_object_is_type(o, json_type_object)) {
		return NULL;
	}
	if (key) {
		return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_array) ? v : NULL;
	}
	for (i = 0; keys[i]; i++) {
		if (json_object_object_get_ex(o, keys[i], &v)) {
			if (json_object_is_type(v, json_type_array)) {
				return v;
			}
			if (json_object_is_type(v, json_type_object)) {
				json_object *in = find_items(v, NULL);
				if (in) {
					return in;
				}
			}
		}
	}
	return NULL;
}

/* Parses a whole reply as JSON; protocol error naming what came instead. */
json_object *erpsync_http_parse_json_reply(const char *body, size_t len, const char *where, erpsync_error *err)
{
	erpsync_error pe;
	json_object *o;
	size_t i = 0;
	while (i < len && isspace((unsigned char) body[i])) {
		i++;
	}
	if (i == len) {
		erpsync_error_protocol(err, "$", "%s: the reply is empty, JSON was expected", where);
		return NULL;
	}
	if (body[i] == '<') {
		erpsync_error_protocol(err, "$", "%s: the reply is an HTML/XML page, not JSON", where);
		return NULL;
	}
	/* the same rules as ErpSync\Json::decode and Response::json() (erpsync_json_parse): strict UTF-8 (no
	 * overlong forms, no surrogates), no NaN/Infinity or numbers that overflow to them (1e999), depth limit,
	 * exact big integers */
	erpsync_error_clear(&pe);
	o = erpsync_json_parse(body, len, ERPSYNC_JSON_DEFAULT_DEPTH, 0, &pe);
	if (erpsync_error_isset(&pe)) {
		json_object_put(o);
		erpsync_error_protocol(err, pe.json_path, "%s: the reply is not valid JSON (%.800s)", where, pe.message);
		return NULL;
	}
	return o;
}

static long paginate(erpsync_http_client *c, const erpsync_http_request *req, const erpsync_http_pagination *pg,
                     erpsync_http_page_fn on_page, erpsync_http_raw_page_fn on_raw, void *ud, erpsync_error *err);

long erpsync_http_paginate(erpsync_http_client *c, const erpsync_http_request *req,
                           const erpsync_http_pagination *pg, erpsync_http_page_fn on_page, void *ud,
                           erpsync_error *err)
{
	return paginate(c, req, pg, on_page, NULL, ud, err);
}

long erpsync_http_paginate_raw(erpsync_http_client *c, const erpsync_http_request *req,
                               const erpsync_http_pagination *pg, erpsync_http_raw_page_fn on_page, void *ud,
                               erpsync_error *err)
{
	return paginate(c, req, pg, NULL, on_page, ud, err);
}

static long paginate(erpsync_http_client *c, const erpsync_http_request *req, const erpsync_http_pagination *pg,
                     erpsync_http_page_fn on_page, erpsync_http_raw_page_fn on_raw, void *ud, erpsync_error *err)
{
	static const char *const idx_def[] = { "start", "Segment", "BlockIndex", "page" };
	static const char *const size_def[] = { "num", "SegmentSize", "BlockSize", "pageSize" };
	static const long first_def[] = { 0, 1, 0, 1 };
	const char *ip = pg->index_param && *pg->index_param ? pg->index_param : idx_def[pg->style];
	const char *sp = pg->size_param && *pg->size_param ? pg->size_param : size_def[pg->style];
	const char *tk = pg->total_key && *pg->total_key ? pg->total_key : "totalcount";
	long first = pg->first_index >= 0 ? pg->first_index : first_def[pg->style];
	long total = 0, page;
	erpsync_http_kv *q = calloc(req->query_count + 2, sizeof(erpsync_http_kv));
	char ibuf[32], sbuf[32];

	if (!q) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory");
		return -1;
	}
	if (req->query_count) {
		memcpy(q, req->query, req->query_count * sizeof(erpsync_http_kv));
	}
	snprintf(sbuf, sizeof(sbuf), "%ld", pg->page_size);
	for (page = 0; pg->max_pages <= 0 || page < pg->max_pages; page++) {
		erpsync_http_request r = *req;
		erpsync_http_response res;
		json_object *o, *items, *tv;
		size_t count;
		long reported = -1;
		int rc;
		char where[64];

		snprintf(ibuf, sizeof(ibuf), "%ld", pg->style == ERPSYNC_HTTP_PAGE_OFFSET ? first + page * pg->page_size : first + page);
		q[req->query_count].name = ip;
		q[req->query_count].value = ibuf;
		q[req->query_count + 1].name = sp;
		q[req->query_count + 1].value = sbuf;
		r.query = q;
		r.query_count = req->query_count + 2;
		r.accept_any_status = false;
		memset(&res, 0, sizeof(res));
		if (erpsync_http_execute(c, &r, &res, err) != 0) {
			erpsync_http_response_dtor(&res);
			free(q);
			return -1;
		}
		if (on_raw) {
			/* the callback reads the body itself (no tree): it says how many items the page held */
			long cnt = 0;
			rc = on_raw(ud, res.body ? res.body : "", res.body_len, page, &cnt, &reported, err);
			erpsync_http_response_dtor(&res);
			if (rc < 0 || cnt < 0) {
				if (!erpsync_error_isset(err)) erpsync_error_set(err, ERPSYNC_E_PROTOCOL, "page %ld could not be read", page + 1);
				free(q);
				return -1;
			}
			total += cnt;
			if (rc > 0 || cnt == 0 || cnt < pg->page_size || (reported >= 0 && total >= reported)) break;
			continue;
		}
		snprintf(where, sizeof(where), "page %ld", page + 1);
		o = erpsync_http_parse_json_reply(res.body, res.body_len, where, err);
		erpsync_http_response_dtor(&res);
		if (erpsync_error_isset(err)) {
			free(q);
			return -1;
		}
		items = o ? find_items(o, pg->items_key && *pg->items_key ? pg->items_key : NULL) : NULL;
		if (!items) {
			erpsync_error_protocol(err, pg->items_key && *pg->items_key ? "$" : "$",
				"page %ld: the reply has no list of items (looked for %s)", page + 1,
				pg->items_key && *pg->items_key ? pg->items_key : "a bare array or items/data/value/result/results");
			json_object_put(o);
			free(q);
			return -1;
		}
		if (json_object_is_type(o, json_type_object) && json_object_object_get_ex(o, tk, &tv)
		    && (json_object_is_type(tv, json_type_int) || json_object_is_type(tv, json_type_string))) {
			reported = (long) json_object_get_int64(tv);
		}
		count = json_object_array_length(items);
		rc = count > 0 ? on_page(ud, items, page, err) : 0;
		total += (long) count;
		json_object_put(o);
		if (rc < 0) {
			free(q);
			return -1;
		}
		if (rc > 0 || count == 0 || (long) count < pg->page_size || (reported >= 0 && total >= reported)) {
			break;
		}
	}
	free(q);
	return total;
}
