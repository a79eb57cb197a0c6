/* Binding of ErpSync\Http: Client (wraps the engine client) and Response. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "ext/standard/php_var.h"
#include <curl/curl.h>
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "json/erpsync_json.h"
#include "erpsync_http.h"

#define SUBJ "http client"

typedef struct {
	erpsync_http_client *engine;
	zval log;                 /* callable or UNDEF */
	zend_object std;
} http_client_obj;

static zend_object_handlers http_client_handlers;

static inline http_client_obj *client_from_obj(zend_object *o)
{
	return (http_client_obj *) ((char *) o - XtOffsetOf(http_client_obj, std));
}

erpsync_http_client *erpsync_http_client_from_zval(zval *zv)
{
	if (!zv || Z_TYPE_P(zv) != IS_OBJECT || Z_OBJCE_P(zv) != erpsync_ce_http_client) {
		return NULL;
	}
	return client_from_obj(Z_OBJ_P(zv))->engine;
}

static zend_object *http_client_create(zend_class_entry *ce)
{
	http_client_obj *o = zend_object_alloc(sizeof(http_client_obj), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &http_client_handlers;
	ZVAL_UNDEF(&o->log);
	return &o->std;
}

static void http_client_free(zend_object *obj)
{
	http_client_obj *o = client_from_obj(obj);
	erpsync_http_client_free(o->engine);
	o->engine = NULL;
	zval_ptr_dtor(&o->log);
	ZVAL_UNDEF(&o->log);
	zend_object_std_dtor(obj);
}

static HashTable *http_client_get_gc(zend_object *obj, zval **table, int *n)
{
	http_client_obj *o = client_from_obj(obj);
	*table = Z_TYPE(o->log) == IS_UNDEF ? NULL : &o->log;
	*n = Z_TYPE(o->log) == IS_UNDEF ? 0 : 1;
	return zend_std_get_properties(obj);
}

/* ------------------------------------------------------------------------ log hook */

static void log_hook(void *ud, const erpsync_http_log_entry *e)
{
	http_client_obj *o = ud;
	zval arr, ret;
	if (!ERPSYNC_G(request_log) || Z_TYPE(o->log) == IS_UNDEF || EG(exception)) {
		return;
	}
	array_init(&arr);
	add_assoc_string(&arr, "method", (char *) e->method);
	add_assoc_string(&arr, "url", (char *) e->url);
	add_assoc_long(&arr, "status", e->status);
	add_assoc_double(&arr, "duration", e->duration);
	add_assoc_long(&arr, "attempt", e->attempt);
	add_assoc_string(&arr, "request_headers", (char *) e->request_headers);
	add_assoc_string(&arr, "response_headers", (char *) (e->response_headers ? e->response_headers : ""));
	add_assoc_stringl(&arr, "request_body", (char *) e->request_body, e->request_body_len);
	add_assoc_stringl(&arr, "response_body", (char *) e->response_body, e->response_body_len);
	add_assoc_string(&arr, "error", (char *) e->error);
	add_assoc_bool(&arr, "will_retry", e->will_retry);
	ZVAL_UNDEF(&ret);
	call_user_function(NULL, NULL, &o->log, &ret, 1, &arr);
	zval_ptr_dtor(&ret);
	zval_ptr_dtor(&arr);
}

/* ------------------------------------------------------------------ option helpers */

static bool check_keys(HashTable *ht, const char *const *allowed, const char *prefix)
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
static int opt_string(HashTable *ht, const char *key, const char *field, const char **out, size_t *len)
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

static int opt_long(HashTable *ht, const char *key, const char *field, zend_long min, zend_long max, zend_long *out)
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

static int opt_number(HashTable *ht, const char *key, const char *field, double *out)
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

static int opt_bool(HashTable *ht, const char *key, const char *field, bool *out)
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

static int opt_array(HashTable *ht, const char *key, const char *field, HashTable **out)
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

/* name => scalar pairs into kv (strings kept alive in strs) */
typedef struct {
	erpsync_http_kv *kv;
	size_t n;
	zend_string **strs;
	size_t ns;
} kv_list;

static void kv_list_free(kv_list *l)
{
	size_t i;
	for (i = 0; i < l->ns; i++) {
		zend_string_release(l->strs[i]);
	}
	efree(l->kv);
	efree(l->strs);
	memset(l, 0, sizeof(*l));
}

static bool kv_list_from(HashTable *ht, const char *field, bool header, kv_list *l)
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

/* What the constructor's options own until the engine has copied them (freed by ctor_owned_free). */
typedef struct {
	kv_list headers;
	const char **token_fields;
	const char **secrets;
	size_t secret_count;
	char *login_body;
} ctor_owned;

static void ctor_owned_free(ctor_owned *w)
{
	kv_list_free(&w->headers);
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
static bool ctor_transport(HashTable *opts, erpsync_http_config *cfg)
{
	zend_long l = 0;
	bool lean = true;
	if (opt_long(opts, "connect_timeout_ms", "connect_timeout_ms", 1, 3600000, &l) < 0) return false;
	if (l) cfg->connect_timeout_ms = l;
	l = 0;
	if (opt_long(opts, "timeout_ms", "timeout_ms", 1, 3600000, &l) < 0) return false;
	if (l) cfg->timeout_ms = l;
	l = 0;
	if (opt_long(opts, "max_response_bytes", "max_response_bytes", 1, ZEND_LONG_MAX, &l) < 0) return false;
	if (l) cfg->max_response_bytes = (size_t) l;
	if (opt_bool(opts, "verify_tls", "verify_tls", &cfg->verify_tls) < 0) return false;
	if (opt_string(opts, "ca_file", "ca_file", &cfg->ca_file, NULL) < 0) return false;
	if (opt_string(opts, "proxy", "proxy", &cfg->proxy, NULL) < 0) return false;
	if (opt_bool(opts, "lean", "lean", &lean) < 0) return false;
	cfg->no_lean = !lean;
	if (opt_string(opts, "user_agent", "user_agent", &cfg->user_agent, NULL) < 0) return false;
	return true;
}

/* retry (attempts and delays) and rate_limit (per second / per minute). false once an exception is thrown. */
static bool ctor_pacing(HashTable *opts, erpsync_http_config *cfg)
{
	static const char *const retry_keys[] = { "max_attempts", "base_delay_ms", "max_delay_ms", "max_total_delay_ms", NULL };
	static const char *const rate_keys[] = { "per_second", "per_minute", NULL };
	HashTable *retry = NULL, *rate = NULL;
	zend_long l;
	if (opt_array(opts, "retry", "retry", &retry) < 0) return false;
	if (retry) {
		if (!check_keys(retry, retry_keys, "retry")) return false;
		l = 0; if (opt_long(retry, "max_attempts", "retry.max_attempts", 1, 100, &l) < 0) return false; cfg->max_attempts = (int) l;
		l = 0; if (opt_long(retry, "base_delay_ms", "retry.base_delay_ms", 1, 3600000, &l) < 0) return false; cfg->base_delay_ms = l;
		l = 0; if (opt_long(retry, "max_delay_ms", "retry.max_delay_ms", 1, 3600000, &l) < 0) return false; cfg->max_delay_ms = l;
		l = 0; if (opt_long(retry, "max_total_delay_ms", "retry.max_total_delay_ms", 1, 86400000, &l) < 0) return false; cfg->max_total_delay_ms = l;
	}
	if (opt_array(opts, "rate_limit", "rate_limit", &rate) < 0) return false;
	if (rate) {
		if (!check_keys(rate, rate_keys, "rate_limit")) return false;
		if (opt_number(rate, "per_second", "rate_limit.per_second", &cfg->rate_per_second) < 0) return false;
		if (opt_number(rate, "per_minute", "rate_limit.per_minute", &cfg->rate_per_minute) < 0) return false;
	}
	return true;
}

/* auth type login: path, credentials (sent as JSON; their secret-named strings join the secrets), token_fields,
 * token_lifetime_s. false once an exception is thrown. */
static bool ctor_auth_login(HashTable *auth, erpsync_http_config *cfg, ctor_owned *w)
{
	static const char *const k[] = { "type", "path", "credentials", "token_fields", "token_lifetime_s", NULL };
	HashTable *cred = NULL, *tf = NULL;
	zval *credv;
	zend_long l = 0;
	erpsync_error err;
	erpsync_error_clear(&err);
	if (!check_keys(auth, k, "auth")) return false;
	cfg->auth.type = ERPSYNC_HTTP_AUTH_LOGIN;
	if (opt_string(auth, "path", "auth.path", &cfg->auth.login_path, NULL) <= 0) {
		if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.path", "auth.path (the login path) is required for login auth");
		return false;
	}
	if (opt_array(auth, "credentials", "auth.credentials", &cred) <= 0) {
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
	if (opt_array(auth, "token_fields", "auth.token_fields", &tf) < 0) return false;
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
	if (opt_long(auth, "token_lifetime_s", "auth.token_lifetime_s", 1, 86400 * 365, &l) < 0) return false;
	cfg->auth.token_lifetime_s = l;
	return true;
}

/* auth: bearer (token), basic (username, password), apikey (key, header, prefix) or login. false once an
 * exception is thrown. */
static bool ctor_auth(HashTable *auth, erpsync_http_config *cfg, ctor_owned *w)
{
	const char *t = NULL;
	if (opt_string(auth, "type", "auth.type", &t, NULL) <= 0) {
		if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.type", "auth.type is required (bearer, basic, apikey or login)");
		return false;
	}
	if (strcmp(t, "bearer") == 0) {
		static const char *const k[] = { "type", "token", NULL };
		if (!check_keys(auth, k, "auth")) return false;
		cfg->auth.type = ERPSYNC_HTTP_AUTH_BEARER;
		if (opt_string(auth, "token", "auth.token", &cfg->auth.token, NULL) <= 0 || !*cfg->auth.token) {
			if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.token", "auth.token is required for bearer auth");
			return false;
		}
	} else if (strcmp(t, "basic") == 0) {
		static const char *const k[] = { "type", "username", "password", NULL };
		if (!check_keys(auth, k, "auth")) return false;
		cfg->auth.type = ERPSYNC_HTTP_AUTH_BASIC;
		if (opt_string(auth, "username", "auth.username", &cfg->auth.username, NULL) <= 0) {
			if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.username", "auth.username is required for basic auth");
			return false;
		}
		if (opt_string(auth, "password", "auth.password", &cfg->auth.password, NULL) < 0) return false;
	} else if (strcmp(t, "apikey") == 0) {
		static const char *const k[] = { "type", "key", "header", "prefix", NULL };
		if (!check_keys(auth, k, "auth")) return false;
		cfg->auth.type = ERPSYNC_HTTP_AUTH_APIKEY;
		if (opt_string(auth, "key", "auth.key", &cfg->auth.key, NULL) <= 0 || !*cfg->auth.key) {
			if (!EG(exception)) erpsync_throw_validation(SUBJ, "auth.key", "auth.key is required for apikey auth");
			return false;
		}
		if (opt_string(auth, "header", "auth.header", &cfg->auth.header_name, NULL) < 0) return false;
		if (cfg->auth.header_name && (!*cfg->auth.header_name || strpbrk(cfg->auth.header_name, ":\r\n \t"))) {
			erpsync_throw_validation(SUBJ, "auth.header", "auth.header is not a valid header name");
			return false;
		}
		if (opt_string(auth, "prefix", "auth.prefix", &cfg->auth.prefix, NULL) < 0) return false;
	} else if (strcmp(t, "login") == 0) {
		return ctor_auth_login(auth, cfg, w);
	} else {
		erpsync_throw_validation(SUBJ, "auth.type", "auth.type must be bearer, basic, apikey or login");
		return false;
	}
	return true;
}

ZEND_METHOD(ErpSync_Http_Client, __construct)
{
	static const char *const top[] = { "base_url", "headers", "auth", "connect_timeout_ms", "timeout_ms",
		"max_response_bytes", "verify_tls", "ca_file", "proxy", "user_agent", "retry", "rate_limit", "log", "lean", NULL };
	HashTable *opts, *h = NULL, *auth = NULL;
	http_client_obj *o = client_from_obj(Z_OBJ_P(ZEND_THIS));
	erpsync_http_config cfg;
	ctor_owned w;
	zval *logv;
	erpsync_error err;

	(void) return_value;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(opts)
	ZEND_PARSE_PARAMETERS_END();

	memset(&cfg, 0, sizeof(cfg));
	memset(&w, 0, sizeof(w));
	erpsync_error_clear(&err);
	cfg.verify_tls = true;
	cfg.version = PHP_ERPSYNC_VERSION;
	cfg.connect_timeout_ms = ERPSYNC_G(connect_timeout_ms);
	cfg.timeout_ms = ERPSYNC_G(timeout_ms);
	cfg.max_response_bytes = (size_t) ERPSYNC_G(max_response_bytes);
	cfg.ca_file = ERPSYNC_G(ca_file);
	cfg.log_body_bytes = (size_t) ERPSYNC_G(log_body_bytes);

	if (!check_keys(opts, top, "")) {
		return;
	}
	if (opt_string(opts, "base_url", "base_url", &cfg.base_url, NULL) <= 0) {
		if (!EG(exception)) {
			erpsync_throw_validation(SUBJ, "base_url", "base_url is required");
		}
		return;
	}
	if (opt_array(opts, "headers", "headers", &h) < 0 || (h && !kv_list_from(h, "headers", true, &w.headers))) {
		goto out;
	}
	cfg.headers = w.headers.kv;
	cfg.header_count = w.headers.n;
	if (!ctor_transport(opts, &cfg) || !ctor_pacing(opts, &cfg)) goto out;
	logv = zend_hash_str_find(opts, "log", sizeof("log") - 1);
	if (logv && Z_TYPE_P(logv) != IS_NULL) {
		ZVAL_DEREF(logv);
		if (!zend_is_callable(logv, 0, NULL)) {
			erpsync_throw_validation(SUBJ, "log", "log must be a callable");
			goto out;
		}
	}
	if (opt_array(opts, "auth", "auth", &auth) < 0) goto out;
	if (auth && !ctor_auth(auth, &cfg, &w)) goto out;
	cfg.auth.secrets = w.secrets;
	cfg.auth.secret_count = w.secret_count;
	if (cfg.ca_file && !*cfg.ca_file) {
		cfg.ca_file = NULL;
	}

	if (o->engine) {
		erpsync_http_client_free(o->engine);
		o->engine = NULL;
		zval_ptr_dtor(&o->log);
		ZVAL_UNDEF(&o->log);
	}
	o->engine = erpsync_http_client_new(&cfg, &err);
	if (!o->engine) {
		erpsync_throw_error(&err);
		goto out;
	}
	if (logv && Z_TYPE_P(logv) != IS_NULL) {
		ZVAL_COPY(&o->log, logv);
		erpsync_http_client_set_log(o->engine, log_hook, o);
	}
out:
	ctor_owned_free(&w);
}

static http_client_obj *this_client(zval *this_zv)
{
	http_client_obj *o = client_from_obj(Z_OBJ_P(this_zv));
	if (!o->engine) {
		zend_throw_error(NULL, "ErpSync\\Http\\Client was not constructed");
		return NULL;
	}
	return o;
}

/* --------------------------------------------------------------------- requests */

typedef struct {
	erpsync_http_request r;
	kv_list query;
	kv_list headers;
	char *json_body;
	zend_string *method;
} req_build;

static void req_build_free(req_build *b)
{
	kv_list_free(&b->query);
	kv_list_free(&b->headers);
	free(b->json_body);
	if (b->method) {
		zend_string_release(b->method);
	}
	memset(b, 0, sizeof(*b));
}

/* request.json: the value serialized as the body (application/json unless content_type says otherwise) */
static bool req_json_body(req_build *b, zval *jv)
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
static bool req_body(req_build *b, HashTable *opts)
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
static bool req_options(req_build *b, HashTable *opts)
{
	HashTable *q = NULL, *h = NULL;
	zend_long l = 0;
	const char *ct = NULL;
	if (opt_array(opts, "query", "request.query", &q) < 0) return false;
	if (q && !kv_list_from(q, "request.query", false, &b->query)) return false;
	b->r.query = b->query.kv;
	b->r.query_count = b->query.n;
	if (opt_array(opts, "headers", "request.headers", &h) < 0) return false;
	if (h && !kv_list_from(h, "request.headers", true, &b->headers)) return false;
	b->r.headers = b->headers.kv;
	b->r.header_count = b->headers.n;
	if (opt_bool(opts, "idempotent", "request.idempotent", &b->r.idempotent) < 0) return false;
	if (opt_bool(opts, "accept_any_status", "request.accept_any_status", &b->r.accept_any_status) < 0) return false;
	if (opt_long(opts, "timeout_ms", "request.timeout_ms", 1, 3600000, &l) < 0) return false;
	b->r.timeout_ms = (long) l;
	if (opt_string(opts, "content_type", "request.content_type", &ct, NULL) < 0) return false;
	b->r.content_type = ct;
	return true;
}

static bool req_build_init(req_build *b, const char *method, const char *path, HashTable *opts, bool allow_method_path)
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
	if (!check_keys(opts, allow_method_path ? keys : keys, "request")) return false;
	return req_options(b, opts) && req_body(b, opts);
}

static void response_to_zval(erpsync_http_client *c, const erpsync_http_request *r, erpsync_http_response *res, zval *rv)
{
	zend_object *obj;
	zval headers;
	char *url = erpsync_http_redacted_url(c, r);
	const char *p = res->headers, *end = res->headers ? res->headers + res->headers_len : NULL;

	object_init_ex(rv, erpsync_ce_http_response);
	obj = Z_OBJ_P(rv);
	array_init(&headers);
	while (p && p < end) {
		const char *eol = memchr(p, '\n', (size_t) (end - p));
		const char *le = eol ? eol : end;
		const char *colon = memchr(p, ':', (size_t) (le - p));
		if (colon && colon > p && strncmp(p, "HTTP/", 5) != 0) {
			zend_string *raw = zend_string_init(p, (size_t) (colon - p), 0);
			zend_string *name = zend_string_tolower(raw);
			const char *v = colon + 1, *ve = le;
			zval *old;
			while (v < ve && (*v == ' ' || *v == '\t')) v++;
			while (ve > v && (ve[-1] == '\r' || ve[-1] == ' ' || ve[-1] == '\t')) ve--;
			old = zend_hash_find(Z_ARRVAL(headers), name);
			if (old) {
				zend_string *joined = zend_string_concat3(Z_STRVAL_P(old), Z_STRLEN_P(old), ", ", 2, v, (size_t) (ve - v));
				zval jz;
				ZVAL_STR(&jz, joined);
				zend_hash_update(Z_ARRVAL(headers), name, &jz);
			} else {
				add_assoc_stringl_ex(&headers, ZSTR_VAL(name), ZSTR_LEN(name), (char *) v, (size_t) (ve - v));
			}
			zend_string_release(name);
			zend_string_release(raw);
		}
		p = eol ? eol + 1 : end;
	}
	zend_update_property_long(erpsync_ce_http_response, obj, "status", sizeof("status") - 1, res->status);
	zend_update_property(erpsync_ce_http_response, obj, "headers", sizeof("headers") - 1, &headers);
	zval_ptr_dtor(&headers);
	zend_update_property_stringl(erpsync_ce_http_response, obj, "body", sizeof("body") - 1,
		res->body ? res->body : "", res->body ? res->body_len : 0);
	zend_update_property_double(erpsync_ce_http_response, obj, "duration", sizeof("duration") - 1, res->duration);
	zend_update_property_long(erpsync_ce_http_response, obj, "attempts", sizeof("attempts") - 1, res->attempts);
	zend_update_property_string(erpsync_ce_http_response, obj, "url", sizeof("url") - 1, url ? url : "");
	free(url);
}

static void do_request(INTERNAL_FUNCTION_PARAMETERS, const char *fixed_method)
{
	zend_string *method = NULL, *path;
	HashTable *opts = NULL;
	http_client_obj *o;
	req_build b;
	erpsync_http_response res;
	erpsync_error err;

	if (fixed_method) {
		ZEND_PARSE_PARAMETERS_START(1, 2)
			Z_PARAM_STR(path)
			Z_PARAM_OPTIONAL
			Z_PARAM_ARRAY_HT(opts)
		ZEND_PARSE_PARAMETERS_END();
	} else {
		ZEND_PARSE_PARAMETERS_START(2, 3)
			Z_PARAM_STR(method)
			Z_PARAM_STR(path)
			Z_PARAM_OPTIONAL
			Z_PARAM_ARRAY_HT(opts)
		ZEND_PARSE_PARAMETERS_END();
	}
	if (!(o = this_client(ZEND_THIS))) {
		return;
	}
	if (memchr(ZSTR_VAL(path), '\0', ZSTR_LEN(path))) {
		erpsync_throw_validation(SUBJ, "path", "path must not contain NUL bytes");
		return;
	}
	if (!req_build_init(&b, fixed_method ? fixed_method : ZSTR_VAL(method), ZSTR_VAL(path), opts, false)) {
		req_build_free(&b);
		return;
	}
	memset(&res, 0, sizeof(res));
	erpsync_error_clear(&err);
	if (erpsync_http_execute(o->engine, &b.r, &res, &err) != 0) {
		if (!EG(exception)) {
			erpsync_throw_error(&err);
		}
	} else if (!EG(exception)) {
		response_to_zval(o->engine, &b.r, &res, return_value);
	}
	erpsync_http_response_dtor(&res);
	req_build_free(&b);
}

ZEND_METHOD(ErpSync_Http_Client, request) { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, NULL); }
ZEND_METHOD(ErpSync_Http_Client, get)     { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, "GET"); }
ZEND_METHOD(ErpSync_Http_Client, post)    { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, "POST"); }
ZEND_METHOD(ErpSync_Http_Client, put)     { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, "PUT"); }
ZEND_METHOD(ErpSync_Http_Client, delete)  { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, "DELETE"); }

