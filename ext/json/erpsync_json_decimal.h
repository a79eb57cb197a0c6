/*
 * Exact amounts between json-c values and erpsync_decimal (zval-free: json-c + erpsync_decimal).
 * For the connectors: read "moneyprice": "123.50" / 123.5 / 9007199254740993 without a detour
 * through double, and write amounts back as the API's fixed-decimal strings.
 */
#ifndef ERPSYNC_JSON_DECIMAL_H
#define ERPSYNC_JSON_DECIMAL_H

#include <json-c/json.h>
#include "erpsync_decimal.h"

/*
 * The exact value of a JSON number or numeric string:
 *   int (int64/uint64) -> exact; double parsed from text (erpsync_json_parse keeps the literal)
 *   -> the literal's digits ("12.30", "1e2", 64-bit overflows); double without text (built by
 *   json_object_new_double) -> its shortest round-trip text; string -> erpsync_dec_parse().
 * ERPSYNC_DEC_EINVAL for null, bool, array, object, non-numeric strings, NaN/INF.
 */
erpsync_dec_status erpsync_json_get_decimal(json_object *o, erpsync_decimal *out);

/* A JSON string of `d` rounded to `places` decimals ("123.50"); NULL on error (st set if not NULL). */
json_object *erpsync_json_new_decimal_string(const erpsync_decimal *d, int places, erpsync_dec_status *st);

#endif
