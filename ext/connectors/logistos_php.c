/* Binding of ErpSync\Connector\Logistos. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "json/erpsync_json.h"
#include "erpsync_conn_php.h"
#include "logistos.h"

static void logistos_state_free(void *p)
{
	efree(p);
}

static bool logistos_client_options(json_object *s, zval *auth, const char **base_url, erpsync_error *err)
{
	const char *token = erpsync_conn_get_str(s, "bearer_token", NULL);
	logistos_ctx probe;
	logistos_ctx_init(&probe, s, NULL);
	if (!logistos_validate_settings(&probe, err)) {
		return false;
	}
	*base_url = erpsync_conn_get_str(s, "orders_url", LOGISTOS_DEFAULT_ORDERS_URL);
	if (token) {
		array_init(auth);
		add_assoc_string(auth, "type", "bearer");
		add_assoc_string(auth, "token", (char *) token);
	}
	return true;
}

static bool logistos_validate(erpsync_conn_obj *o, erpsync_error *err)
{
	logistos_ctx *c = ecalloc(1, sizeof(*c));
	logistos_ctx_init(c, o->settings, o->http);
	o->state = c;
	return logistos_validate_settings(c, err);
}

static const erpsync_conn_profile logistos_profile = {
	"Logistos", logistos_client_options, logistos_validate, logistos_state_free
};

ERPSYNC_CONN_CONSTRUCTOR(ErpSync_Connector_Logistos, &logistos_profile)

ZEND_METHOD(ErpSync_Connector_Logistos, capabilities)
{
	ZEND_PARSE_PARAMETERS_NONE();
	array_init(return_value);
	add_next_index_string(return_value, "test_connection");
	add_next_index_string(return_value, "handshake");
	add_next_index_string(return_value, "export_order");
	add_next_index_string(return_value, "push_orders");
}

ZEND_METHOD(ErpSync_Connector_Logistos, testConnection)
{
	erpsync_conn_obj *o;
	erpsync_http_request req;
	erpsync_http_response res;
	erpsync_error err;
	zval details;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	/* No test endpoint is documented: reaching the orders endpoint with any HTTP answer below 500 is success. */
	req.method = "GET";
	req.path = erpsync_conn_get_str(o->settings, "orders_url", LOGISTOS_DEFAULT_ORDERS_URL);
	req.accept_any_status = true;
	array_init(return_value);
	array_init(&details);
	if (erpsync_http_execute(o->http, &req, &res, &err) != 0) {
		add_assoc_bool(return_value, "ok", 0);
		add_assoc_string(return_value, "message", err.message);
	} else {
		add_assoc_long(&details, "status", res.status);
		add_assoc_bool(return_value, "ok", res.status < 500);
		add_assoc_string(return_value, "message", res.status < 500
			? "Logistos answered (its order endpoint is reachable)." : "Logistos answered with a server error.");
	}
	erpsync_http_response_dtor(&res);
	add_assoc_zval(return_value, "details", &details);
}

static json_object *b_order(void *st, json_object *s, json_object *ctx, erpsync_error *err) { (void) ctx; return logistos_build_order(st, s, err); }
static json_object *b_handshake(void *st, json_object *s, json_object *ctx, erpsync_error *err) { (void) ctx; return logistos_build_handshake(st, s, err); }
static int op_export(void *st, json_object *s, json_object *ctx, json_object **out, erpsync_error *err) { (void) ctx; return logistos_export_order(st, s, out, err); }
static int op_handshake(void *st, json_object *s, json_object **out, erpsync_error *err) { return logistos_handshake(st, s, out, err); }
static int op_none(void *st, json_object *s, json_object **out, erpsync_error *err) { (void) st; (void) s; (void) err; *out = NULL; return 0; }

ZEND_METHOD(ErpSync_Connector_Logistos, buildOrderPayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", b_order, true); }
static json_object *b_unchecked(void *st, json_object *s, json_object *ctx, erpsync_error *err) { (void) ctx; return logistos_build_order_unchecked(st, s, err); }
static bool rec_order(void *st, json_object *o, json_object *p, erpsync_money_totals *g, erpsync_money_totals *w, erpsync_error *err) { return logistos_reconcile(st, o, p, g, w, err); }
ZEND_METHOD(ErpSync_Connector_Logistos, reconcileOrder) { erpsync_conn_method_reconcile(INTERNAL_FUNCTION_PARAM_PASSTHRU, b_unchecked, rec_order); }
ZEND_METHOD(ErpSync_Connector_Logistos, buildHandshakePayload) { erpsync_conn_method_build(INTERNAL_FUNCTION_PARAM_PASSTHRU, "handshake", b_handshake, false); }
ZEND_METHOD(ErpSync_Connector_Logistos, exportOrder) { erpsync_conn_method_op_ctx(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_export, false); }
ZEND_METHOD(ErpSync_Connector_Logistos, handshake) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "handshake", op_handshake, false); }
ZEND_METHOD(ErpSync_Connector_Logistos, findOrder) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "order", op_none, true); }
ZEND_METHOD(ErpSync_Connector_Logistos, findCustomer) { erpsync_conn_method_op(INTERNAL_FUNCTION_PARAM_PASSTHRU, "customer", op_none, true); }

ZEND_METHOD(ErpSync_Connector_Logistos, createCustomer)
{
	zval *arg;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY(arg)
	ZEND_PARSE_PARAMETERS_END();
	(void) arg;
	(void) return_value;
	zend_throw_exception(erpsync_ce_exception, "Logistos has no customer API: customers travel inside each order", 0);
}

ZEND_METHOD(ErpSync_Connector_Logistos, pushOrders)
{
	zval *orders;
	zend_long batch = 50;
	erpsync_conn_obj *o;
	json_object *list, *out = NULL;
	erpsync_error err;
	int rc;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ARRAY(orders)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(batch)
	ZEND_PARSE_PARAMETERS_END();
	if (batch < 1 || batch > 1000) {
		zend_argument_value_error(2, "must be between 1 and 1000");
		RETURN_THROWS();
	}
	if (!(o = erpsync_conn_this(ZEND_THIS))) RETURN_THROWS();
	erpsync_error_clear(&err);
	if (!(list = erpsync_conn_snapshot_list(orders, "order"))) RETURN_THROWS();
	rc = logistos_push_orders(o->state, list, (size_t) batch, &out, &err);
	json_object_put(list);
	erpsync_conn_finish(rc, out, &err, return_value, false);
}