/* Each item of requestMany's list (path, method, request options) into bs[i] and rs[i]; *built counts the
 * req_builds to free. false once an exception is thrown. */
static bool many_build(HashTable *reqs, req_build *bs, erpsync_http_request *rs, uint32_t *built)
{
	uint32_t i = 0;
	zval *item;
	ZEND_HASH_FOREACH_VAL(reqs, item) {
		const char *m = "GET", *p = NULL;
		char field[64];
		ZVAL_DEREF(item);
		snprintf(field, sizeof(field), "requests[%u]", i);
		if (Z_TYPE_P(item) != IS_ARRAY) {
			erpsync_throw_validation(SUBJ, field, "%s must be an array with path (and method, request options)", field);
			return false;
		}
		if (opt_string(Z_ARRVAL_P(item), "method", "method", &m, NULL) < 0) return false;
		if (opt_string(Z_ARRVAL_P(item), "path", "path", &p, NULL) <= 0) {
			if (!EG(exception)) erpsync_throw_validation(SUBJ, field, "%s.path is required", field);
			return false;
		}
		(*built)++;
		if (!req_build_init(&bs[i], m ? m : "GET", p, Z_ARRVAL_P(item), true)) return false;
		rs[i] = bs[i].r;
		i++;
	} ZEND_HASH_FOREACH_END();
	return true;
}

