/*
 * VASCO (Slovenian ERP) connector engine, zval-free. Facts: erp-apis.md §2 (all [CODE] from
 * working clients unless noted); defaults and overrides: docs/connectors/vasco.md.
 */
#ifndef ERPSYNC_VASCO_H
#define ERPSYNC_VASCO_H

#include <json-c/json.h>
#include "erpsync_conn_common.h"
#include "erpsync_conn_money.h"

typedef struct {
	json_object *settings;        /* borrowed */
	erpsync_conn_names names;
	erpsync_http_client *http;    /* borrowed */
	json_object *partners_by_vat; /* lazily built index: normalised VAT -> partner object */
	json_object *partners_by_email;
	bool partners_indexed;
} vasco_ctx;

extern const erpsync_conn_name_def vasco_names[];

void vasco_ctx_init(vasco_ctx *c, json_object *settings, erpsync_http_client *http);
void vasco_ctx_dtor(vasco_ctx *c);
bool vasco_validate_settings(vasco_ctx *c, erpsync_error *err);

/* Payload builders: a new json object, or NULL with err (ValidationException). */
json_object *vasco_build_order(vasco_ctx *c, json_object *order, json_object *ctx, erpsync_error *err);
/* The same without the reconciliation; vasco_reconcile() recomputes the document's totals by VASCO's
 * arithmetic (*got) and compares them with the order's (*want): false + err naming the difference. */
json_object *vasco_build_order_unchecked(vasco_ctx *c, json_object *order, json_object *ctx, erpsync_error *err);
bool vasco_reconcile(vasco_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                     erpsync_money_totals *want, erpsync_error *err);
json_object *vasco_build_partner(vasco_ctx *c, json_object *customer, erpsync_error *err);
json_object *vasco_build_product(vasco_ctx *c, json_object *product, erpsync_error *err);

/* Operations: 0 ok / -1 err. *out is a new object (caller puts), or NULL when nothing found. */
int vasco_find_order(vasco_ctx *c, json_object *order, json_object **out, erpsync_error *err);
int vasco_export_order(vasco_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err);
/* vasco_export_order for n independent orders (ctxs may be NULL, or hold NULLs): every payload built and checked,
 * then every lookup, then the POSTs of the orders not found, at most conc requests in flight. outs[i] (a new
 * object, as vasco_export_order gives) or errs[i] is order i's outcome; one order's failure (a refusal, a timeout,
 * a lost reply) leaves the others alone. */
void vasco_export_orders(vasco_ctx *c, json_object **orders, json_object **ctxs, size_t n, size_t conc,
                         json_object **outs, erpsync_error *errs);
int vasco_find_partner(vasco_ctx *c, json_object *customer, json_object **out, erpsync_error *err);
int vasco_create_partner(vasco_ctx *c, json_object *customer, json_object **out, erpsync_error *err);
int vasco_order_state(vasco_ctx *c, const char *number, int year, json_object **out, erpsync_error *err);
int vasco_stock(vasco_ctx *c, json_object *skus, json_object **out, erpsync_error *err);
/* The article with the product's code ({remote_id, name}), or *out NULL when VASCO has none. */
int vasco_find_product(vasco_ctx *c, json_object *product, json_object **out, erpsync_error *err);
int vasco_push_product(vasco_ctx *c, json_object *product, json_object **out, erpsync_error *err);
int vasco_get_list(vasco_ctx *c, const char *path_key, const erpsync_http_kv *q, size_t nq, json_object **out,
                   erpsync_error *err);
long vasco_products(vasco_ctx *c, long page_size, erpsync_http_page_fn on_page, void *ud, erpsync_error *err);
/* The same with each page's body as it came (erpsync_http_paginate_raw). */
long vasco_products_raw(vasco_ctx *c, long page_size, erpsync_http_raw_page_fn on_page, void *ud, erpsync_error *err);
bool vasco_email_blacklisted(vasco_ctx *c, const char *email);

#endif
