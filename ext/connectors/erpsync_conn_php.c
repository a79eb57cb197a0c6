/* Binding base shared by the connector classes. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "zend_interfaces.h"
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "json/erpsync_json.h"
#include "erpsync_conn_php.h"
#include "erpsync_conn_money.h"

static zend_object_handlers erpsync_conn_handlers;

static zend_object *conn_create(zend_class_entry *ce)
{
	erpsync_conn_obj *o = zend_object_alloc(sizeof(erpsync_conn_obj), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &erpsync_conn_handlers;
	ZVAL_UNDEF(&o->client);
	return &o->std;
}

static void conn_free(zend_object *obj)
{
	erpsync_conn_obj *o = erpsync_conn_from_obj(obj);
	if (o->state && o->profile && o->profile->state_free) {
		o->profile->state_free(o->state);
	}
	o->state = NULL;
	if (o->settings) {
		json_object_put(o->settings);
		o->settings = NULL;
	}
	zval_ptr_dtor(&o->client);
	ZVAL_UNDEF(&o->client);
	zend_object_std_dtor(obj);
}

static HashTable *conn_get_gc(zend_object *obj, zval **table, int *n)
{
	erpsync_conn_obj *o = erpsync_conn_from_obj(obj);
	*table = Z_ISUNDEF(o->client) ? NULL : &o->client;
	*n = Z_ISUNDEF(o->client) ? 0 : 1;
	return zend_std_get_properties(obj);
}

void erpsync_conn_class_init(zend_class_entry *ce)
{
	static bool handlers_ready = false;
	if (!handlers_ready) {
		memcpy(&erpsync_conn_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
		erpsync_conn_handlers.offset = XtOffsetOf(erpsync_conn_obj, std);
		erpsync_conn_handlers.free_obj = conn_free;
		erpsync_conn_handlers.clone_obj = NULL;
		erpsync_conn_handlers.get_gc = conn_get_gc;
		handlers_ready = true;
	}
	ce->create_object = conn_create;
}

bool erpsync_conn_throw(const erpsync_error *err)
{
	if (erpsync_error_isset(err)) {
		erpsync_throw_error(err);
		return true;
	}
	return false;
}

erpsync_conn_obj *erpsync_conn_this(zval *this_zv)
{
	erpsync_conn_obj *o = Z_ERPSYNC_CONN_P(this_zv);
	if (!o->settings || !o->http) {
		zend_throw_error(NULL, "%s object is not initialised (its constructor did not run)", ZSTR_VAL(Z_OBJCE_P(this_zv)->name));
		return NULL;
	}
	return o;
}

json_object *erpsync_conn_snapshot(zval *arr, const char *kind)
{
	erpsync_error err;
	json_object *o;
	erpsync_error_clear(&err);
	o = erpsync_json_from_zval(arr, 64, &err);
	if (erpsync_error_isset(&err)) {
		zval *id = Z_TYPE_P(arr) == IS_ARRAY ? zend_hash_str_find(Z_ARRVAL_P(arr), "number", sizeof("number") - 1) : NULL;
		if (!id && Z_TYPE_P(arr) == IS_ARRAY) {
			id = zend_hash_str_find(Z_ARRVAL_P(arr), "id", sizeof("id") - 1);
		}
		if (id && (Z_TYPE_P(id) == IS_LONG || Z_TYPE_P(id) == IS_STRING)) {
			zend_string *s = zval_get_string(id);
			snprintf(err.subject, sizeof(err.subject), "%s %s", kind, ZSTR_VAL(s));
			zend_string_release(s);
		} else {
			snprintf(err.subject, sizeof(err.subject), "%s", kind);
		}
		erpsync_throw_error(&err);
		if (o) {
			json_object_put(o);
		}
		return NULL;
	}
	if (!o || !json_object_is_type(o, json_type_object)) {
		if (o) {
			json_object_put(o);
		}
		erpsync_throw_validation(kind, "", "the %s snapshot must be an array with named keys (see docs/snapshots.md)", kind);
		return NULL;
	}
	return o;
}

void erpsync_conn_return_json(json_object *o, zval *rv)
{
	erpsync_error err;
	erpsync_error_clear(&err);
	if (erpsync_json_to_zval(o, rv, ERPSYNC_JSON_BIGINT_AS_STRING, &err) != 0 || erpsync_error_isset(&err)) {
		zval_ptr_dtor(rv);
		ZVAL_NULL(rv);
		erpsync_conn_throw(&err);
	}
}

/* Keys of the connector settings that configure the HTTP client as they are. */
static const char *const client_keys[] = { "connect_timeout_ms", "timeout_ms", "max_response_bytes", "verify_tls",
	"ca_file", "proxy", "user_agent", "retry", "rate_limit", "log", "headers", NULL };

