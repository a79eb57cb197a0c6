/* Sitoo POS connector engine, zval-free. Facts and defaults: the headers of sitoo.c and of the files
 * sitoo_internal.h lists, docs/connectors/sitoo.md. */
#ifndef ERPSYNC_SITOO_H
#define ERPSYNC_SITOO_H

#include <json-c/json.h>
#include "erpsync_conn_common.h"
#include "erpsync_conn_money.h"

typedef struct {
	json_object *settings;      /* borrowed */
	erpsync_conn_names names;
	erpsync_http_client *http;  /* borrowed */
} sitoo_ctx;

void sitoo_ctx_init(sitoo_ctx *c, json_object *settings, erpsync_http_client *http);
bool sitoo_validate_settings(sitoo_ctx *c, erpsync_error *err);
/* Letters, digits, _ + - . / only (1 to 100 bytes). */
bool sitoo_sku_valid(const char *s);
/* Every character outside the rule (a multi-byte one included) becomes '-'; returns the length. */
size_t sitoo_fix_sku(const char *s, char *out, size_t size);
bool sitoo_click_and_collect(sitoo_ctx *c, json_object *order);
json_object *sitoo_build_order(sitoo_ctx *c, json_object *order, json_object *ctx, erpsync_error *err);
/* The same without the reconciliation; sitoo_reconcile() recomputes the order's totals by Sitoo's arithmetic
 * (*got) against WooCommerce's (*want), payments included: false + err naming the difference. */
json_object *sitoo_build_order_unchecked(sitoo_ctx *c, json_object *order, json_object *ctx, erpsync_error *err);
bool sitoo_reconcile(sitoo_ctx *c, json_object *order, json_object *payload, erpsync_money_totals *got,
                     erpsync_money_totals *want, erpsync_error *err);
int sitoo_find_order(sitoo_ctx *c, json_object *order, json_object **out, erpsync_error *err);
int sitoo_export_order(sitoo_ctx *c, json_object *order, json_object *ctx, json_object **out, erpsync_error *err);
long sitoo_warehouse_items(sitoo_ctx *c, long page_size, int64_t modified_since, erpsync_http_page_fn fn, void *ud, erpsync_error *err);
/* changes: an object sku -> signed decimal; sent as warehouse transactions of at most 1000 items. */
int sitoo_adjust_stock(sitoo_ctx *c, json_object *changes, const char *externalid, json_object **out, erpsync_error *err);
/* products: a list of product snapshots; one result per product, a bad one never hides the others. */
int sitoo_push_products(sitoo_ctx *c, json_object *products, json_object **out, erpsync_error *err);

/* Orders across sites from orderid on (orderidfrom, sorted), each with "store2door"; only those when asked. */
long sitoo_fetch_orders(sitoo_ctx *c, int64_t from_orderid, int64_t from_date, bool only_store2door, long page_size,
                        erpsync_http_page_fn fn, void *ud, erpsync_error *err);
/* Delivers every item not yet delivered (reduces stock in Sitoo); nothing twice. */
int sitoo_deliver_order(sitoo_ctx *c, const char *orderid, json_object **out, erpsync_error *err);
/* orderstateid values (erp-apis.md §3): 0 Open, 10 Closed, 20 Cancelled. */
#define SITOO_ORDER_CLOSED 10
#define SITOO_ORDER_CANCELLED 20
/* Sets orderstateid 20 with a PUT (orders cannot be deleted); an order already cancelled is left alone, a closed
 * one refused. out: {cancelled, already, remote_id}. */
int sitoo_cancel_order(sitoo_ctx *c, const char *orderid, json_object **out, erpsync_error *err);

/* Catalogue (sitoo_catalogue.c): the whole variant set (a PUT replaces all), images (base64; resource id from the
 * fixed file name), categories as a tree, manufacturers, vouchers from coupons, stocktaking batches. */
