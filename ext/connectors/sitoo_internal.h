/*
 * What the Sitoo engine's files share (not part of the engine's contract in sitoo.h):
 *   sitoo.c               names and paths, settings' validation, the SKU rule, the helpers below
 *   sitoo_order_payload.c the order document built from a snapshot (money view, rows) and its reconciliation
 *   sitoo_orders.c        the order lookup and export, orders read back (Store2Door), deliveries, cancellation
 *   sitoo_catalogue.c     products (batch add/update/delete), variants, images, categories, manufacturers,
 *                         vouchers, stocktaking
 *   sitoo_stock.c         stock: warehouse items, transactions, the Virtual warehouse, warehouses
 *   sitoo_read.c          reading the catalogue
 */
#ifndef ERPSYNC_SITOO_INTERNAL_H
#define ERPSYNC_SITOO_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <json-c/json.h>
#include "sitoo.h"

#define SITOO "Sitoo"

/* The Sitoo externalid of a WooCommerce order (settings.externalid_prefix + id); false when the order has no id or
 * it would pass 40 characters. */
bool sitoo_externalid(sitoo_ctx *c, json_object *order, char *buf, size_t size);
/* Unix time of an ISO 8601 date ("2024-05-01T10:00:00", the time optional), read as UTC; -1 when it is none. */
int64_t sitoo_iso_to_unix(const char *s);
/* Whether s is a non-empty run of ASCII digits (an orderid, productid, ...). */
bool sitoo_digits_only(const char *s);
/* One call: method + the path of key (with {orderid} = id) + body; the reply in *reply (the caller puts it). */
int sitoo_call(sitoo_ctx *c, const char *method, const char *key, const char *id, json_object *body, bool idem,
               json_object **reply, erpsync_error *err);

#endif