bool erpsync_conn_construct(erpsync_conn_obj *o, const erpsync_conn_profile *p, HashTable *settings, zval *client)
{
	erpsync_error err;
	zval copy, opts, auth;
	const char *base_url = NULL;
	size_t i;

	erpsync_error_clear(&err);
	if (o->settings) {
		zend_throw_error(NULL, "%s connector: the constructor was already called", p->name);
		return false;
	}
	o->profile = p;

	/* settings without the log callable (not JSON) */
	ZVAL_ARR(&copy, zend_array_dup(settings));
	zend_hash_str_del(Z_ARRVAL(copy), "log", sizeof("log") - 1);
	o->settings = zend_hash_num_elements(Z_ARRVAL(copy)) == 0 ? json_object_new_object() : erpsync_json_from_zval(&copy, 32, &err);
	zval_ptr_dtor(&copy);
	if (erpsync_error_isset(&err) || !o->settings || !json_object_is_type(o->settings, json_type_object)) {
		if (!erpsync_error_isset(&err)) {
			erpsync_error_validation(&err, "settings", "settings", "%s settings must be an array with named keys", p->name);
		} else {
			char f[ERPSYNC_ERR_SHORT_LEN];
			snprintf(f, sizeof(f), "settings.%s", err.field);
			memcpy(err.field, f, sizeof(f));
			snprintf(err.subject, sizeof(err.subject), "%s", "settings");
		}
		if (o->settings) {
			json_object_put(o->settings);
			o->settings = NULL;
		}
		erpsync_throw_error(&err);
		return false;
	}

	if (client && Z_TYPE_P(client) == IS_OBJECT) {
		ZVAL_COPY(&o->client, client);
	} else {
		ZVAL_UNDEF(&auth);
		if (!p->client_options(o->settings, &auth, &base_url, &err)) {
			zval_ptr_dtor(&auth);
			json_object_put(o->settings);
			o->settings = NULL;
			erpsync_throw_error(&err);
			return false;
		}
		array_init(&opts);
		add_assoc_string(&opts, "base_url", (char *) base_url);
		if (!Z_ISUNDEF(auth)) {
			add_assoc_zval(&opts, "auth", &auth);
		}
		for (i = 0; client_keys[i]; i++) {
			zval *v = zend_hash_str_find(settings, client_keys[i], strlen(client_keys[i]));
			if (v) {
				Z_TRY_ADDREF_P(v);
				add_assoc_zval(&opts, client_keys[i], v);
			}
		}
		object_init_ex(&o->client, erpsync_ce_http_client);
		zend_call_known_instance_method_with_1_params(erpsync_ce_http_client->constructor, Z_OBJ(o->client), NULL, &opts);
		zval_ptr_dtor(&opts);
		if (EG(exception)) {
			zval_ptr_dtor(&o->client);
			ZVAL_UNDEF(&o->client);
			json_object_put(o->settings);
			o->settings = NULL;
			return false;
		}
	}
	o->http = erpsync_http_client_from_zval(&o->client);
	if (!o->http) {
		zend_throw_error(NULL, "%s connector: the HTTP client is not initialised", p->name);
		return false;
	}
	if (p->validate && !p->validate(o, &err)) {
		erpsync_throw_error(&err);
		return false;
	}
	return true;
}

