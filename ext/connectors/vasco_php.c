/* Binding of ErpSync\Connector\Vasco. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "ext/date/php_date.h"
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "json/erpsync_json.h"
#include "erpsync_conn_php.h"
#include "vasco.h"
#include "erpsync_conn_feed.h"

static void vasco_state_free(void *p)
{
	vasco_ctx *c = p;
	vasco_ctx_dtor(c);
	efree(c);
}

/* auth: login-token flow; base URL and credentials of the chosen mode (production or demo). */
static json_object *mode_settings(json_object *s)
{
	const char *mode = erpsync_conn_get_str(s, "mode", "production");
	json_object *m = erpsync_conn_get(s, mode);
	return (m && json_object_is_type(m, json_type_object)) ? m : s;
}

static bool vasco_client_options(json_object *s, zval *auth, const char **base_url, erpsync_error *err)
{
	const char *mode = erpsync_conn_get_str(s, "mode", "production");
	json_object *m = mode_settings(s);
	const char *u, *p, *tax;
	zval creds;

	if (strcmp(mode, "production") != 0 && strcmp(mode, "demo") != 0) {
		erpsync_conn_invalid(err, "settings", "settings.mode", "VASCO settings: mode must be \"production\" or \"demo\"");
		return false;
	}
	*base_url = erpsync_conn_get_str(m, "base_url", NULL);
	u = erpsync_conn_get_str(m, "username", NULL);
	p = erpsync_conn_get_str(m, "password", NULL);
	tax = erpsync_conn_get_str(m, "tax_number", NULL);
	if (!*base_url || (strncmp(*base_url, "http://", 7) != 0 && strncmp(*base_url, "https://", 8) != 0)) {
		erpsync_conn_invalid(err, "settings", m == s ? "settings.base_url" : (strcmp(mode, "demo") == 0 ? "settings.demo.base_url" : "settings.production.base_url"),
			"VASCO settings: the %s base URL is missing or not an http(s) URL", mode);
		return false;
	}
	if (!u || !p || !tax) {
		erpsync_conn_invalid(err, "settings", !u ? "settings.username" : !p ? "settings.password" : "settings.tax_number",
			"VASCO settings: %s is required for the %s instance", !u ? "username" : !p ? "password" : "tax_number", mode);
		return false;
	}
	array_init(auth);
	add_assoc_string(auth, "type", "login");
	add_assoc_string(auth, "path", "api/v1/Avtentikacija");
	{
		json_object *paths = erpsync_conn_get(s, "paths");
		const char *lp = paths ? erpsync_conn_get_str(paths, "login", NULL) : NULL;
		if (lp) {
			add_assoc_string(auth, "path", (char *) lp);
		}
	}
	array_init(&creds);
	add_assoc_string(&creds, "username", (char *) u);
	add_assoc_string(&creds, "password", (char *) p);
	add_assoc_string(&creds, "taxNumber", (char *) tax);
	add_assoc_long(&creds, "year", (zend_long) erpsync_conn_get_int(m, "year", 0));
	add_assoc_bool(&creds, "returnPastYears", 0);
	add_assoc_zval(auth, "credentials", &creds);
	if (erpsync_conn_get(s, "token_lifetime_s")) {
		add_assoc_long(auth, "token_lifetime_s", (zend_long) erpsync_conn_get_int(s, "token_lifetime_s", 1740));
	}
	return true;
}

static bool vasco_validate(erpsync_conn_obj *o, erpsync_error *err)
{
	vasco_ctx *c = ecalloc(1, sizeof(*c));
	vasco_ctx_init(c, o->settings, o->http);
	o->state = c;
	return vasco_validate_settings(c, err);
}

static const erpsync_conn_profile vasco_profile = {
	"VASCO", vasco_client_options, vasco_validate, vasco_state_free
};

#define VASCO_THIS() \
	erpsync_conn_obj *o = erpsync_conn_this(ZEND_THIS); \
	vasco_ctx *c; \
	if (!o) RETURN_THROWS(); \
	c = o->state

ERPSYNC_CONN_CONSTRUCTOR(ErpSync_Connector_Vasco, &vasco_profile)

