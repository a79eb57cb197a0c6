/*
 * Reply pages of a connector straight into the bulk matcher (zval-free): each page's body goes from the HTTP
 * reply to the matcher's scanner with the connector's field map, so a 100,000-product catalogue is never a
 * json-c tree nor a PHP array. Used by Sors::fetchProductsInto / fetchStockInto and Vasco::fetchProductsInto.
 */
#ifndef ERPSYNC_CONN_FEED_H
#define ERPSYNC_CONN_FEED_H

#include "matcher/erpsync_matcher.h"
#include "sors.h"
#include "vasco.h"

#define SORS_FEED_PRODUCTS 0
#define SORS_FEED_STOCK 1

/* SORS products (id, sku, barcode → ean, price of settings.price_type, name, groupId → categories) or stock
 * (productId, sku, quantity of settings.stock_mode), page by page into m. Item count, or -1 with err. */
long sors_fetch_into(sors_ctx *c, int what, long page_size, em_matcher *m, erpsync_error *err);

/* VASCO articles (sifra, EAN of dodatnaPolja or a numeric code, naziv, prodajnaCena) with the stock of
 * vasco_stock() per code (total, less the supplier's part unless count_supplier) and "own|supplier" as the
 * item's extra field. Item count, or -1 with err. */
long vasco_fetch_into(vasco_ctx *c, bool count_supplier, long page_size, em_matcher *m, erpsync_error *err);

/* The page callback (exposed for the fuzz harness): ud is an erpsync_feed_page. */
typedef struct { em_matcher *m; const em_feed *f; } erpsync_feed_page;
int erpsync_feed_on_page(void *ud, const char *body, size_t len, long page, long *count, long *reported, erpsync_error *err);

/* The VASCO hook's state and function (exposed for the fuzz harness). */
typedef struct {
	json_object *by_code;   /* code → {own, supplier, total} (borrowed) */
	bool count_supplier;
	char stock[64], extra[160];
} vasco_feed_state;
bool vasco_feed_item(void *ud, em_item_in *it);

#endif
