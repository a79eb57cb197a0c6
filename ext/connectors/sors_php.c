/* Binding of ErpSync\Connector\Sors. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "json/erpsync_json.h"
#include "erpsync_conn_php.h"
#include "sors.h"
#include "erpsync_conn_feed.h"

static void sors_state_free(void *p)
{
	efree(p);
}

static bool sors_client_options(json_object *s, zval *auth, const char **base_url, erpsync_error *err)
{
	const char *key = erpsync_conn_get_str(s, "api_key", NULL);
	*base_url = erpsync_conn_get_str(s, "base_url", "https://api.sors.rs");
	if (strncmp(*base_url, "https://", 8) != 0 && strncmp(*base_url, "http://", 7) != 0) {
		erpsync_conn_invalid(err, "settings", "settings.base_url", "SORS settings: base_url is not an http(s) URL");
		return false;
	}
	if (!key) {
		erpsync_conn_invalid(err, "settings", "settings.api_key", "SORS settings: api_key is required (Softkom issues it)");
		return false;
	}
	array_init(auth);
	add_assoc_string(auth, "type", "apikey");
	add_assoc_string(auth, "key", (char *) key);
	add_assoc_string(auth, "header", "Authorization");
	add_assoc_string(auth, "prefix", "ApiKey");
	return true;
}

static bool sors_validate(erpsync_conn_obj *o, erpsync_error *err)
{
	sors_ctx *c = ecalloc(1, sizeof(*c));
	sors_ctx_init(c, o->settings, o->http);
	o->state = c;
	return sors_validate_settings(c, err);
}

static const erpsync_conn_profile sors_profile = { "SORS", sors_client_options, sors_validate, sors_state_free };

#define SORS_THIS() \
	erpsync_conn_obj *o = erpsync_conn_this(ZEND_THIS); \
	sors_ctx *c; \
	if (!o) RETURN_THROWS(); \
	c = o->state

ERPSYNC_CONN_CONSTRUCTOR(ErpSync_Connector_Sors, &sors_profile)

ZEND_METHOD(ErpSync_Connector_Sors, capabilities)
{
	static const char *const caps[] = { "test_connection", "databases", "business_units", "product_groups", "products",
		"product_images", "stock", "export_order", "find_order", "export_return", "find_return", "find_customer", "create_customer", "customer_debt", NULL };
	size_t i;
	ZEND_PARSE_PARAMETERS_NONE();
	array_init(return_value);
	for (i = 0; caps[i]; i++) add_next_index_string(return_value, caps[i]);
}

ZEND_METHOD(ErpSync_Connector_Sors, testConnection)
{
	erpsync_error err;
	json_object *list = NULL;
	zval details;
	SORS_THIS();
	ZEND_PARSE_PARAMETERS_NONE();
	erpsync_error_clear(&err);
	array_init(return_value);
	array_init(&details);
	if (sors_get(c, "path.databases", NULL, NULL, 0, &list, &err) != 0) {
		add_assoc_bool(return_value, "ok", 0);
		add_assoc_string(return_value, "message", err.message);
		if (err.status) add_assoc_long(&details, "status", err.status);
	} else {
		add_assoc_bool(return_value, "ok", 1);
		add_assoc_long(&details, "databases", json_object_is_type(list, json_type_array) ? (zend_long) json_object_array_length(list) : 0);
		add_assoc_string(return_value, "message", "Connected to SORS: the API key was accepted and the databases were listed.");
		json_object_put(list);
	}
	add_assoc_zval(return_value, "details", &details);
}

static void get_list(INTERNAL_FUNCTION_PARAMETERS, const char *path_key, bool with_id)
{
	zend_string *id = NULL;
	json_object *out = NULL;
	erpsync_error err;
	int rc;
	SORS_THIS();
	if (with_id) {
		ZEND_PARSE_PARAMETERS_START(1, 1)
			Z_PARAM_STR(id)
		ZEND_PARSE_PARAMETERS_END();
		if (ZSTR_LEN(id) == 0) {
			zend_argument_value_error(1, "must not be empty");
			RETURN_THROWS();
		}
	} else {
		ZEND_PARSE_PARAMETERS_NONE();
	}
	erpsync_error_clear(&err);
	rc = sors_get(c, path_key, id ? ZSTR_VAL(id) : NULL, NULL, 0, &out, &err);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}

ZEND_METHOD(ErpSync_Connector_Sors, databases) { get_list(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.databases", false); }
ZEND_METHOD(ErpSync_Connector_Sors, businessUnits) { get_list(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.business_units", false); }
ZEND_METHOD(ErpSync_Connector_Sors, priceTypes) { get_list(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.price_types", false); }
ZEND_METHOD(ErpSync_Connector_Sors, stockModes) { get_list(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.stock_modes", false); }
ZEND_METHOD(ErpSync_Connector_Sors, productGroups) { get_list(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.product_groups", false); }
ZEND_METHOD(ErpSync_Connector_Sors, productImages) { get_list(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.product_images", true); }
ZEND_METHOD(ErpSync_Connector_Sors, customerDebt) { get_list(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.customer_debt", true); }

static void paged(INTERNAL_FUNCTION_PARAMETERS, const char *path_key, const char *mode_setting, const char *mode_query)
{
	erpsync_conn_page_cb cb;
	zend_long size = 500;
	erpsync_http_kv q[2];
	size_t nq = 0;
	erpsync_error err;
	long total;
	const char *unit, *mode;
	SORS_THIS();
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_FUNC(cb.fci, cb.fcc)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();
	if (size < 1 || size > 10000) {
		zend_argument_value_error(2, "must be between 1 and 10000");
		RETURN_THROWS();
	}
	erpsync_error_clear(&err);
	unit = erpsync_conn_get_str(o->settings, "business_unit", NULL);
	mode = erpsync_conn_get_str(o->settings, mode_setting, NULL);
	if (unit) { q[nq].name = erpsync_conn_name(&c->names, "q.business_unit"); q[nq].value = unit; nq++; }
	if (mode) { q[nq].name = erpsync_conn_name(&c->names, mode_query); q[nq].value = mode; nq++; }
	total = sors_paged(c, path_key, q, nq, (long) size, erpsync_conn_on_page, &cb, &err);
	if (EG(exception)) RETURN_THROWS();
	if (total < 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_LONG(total);
}

static void paged_into(INTERNAL_FUNCTION_PARAMETERS, int what)
{
	zval *zm;
	zend_long size = 500;
	em_matcher *m;
	erpsync_error err;
	long total;
	SORS_THIS();
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_OBJECT_OF_CLASS(zm, erpsync_ce_matcher)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(size)
	ZEND_PARSE_PARAMETERS_END();
	if (size < 1 || size > 10000) {
		zend_argument_value_error(2, "must be between 1 and 10000");
		RETURN_THROWS();
	}
	if (!(m = erpsync_matcher_from_zval(zm))) RETURN_THROWS();
	erpsync_error_clear(&err);
	total = sors_fetch_into(c, what, (long) size, m, &err);
	if (total < 0) { erpsync_conn_throw(&err); RETURN_THROWS(); }
	RETURN_LONG(total);
}

ZEND_METHOD(ErpSync_Connector_Sors, fetchProductsInto) { paged_into(INTERNAL_FUNCTION_PARAM_PASSTHRU, SORS_FEED_PRODUCTS); }
ZEND_METHOD(ErpSync_Connector_Sors, fetchStockInto) { paged_into(INTERNAL_FUNCTION_PARAM_PASSTHRU, SORS_FEED_STOCK); }

ZEND_METHOD(ErpSync_Connector_Sors, fetchProducts) { paged(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.products", "price_type", "q.price_type"); }
ZEND_METHOD(ErpSync_Connector_Sors, fetchStock) { paged(INTERNAL_FUNCTION_PARAM_PASSTHRU, "path.stock", "stock_mode", "q.stock_mode"); }

static json_object *b_doc(void *st, json_object *s, json_object *ctx, erpsync_error *err) { return sors_build_document(st, s, ctx, err); }
static json_object *b_customer(void *st, json_object *s, json_object *ctx, erpsync_error *err) { (void) ctx; return sors_build_customer(st, s, err); }
static int op_find_doc(void *st, json_object *s, json_object **out, erpsync_error *err) { return sors_find_document(st, s, out, err); }
static int op_export(void *st, json_object *s, json_object *ctx, json_object **out, erpsync_error *err) { return sors_export_document(st, s, ctx, out, err); }
static json_object *b_return(void *st, json_object *s, json_object *ctx, erpsync_error *err) { return sors_build_return(st, s, ctx, err); }
static int op_export_return(void *st, json_object *s, json_object *ctx, json_object **out, erpsync_error *err) { return sors_export_return(st, s, ctx, out, err); }
static int op_find_return(void *st, json_object *s, json_object *ctx, json_object **out, erpsync_error *err) { return sors_find_return(st, s, ctx, out, err); }
static int op_find_customer(void *st, json_object *s, json_object **out, erpsync_error *err) { return sors_find_customer(st, s, out, err); }
static int op_create_customer(void *st, json_object *s, json_object **out, erpsync_error *err) { return sors_create_customer(st, s, out, err); }

ZEND_METHOD(ErpSync_Connector_Sors, buildOrderPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", b_doc, true); }
static json_object *b_unchecked(void *st, json_object *s, json_object *ctx, erpsync_error *err) { return sors_build_document_unchecked(st, s, ctx, err); }
static bool rec_order(void *st, json_object *o, json_object *p, erpsync_money_totals *g, erpsync_money_totals *w, erpsync_error *err) { return sors_reconcile(st, o, p, g, w, err); }
ZEND_METHOD(ErpSync_Connector_Sors, reconcileOrder) { erpsync_conn_method_reconcile(INTERNAL_FUNCTION_PARAM_PASSTHRU, b_unchecked, rec_order); }
ZEND_METHOD(ErpSync_Connector_Sors, buildCustomerPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "customer", b_customer, false); }
ZEND_METHOD(ErpSync_Connector_Sors, findOrder) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_find_doc, true); }
ZEND_METHOD(ErpSync_Connector_Sors, exportOrder) { erpsync_conn_method_op_ctx(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_export, false); }
ZEND_METHOD(ErpSync_Connector_Sors, buildReturnPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", b_return, true); }
ZEND_METHOD(ErpSync_Connector_Sors, exportReturn) { erpsync_conn_method_op_ctx(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_export_return, false); }
ZEND_METHOD(ErpSync_Connector_Sors, findReturn) { erpsync_conn_method_op_ctx(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_find_return, true); }
ZEND_METHOD(ErpSync_Connector_Sors, findCustomer) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "customer", op_find_customer, true); }
ZEND_METHOD(ErpSync_Connector_Sors, createCustomer) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "customer", op_create_customer, false); }