ZEND_METHOD(ErpSync_Connector_Vasco, capabilities)
{
	static const char *const caps[] = { "test_connection", "export_order", "find_order", "find_customer",
		"create_customer", "order_state", "products", "stock", "push_product", "customer_debt", "email_blacklist", NULL };
	size_t i;
	ZEND_PARSE_PARAMETERS_NONE();
	array_init(return_value);
	for (i = 0; caps[i]; i++) add_next_index_string(return_value, caps[i]);
}

ZEND_METHOD(ErpSync_Connector_Vasco, testConnection)
{
	erpsync_error err;
	json_object *list = NULL;
	erpsync_http_kv q[1] = {{"Sifra", "1"}};
	zval details;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_NONE();
	erpsync_error_clear(&err);
	q[0].name = erpsync_conn_name(&c->names, "q.code");
	array_init(return_value);
	array_init(&details);
	add_assoc_string(&details, "mode", (char *) erpsync_conn_get_str(o->settings, "mode", "production"));
	if (vasco_get_list(c, "path.partner", q, 1, &list, &err) != 0) {
		add_assoc_bool(return_value, "ok", 0);
		add_assoc_string(return_value, "message", err.message);
		add_assoc_string(&details, "error_kind", err.code == ERPSYNC_E_TRANSPORT ? err.kind : err.code == ERPSYNC_E_HTTP ? "http" : "other");
		if (err.status) add_assoc_long(&details, "status", err.status);
	} else {
		add_assoc_bool(return_value, "ok", 1);
		add_assoc_string(return_value, "message", "Connected to VASCO: logged in and read the partner list.");
		json_object_put(list);
	}
	add_assoc_zval(return_value, "details", &details);
}

/* engine adapters with the shared signatures */
static json_object *b_order(void *st, json_object *s, json_object *ctx, erpsync_error *err) { return vasco_build_order(st, s, ctx, err); }
static json_object *b_partner(void *st, json_object *s, json_object *ctx, erpsync_error *err) { (void) ctx; return vasco_build_partner(st, s, err); }
static json_object *b_product(void *st, json_object *s, json_object *ctx, erpsync_error *err) { (void) ctx; return vasco_build_product(st, s, err); }
static int op_find_order(void *st, json_object *s, json_object **out, erpsync_error *err) { return vasco_find_order(st, s, out, err); }
static int op_export(void *st, json_object *s, json_object *ctx, json_object **out, erpsync_error *err) { return vasco_export_order(st, s, ctx, out, err); }
static int op_find_partner(void *st, json_object *s, json_object **out, erpsync_error *err) { return vasco_find_partner(st, s, out, err); }
static int op_create_partner(void *st, json_object *s, json_object **out, erpsync_error *err) { return vasco_create_partner(st, s, out, err); }
static int op_find_product(void *st, json_object *s, json_object **out, erpsync_error *err) { return vasco_find_product(st, s, out, err); }
static int op_push_product(void *st, json_object *s, json_object **out, erpsync_error *err) { return vasco_push_product(st, s, out, err); }

ZEND_METHOD(ErpSync_Connector_Vasco, buildOrderPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", b_order, true); }
static json_object *b_unchecked(void *st, json_object *s, json_object *ctx, erpsync_error *err) { return vasco_build_order_unchecked(st, s, ctx, err); }
static bool rec_order(void *st, json_object *o, json_object *p, erpsync_money_totals *g, erpsync_money_totals *w, erpsync_error *err) { return vasco_reconcile(st, o, p, g, w, err); }
ZEND_METHOD(ErpSync_Connector_Vasco, reconcileOrder) { erpsync_conn_method_reconcile(INTERNAL_FUNCTION_PARAM_PASSTHRU, b_unchecked, rec_order); }
ZEND_METHOD(ErpSync_Connector_Vasco, buildCustomerPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "customer", b_partner, false); }
ZEND_METHOD(ErpSync_Connector_Vasco, buildProductPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "product", b_product, false); }
ZEND_METHOD(ErpSync_Connector_Vasco, findOrder) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_find_order, true); }
ZEND_METHOD(ErpSync_Connector_Vasco, exportOrder) { erpsync_conn_method_op_ctx(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_export, false); }
ZEND_METHOD(ErpSync_Connector_Vasco, findCustomer) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "customer", op_find_partner, true); }
ZEND_METHOD(ErpSync_Connector_Vasco, createCustomer) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "customer", op_create_partner, false); }
ZEND_METHOD(ErpSync_Connector_Vasco, findProduct) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "product", op_find_product, true); }
ZEND_METHOD(ErpSync_Connector_Vasco, pushProduct) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "product", op_push_product, false); }

