/*
 * SORS (Softkom) connector engine, zval-free. Facts (erp-apis.md §1): base URL api.sors.rs,
 * "Authorization: ApiKey <key>", one database per year, Demo2 test database, a unified envelope,
 * the list of exchanges [SEEN]. Paths, envelope names and paging are NOT public: the default path
 * map of docs/connectors/sors.md is the project's guess, every entry overridable.
 */
#ifndef ERPSYNC_SORS_H
#define ERPSYNC_SORS_H

#include <json-c/json.h>
#include "erpsync_conn_common.h"
#include "erpsync_conn_money.h"

typedef struct {
	json_object *settings;      /* borrowed */
	erpsync_conn_names names;
	erpsync_http_client *http;  /* borrowed */
} sors_ctx;

void sors_ctx_init(sors_ctx *c, json_object *settings, erpsync_http_client *http);
bool sors_validate_settings(sors_ctx *c, erpsync_error *err);
json_object *sors_build_document(sors_ctx *c, json_object *order, json_object *ctx, erpsync_error *err);
/* The same without the reconciliation; sors_reconcile() recomputes the document's totals by SORS's
 * arithmetic (*got) against the order's (*want): false + err naming the difference. */
json_object *sors_build_document_unchecked(sors_ctx *c, json_object *order, json_object *ctx, erpsync_error *err);
bool sors_reconcile(sors_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                    erpsync_money_totals *want, erpsync_error *err);
json_object *sors_build_customer(sors_ctx *c, json_object *customer, erpsync_error *err);
int sors_find_document(sors_ctx *c, json_object *order, json_object **out, erpsync_error *err);
int sors_export_document(sors_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err);
/* Return document of an exported order (ctx: customer_remote_id, original_number); looked up before it is sent. */
json_object *sors_build_return(sors_ctx *c, json_object *order, json_object *ctx, erpsync_error *err);
int sors_find_return(sors_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err);
int sors_export_return(sors_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err);
int sors_find_customer(sors_ctx *c, json_object *customer, json_object **out, erpsync_error *err);
int sors_create_customer(sors_ctx *c, json_object *customer, json_object **out, erpsync_error *err);
/* GET a list (path key of the name table, with {database}/{id} filled), unwrapped. */
int sors_get(sors_ctx *c, const char *path_key, const char *id, const erpsync_http_kv *q, size_t nq,
             json_object **out, erpsync_error *err);
long sors_paged(sors_ctx *c, const char *path_key, const erpsync_http_kv *q, size_t nq, long page_size,
                erpsync_http_page_fn on_page, void *ud, erpsync_error *err);
/* The same with each page's body as it came (erpsync_http_paginate_raw). */
long sors_paged_raw(sors_ctx *c, const char *path_key, const erpsync_http_kv *q, size_t nq, long page_size,
                    erpsync_http_raw_page_fn on_page, void *ud, erpsync_error *err);
bool sors_document_type_valid(const char *t);
/* A VAT number that is not a Serbian PIB: another country's prefix, or no prefix and a customer outside Serbia. */
bool sors_vat_is_foreign(const char *vat, const char *country);

#endif