/* ------------------------------------------------------------ shared method bodies */

void erpsync_conn_finish(int rc, json_object *out, erpsync_error *err, zval *rv, bool null_when_empty)
{
	if (rc != 0) {
		if (out) json_object_put(out);
		if (!EG(exception)) erpsync_conn_throw(err);
		return;
	}
	if (!out) {
		if (null_when_empty) ZVAL_NULL(rv); else array_init(rv);
		return;
	}
	erpsync_conn_return_json(out, rv);
	json_object_put(out);
}

void erpsync_conn_method_op(INTERNAL_FUNCTION_PARAMETERS, const char *kind, erpsync_conn_op fn, bool null_when_empty)
{
	zval *arg;
	json_object *snap, *out = NULL;
	erpsync_error err;
	erpsync_conn_obj *o;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(arg)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(snap = erpsync_conn_snapshot(arg, kind))) RETURN_THROWS();
	rc = fn(o->state, snap, &out, &err);
	json_object_put(snap);
	erpsync_conn_finish(rc, out, &err, return_value, null_when_empty);
}

void erpsync_conn_method_op_ctx(INTERNAL_FUNCTION_PARAMETERS, const char *kind, erpsync_conn_op_ctx fn, bool null_when_empty)
{
	zval *arg, *ctxz = NULL;
	json_object *snap, *ctx = NULL, *out = NULL;
	erpsync_error err;
	erpsync_conn_obj *o;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY(arg)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY(ctxz)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(snap = erpsync_conn_snapshot(arg, kind))) RETURN_THROWS();
	if (ctxz && zend_hash_num_elements(Z_ARRVAL_P(ctxz)) > 0 && !(ctx = erpsync_conn_snapshot(ctxz, "context"))) {
		json_object_put(snap);
		RETURN_THROWS();
	}
	rc = fn(o->state, snap, ctx, &out, &err);
	json_object_put(snap);
	if (ctx) json_object_put(ctx);
	erpsync_conn_finish(rc, out, &err, return_value, null_when_empty);
}

void erpsync_conn_method_build(INTERNAL_FUNCTION_PARAMETERS, const char *kind, erpsync_conn_builder fn, bool with_ctx)
{
	zval *arg, *ctxz = NULL;
	json_object *snap, *ctx = NULL, *payload;
	erpsync_error err;
	erpsync_conn_obj *o;
	char *text;
	size_t len;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY(arg)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY(ctxz)
	ZEND_PARSE_PARAMETERS_END();
	(void) with_ctx;
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(snap = erpsync_conn_snapshot(arg, kind))) RETURN_THROWS();
	if (ctxz && zend_hash_num_elements(Z_ARRVAL_P(ctxz)) > 0 && !(ctx = erpsync_conn_snapshot(ctxz, "context"))) {
		json_object_put(snap);
		RETURN_THROWS();
	}
	payload = fn(o->state, snap, ctx, &err);
	json_object_put(snap);
	if (ctx) json_object_put(ctx);
	if (!payload) {
		if (erpsync_error_isset(&err)) { erpsync_conn_throw(&err); RETURN_THROWS(); }
		RETURN_STRING("null");
	}
	text = erpsync_json_serialize(payload, 0, &len);
	json_object_put(payload);
	RETVAL_STRINGL(text, len);
	free(text);
}