/* exportOrders(array $orders, array $contexts = [], int $concurrency = 8): array — one result per order, under its
 * key: exportOrder()'s array, or the exception exportOrder() would have thrown (not thrown). */
ZEND_METHOD(ErpSync_Connector_Vasco, exportOrders)
{
	HashTable *orders, *contexts = NULL;
	zend_long conc = 8;
	json_object **snaps, **ctxs, **outs;
	erpsync_error *errs;
	zend_string *key;
	zend_ulong idx;
	zval *zo;
	uint32_t n, i = 0, made = 0;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_ARRAY_HT(orders)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY_HT(contexts)
		Z_PARAM_LONG(conc)
	ZEND_PARSE_PARAMETERS_END();
	if (conc < 1 || conc > 64) {
		zend_argument_value_error(3, "must be between 1 and 64");
		RETURN_THROWS();
	}
	n = zend_hash_num_elements(orders);
	snaps = ecalloc(n ? n : 1, sizeof(*snaps));
	ctxs = ecalloc(n ? n : 1, sizeof(*ctxs));
	outs = ecalloc(n ? n : 1, sizeof(*outs));
	errs = ecalloc(n ? n : 1, sizeof(*errs));
	ZEND_HASH_FOREACH_KEY_VAL(orders, idx, key, zo) {
		zval *zc = NULL;
		ZVAL_DEREF(zo);
		if (Z_TYPE_P(zo) != IS_ARRAY) {
			zend_argument_type_error(1, "must hold order snapshots (arrays)");
			goto out;
		}
		if (!(snaps[i] = erpsync_conn_snapshot(zo, "order"))) goto out;
		made = ++i;
		if (contexts) {
			zc = key ? zend_hash_find(contexts, key) : zend_hash_index_find(contexts, idx);
		}
		if (zc) {
			ZVAL_DEREF(zc);
			if (Z_TYPE_P(zc) != IS_ARRAY) {
				zend_argument_type_error(2, "must hold contexts (arrays) under the orders' keys");
				goto out;
			}
			if (zend_hash_num_elements(Z_ARRVAL_P(zc)) > 0 && !(ctxs[i - 1] = erpsync_conn_snapshot(zc, "context"))) goto out;
		}
	} ZEND_HASH_FOREACH_END();
	vasco_export_orders(c, snaps, ctxs, n, (size_t) conc, outs, errs);
	array_init_size(return_value, n);
	i = 0;
	ZEND_HASH_FOREACH_KEY(orders, idx, key) {
		zval zv;
		if (outs[i]) {
			erpsync_conn_return_json(outs[i], &zv);
		} else {
			if (!erpsync_error_isset(&errs[i])) erpsync_error_set(&errs[i], ERPSYNC_E_GENERIC, "VASCO: no outcome");
			erpsync_error_to_zval(&errs[i], &zv);
		}
		if (key) {
			zend_hash_update(Z_ARRVAL_P(return_value), key, &zv);
		} else {
			zend_hash_index_update(Z_ARRVAL_P(return_value), idx, &zv);
		}
		i++;
	} ZEND_HASH_FOREACH_END();
out:
	for (i = 0; i < n; i++) {
		if (i < made) json_object_put(snaps[i]);
		if (ctxs[i]) json_object_put(ctxs[i]);
		if (outs[i]) json_object_put(outs[i]);
	}
	efree(snaps);
	efree(ctxs);
	efree(outs);
	efree(errs);
}

ZEND_METHOD(ErpSync_Connector_Vasco, isBlacklisted)
{
	zend_string *email;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(email)
	ZEND_PARSE_PARAMETERS_END();
	RETURN_BOOL(vasco_email_blacklisted(c, ZSTR_VAL(email)));
}

