/*
 * Common connector layer (zval-free: json-c + erpsync_decimal + the HTTP engine).
 *
 * Every connector (VASCO, SORS, Sitoo, Logistos) builds its payloads from a snapshot (a json-c
 * object converted from the plugin's PHP array, schema in docs/snapshots.md) and its settings
 * (also a json-c object). What this header gives them:
 *
 *  Names      erpsync_conn_names: one table per connector of every path, query name and payload
 *             field name with its default (erp-apis.md); settings["paths"] / settings["fields"]
 *             override any entry by its key, no code change. erpsync_conn_name(t, "order_create").
 *  Snapshot   erpsync_conn_get(): value at a dotted path ("billing.email", "line_items.2.sku",
 *             "meta.vat_id"); _str / _dec / _int / _bool accessors with defaults.
 *  Text       erpsync_conn_utf8_prefix(): byte length of the first N characters (never cuts a
 *             character); erpsync_conn_new_string_cut(): a json string cut to N characters.
 *  Amounts    erpsync_conn_new_amount(): a decimal as a json string ("12.50") or number (12.5)
 *             rounded to N places; erpsync_conn_get_dec() reads any number or numeric string.
 *  VAT        erpsync_conn_vat_code(): rate percent -> back-office code through a table
 *             {"22": 0, "9.5": 1, ...} compared by value ("22.0" == "22").
 *  Extras     erpsync_conn_extra_value(): the value of one extra-field mapping source: a snapshot
 *             path ("billing.email", "meta.x", "number"), a context key ("@payment_code"), or a
 *             fixed text ("=WEB").
 *  Errors     erpsync_conn_invalid(): ValidationException with subject ("order 1234") and field
 *             ("line_items[2].sku"); erpsync_conn_subject() formats the subject of a snapshot.
 *  Replies    erpsync_conn_unwrap(): tolerant envelope unwrapping (bare value, or the payload under
 *             data/items/value/result/results; success:false is an error with its message).
 *  HTTP       erpsync_conn_call(): one request through the engine, JSON body in/out, errors
 *             prefixed with the connector's name.
 */
#ifndef ERPSYNC_CONN_COMMON_H
#define ERPSYNC_CONN_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <json-c/json.h>
#include "erpsync_error.h"
#include "json/erpsync_decimal.h"
#include "http/erpsync_http.h"

/* ----------------------------------------------------------------------------- names */

typedef struct {
	const char *key;   /* logical name used in code and in settings overrides */
	const char *def;   /* default spelling (erp-apis.md) */
} erpsync_conn_name_def;

typedef struct {
	const char *connector;              /* "VASCO", for messages */
	const erpsync_conn_name_def *defs;  /* terminated by {NULL, NULL} */
	json_object *paths;                 /* borrowed: settings["paths"] or NULL */
	json_object *fields;                /* borrowed: settings["fields"] or NULL */
} erpsync_conn_names;

/* Fills a names table: connector label, defaults, and the settings' "paths" / "fields" overrides. */
void erpsync_conn_names_init(erpsync_conn_names *t, const char *connector, const erpsync_conn_name_def *defs, json_object *settings);

/* The name for key: the override in settings paths/fields (whichever has the key), else the
 * default. Keys starting with "path." are looked up in paths (without the prefix), others in
 * fields. An unknown key returns the key itself (a programming error, visible in tests). */
const char *erpsync_conn_name(const erpsync_conn_names *t, const char *key);
/* Overrides naming keys that do not exist are rejected: a typo must not pass silently. */
bool erpsync_conn_names_check(const erpsync_conn_names *t, erpsync_error *err);

/* -------------------------------------------------------------------------- snapshot */

/* Value at a dotted path; array elements by index ("line_items.0.sku"). NULL when absent or null. */
json_object *erpsync_conn_get(json_object *root, const char *path);
/* String form of a scalar (ints and decimals as their text, bools "1"/""); def when absent/empty. */
const char *erpsync_conn_get_str(json_object *root, const char *path, const char *def);
/* Exact decimal of a number or numeric string; ERPSYNC_DEC_EINVAL when absent or not numeric. */
erpsync_dec_status erpsync_conn_get_dec(json_object *root, const char *path, erpsync_decimal *out);
/* Integer (int, or a string of digits); def when absent or not an integer. */
int64_t erpsync_conn_get_int(json_object *root, const char *path, int64_t def);
bool erpsync_conn_get_bool(json_object *root, const char *path, bool def);

/* ------------------------------------------------------------------------------ text */

