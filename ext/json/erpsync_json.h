/*
 * JSON layer (json-c). The only place where json-c objects meet zvals.
 *
 * CONTRACT (other areas code against these names; the JSON layer implements them):
 *   - erpsync_json_from_zval(): PHP value -> new json_object (caller json_object_put()s it).
 *     Packed lists (keys 0..n-1) become arrays, other arrays objects; strings must be valid UTF-8;
 *     floats must be finite; depth limited. Returns NULL and fills err (ValidationException with
 *     the path in field, e.g. "line_items[2].name") on bad input.
 *   - erpsync_json_to_zval(): json_object -> PHP value in rv; flags below.
 *   - erpsync_json_parse(): text -> json_object with size/depth limits and strict UTF-8; on error
 *     NULL + ProtocolException (json_path and the byte offset in the message).
 *   - erpsync_json_serialize(): json_object -> malloc'ed text (caller free()s), deterministic
 *     (keys in insertion order, no escaping of '/', no spaces unless ERPSYNC_JSON_PRETTY).
 */
#ifndef ERPSYNC_JSON_H
#define ERPSYNC_JSON_H

#include "php.h"
#include <json-c/json.h>
#include "erpsync_error.h"

#define ERPSYNC_JSON_BIGINT_AS_STRING  (1 << 0) /* integers outside int64 (or > 2^53 when asked) stay strings */
#define ERPSYNC_JSON_DECIMAL_AS_STRING (1 << 1) /* numbers with a fraction or exponent come back as their exact text */
#define ERPSYNC_JSON_OBJECT_AS_OBJECT  (1 << 2) /* objects as stdClass (default: assoc arrays) */
#define ERPSYNC_JSON_PRETTY            (1 << 3) /* serialize with indentation */

#define ERPSYNC_JSON_DEFAULT_DEPTH 512

json_object *erpsync_json_from_zval(zval *value, int depth, erpsync_error *err);
int erpsync_json_to_zval(json_object *obj, zval *rv, int flags, erpsync_error *err);
json_object *erpsync_json_parse(const char *text, size_t len, int depth, size_t max_bytes, erpsync_error *err);
char *erpsync_json_serialize(json_object *obj, int flags, size_t *len_out);

#endif