/* requestMany's result: under each request's key, its Response or its exception object. */
static void many_results(http_client_obj *o, HashTable *reqs, const erpsync_http_request *rs, erpsync_http_response *res,
                         erpsync_error *errs, zval *return_value)
{
	uint32_t i = 0;
	zend_string *key;
	zend_ulong idx;
	array_init_size(return_value, zend_hash_num_elements(reqs));
	ZEND_HASH_FOREACH_KEY(reqs, idx, key) {
		zval zv;
		if (erpsync_error_isset(&errs[i])) {
			erpsync_error_to_zval(&errs[i], &zv);
		} else {
			response_to_zval(o->engine, &rs[i], &res[i], &zv);
		}
		if (key) {
			zend_hash_update(Z_ARRVAL_P(return_value), key, &zv);
		} else {
			zend_hash_index_update(Z_ARRVAL_P(return_value), idx, &zv);
		}
		i++;
	} ZEND_HASH_FOREACH_END();
}

ZEND_METHOD(ErpSync_Http_Client, requestMany)
{
	HashTable *reqs;
	zend_long conc = 8;
	http_client_obj *o;
	req_build *bs;
	erpsync_http_request *rs;
	erpsync_http_response *res;
	erpsync_error *errs;
	uint32_t n, i, built = 0;

	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY_HT(reqs)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(conc)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = this_client(ZEND_THIS))) {
		return;
	}
	if (conc < 1 || conc > 256) {
		erpsync_throw_validation(SUBJ, "concurrency", "concurrency must be from 1 to 256, " ZEND_LONG_FMT " given", conc);
		return;
	}
	n = zend_hash_num_elements(reqs);
	bs = ecalloc(n ? n : 1, sizeof(req_build));
	rs = ecalloc(n ? n : 1, sizeof(erpsync_http_request));
	res = ecalloc(n ? n : 1, sizeof(erpsync_http_response));
	errs = ecalloc(n ? n : 1, sizeof(erpsync_error));
	if (many_build(reqs, bs, rs, &built)) {
		erpsync_http_execute_many(o->engine, rs, n, (size_t) conc, res, errs);
		if (!EG(exception)) {
			many_results(o, reqs, rs, res, errs, return_value);
		}
	}
	for (i = 0; i < n; i++) {
		erpsync_http_response_dtor(&res[i]);
	}
	for (i = 0; i < built && i < n; i++) {
		req_build_free(&bs[i]);
	}
	efree(bs);
	efree(rs);
	efree(res);
	efree(errs);
}