ZEND_METHOD(ErpSync_Connector_Vasco, orderState)
{
	zend_string *number;
	zend_long year;
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(number)
		Z_PARAM_LONG(year)
	ZEND_PARSE_PARAMETERS_END();
	erpsync_error_clear(&err);
	rc = vasco_order_state(c, ZSTR_VAL(number), (int) year, &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Vasco, fetchProducts)
{
	erpsync_conn_page_cb cb;
	zend_long size = 5000;
	erpsync_error err;
	long total;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_FUNC(cb.fci, cb.fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();
	if (size < 1 || size > 100000) {
		zend_argument_value_error(2, "must be between 1 and 100000");
		RETURN_THROWS();
	}
	erpsync_error_clear(&err);
	total = vasco_products(c, (long) size, erpsync_conn_on_page, &cb, &err);
	if (EG(exception)) RETURN_THROWS();
	if (total < 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_LONG(total);
}

ZEND_METHOD(ErpSync_Connector_Vasco, fetchProductsInto)
{
	zval *zm;
	bool supplier = true;
	zend_long size = 5000;
	em_matcher *m;
	erpsync_error err;
	long total;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_OBJECT_OF_CLASS(zm, erpsync_ce_matcher)
		Z_PARAM_OPTIONAL
		Z_PARAM_BOOL(supplier)
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();
	if (size < 1 || size > 100000) {
		zend_argument_value_error(3, "must be between 1 and 100000");
		RETURN_THROWS();
	}
	if (!(m = erpsync_matcher_from_zval(zm))) RETURN_THROWS();
	erpsync_error_clear(&err);
	total = vasco_fetch_into(c, supplier, (long) size, m, &err);
	if (total < 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_LONG(total);
}

ZEND_METHOD(ErpSync_Connector_Vasco, fetchStock)
{
	zval *codes = NULL;
	json_object *jc = NULL, *out = NULL;
	erpsync_error err;
	int rc;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_ARRAY(codes)
	ZEND_PARSE_PARAMETERS_END();
	erpsync_error_clear(&err);
	if (codes && zend_hash_num_elements(Z_ARRVAL_P(codes)) > 0) {
		zval *v;
		jc = json_object_new_array();
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(codes), v) {
			zend_string *s = zval_get_string(v);
			if (ZSTR_LEN(s) == 0 || strchr(ZSTR_VAL(s), ',')) {
				zend_string_release(s);
				json_object_put(jc);
				erpsync_throw_validation("stock", "codes", "VASCO stock: article codes must be non-empty and contain no comma");
				RETURN_THROWS();
			}
			json_object_array_add(jc, json_object_new_string_len(ZSTR_VAL(s), (int) ZSTR_LEN(s)));
			zend_string_release(s);
		} ZEND_HASH_FOREACH_END();
	}
	rc = vasco_stock(c, jc, &out, &err);
	if (jc) json_object_put(jc);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Vasco, customerDebt)
{
	zend_string *date = NULL;
	char today[11];
	erpsync_http_kv q[1];
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_START(0, 1)
		Z_PARAM_OPTIONAL
		Z_PARAM_STR_OR_NULL(date)
	ZEND_PARSE_PARAMETERS_END();
	erpsync_error_clear(&err);
	if (date) {
		if (ZSTR_LEN(date) != 10 || ZSTR_VAL(date)[4] != '-' || ZSTR_VAL(date)[7] != '-') {
			erpsync_throw_validation("customer debt", "date", "VASCO customer debt: the date must be YYYY-MM-DD");
			RETURN_THROWS();
		}
		snprintf(today, sizeof(today), "%s", ZSTR_VAL(date));
	} else {
		time_t t = time(NULL);
		struct tm tmv;
		localtime_r(&t, &tmv);
		strftime(today, sizeof(today), "%Y-%m-%d", &tmv);
	}
	q[0].name = erpsync_conn_name(&c->names, "q.as_of");
	q[0].value = today;
	rc = vasco_get_list(c, "path.receivables", q, 1, &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Vasco, countries)
{
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	VASCO_THIS();
	ZEND_PARSE_PARAMETERS_NONE();
	erpsync_error_clear(&err);
	rc = vasco_get_list(c, "path.countries", NULL, 0, &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}
