/* Binding of ErpSync\Http: Client (wraps the engine client: its object, log hook, requests, pagination) and
 * Response. Reading the option arrays into the engine's config and requests is in erpsync_http_options_php.c. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "ext/standard/php_var.h"
#include <curl/curl.h>
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "json/erpsync_json.h"
#include "erpsync_http.h"
#include "erpsync_http_php_internal.h"

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

/* --------------------------------------------------------------------- constructor */

ZEND_METHOD(ErpSync_Http_Client, __construct)
{
	static const char *const top[] = { "base_url", "headers", "auth", "connect_timeout_ms", "timeout_ms",
		"max_response_bytes", "verify_tls", "ca_file", "proxy", "user_agent", "retry", "rate_limit", "log", "lean", NULL };
	HashTable *opts, *h = NULL, *auth = NULL;
	http_client_obj *o = client_from_obj(Z_OBJ_P(ZEND_THIS));
	erpsync_http_config cfg;
	erpsync_http_ctor_owned w;
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

	if (!erpsync_http_check_keys(opts, top, "")) {
		return;
	}
	if (erpsync_http_opt_string(opts, "base_url", "base_url", &cfg.base_url, NULL) <= 0) {
		if (!EG(exception)) {
			erpsync_throw_validation(SUBJ, "base_url", "base_url is required");
		}
		return;
	}
	if (erpsync_http_opt_array(opts, "headers", "headers", &h) < 0 || (h && !erpsync_http_kv_list_from(h, "headers", true, &w.headers))) {
		goto out;
	}
	cfg.headers = w.headers.kv;
	cfg.header_count = w.headers.n;
	if (!erpsync_http_ctor_transport(opts, &cfg) || !erpsync_http_ctor_pacing(opts, &cfg)) goto out;
	logv = zend_hash_str_find(opts, "log", sizeof("log") - 1);
	if (logv && Z_TYPE_P(logv) != IS_NULL) {
		ZVAL_DEREF(logv);
		if (!zend_is_callable(logv, 0, NULL)) {
			erpsync_throw_validation(SUBJ, "log", "log must be a callable");
			goto out;
		}
	}
	if (erpsync_http_opt_array(opts, "auth", "auth", &auth) < 0) goto out;
	if (auth && !erpsync_http_ctor_auth(auth, &cfg, &w)) goto out;
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
	erpsync_http_ctor_owned_free(&w);
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
	erpsync_http_req_build b;
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
	if (!erpsync_http_req_build_init(&b, fixed_method ? fixed_method : ZSTR_VAL(method), ZSTR_VAL(path), opts, false)) {
		erpsync_http_req_build_free(&b);
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
	erpsync_http_req_build_free(&b);
}

ZEND_METHOD(ErpSync_Http_Client, request) { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, NULL); }
ZEND_METHOD(ErpSync_Http_Client, get)     { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, "GET"); }
ZEND_METHOD(ErpSync_Http_Client, post)    { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, "POST"); }
ZEND_METHOD(ErpSync_Http_Client, put)     { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, "PUT"); }
ZEND_METHOD(ErpSync_Http_Client, delete)  { do_request(INTERNAL_FUNCTION_PARAM_PASSTHRU, "DELETE"); }

/* Each item of requestMany's list (path, method, request options) into bs[i] and rs[i]; *built counts the
 * req_builds to free. false once an exception is thrown. */
static bool many_build(HashTable *reqs, erpsync_http_req_build *bs, erpsync_http_request *rs, uint32_t *built)
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
		if (erpsync_http_opt_string(Z_ARRVAL_P(item), "method", "method", &m, NULL) < 0) return false;
		if (erpsync_http_opt_string(Z_ARRVAL_P(item), "path", "path", &p, NULL) <= 0) {
			if (!EG(exception)) erpsync_throw_validation(SUBJ, field, "%s.path is required", field);
			return false;
		}
		(*built)++;
		if (!erpsync_http_req_build_init(&bs[i], m ? m : "GET", p, Z_ARRVAL_P(item), true)) return false;
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
	erpsync_http_req_build *bs;
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
	bs = ecalloc(n ? n : 1, sizeof(erpsync_http_req_build));
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
		erpsync_http_req_build_free(&bs[i]);
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
	erpsync_http_req_build b;
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
	if (!erpsync_http_check_keys(pgh, keys, "pagination")) return;
	if (erpsync_http_opt_string(pgh, "style", "pagination.style", &style, NULL) < 0) return;
	if (strcmp(style, "offset") == 0) pg.style = ERPSYNC_HTTP_PAGE_OFFSET;
	else if (strcmp(style, "segment") == 0) pg.style = ERPSYNC_HTTP_PAGE_SEGMENT;
	else if (strcmp(style, "block") == 0) pg.style = ERPSYNC_HTTP_PAGE_BLOCK;
	else if (strcmp(style, "page") == 0) pg.style = ERPSYNC_HTTP_PAGE_PAGE;
	else {
		erpsync_throw_validation(SUBJ, "pagination.style", "pagination.style must be offset, segment, block or page");
		return;
	}
	l = 100;
	if (erpsync_http_opt_long(pgh, "page_size", "pagination.page_size", 1, 1000000, &l) < 0) return;
	pg.page_size = (long) l;
	l = -1;
	if (erpsync_http_opt_long(pgh, "first_index", "pagination.first_index", 0, ZEND_LONG_MAX, &l) < 0) return;
	pg.first_index = (long) l;
	l = 0;
	if (erpsync_http_opt_long(pgh, "max_pages", "pagination.max_pages", 1, ZEND_LONG_MAX, &l) < 0) return;
	pg.max_pages = (long) l;
	if (erpsync_http_opt_string(pgh, "index_param", "pagination.index_param", &pg.index_param, NULL) < 0) return;
	if (erpsync_http_opt_string(pgh, "size_param", "pagination.size_param", &pg.size_param, NULL) < 0) return;
	if (erpsync_http_opt_string(pgh, "items_key", "pagination.items_key", &pg.items_key, NULL) < 0) return;
	if (erpsync_http_opt_string(pgh, "total_key", "pagination.total_key", &pg.total_key, NULL) < 0) return;
	if (!erpsync_http_req_build_init(&b, "GET", ZSTR_VAL(path), opts, false)) {
		erpsync_http_req_build_free(&b);
		return;
	}
	erpsync_error_clear(&err);
	total = erpsync_http_paginate(o->engine, &b.r, &pg, on_page, &cb, &err);
	erpsync_http_req_build_free(&b);
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
