/*
 * Logistos connector engine, zval-free. Facts (erp-apis.md §4): two endpoint URLs, both settings
 * [SEEN]; the handshake carries store URL + WooCommerce REST consumer key/secret [SEEN]; POST and
 * the WooCommerce REST order shape [INFERRED]; optional bearer token [INFERRED from the seller API].
 * There is no lookup API: exactly-once rests on the plugin's mapping table.
 */
#ifndef ERPSYNC_LOGISTOS_H
#define ERPSYNC_LOGISTOS_H

#include <json-c/json.h>
#include "erpsync_conn_common.h"
#include "erpsync_conn_money.h"

typedef struct {
	json_object *settings;      /* borrowed */
	erpsync_conn_names names;
	erpsync_http_client *http;  /* borrowed */
} logistos_ctx;

#define LOGISTOS_DEFAULT_HANDSHAKE_URL "https://admin.logistos.in/integration/integrate_woo_commerce"
#define LOGISTOS_DEFAULT_ORDERS_URL "https://admin.logistos.in/integration/woo_commerce_orders"

void logistos_ctx_init(logistos_ctx *c, json_object *settings, erpsync_http_client *http);
bool logistos_validate_settings(logistos_ctx *c, erpsync_error *err);
json_object *logistos_build_order(logistos_ctx *c, json_object *order, erpsync_error *err);
/* The same without the reconciliation; logistos_reconcile() adds up the WooCommerce REST shape the way
 * WooCommerce does (*got) against the order's totals (*want): false + err naming the difference. */
json_object *logistos_build_order_unchecked(logistos_ctx *c, json_object *order, erpsync_error *err);
bool logistos_reconcile(logistos_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                        erpsync_money_totals *want, erpsync_error *err);
json_object *logistos_build_handshake(logistos_ctx *c, json_object *creds, erpsync_error *err);
int logistos_handshake(logistos_ctx *c, json_object *creds, json_object **out, erpsync_error *err);
int logistos_export_order(logistos_ctx *c, json_object *order, json_object **out, erpsync_error *err);
/* Pushes orders in batches; *out = [{ids: [...], ok: bool, status: int, error: string}] (one per batch). */
int logistos_push_orders(logistos_ctx *c, json_object *orders, size_t batch, json_object **out, erpsync_error *err);

#endif