int sitoo_set_variants(sitoo_ctx *c, const char *productid, json_object *parent, json_object *variants, json_object **out, erpsync_error *err);
int sitoo_upload_image(sitoo_ctx *c, const char *productid, const char *name, const char *data, size_t len, erpsync_error *err);
int sitoo_images(sitoo_ctx *c, const char *productid, const char *method, long index, json_object **out, erpsync_error *err);
int sitoo_sync_categories(sitoo_ctx *c, json_object *cats, json_object **out, erpsync_error *err);
int sitoo_update_category(sitoo_ctx *c, const char *categoryid, const char *title, int64_t parent, erpsync_error *err);
int sitoo_sync_manufacturers(sitoo_ctx *c, json_object *names, json_object **out, erpsync_error *err);
json_object *sitoo_build_voucher(sitoo_ctx *c, json_object *coupon, erpsync_error *err);
int sitoo_push_voucher(sitoo_ctx *c, json_object *coupon, json_object **out, erpsync_error *err);
int sitoo_update_voucher(sitoo_ctx *c, const char *voucherid, json_object *coupon, erpsync_error *err);
int sitoo_stocktake(sitoo_ctx *c, json_object *counts, const char *comment, json_object **out, erpsync_error *err);

/* Batch update ("PUT") or delete ("DELETE") of products given with remote_id; one result per product. */
int sitoo_products_batch(sitoo_ctx *c, const char *method, json_object *products, json_object **out, erpsync_error *err);
int sitoo_warehouses(sitoo_ctx *c, json_object **out, erpsync_error *err);

/* A path of the name table with {siteid}, {warehouseid} and {orderid} (= id) filled; a name of the table. */
void sitoo_path(sitoo_ctx *c, const char *key, const char *id, char *buf, size_t size);
const char *sitoo_name(sitoo_ctx *c, const char *key);

/* Reading the catalogue (sitoo_read.c), every list paged with start/num. */
/* Every item of a collection (path key "path.sites", "path.categories", "path.manufacturers", "path.vouchers"). */
int sitoo_list_all(sitoo_ctx *c, const char *path_key, json_object **out, erpsync_error *err);
/* Products page by page, each with "kind" single / parent / variant (variantparentid), filtered by status: all,
 * active, active_pos, active_webshop, inactive, inactive_pos, inactive_webshop; modified_since > 0 asks only
 * the products changed since then (datelastmodified). Returns the number passed on, -1 + err. */
bool sitoo_product_status_valid(const char *status);
long sitoo_fetch_products(sitoo_ctx *c, const char *status, int64_t modified_since, long page_size,
                          erpsync_http_page_fn fn, void *ud, erpsync_error *err);
/* Products by SKU (one GET per SKU): {sku: {productid, variantparentid, kind}} for those Sitoo holds. */
int sitoo_find_products(sitoo_ctx *c, json_object *skus, json_object **out, erpsync_error *err);
/* The voucher with this code, or *out NULL. */
int sitoo_find_voucher(sitoo_ctx *c, const char *code, json_object **out, erpsync_error *err);
/* Requests left in Sitoo's window (X-Rate-Limit-Remaining, 0 on a 429) and seconds to its reset (X-Rate-Limit-Reset),
 * read from one cheap call (GET sites.json); -1 where Sitoo does not say. */
int sitoo_allowance(sitoo_ctx *c, long *remaining, long *reset_s, erpsync_error *err);

/* Stock of a Virtual warehouse (sitoo_stock.c): changes (sku -> signed decimal) read, added and put as totals
 * (transactions are refused there); out: [{sku, before, after, ok, error[, unknown]}], one per SKU. */
int sitoo_adjust_virtual(sitoo_ctx *c, json_object *changes, json_object **out, erpsync_error *err);
/* sku -> decimaltotal of a Virtual warehouse, read back (no change). */
int sitoo_virtual_totals(sitoo_ctx *c, json_object *skus, json_object **out, erpsync_error *err);
/* Transactions of the warehouse since a time whose externalid is ext or ext-<n>: [{warehousetransactionid, externalid}]. */
int sitoo_find_transactions(sitoo_ctx *c, const char *ext, int64_t since, json_object **out, erpsync_error *err);

#endif
