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
 *
 * NOTE: json-c represents JSON null as a NULL json_object*. So erpsync_json_parse("null") and
 * erpsync_json_from_zval(<PHP null>) return NULL *without* an error: always test
 * erpsync_error_isset(err), not the pointer, to tell failure from null.
 *
 * Numbers: integers that fit int64 are json_type_int; literals beyond 64 bits are kept as
 * json_type_double whose json_object_get_userdata() is the exact literal text (as json-c already
 * does for every number with a fraction or exponent), so serializing writes them back unchanged.
 * Doubles from PHP are written in PHP's shortest round-trip form with ".0" kept (1.0 -> 1.0).
 *
 * Depth = the most nested arrays/objects allowed, the same both ways and the same as json_encode
 * ("[[1]]" needs 2; json_decode would need 3). Capped at ERPSYNC_JSON_MAX_DEPTH.
 *
 * Errors: parse -> ERPSYNC_E_PROTOCOL, json_path "$.items[3].sku" (the value being read when the
 * text broke off or went wrong), message "malformed JSON at <path> (byte offset N): <reason>",
 * "invalid UTF-8 at <path> (byte offset N)", "NaN is not a valid JSON number at <path>", ...
 * from_zval -> ERPSYNC_E_VALIDATION, field "items[3].sku" (path without "$."; "$" for the root),
 * subject "" (callers that know the subject, e.g. "order 1234", may fill err->subject), message
 * "... at $.items[3].sku". Messages never quote string contents (only member names).
 *
 * What json-c (0.16) lets through even in strict mode, and we accept as it is: raw control
 * characters inside strings, single-quoted member names, "-01" (read as -1), lone \u surrogates
 * (become U+FFFD). Duplicate member names: the last value wins at the first one's position
 * (refused only if the text also holds an integer beyond 64 bits). Member names are C strings in
 * json-c: a "\u0000" inside a name cuts it there (encode refuses NUL in names). PRETTY writes an
 * empty array/object as "[\n  ]" / "{\n  }" (json-c's style; still valid JSON).
 *
 * json-c 0.16 turns an escaped surrogate pair whose code point has low 16 bits in D800-DFFF (U+1D800-U+1DFFF,
 * U+2D800-U+2DFFF, ...) into U+FFFD; erpsync_json_parse() reads such pairs as their UTF-8 bytes instead
 * (erpsync_json_pairs.c), so a byte offset in a message counts each of them as 4 bytes, not 12.
 */
#ifndef ERPSYNC_JSON_H
#define ERPSYNC_JSON_H

#include "php.h"
#include "erpsync_json_engine.h" /* parse, serialize, UTF-8, number text, flags: zval-free */


json_object *erpsync_json_from_zval(zval *value, int depth, erpsync_error *err);
int erpsync_json_to_zval(json_object *obj, zval *rv, int flags, erpsync_error *err);

/* ---- additions (JSON layer) ---- */

/* erpsync_json_from_zval() with encode flags (ERPSYNC_JSON_NUMERIC_STRING_AS_NUMBER). */
json_object *erpsync_json_from_zval_ex(zval *value, int flags, int depth, erpsync_error *err);

/* Text -> PHP value in rv: erpsync_json_parse() + erpsync_json_to_zval() in one call, on PHP's own parser
 * by a strict parser of our own when it is certain of the value (binding: erpsync_json_decode_php.c), else on json-c. SUCCESS, or FAILURE
 * with err set and rv NULL. */
int erpsync_json_decode_zval(const char *text, size_t len, int depth, size_t max_bytes, int flags, zval *rv,
                             erpsync_error *err);

#endif
