/* Binding of ErpSync\Http: the option arrays of Http\Client read into the engine's structures — unknown keys and
 * wrong types refused (ValidationException naming the field), the constructor's options into an erpsync_http_config
 * (transport, retry and rate limit, auth), a request's options into an erpsync_http_request (query, headers, body). */
#include "php_erpsync.h"
#include <curl/curl.h>
#include "erpsync_exceptions.h"
#include "json/erpsync_json.h"
#include "erpsync_http.h"
#include "erpsync_http_php_internal.h"

/* ------------------------------------------------------------------ option helpers */

bool erpsync_http_check_keys(HashTable *ht, const char *const *allowed, const char *prefix)
{
	zend_string *k;
	zend_ulong idx;
	ZEND_HASH_FOREACH_KEY(ht, idx, k) {
		size_t i;
		bool ok = false;
		if (!k) {
			erpsync_throw_validation(SUBJ, prefix[0] ? prefix : "options", "%s%sunexpected list entry [" ZEND_ULONG_FMT "]: options are name => value",
				prefix, prefix[0] ? ": " : "", idx);
			return false;
		}
		for (i = 0; allowed[i]; i++) {
			if (strcmp(ZSTR_VAL(k), allowed[i]) == 0) {
				ok = true;
				break;
			}
		}
		if (!ok) {
			char field[256];
			snprintf(field, sizeof(field), "%s%s%s", prefix, prefix[0] ? "." : "", ZSTR_VAL(k));
			erpsync_throw_validation(SUBJ, field, "unknown option %s", field);
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	return true;
}

/* 1 found, 0 absent (or null), -1 thrown */
int erpsync_http_opt_string(HashTable *ht, const char *key, const char *field, const char **out, size_t *len)
{
	zval *v = zend_hash_str_find(ht, key, strlen(key));
	if (!v || Z_TYPE_P(v) == IS_NULL) {
		return 0;
	}
	ZVAL_DEREF(v);
	if (Z_TYPE_P(v) != IS_STRING) {
		erpsync_throw_validation(SUBJ, field, "%s must be a string, %s given", field, zend_zval_type_name(v));
		return -1;
	}
	if (memchr(Z_STRVAL_P(v), '\0', Z_STRLEN_P(v))) {
		erpsync_throw_validation(SUBJ, field, "%s must not contain NUL bytes", field);
		return -1;
	}
	*out = Z_STRVAL_P(v);
	if (len) {
		*len = Z_STRLEN_P(v);
	}
	return 1;
}

int erpsync_http_opt_long(HashTable *ht, const char *key, const char *field, zend_long min, zend_long max, zend_long *out)
{
	zval *v = zend_hash_str_find(ht, key, strlen(key));
	if (!v || Z_TYPE_P(v) == IS_NULL) {
		return 0;
	}
	ZVAL_DEREF(v);
	if (Z_TYPE_P(v) != IS_LONG) {
		erpsync_throw_validation(SUBJ, field, "%s must be an integer, %s given", field, zend_zval_type_name(v));
		return -1;
	}
	if (Z_LVAL_P(v) < min || Z_LVAL_P(v) > max) {
		erpsync_throw_validation(SUBJ, field, "%s must be from " ZEND_LONG_FMT " to " ZEND_LONG_FMT ", " ZEND_LONG_FMT " given",
			field, min, max, Z_LVAL_P(v));
		return -1;
	}
	*out = Z_LVAL_P(v);
	return 1;
}

int erpsync_http_opt_number(HashTable *ht, const char *key, const char *field, double *out)
{
	zval *v = zend_hash_str_find(ht, key, strlen(key));
	if (!v || Z_TYPE_P(v) == IS_NULL) {
		return 0;
	}
	ZVAL_DEREF(v);
	if (Z_TYPE_P(v) == IS_LONG) {
		*out = (double) Z_LVAL_P(v);
	} else if (Z_TYPE_P(v) == IS_DOUBLE && zend_finite(Z_DVAL_P(v))) {
		*out = Z_DVAL_P(v);
	} else {
		erpsync_throw_validation(SUBJ, field, "%s must be a number, %s given", field, zend_zval_type_name(v));
		return -1;
	}
	if (*out < 0) {
		erpsync_throw_validation(SUBJ, field, "%s must not be negative", field);
		return -1;
	}
	return 1;
}

int erpsync_http_opt_bool(HashTable *ht, const char *key, const char *field, bool *out)
{
	zval *v = zend_hash_str_find(ht, key, strlen(key));
	if (!v || Z_TYPE_P(v) == IS_NULL) {
		return 0;
	}
	ZVAL_DEREF(v);
	if (Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
		erpsync_throw_validation(SUBJ, field, "%s must be a boolean, %s given", field, zend_zval_type_name(v));
		return -1;
	}
	*out = Z_TYPE_P(v) == IS_TRUE;
	return 1;
}

int erpsync_http_opt_array(HashTable *ht, const char *key, const char *field, HashTable **out)
{
	zval *v = zend_hash_str_find(ht, key, strlen(key));
	if (!v || Z_TYPE_P(v) == IS_NULL) {
		return 0;
	}
	ZVAL_DEREF(v);
	if (Z_TYPE_P(v) != IS_ARRAY) {
		erpsync_throw_validation(SUBJ, field, "%s must be an array, %s given", field, zend_zval_type_name(v));
		return -1;
	}
	*out = Z_ARRVAL_P(v);
	return 1;
}


void erpsync_http_kv_list_free(erpsync_http_kv_list *l)
{
	size_t i;
	for (i = 0; i < l->ns; i++) {
		zend_string_release(l->strs[i]);
	}
	efree(l->kv);
	efree(l->strs);
	memset(l, 0, sizeof(*l));
}

bool erpsync_http_kv_list_from(HashTable *ht, const char *field, bool header, erpsync_http_kv_list *l)
{
	zend_string *k;
	zend_ulong idx;
	zval *v;
	uint32_t n = zend_hash_num_elements(ht);
	l->kv = ecalloc(n ? n : 1, sizeof(erpsync_http_kv));
	l->strs = ecalloc(n * 2 + 1, sizeof(zend_string *));
	l->n = l->ns = 0;
	ZEND_HASH_FOREACH_KEY_VAL(ht, idx, k, v) {
		zend_string *ks = k ? zend_string_copy(k) : zend_long_to_str((zend_long) idx);
		zend_string *vs;
		ZVAL_DEREF(v);
		l->strs[l->ns++] = ks;
		if (ZSTR_LEN(ks) == 0 || memchr(ZSTR_VAL(ks), '\0', ZSTR_LEN(ks))
		    || (header && (strpbrk(ZSTR_VAL(ks), ":\r\n \t") != NULL))) {
			erpsync_throw_validation(SUBJ, field, "%s: \"%s\" is not a valid name", field, header ? "header" : "parameter");
			return false;
		}
		switch (Z_TYPE_P(v)) {
			case IS_STRING:
				vs = zend_string_copy(Z_STR_P(v));
				break;
			case IS_LONG:
				vs = zend_long_to_str(Z_LVAL_P(v));
				break;
			case IS_DOUBLE:
				vs = zend_double_to_str(Z_DVAL_P(v));
				break;
			case IS_TRUE:
				vs = zend_string_init("1", 1, 0);
				break;
			case IS_FALSE:
				vs = zend_string_init("0", 1, 0);
				break;
			default: {
				char f[300];
				snprintf(f, sizeof(f), "%s.%s", field, ZSTR_VAL(ks));
				erpsync_throw_validation(SUBJ, f, "%s must be a string or number, %s given", f, zend_zval_type_name(v));
				return false;
			}
		}
		l->strs[l->ns++] = vs;
		if (memchr(ZSTR_VAL(vs), '\0', ZSTR_LEN(vs)) || (header && strpbrk(ZSTR_VAL(vs), "\r\n"))) {
			char f[300];
			snprintf(f, sizeof(f), "%s.%s", field, ZSTR_VAL(ks));
			erpsync_throw_validation(SUBJ, f, "%s contains a line break or NUL byte", f);
			return false;
		}
		l->kv[l->n].name = ZSTR_VAL(ks);
		l->kv[l->n].value = ZSTR_VAL(vs);
		l->n++;
	} ZEND_HASH_FOREACH_END();
	return true;
}

/* --------------------------------------------------------------------- constructor */

static char *encode_json(zval *v, const char *field, erpsync_error *err)
{
	json_object *o = erpsync_json_from_zval(v, ERPSYNC_JSON_DEFAULT_DEPTH, err);
	char *text;
	if (erpsync_error_isset(err)) {
		char m[ERPSYNC_ERR_MSG_LEN];
		snprintf(m, sizeof(m), "%s: %.900s", field, err->message);
		memcpy(err->message, m, sizeof(m));
		snprintf(err->subject, sizeof(err->subject), "%s", SUBJ);
		snprintf(err->field, sizeof(err->field), "%s", field);
		return NULL;
	}
	text = erpsync_json_serialize(o, 0, NULL);
	json_object_put(o);
	return text;
}

static void collect_secrets(HashTable *ht, const char ***secrets, size_t *n)
{
	zend_string *k;
	zval *v;
	ZEND_HASH_FOREACH_STR_KEY_VAL(ht, k, v) {
		ZVAL_DEREF(v);
		if (Z_TYPE_P(v) == IS_ARRAY) {
			collect_secrets(Z_ARRVAL_P(v), secrets, n);
		} else if (k && Z_TYPE_P(v) == IS_STRING) {
			const char *kn = ZSTR_VAL(k);
			if (strcasestr(kn, "pass") || strcasestr(kn, "secret") || strcasestr(kn, "token") || strcasestr(kn, "key")) {
				*secrets = erealloc(*secrets, (*n + 1) * sizeof(char *));
				(*secrets)[(*n)++] = Z_STRVAL_P(v);
			}
		}
	} ZEND_HASH_FOREACH_END();
}


void erpsync_http_ctor_owned_free(erpsync_http_ctor_owned *w)
{
	erpsync_http_kv_list_free(&w->headers);
	if (w->token_fields) {
		efree(w->token_fields);
	}
	if (w->secrets) {
		efree(w->secrets);
	}
	free(w->login_body);
}

/* connect_timeout_ms, timeout_ms, max_response_bytes (over the ini defaults), verify_tls, ca_file, proxy, lean,
 * user_agent. false once an exception is thrown. */
bool erpsync_http_ctor_transport(HashTable *opts, erpsync_http_config *cfg)
{
	zend_long l = 0;
	bool lean = true;
	if (erpsync_http_opt_long(opts, "connect_timeout_ms", "connect_timeout_ms", 1, 3600000, &l) < 0) return false;
	if (l) cfg->connect_timeout_ms = l;
	l = 0;
	if (erpsync_http_opt_long(opts, "timeout_ms", "timeout_ms", 1, 3600000, &l) < 0) return false;
	if (l) cfg->timeout_ms = l;
	l = 0;
	if (erpsync_http_opt_long(opts, "max_response_bytes", "max_response_bytes", 1, ZEND_LONG_MAX, &l) < 0) return false;
	if (l) cfg->max_response_bytes = (size_t) l;
	if (erpsync_http_opt_bool(opts, "verify_tls", "verify_tls", &cfg->verify_tls) < 0) return false;
	if (erpsync_http_opt_string(opts, "ca_file", "ca_file", &cfg->ca_file, NULL) < 0) return false;
	if (erpsync_http_opt_string(opts, "proxy", "proxy", &cfg->proxy, NULL) < 0) return false;
	if (erpsync_http_opt_bool(opts, "lean", "lean", &lean) < 0) return false;
	cfg->no_lean = !lean;
	if (erpsync_http_opt_string(opts, "user_agent", "user_agent", &cfg->user_agent, NULL) < 0) return false;
	return true;
}

/* retry (attempts and delays) and rate_limit (per second / per minute). false once an exception is thrown. */
bool erpsync_http_ctor_pacing(HashTable *opts, erpsync_http_config *cfg)
{
	static const char *const retry_keys[] = { "max_attempts", "base_delay_ms", "max_delay_ms", "max_total_delay_ms", NULL };
	static const char *const rate_keys[] = { "per_second", "per_minute", NULL };
	HashTable *retry = NULL, *rate = NULL;
	zend_long l;
	if (erpsync_http_opt_array(opts, "retry", "retry", &retry) < 0) return false;
	if (retry) {
		if (!erpsync_http_check_keys(retry, retry_keys, "retry")) return false;
		l = 0; if (erpsync_http_opt_long(retry, "max_attempts", "retry.max_attempts", 1, 100, &l) < 0) return false; cfg->max_attempts = (int) l;
		l = 0; if (erpsync_http_opt_long(retry, "base_delay_ms", "retry.base_delay_ms", 1, 3600000, &l) < 0) return false; cfg->base_delay_ms = l;
		l = 0; if (erpsync_http_opt_long(retry, "max_delay_ms", "retry.max_delay_ms", 1, 3600000, &l) < 0) return false; cfg->max_delay_ms = l;
		l = 0; if (erpsync_http_opt_long(retry, "max_total_delay_ms", "retry.max_total_delay_ms", 1, 86400000, &l) < 0) return false; cfg->max_total_delay_ms = l;
	}
	if (erpsync_http_opt_array(opts, "rate_limit", "rate_limit", &rate) < 0) return false;
	if (rate) {
		if (!erpsync_http_check_keys(rate, rate_keys, "rate_limit")) return false;
		if (erpsync_http_opt_number(rate, "per_second", "rate_limit.per_second", &cfg->rate_per_second) < 0) return false;
		if (erpsync_http_opt_number(rate, "per_minute", "rate_limit.per_minute", &cfg->rate_per_minute) < 0) return false;
	}
	return true;
}

/* auth type login: path, credentials (sent as JSON; their secret-named strings join the secrets), token_fields,
 * token_lifetime_s. false once an exception is thrown. */
static bool ctor_auth_login(HashTable *auth, erpsync_http_config *cfg, erpsync_http_ctor_owned *w)
{
	static const char *const k[] = { "type", "path", "credentials", "token_fields", "token_lifetime_s", NULL };
	HashTable *cred = NULL, *tf = NULL;
	zval *credv;
	zend_long l = 0;
	erpsync_error err;
	erpsync_error_clear(&err);
	if (!erpsync_http_check_keys(auth, k, "auth")) return false;
	cfg->auth.type = ERPSYNC_HTTP_AUTH_LOGIN;
	if (erpsync_http_opt_string(auth, "path", "auth.path", &cfg->auth.login_path, NULL) <= 0) {
		if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.path", "auth.path (the login path) is required for login auth");
		return false;
	}
	if (erpsync_http_opt_array(auth, "credentials", "auth.credentials", &cred) <= 0) {
		if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.credentials", "auth.credentials (an array sent as JSON) is required for login auth");
		return false;
	}
	credv = zend_hash_str_find(auth, "credentials", sizeof("credentials") - 1);
	ZVAL_DEREF(credv);
	w->login_body = encode_json(credv, "auth.credentials", &err);
	if (!w->login_body) {
		erpsync_throw_error(&err);
		return false;
	}
	cfg->auth.login_body = w->login_body;
	collect_secrets(cred, &w->secrets, &w->secret_count);
	if (erpsync_http_opt_array(auth, "token_fields", "auth.token_fields", &tf) < 0) return false;
	if (tf) {
		zval *f;
		size_t i = 0;
		w->token_fields = ecalloc(zend_hash_num_elements(tf) + 1, sizeof(char *));
		ZEND_HASH_FOREACH_VAL(tf, f) {
			ZVAL_DEREF(f);
			if (Z_TYPE_P(f) != IS_STRING || Z_STRLEN_P(f) == 0) {
				erpsync_throw_validation(SUBJ, "auth.token_fields", "auth.token_fields must be a list of field names");
				return false;
			}
			w->token_fields[i++] = Z_STRVAL_P(f);
		} ZEND_HASH_FOREACH_END();
		cfg->auth.token_fields = w->token_fields;
		cfg->auth.token_field_count = i;
	}
	if (erpsync_http_opt_long(auth, "token_lifetime_s", "auth.token_lifetime_s", 1, 86400 * 365, &l) < 0) return false;
	cfg->auth.token_lifetime_s = l;
	return true;
}

/* auth: bearer (token), basic (username, password), apikey (key, header, prefix) or login. false once an
 * exception is thrown. */
bool erpsync_http_ctor_auth(HashTable *auth, erpsync_http_config *cfg, erpsync_http_ctor_owned *w)
{
	const char *t = NULL;
	if (erpsync_http_opt_string(auth, "type", "auth.type", &t, NULL) <= 0) {
		if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.type", "auth.type is required (bearer, basic, apikey or login)");
		return false;
	}
	if (strcmp(t, "bearer") == 0) {
		static const char *const k[] = { "type", "token", NULL };
		if (!erpsync_http_check_keys(auth, k, "auth")) return false;
		cfg->auth.type = ERPSYNC_HTTP_AUTH_BEARER;
		if (erpsync_http_opt_string(auth, "token", "auth.token", &cfg->auth.token, NULL) <= 0 || !*cfg->auth.token) {
			if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.token", "auth.token is required for bearer auth");
			return false;
		}
	} else if (strcmp(t, "basic") == 0) {
		static const char *const k[] = { "type", "username", "password", NULL };
		if (!erpsync_http_check_keys(auth, k, "auth")) return false;
		cfg->auth.type = ERPSYNC_HTTP_AUTH_BASIC;
		if (erpsync_http_opt_string(auth, "username", "auth.username", &cfg->auth.username, NULL) <= 0) {
			if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.username", "auth.username is required for basic auth");
			return false;
		}
		if (erpsync_http_opt_string(auth, "password", "auth.password", &cfg->auth.password, NULL) < 0) return false;
	} else if (strcmp(t, "apikey") == 0) {
		static const char *const k[] = { "type", "key", "header", "prefix", NULL };
		if (!erpsync_http_check_keys(auth, k, "auth")) return false;
		cfg->auth.type = ERPSYNC_HTTP_AUTH_APIKEY;
		if (erpsync_http_opt_string(auth, "key", "auth.key", &cfg->auth.key, NULL) <= 0 || !*cfg->auth.key) {
			if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.key", "auth.key is required for apikey auth");
			return false;
		}
		if (erpsync_http_opt_string(auth, "header", "auth.header", &cfg->auth.header_name, NULL) < 0) return false;
		if (cfg->auth.header_name && (!*cfg->auth.header_name || strpbrk(cfg->auth.header_name, ":\r\n \t"))) {
			erpsync_throw_validation(SUBJ, "auth.header", "auth.header is not a valid header name");
			return false;
		}
		if (erpsync_http_opt_string(auth, "prefix", "auth.prefix", &cfg->auth.prefix, NULL) < 0) return false;
	} else if (strcmp(t, "login") == 0) {
		return ctor_auth_login(auth, cfg, w);
	} else {
		erpsync_throw_validation(SUBJ, "auth.type", "auth.type must be bearer, basic, apikey or login");
		return false;
	}
	return true;
}

/* --------------------------------------------------------------------- requests */

void erpsync_http_req_build_free(erpsync_http_req_build *b)
{
	erpsync_http_kv_list_free(&b->query);
	erpsync_http_kv_list_free(&b->headers);
	free(b->json_body);
	if (b->method) {
		zend_string_release(b->method);
	}
	memset(b, 0, sizeof(*b));
}

/* request.json: the value serialized as the body (application/json unless content_type says otherwise) */
static bool req_json_body(erpsync_http_req_build *b, zval *jv)
{
	erpsync_error err;
	size_t len = 0;
	json_object *jo;
	erpsync_error_clear(&err);
	ZVAL_DEREF(jv);
	jo = erpsync_json_from_zval(jv, ERPSYNC_JSON_DEFAULT_DEPTH, &err);
	if (erpsync_error_isset(&err)) {
		char m[ERPSYNC_ERR_MSG_LEN];
		snprintf(m, sizeof(m), "request.json: %.900s", err.message);
		memcpy(err.message, m, sizeof(m));
		snprintf(err.subject, sizeof(err.subject), "%s", SUBJ);
		erpsync_throw_error(&err);
		return false;
	}
	b->json_body = jo ? erpsync_json_serialize(jo, 0, &len) : strdup("null");
	if (!jo) {
		len = 4;
	}
	json_object_put(jo);
	b->r.body = b->json_body;
	b->r.body_len = len;
	if (!b->r.content_type) {
		b->r.content_type = "application/json";
	}
	return true;
}

/* The body: request.json or request.body (a string), not both. */
static bool req_body(erpsync_http_req_build *b, HashTable *opts)
{
	zval *jv = zend_hash_str_find(opts, "json", sizeof("json") - 1);
	size_t bl = 0;
	const char *body = NULL;
	zval *bv;
	if (jv && zend_hash_str_exists(opts, "body", sizeof("body") - 1)) {
		erpsync_throw_validation(SUBJ, "request.body", "give either request.json or request.body, not both");
		return false;
	}
	if (jv) {
		return req_json_body(b, jv);
	}
	bv = zend_hash_str_find(opts, "body", sizeof("body") - 1);
	if (bv) {
		ZVAL_DEREF(bv);
		if (Z_TYPE_P(bv) != IS_STRING) {
			erpsync_throw_validation(SUBJ, "request.body", "request.body must be a string, %s given", zend_zval_type_name(bv));
			return false;
		}
		body = Z_STRVAL_P(bv);
		bl = Z_STRLEN_P(bv);
	}
	b->r.body = body;
	b->r.body_len = bl;
	return true;
}

/* The request's options besides its body: query, headers, idempotent, accept_any_status, timeout_ms, content_type. */
static bool req_options(erpsync_http_req_build *b, HashTable *opts)
{
	HashTable *q = NULL, *h = NULL;
	zend_long l = 0;
	const char *ct = NULL;
	if (erpsync_http_opt_array(opts, "query", "request.query", &q) < 0) return false;
	if (q && !erpsync_http_kv_list_from(q, "request.query", false, &b->query)) return false;
	b->r.query = b->query.kv;
	b->r.query_count = b->query.n;
	if (erpsync_http_opt_array(opts, "headers", "request.headers", &h) < 0) return false;
	if (h && !erpsync_http_kv_list_from(h, "request.headers", true, &b->headers)) return false;
	b->r.headers = b->headers.kv;
	b->r.header_count = b->headers.n;
	if (erpsync_http_opt_bool(opts, "idempotent", "request.idempotent", &b->r.idempotent) < 0) return false;
	if (erpsync_http_opt_bool(opts, "accept_any_status", "request.accept_any_status", &b->r.accept_any_status) < 0) return false;
	if (erpsync_http_opt_long(opts, "timeout_ms", "request.timeout_ms", 1, 3600000, &l) < 0) return false;
	b->r.timeout_ms = (long) l;
	if (erpsync_http_opt_string(opts, "content_type", "request.content_type", &ct, NULL) < 0) return false;
	b->r.content_type = ct;
	return true;
}

bool erpsync_http_req_build_init(erpsync_http_req_build *b, const char *method, const char *path, HashTable *opts, bool allow_method_path)
{
	static const char *const keys[] = { "query", "json", "body", "headers", "idempotent", "timeout_ms",
		"accept_any_status", "content_type", "method", "path", NULL };

	memset(b, 0, sizeof(*b));
	{
		zend_string *m = zend_string_init(method, strlen(method), 0);
		b->method = zend_string_toupper(m); /* a new string, or m with one more reference */
		zend_string_release(m);
	}
	if (ZSTR_LEN(b->method) == 0 || strspn(ZSTR_VAL(b->method), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != ZSTR_LEN(b->method)) {
		erpsync_throw_validation(SUBJ, "method", "method must be an HTTP method name such as GET or POST");
		return false;
	}
	b->r.method = ZSTR_VAL(b->method);
	b->r.path = path;
	if (!opts) {
		return true;
	}
	if (!erpsync_http_check_keys(opts, allow_method_path ? keys : keys, "request")) return false;
	return req_options(b, opts) && req_body(b, opts);
}
