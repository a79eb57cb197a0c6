/*
 * HTTP client (zval-free): the clock, header-safety checks, the client's configuration
 * (validation, authentication, limits and defaults, curl multi/share handles), its list of secrets and its pool
 * of easy handles. What a request does is in erpsync_http_engine.c; URLs in erpsync_http_url.c; the libcurl
 * transfer set-up in erpsync_http_xfer.c; replies and errors in erpsync_http_reply.c; the request log in
 * erpsync_http_log.c; login-token auth in erpsync_http_login.c; pagination in erpsync_http_page.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <stdint.h>
#include "erpsync_http_internal.h"

#define DEFAULT_CONNECT_MS 5000
#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_MAX_BYTES ((size_t) 64 * 1024 * 1024)

static char *xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

double erpsync_http_now_mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

double erpsync_http_now_wall(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* true when s holds a byte that would end or split a header line (CR, LF, NUL is impossible here, other controls) */
bool erpsync_http_has_ctl(const char *s)
{
	for (; s && *s; s++) {
		unsigned char ch = (unsigned char) *s;
		if ((ch < 0x20 && ch != '\t') || ch == 0x7f) {
			return true;
		}
	}
	return false;
}

void erpsync_http_add_secret(erpsync_http_client *c, const char *s)
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

/* The configuration can make no request line or header line other than its own (no CR/LF anywhere), and the base
 * URL is http(s). false + ValidationException naming the field otherwise. */
static bool config_valid(const erpsync_http_config *cfg, erpsync_error *err)
{
	const erpsync_http_auth *a = &cfg->auth;
	const char *bad;
	size_t i;
	if (!cfg->base_url || (strncasecmp(cfg->base_url, "http://", 7) != 0 && strncasecmp(cfg->base_url, "https://", 8) != 0)) {
		erpsync_error_validation(err, "http client", "base_url", "base_url must be an http:// or https:// URL");
		return false;
	}
	if (erpsync_http_has_ctl(cfg->base_url)) {
		erpsync_error_validation(err, "http client", "base_url", "base_url contains a control character (CR/LF)");
		return false;
	}
	for (i = 0; i < cfg->header_count; i++) {
		if (!cfg->headers[i].name || !*cfg->headers[i].name || erpsync_http_has_ctl(cfg->headers[i].name) || strpbrk(cfg->headers[i].name, ":; ")) {
			erpsync_error_validation(err, "http client", "headers", "headers: a header name is empty or contains ':', ';', a space or a control character");
			return false;
		}
		if (erpsync_http_has_ctl(cfg->headers[i].value)) {
			erpsync_error_validation(err, "http client", "headers", "headers: the value of %.100s contains a control character (CR/LF would add a header line)",
				cfg->headers[i].name);
			return false;
		}
	}
	bad = erpsync_http_has_ctl(a->token) ? "auth.token" : erpsync_http_has_ctl(a->key) ? "auth.key" : erpsync_http_has_ctl(a->username) ? "auth.username"
		: erpsync_http_has_ctl(a->password) ? "auth.password" : erpsync_http_has_ctl(a->header_name) ? "auth.header" : erpsync_http_has_ctl(a->prefix) ? "auth.prefix"
		: erpsync_http_has_ctl(a->login_path) ? "auth.path" : erpsync_http_has_ctl(cfg->user_agent) ? "user_agent" : NULL;
	if (bad) {
		erpsync_error_validation(err, "http client", bad, "%s contains a control character (CR/LF would add a header line)", bad);
		return false;
	}
	return true;
}