/* -------------------------------------------------------------------- pagination */

typedef struct {
	zend_fcall_info fci;
	zend_fcall_info_cache fcc;
} page_cb;

static int on_page(void *ud, json_object *items, long page, erpsync_error *err)
{
	page_cb *cb = ud;
	zval args[2], ret;
	int rc = 0;
	ZVAL_UNDEF(&args[0]);
	if (erpsync_json_to_zval(items, &args[0], 0, err) != 0 || erpsync_error_isset(err)) {
		zval_ptr_dtor(&args[0]);
		return -1;
	}
	ZVAL_LONG(&args[1], page + 1);
	ZVAL_UNDEF(&ret);
	cb->fci.retval = &ret;
	cb->fci.params = args;
	cb->fci.param_count = 2;
	if (zend_call_function(&cb->fci, &cb->fcc) != SUCCESS || EG(exception)) {
		rc = -1;
		erpsync_error_set(err, ERPSYNC_E_GENERIC, "the page callback failed");
	} else if (Z_TYPE(ret) == IS_FALSE) {
		rc = 1;
	}
	zval_ptr_dtor(&ret);
	zval_ptr_dtor(&args[0]);
	return rc;
}

ZEND_METHOD(ErpSync_Http_Client, paginate)
{
	static const char *const keys[] = { "style", "page_size", "index_param", "size_param", "first_index", "items_key",
		"total_key", "max_pages", NULL };
	zend_string *path;
	HashTable *pgh, *opts = NULL;
	page_cb cb;
	http_client_obj *o;
	erpsync_http_pagination pg;
	const char *style = "page";
	zend_long l;
	req_build b;
	erpsync_error err;
	long total;

	ZEND_PARSE_PARAMETERS_START(3, 4)
		Z_PARAM_STR(path)
		Z_PARAM_ARRAY_HT(pgh)
		Z_PARAM_FUNC(cb.fci, cb.fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(opts)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = this_client(ZEND_THIS))) {
		return;
	}
	memset(&pg, 0, sizeof(pg));
	if (!check_keys(pgh, keys, "pagination")) return;
	if (opt_string(pgh, "style", "pagination.style", &style, NULL) < 0) return;
	if (strcmp(style, "offset") == 0) pg.style = ERPSYNC_HTTP_PAGE_OFFSET;
	else if (strcmp(style, "segment") == 0) pg.style = ERPSYNC_HTTP_PAGE_SEGMENT;
	else if (strcmp(style, "block") == 0) pg.style = ERPSYNC_HTTP_PAGE_BLOCK;
	else if (strcmp(style, "page") == 0) pg.style = ERPSYNC_HTTP_PAGE_PAGE;
	else {
		erpsync_throw_validation(SUBJ, "pagination.style", "pagination.style must be offset, segment, block or page");
		return;
	}
	l = 100;
	if (opt_long(pgh, "page_size", "pagination.page_size", 1, 1000000, &l) < 0) return;
	pg.page_size = (long) l;
	l = -1;
	if (opt_long(pgh, "first_index", "pagination.first_index", 0, ZEND_LONG_MAX, &l) < 0) return;
	pg.first_index = (long) l;
	l = 0;
	if (opt_long(pgh, "max_pages", "pagination.max_pages", 1, ZEND_LONG_MAX, &l) < 0) return;
	pg.max_pages = (long) l;
	if (opt_string(pgh, "index_param", "pagination.index_param", &pg.index_param, NULL) < 0) return;
	if (opt_string(pgh, "size_param", "pagination.size_param", &pg.size_param, NULL) < 0) return;
	if (opt_string(pgh, "items_key", "pagination.items_key", &pg.items_key, NULL) < 0) return;
	if (opt_string(pgh, "total_key", "pagination.total_key", &pg.total_key, NULL) < 0) return;
	if (!req_build_init(&b, "GET", ZSTR_VAL(path), opts, false)) {
		req_build_free(&b);
		return;
	}
	erpsync_error_clear(&err);
	total = erpsync_http_paginate(o->engine, &b.r, &pg, on_page, &cb, &err);
	req_build_free(&b);
	if (total < 0) {
		if (!EG(exception)) {
			erpsync_throw_error(&err);
		}
		return;
	}
	if (EG(exception)) {
		return;
	}
	RETURN_LONG(total);
}