void erpsync_conn_method_reconcile(INTERNAL_FUNCTION_PARAMETERS, erpsync_conn_builder build, erpsync_conn_reconciler rec)
{
	zval *arg, *ctxz = NULL, totals;
	json_object *snap, *ctx = NULL, *payload, *t;
	erpsync_error err, diff;
	erpsync_money_totals got, want;
	erpsync_conn_obj *o;
	bool ok;
	char *text;
	size_t len;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY(arg)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY(ctxz)
	ZEND_PARSE_PARAMETERS_END();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	erpsync_error_clear(&diff);
	if (!(snap = erpsync_conn_snapshot(arg, "order"))) RETURN_THROWS();
	if (ctxz && zend_hash_num_elements(Z_ARRVAL_P(ctxz)) > 0 && !(ctx = erpsync_conn_snapshot(ctxz, "context"))) {
		json_object_put(snap);
		RETURN_THROWS();
	}
	payload = build(o->state, snap, ctx, &err);
	if (ctx) json_object_put(ctx);
	if (!payload) {
		json_object_put(snap);
		if (!erpsync_error_isset(&err)) erpsync_error_set(&err, ERPSYNC_E_GENERIC, "the payload could not be built");
		erpsync_conn_throw(&err);
		RETURN_THROWS();
	}
	memset(&got, 0, sizeof(got));
	memset(&want, 0, sizeof(want));
	ok = rec(o->state, snap, payload, &got, &want, &diff);
	json_object_put(snap);
	if (!ok && diff.code != ERPSYNC_E_VALIDATION) {
		json_object_put(payload);
		erpsync_conn_throw(&diff);
		RETURN_THROWS();
	}
	array_init(return_value);
	add_assoc_bool(return_value, "ok", ok);
	add_assoc_string(return_value, "message", ok ? "" : diff.message);
	t = erpsync_money_totals_json(&got);
	erpsync_conn_return_json(t, &totals);
	json_object_put(t);
	add_assoc_zval(return_value, "document", &totals);
	t = erpsync_money_totals_json(&want);
	erpsync_conn_return_json(t, &totals);
	json_object_put(t);
	add_assoc_zval(return_value, "woocommerce", &totals);
	text = erpsync_json_serialize(payload, 0, &len);
	json_object_put(payload);
	add_assoc_stringl(return_value, "payload", text ? text : "", text ? len : 0);
	free(text);
}

int erpsync_conn_on_page(void *ud, json_object *items, long page, erpsync_error *err)
{
	erpsync_conn_page_cb *cb = ud;
	zval args[2], ret;
	int rc = 0;
	ZVAL_UNDEF(&args[0]);
	if (erpsync_json_to_zval(items, &args[0], ERPSYNC_JSON_BIGINT_AS_STRING, err) != 0 || erpsync_error_isset(err)) {
		zval_ptr_dtor(&args[0]);
		return -1;
	}
	ZVAL_LONG(&args[1], page);
	ZVAL_UNDEF(&ret);
	cb->fci.retval = &ret;
	cb->fci.params = args;
	cb->fci.param_count = 2;
	if (zend_call_function(&cb->fci, &cb->fcc) != SUCCESS || EG(exception)) {
		rc = 1; /* stop; the PHP exception propagates */
	} else if (Z_TYPE(ret) == IS_FALSE) {
		rc = 1;
	}
	zval_ptr_dtor(&ret);
	zval_ptr_dtor(&args[0]);
	return rc;
}

json_object *erpsync_conn_snapshot_list(zval *arr, const char *kind)
{
	json_object *list = json_object_new_array();
	zval *v;
	ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(arr), v) {
		json_object *one;
		ZVAL_DEREF(v);
		if (Z_TYPE_P(v) != IS_ARRAY) {
			json_object_put(list);
			erpsync_throw_validation(kind, "", "each %s must be an array (see docs/snapshots.md)", kind);
			return NULL;
		}
		if (!(one = erpsync_conn_snapshot(v, kind))) {
			json_object_put(list);
			return NULL;
		}
		json_object_array_add(list, one);
	} ZEND_HASH_FOREACH_END();
	return list;
}