/* The default headers (secret-named ones' values join the secrets). false when out of memory. */
static bool copy_headers(erpsync_http_client *c, const erpsync_http_config *cfg)
{
	size_t i;
	if (!cfg->header_count) {
		return true;
	}
	c->hnames = calloc(cfg->header_count, sizeof(char *));
	c->hvalues = calloc(cfg->header_count, sizeof(char *));
	if (!c->hnames || !c->hvalues) {
		return false;
	}
	c->hcount = cfg->header_count;
	for (i = 0; i < cfg->header_count; i++) {
		c->hnames[i] = xstrdup(cfg->headers[i].name);
		c->hvalues[i] = xstrdup(cfg->headers[i].value ? cfg->headers[i].value : "");
		if (!c->hnames[i] || !c->hvalues[i]) {
			return false;
		}
		if (erpsync_http_name_is_secret(cfg->headers[i].name, strlen(cfg->headers[i].name))) {
			erpsync_http_add_secret(c, cfg->headers[i].value);
		}
	}
	return true;
}

/* Login auth: path, body, the fields the token is looked for in (default apiKey, ApiKey, apikey) and its
 * lifetime. false when out of memory. */
static bool login_setup(erpsync_http_client *c, const erpsync_http_auth *a)
{
	static const char *const def[] = { "apiKey", "ApiKey", "apikey" };
	const char *const *fields = a->token_fields && a->token_field_count ? a->token_fields : def;
	size_t i, n = a->token_fields && a->token_field_count ? a->token_field_count : 3;
	c->login_path = xstrdup(a->login_path ? a->login_path : "");
	c->login_body = xstrdup(a->login_body ? a->login_body : "{}");
	if (!c->login_path || !c->login_body) {
		return false;
	}
	c->token_fields = calloc(n, sizeof(char *));
	if (!c->token_fields) {
		return false;
	}
	c->token_field_count = n;
	for (i = 0; i < n; i++) {
		c->token_fields[i] = xstrdup(fields[i] ? fields[i] : "");
		if (!c->token_fields[i]) {
			return false;
		}
	}
	c->token_lifetime_s = a->token_lifetime_s > 0 ? a->token_lifetime_s : 29 * 60;
	c->token_lifetime_explicit = a->token_lifetime_s > 0;
	return true;
}

/* Authentication: the header line (bearer, API key), the user and password (basic) or the login set-up; every
 * credential joins the secrets. false when out of memory. */
static bool auth_setup(erpsync_http_client *c, const erpsync_http_auth *a)
{
	size_t i;
	c->auth_type = a->type;
	switch (a->type) {
		case ERPSYNC_HTTP_AUTH_BEARER: {
			size_t n = strlen(a->token ? a->token : "") + 32;
			c->auth_header = malloc(n);
			if (!c->auth_header) {
				return false;
			}
			snprintf(c->auth_header, n, "Authorization: Bearer %s", a->token ? a->token : "");
			erpsync_http_add_secret(c, a->token);
			break;
		}
		case ERPSYNC_HTTP_AUTH_APIKEY: {
			const char *hn = a->header_name && *a->header_name ? a->header_name : "Authorization";
			const char *pf = a->prefix ? a->prefix : "ApiKey";
			size_t n = strlen(hn) + strlen(pf) + strlen(a->key ? a->key : "") + 8;
			c->auth_header = malloc(n);
			if (!c->auth_header) {
				return false;
			}
			snprintf(c->auth_header, n, "%s: %s%s%s", hn, pf, *pf ? " " : "", a->key ? a->key : "");
			erpsync_http_add_secret(c, a->key);
			break;
		}
		case ERPSYNC_HTTP_AUTH_BASIC:
			c->username = xstrdup(a->username ? a->username : "");
			c->password = xstrdup(a->password ? a->password : "");
			if (!c->username || !c->password) {
				return false;
			}
			erpsync_http_add_secret(c, a->password);
			break;
		case ERPSYNC_HTTP_AUTH_LOGIN:
			if (!login_setup(c, a)) {
				return false;
			}
			break;
		default:
			break;
	}
	for (i = 0; i < a->secret_count; i++) {
		erpsync_http_add_secret(c, a->secrets[i]);
	}
	return true;
}