ZEND_METHOD(ErpSync_Http_Client, connectionCount)
{
	http_client_obj *o;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(o = this_client(ZEND_THIS))) {
		return;
	}
	RETURN_LONG(erpsync_http_client_connects(o->engine));
}

/* ---------------------------------------------------------------------- Response */

ZEND_METHOD(ErpSync_Http_Response, __construct)
{
	(void) return_value;
	ZEND_PARSE_PARAMETERS_NONE();
}

ZEND_METHOD(ErpSync_Http_Response, json)
{
	bool assoc = true;
	zval *body, rv;
	erpsync_error err;

	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(assoc)
	ZEND_PARSE_PARAMETERS_END();
	body = zend_read_property(erpsync_ce_http_response, Z_OBJ_P(ZEND_THIS), "body", sizeof("body") - 1, 1, &rv);
	if (Z_TYPE_P(body) != IS_STRING) {
		RETURN_NULL();
	}
	erpsync_error_clear(&err);
	{
		/* empty or HTML replies get a plain message first */
		size_t i = 0, len = Z_STRLEN_P(body);
		const char *s = Z_STRVAL_P(body);
		while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
		if (i == len) {
			erpsync_error_protocol(&err, "$", "The reply is empty, JSON was expected");
		} else if (s[i] == '<') {
			erpsync_error_protocol(&err, "$", "The reply is an HTML/XML page, not JSON");
		}
		if (erpsync_error_isset(&err)) {
			erpsync_throw_error(&err);
			return;
		}
	}
	if (erpsync_json_decode_zval(Z_STRVAL_P(body), Z_STRLEN_P(body), ERPSYNC_JSON_DEFAULT_DEPTH, 0,
			assoc ? 0 : ERPSYNC_JSON_OBJECT_AS_OBJECT, return_value, &err) != SUCCESS) {
		erpsync_throw_error(&err);
		return;
	}
}

