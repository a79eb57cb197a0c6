/*
 * What the VASCO engine's files share (not part of the engine's contract in vasco.h): vasco.c (settings, builders,
 * partners, products, stock) and vasco_orders.c (the order lookup and export, one order or a list).
 */
#ifndef ERPSYNC_VASCO_INTERNAL_H
#define ERPSYNC_VASCO_INTERNAL_H

#include <stdbool.h>
#include <json-c/json.h>
#include "vasco.h"

#define VASCO "VASCO"

/* The field or path name of key (an override, the dashboard preset, else the default). */
const char *vasco_n(vasco_ctx *c, const char *key);
/* The year of the order's date_created; false when it has none. */
bool vasco_order_year(json_object *order, int *year);

#endif