/* Bytes of the first max_chars UTF-8 characters of s[0, len). */
size_t erpsync_conn_utf8_prefix(const char *s, size_t len, size_t max_chars);
/* Number of UTF-8 characters in s. */
size_t erpsync_conn_utf8_chars(const char *s, size_t len);
/* A json string of s cut to max_chars characters (0 = no limit), surrounding spaces trimmed. */
json_object *erpsync_conn_new_string_cut(const char *s, size_t max_chars);
/* Lower-case ASCII copy into buf (emails, codes). */
void erpsync_conn_ascii_lower(const char *s, char *buf, size_t size);
/* Is this a plausible email address (local@domain.tld, no spaces, one @)? */
bool erpsync_conn_email_valid(const char *s);

/* --------------------------------------------------------------------------- amounts */

/* A decimal rounded to places, as a json string ("12.50") or, when as_number, a json number
 * written with exactly that text (12.50). NULL only on an internal error. */
json_object *erpsync_conn_new_amount(const erpsync_decimal *d, int places, bool as_number);

/* -------------------------------------------------------------------------------- VAT */

/* Looks rate up in table (object: "rate percent" -> code). Returns the code object (borrowed)
 * or NULL when the rate is not in the table. */
json_object *erpsync_conn_vat_code(json_object *table, const erpsync_decimal *rate);

/* ----------------------------------------------------------------------------- extras */

/* The value of one mapping source: "=fixed text", "@context_key" (looked up in ctx), or a
 * snapshot path. Returns a string owned by the json objects (or by source for "="), "" when
 * absent. */
const char *erpsync_conn_extra_value(const char *source, json_object *snapshot, json_object *ctx);

/* ----------------------------------------------------------------------------- errors */

/* Fills err as a ValidationException (subject, field, message). */
#define erpsync_conn_invalid erpsync_error_validation
/* "order 1234" (number, else id) / "product 55" / "customer a@b.c" into buf. */
void erpsync_conn_subject(json_object *snapshot, const char *kind, char *buf, size_t size);

/* ----------------------------------------------------------------------------- order lines */

/* The order's line_items (borrowed) and their count; NULL + ValidationException when there is none. */
json_object *erpsync_conn_order_lines(json_object *order, const char *subject, size_t *n, erpsync_error *err);
/* Is billing.email a valid address? false + ValidationException naming billing.email otherwise. */
bool erpsync_conn_order_email(json_object *order, const char *subject, erpsync_error *err);

/* Reads and checks line i of an order (its article code already checked by the caller, as `code`):
 * quantity > 0, subtotal and total, tax_rate_percent. Gives the unit net price before discount
 * (subtotal / quantity, `places` decimals) and the discount % ((subtotal - total) / subtotal * 100, to
 * ERPSYNC_DEC_MAX_PLACES decimals: what a payload sends is planned by erpsync_conn_money.h, never this
 * rounded). false + ValidationException naming line_items[i].<field> (also for amounts out of range). */
bool erpsync_conn_line_amounts(json_object *li, size_t i, const char *subject, const char *code, int places,
                               erpsync_decimal *qty, erpsync_decimal *unit, erpsync_decimal *disc,
                               erpsync_decimal *rate, erpsync_error *err);

/* ----------------------------------------------------------------------------- replies */

/* The payload of a reply: a bare array/object as is, or the value under data/items/value/result/
 * results (the first present; under `key` when given). An envelope with "success": false (or
 * "ok": false) fills err with the envelope's message (message, error, errors[0].message, title,
 * detail) and returns NULL. Borrowed pointer into reply. */
json_object *erpsync_conn_unwrap(json_object *reply, const char *key, const char *connector, erpsync_error *err);
/* The text of a back-office error body (message/error/title/detail/errortext...), "" if none. */
const char *erpsync_conn_error_text(json_object *reply);

/* ------------------------------------------------------------------------------- HTTP */

typedef struct {
	const char *method;
	const char *path;
	const erpsync_http_kv *query;
	size_t query_count;
	json_object *body;           /* borrowed; serialized deterministically */
	bool idempotent;
	bool accept_any_status;      /* return non-2xx replies instead of failing */
} erpsync_conn_request;

/* Performs the request; on success *reply gets the parsed JSON body (caller puts it; NULL for an
 * empty body or JSON null) and *status the HTTP status. body_text (if not NULL) gets a malloc'ed
 * copy of the JSON sent. Errors are prefixed "<connector>: ". Returns 0 or -1. */
int erpsync_conn_call(erpsync_http_client *client, const char *connector, const erpsync_conn_request *r,
                      json_object **reply, long *status, char **body_text, erpsync_error *err);
/* The same for n independent requests, at most `concurrency` in flight (erpsync_http_execute_many): replies[i],
 * statuses[i] (may be NULL), body_texts[i] (may be NULL) and errs[i] are rs[i]'s, each request succeeding or
 * failing alone. Returns the number of failures. */
size_t erpsync_conn_call_many(erpsync_http_client *client, const char *connector, const erpsync_conn_request *rs,
                              size_t n, size_t concurrency, json_object **replies, long *statuses, char **body_texts,
                              erpsync_error *errs);

#endif
