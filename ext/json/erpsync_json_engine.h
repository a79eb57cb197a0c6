/*
 * JSON layer, engine part: everything that does not touch a zval (compiles without PHP; the fuzzers in
 * tests/fuzz link it alone). Contract and error rules: erpsync_json.h.
 */
#ifndef ERPSYNC_JSON_ENGINE_H
#define ERPSYNC_JSON_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <json-c/json.h>
#include "erpsync_error.h"

#define ERPSYNC_JSON_BIGINT_AS_STRING  (1 << 0) /* integers outside int64 (or > 2^53 when asked) stay strings */
#define ERPSYNC_JSON_DECIMAL_AS_STRING (1 << 1) /* numbers with a fraction or exponent come back as their exact text */
#define ERPSYNC_JSON_OBJECT_AS_OBJECT  (1 << 2) /* objects as stdClass (default: assoc arrays) */
#define ERPSYNC_JSON_PRETTY            (1 << 3) /* serialize with indentation */
#define ERPSYNC_JSON_INT53_AS_STRING   (1 << 4) /* decode: integers beyond +-2^53 (not exact in a double / JS) and
                                                   outside int64 come back as strings */
#define ERPSYNC_JSON_NUMERIC_STRING_AS_NUMBER (1 << 5) /* encode: strings in JSON number grammar ("9007199254740993",
                                                   "12.30") are written as raw numbers, text unchanged */

#define ERPSYNC_JSON_DEFAULT_DEPTH 512
#define ERPSYNC_JSON_MAX_DEPTH 10000    /* hard cap on any depth argument (C stack of the walkers) */

json_object *erpsync_json_parse(const char *text, size_t len, int depth, size_t max_bytes, erpsync_error *err);
char *erpsync_json_serialize(json_object *obj, int flags, size_t *len_out);

/* A JSON number written exactly as `text` (e.g. an id "9007199254740993" or an amount "12.30"):
 * json_type_int when it is an integer that fits int64, else a double carrying the text.
 * NULL when text is not in JSON number grammar. */
json_object *erpsync_json_new_number_text(const char *text, size_t len);

/* Is text[0, len) exactly a number in JSON grammar (-?(0|[1-9]d*)(.d+)?([eE][+-]?d+)?)? */
bool erpsync_json_is_number_text(const char *text, size_t len);

/* Strict UTF-8 (no overlongs, no surrogates, <= U+10FFFF). On failure *bad_offset (if not NULL)
 * is the byte offset of the first bad sequence. */
bool erpsync_utf8_valid(const char *s, size_t len, size_t *bad_offset);

/* ---- shared with the PHP side (erpsync_json.c), not part of the contract ---- */

/* One step of a JSON path, kept on the C stack of the recursive walkers (no allocation). */
typedef struct ej_path {
	const struct ej_path *parent;
	const char *key;      /* object member name, or NULL for an array index */
	size_t key_len;
	size_t index;
} ej_path;

/* ValidationException / ProtocolException; the message gets " at $.path" appended. */
void ej_validation(erpsync_error *err, const ej_path *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void ej_protocol(erpsync_error *err, const ej_path *p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Exact text of a number json-c kept (fraction/exponent, 64-bit overflow), or NULL. */
const char *ej_number_text(json_object *o);
bool ej_text_is_integer(const char *t);

#endif