/* Connection: timeouts, response size limit, TLS, proxy, user agent. false when out of memory. */
static bool connection_setup(erpsync_http_client *c, const erpsync_http_config *cfg)
{
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
	return !(!c->user_agent || (cfg->ca_file && *cfg->ca_file && !c->ca_file) || (cfg->proxy && *cfg->proxy && !c->proxy));
}

/* Retries and their delays, the rate limiter's buckets, the jitter's seed, the log hook. */
static void pacing_setup(erpsync_http_client *c, const erpsync_http_config *cfg)
{
	c->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : 3;
	c->base_delay_ms = cfg->base_delay_ms > 0 ? cfg->base_delay_ms : 200;
	c->max_delay_ms = cfg->max_delay_ms > 0 ? cfg->max_delay_ms : 10000;
	c->max_total_delay_ms = cfg->max_total_delay_ms > 0 ? cfg->max_total_delay_ms : 30000;
	c->rate_per_second = cfg->rate_per_second > 0 ? cfg->rate_per_second : 0;
	c->rate_per_minute = cfg->rate_per_minute > 0 ? cfg->rate_per_minute : 0;
	c->bucket_s = c->rate_per_second < 1 ? 1 : c->rate_per_second;
	c->bucket_m = c->rate_per_minute < 1 ? 1 : c->rate_per_minute;
	c->bucket_last = erpsync_http_now_mono();
	c->rng = ((unsigned long long) (erpsync_http_now_wall() * 1e6)) ^ ((unsigned long long) (uintptr_t) c << 16) ^ 0x9E3779B97F4A7C15ULL;
	if (!c->rng) {
		c->rng = 88172645463325252ULL;
	}
	c->log = cfg->log;
	c->log_userdata = cfg->log_userdata;
	c->log_body_bytes = cfg->log_body_bytes;
}

/* What build_url needs to know of the base URL once: its origin, user info, and whether its authority is plain. */
static void base_url_facts(erpsync_http_client *c)
{
	/* plain: the authority (after "://", up to the first / ? #) holds only host-name, IP-literal and port
	 * characters, so a "/" or "?" after it cannot move the request to another origin */
	const char *a = strstr(c->base_url, "://");
	size_t an = a ? strcspn(a + 3, "/?#") : 0;
	c->base_origin_ok = erpsync_http_url_origin(c->base_url, c->base_origin, sizeof(c->base_origin), &c->base_has_user);
	c->base_plain = a && an && strspn(a + 3, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") == an;
}

/* The curl multi handle (parallel transfers) and the share handle (DNS, TLS sessions, connections). */
static bool curl_handles(erpsync_http_client *c)
{
	c->multi = curl_multi_init();
	c->share = curl_share_init();
	if (!c->multi || !c->share) {
		return false;
	}
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
	curl_share_setopt(c->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, 32L);
	return true;
}

erpsync_http_client *erpsync_http_client_new(const erpsync_http_config *cfg, erpsync_error *err)
{
	erpsync_http_client *c;
	if (!config_valid(cfg, err)) {
		return NULL;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory creating the HTTP client");
		return NULL;
	}
	c->base_url = strdup(cfg->base_url);
	if (!c->base_url || !copy_headers(c, cfg) || !auth_setup(c, &cfg->auth) || !connection_setup(c, cfg)) {
		erpsync_http_client_free(c);
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory creating the HTTP client");
		return NULL;
	}
	pacing_setup(c, cfg);
	c->lean = !cfg->no_lean;
	base_url_facts(c);
	if (!curl_handles(c)) {
		erpsync_http_client_free(c);
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "libcurl could not create a transfer handle");
		return NULL;
	}
	return c;
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
	erpsync_http_add_secret(c, secret);
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

CURL *erpsync_http_easy_get(erpsync_http_client *c)
{
	if (c->pool_count) {
		CURL *e = c->pool[--c->pool_count];
		curl_easy_reset(e);
		return e;
	}
	return curl_easy_init();
}

void erpsync_http_easy_put(erpsync_http_client *c, CURL *e)
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
