/*
 * What the VASCO engine's files share (not part of the engine's contract in vasco.h):
 *   vasco.c               settings (names, validation, the e-mail blacklist), the helpers below, list GETs
 *   vasco_order_payload.c the order document built from a snapshot and its reconciliation
 *   vasco_orders.c        the order lookup, export (one order or a list) and state
 *   vasco_partners.c      partners: built from a customer, found by VAT number or e-mail, created
 *   vasco_products.c      articles (built, found, pushed, listed) and stock
 */
#ifndef ERPSYNC_VASCO_INTERNAL_H
#define ERPSYNC_VASCO_INTERNAL_H

#include <stdbool.h>
#include <json-c/json.h>
#include "vasco.h"

#define VASCO "VASCO"

/* The field or path name of key (an override, the dashboard preset, else the default). */
const char *vasco_n(vasco_ctx *c, const char *key);
/* Adds name: v to o unless the field name is empty (a field switched off). Takes v's reference. */
void vasco_put(json_object *o, const char *name, json_object *v);
/* VASCO's VAT codes by rate when settings.vat_codes is absent (22 -> 0, 9.5 -> 1, 0 -> 2, 5 -> 3): a new object. */
json_object *vasco_default_vat_table(void);
/* The VAT code of rate as a new json int/string; NULL + err (naming subject and field) when it has none. */
json_object *vasco_vat_code(vasco_ctx *c, const erpsync_decimal *rate, const char *subject, const char *field,
                           erpsync_error *err);
/* The article code of a line or product: its SKU, or its EAN when settings.article_key is "ean". */
const char *vasco_article_code(vasco_ctx *c, json_object *item);
/* Decimals of article prices (settings.price_decimals, 0..8, default 4). */
int vasco_price_places(vasco_ctx *c);
/* Whether s is a non-empty run of ASCII digits. */
bool vasco_digits_only(const char *s);
/* The year of the order's date_created; false when it has none. */
bool vasco_order_year(json_object *order, int *year);

#endif
