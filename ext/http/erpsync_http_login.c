/*
 * Login-token authentication (zval-free): the login request, the token found in its reply, its expiry (a JWT's
 * exp or the configured lifetime) and its renewal before a request.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <json-c/json.h>
#include "erpsync_http_internal.h"

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

void erpsync_http_drop_token(erpsync_http_client *c)
{
	if (c->login_token) {
		/* keep it in the redaction list: it may still appear in old replies */
		free(c->login_token);
		c->login_token = NULL;
	}
}

/* The login request's header lines: JSON both ways, and the default headers (e.g. a tenant header), never the
 * old token. */
static struct curl_slist *login_headers(erpsync_http_client *c)
{
	struct curl_slist *h = NULL;
	size_t i;
	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	for (i = 0; i < c->hcount; i++) {
		if (strcasecmp(c->hnames[i], "Authorization") != 0) {
			h = erpsync_http_slist_add(h, c->hnames[i], c->hvalues[i]);
		}
	}
	return h;
}

/* The login reply is not 2xx: refused credentials (401/403) are named as such, anything else is "Login failed". */
static void login_refused(erpsync_http_client *c, const char *url, long status, const erpsync_http_xfer *x,
                          erpsync_error *err)
{
	erpsync_error aerr;
	char *ru = erpsync_http_redact_url_str(c, url);
	erpsync_error_clear(&aerr);
	erpsync_http_status_error(c, &aerr, "POST", ru, status, x->body.p, x->body.len);
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
}

/* When the token is renewed: a little before a JWT's exp (30 s, or a quarter of a short lifetime), else after the
 * configured lifetime, which caps a JWT's exp as well when the caller set it. */
static void token_expiry(erpsync_http_client *c, const char *tok)
{
	double exp = jwt_exp(tok);
	if (exp > 0) {
		/* renew a little before exp: 30 s, or a quarter of a short lifetime */
		double left = exp - erpsync_http_now_wall(), margin = left / 4 < 30 ? left / 4 : 30;
		c->token_expires = exp - (margin > 0 ? margin : 0);
	} else {
		c->token_expires = erpsync_http_now_wall() + (double) c->token_lifetime_s;
	}
	if (c->token_lifetime_explicit && erpsync_http_now_wall() + (double) c->token_lifetime_s < c->token_expires) {
		c->token_expires = erpsync_http_now_wall() + (double) c->token_lifetime_s;
	}
}

/* The token of a 2xx login reply, kept (and added to the secrets) with its expiry: 0, or -1 + ProtocolException
 * when there is none or it holds a control character. */
static int login_take_token(erpsync_http_client *c, const erpsync_http_xfer *x, erpsync_error *err)
{
	json_object *o = x->body.p ? json_tokener_parse(x->body.p) : NULL;
	const char *tok = o ? find_token(c, o) : NULL;
	int ret = -1;
	if (!tok) {
		erpsync_error_protocol(err, "$", "The login reply has no token (looked for the fields configured in auth.token_fields)");
	} else if (erpsync_http_has_ctl(tok)) {
		erpsync_http_add_secret(c, tok);
		erpsync_error_protocol(err, "$", "The login reply's token contains a control character (CR/LF would add a header line); it was not used");
	} else if (!(c->login_token = (free(c->login_token), strdup(tok)))) {
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory storing the login token");
	} else {
		erpsync_http_add_secret(c, tok);
		token_expiry(c, tok);
		ret = 0;
	}
	json_object_put(o);
	return ret;
}

/* POSTs the login body to the login path (logged like any request) and keeps the token of its reply. */
static int do_login(erpsync_http_client *c, erpsync_error *err)
{
	CURL *e = erpsync_http_easy_get(c);
	erpsync_http_xfer x;
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *h;
	char *url;
	CURLcode rc;
	long status = 0, nc = 0;
	double t0 = erpsync_http_now_mono(), ct = 0;
	int ret = -1;

	url = erpsync_http_build_url(c, c->login_path, NULL, 0, "auth.path", err);
	if (!url) {
		erpsync_http_easy_put(c, e);
		return -1;
	}
	if (!e) {
		free(url);
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "libcurl could not create a transfer handle");
		return -1;
	}
	memset(&x, 0, sizeof(x));
	h = login_headers(c);
	erpsync_http_setup_easy(c, e, "POST", url, h, c->login_body, strlen(c->login_body), 0, &x, errbuf);
	rc = curl_easy_perform(e);
	curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &nc);
	c->connects += nc;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(e, CURLINFO_CONNECT_TIME, &ct);
	if (rc != CURLE_OK) {
		erpsync_error aerr;
		long oe = 0;
		erpsync_error_clear(&aerr);
		curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &oe);
		erpsync_http_transport_error(&aerr, rc, url, errbuf, c->timeout_ms, ct, c, x.too_big, oe);
		erpsync_error_set(err, aerr.code, "Login failed: %.900s", aerr.message);
		memcpy(err->kind, aerr.kind, sizeof(err->kind));
		err->retryable = aerr.retryable;
	} else if (status < 200 || status >= 300) {
		login_refused(c, url, status, &x, err);
	} else {
		ret = login_take_token(c, &x, err);
	}
	erpsync_http_emit_log(c, "POST", url, status, erpsync_http_now_mono() - t0, 1, h, c->login_body, strlen(c->login_body),
		x.body.p, x.body.len, &x.headers, ret == 0 ? NULL : err, false);
	curl_slist_free_all(h);
	erpsync_buf_free(&x.body);
	erpsync_buf_free(&x.headers);
	free(url);
	erpsync_http_easy_put(c, e);
	return ret;
}

int erpsync_http_ensure_token(erpsync_http_client *c, erpsync_error *err)
{
	if (c->auth_type != ERPSYNC_HTTP_AUTH_LOGIN) {
		return 0;
	}
	if (c->login_token && erpsync_http_now_wall() < c->token_expires) {
		return 0;
	}
	erpsync_http_drop_token(c);
	return do_login(c, err);
}