ZEND_METHOD(ErpSync_Http_Response, header)
{
	zend_string *name, *lower;
	zval *h, rv, *v;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(name)
	ZEND_PARSE_PARAMETERS_END();
	h = zend_read_property(erpsync_ce_http_response, Z_OBJ_P(ZEND_THIS), "headers", sizeof("headers") - 1, 1, &rv);
	if (Z_TYPE_P(h) != IS_ARRAY) {
		RETURN_NULL();
	}
	lower = zend_string_tolower(name);
	v = zend_hash_find(Z_ARRVAL_P(h), lower);
	zend_string_release(lower);
	if (!v) {
		RETURN_NULL();
	}
	RETURN_COPY(v);
}

/* ------------------------------------------------------------------------ module */

PHP_MINIT_FUNCTION(erpsync_http)
{
	(void) type;
	(void) module_number;
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK) {
		return FAILURE;
	}
	erpsync_ce_http_client->create_object = http_client_create;
	memcpy(&http_client_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	http_client_handlers.offset = XtOffsetOf(http_client_obj, std);
	http_client_handlers.free_obj = http_client_free;
	http_client_handlers.get_gc = http_client_get_gc;
	http_client_handlers.clone_obj = NULL;
	return SUCCESS;
}

PHP_MSHUTDOWN_FUNCTION(erpsync_http)
{
	(void) type;
	(void) module_number;
	curl_global_cleanup();
	return SUCCESS;
}
