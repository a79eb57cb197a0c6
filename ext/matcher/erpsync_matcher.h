/*
 * Bulk matcher and diff engine (zval-free).
 *
 * Remote items are indexed straight from reply bodies by a single-pass scanner (no tree, no PHP array);
 * local products arrive as compact records from the binding. Keys are normalised (trim, optional ASCII
 * case-fold, GTIN-8/12/13/14 checksum + canonical GTIN-14, the Sitoo SKU character rule with an optional
 * fix-SKU transform); empty and invalid keys never match; a key held twice on either side is reported as
 * a duplicate and never used. Matched pairs are diffed under per-field ownership; a per-item FNV-1a hash
 * of the remote-owned fields lets unchanged items be skipped.
 *
 * Why not json-c here: the JSON layer measured json-c at ~4x the time and ~3x the memory of PHP's own
 * json_decode on a 20 MB catalogue (tests/bench/json_bench.php); building a json-c tree per page would
 * make the native path slower than PHP. The scanner validates the JSON grammar strictly (strings, escapes,
 * UTF-8 of kept fields, numbers, nesting) while it walks, and keeps only the mapped fields.
 */
#ifndef ERPSYNC_MATCHER_H
#define ERPSYNC_MATCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "erpsync_error.h"

#define EM_KEY_LINK 0
#define EM_KEY_SKU  1
#define EM_KEY_EAN  2
#define EM_KEYS     3

#define EM_OWN_REMOTE 1  /* the back-office owns the field: its value flows to the shop */
#define EM_OWN_LOCAL  0  /* the shop owns it: never changed by a sync */

#define EM_NONE INT64_MIN /* an absent number */

#define EM_TEXTS 3    /* text fields compared as they are: 0 name, 1 images, 2 categories */

typedef struct {
	/* reply mapping: top-level field names of an item, or for ean/sku a lookup in a list of
	 * {name, value} objects (VASCO dodatnaPolja): list_field + list_name_key + list_value_key + list_match */
	char *items_key;           /* "" = auto (bare array, or under items/data/value/result/results) */
	char *f_id, *f_sku, *f_ean, *f_stock, *f_reserved, *f_price;
	char *f_text[EM_TEXTS];     /* name, images, categories (a list becomes its items joined by ',') */
	char *ean_list, *ean_list_name, *ean_list_value, *ean_list_match;
	int chain[EM_KEYS];        /* key order, -1 terminated when shorter */
	int chain_len;
	bool case_fold;
	bool sitoo_sku;            /* apply the Sitoo SKU character rule */
	bool fix_sku;              /* invalid characters become '-' instead of invalidating the key */
	int own_stock, own_price, own_text[EM_TEXTS];
	bool stock_delta;          /* stock as a delta net of reserved and open orders */
	bool remote_prices_include_tax;
	bool shop_prices_include_tax;
	int64_t vat_rate_x100;     /* VAT rate in hundredths of a percent (2200 = 22 %) */
	int64_t tolerance;         /* price tolerance in 1/10000 units */
} em_options;

typedef struct em_matcher em_matcher;

em_matcher *em_new(const em_options *opts);
void em_free(em_matcher *m);
void em_options_dtor(em_options *o);

/* Indexes the items of one reply body; returns the number added or -1 with err (ProtocolException with
 * the JSON path and byte offset). */
long em_add_remote_json(em_matcher *m, const char *body, size_t len, erpsync_error *err);

/* ------------------------------------------------------------------ feeds (reply pages straight from HTTP) */

/* The fields of one remote item as read from a reply (v NULL = absent). */
#define EM_IN_ID 0
#define EM_IN_SKU 1
#define EM_IN_EAN 2
#define EM_IN_STOCK 3
#define EM_IN_RESERVED 4
#define EM_IN_PRICE 5
#define EM_IN_TEXT 6       /* + 0..2: name, images, categories */
#define EM_IN_EXTRA 9      /* carried to matched(), never compared (VASCO: own|supplier stock) */
#define EM_IN_N 10
typedef struct { const char *v[EM_IN_N]; size_t len[EM_IN_N]; } em_item_in;

/* Called for each item before it is added: may replace values (pointers must stay valid until it returns
 * to the scanner, which copies them). Return false to leave the item out. */
typedef bool (*em_item_hook)(void *ud, em_item_in *it);

/* How a connector's reply pages map to the matcher's fields (member names; NULL or "" = not read). */
typedef struct {
	const char *items_key;     /* "" = auto (bare array, or under items/data/value/result/results) */
	const char *total_key;     /* a top-level number to report (e.g. "totalcount"); NULL = none */
	const char *f[EM_IN_N];
	const char *ean_list, *ean_list_name, *ean_list_value, *ean_list_match;
	em_item_hook hook;
	void *hook_ud;
} em_feed;

/* Indexes one reply body with a connector's field map; returns the number of items in the page (also those the
 * hook left out) or -1 with err. *reported gets the total_key's value, -1 when absent. */
long em_add_remote_feed(em_matcher *m, const em_feed *f, const char *body, size_t len, long *reported, erpsync_error *err);

/* One remote item (the fields as em_item_in). */
void em_add_remote_in(em_matcher *m, const em_item_in *it);

/* One remote item given field by field (addRemote from PHP arrays). Strings may be NULL. */
void em_add_remote_item(em_matcher *m, const char *id, size_t id_len, const char *sku, size_t sku_len,
                        const char *ean, size_t ean_len, const char *stock, size_t stock_len,
                        const char *reserved, size_t reserved_len, const char *price, size_t price_len,
                        const char *const text[EM_TEXTS], const size_t text_len[EM_TEXTS]);

typedef struct {
	int64_t id, parent_id;
	const char *link; size_t link_len;     /* stored remote id */
	const char *sku; size_t sku_len;
	const char *ean; size_t ean_len;
	const char *stock; size_t stock_len;
	const char *open_orders; size_t open_orders_len;
	const char *price; size_t price_len;   /* regular price as stored in the shop */
	const char *text[EM_TEXTS]; size_t text_len[EM_TEXTS];  /* name, image hashes, categories */
	const char *last_hash; size_t last_hash_len;
} em_local;

/* Adds one local product (strings are copied). false + err for an unparsable number. */
bool em_add_local(em_matcher *m, const em_local *l, erpsync_error *err);

/* Local products packed in one string (the shop's SQL read): each field is "<byte length>:<bytes>", or "-" for
 * NULL; ncols fields per row, in the order of cols (EM_COL_*), rows one after another. Returns the products
 * added or -1 with err (ValidationException naming the row and byte offset). */
#define EM_COL_ID 0
#define EM_COL_PARENT 1
#define EM_COL_LINK 2
#define EM_COL_SKU 3
#define EM_COL_EAN 4
#define EM_COL_STOCK 5
#define EM_COL_OPEN 6
#define EM_COL_PRICE 7
#define EM_COL_NAME 8
#define EM_COL_IMAGES 9
#define EM_COL_CATEGORIES 10
#define EM_COL_HASH 11
#define EM_COL_SKIP 12        /* a column that is read and ignored */
#define EM_COLS 13
long em_add_local_packed(em_matcher *m, const char *buf, size_t len, const int *cols, size_t ncols, erpsync_error *err);

/* Runs the matching and diff once all items are in. */
void em_run(em_matcher *m);

/* ----------------------------------------------------------------------------- results */

typedef struct { int64_t local_id; uint32_t remote; int key; } em_pair;
/* old / old_text: the shop's value before (EM_NONE / NULL when it had none) */
typedef struct { int64_t local_id; uint32_t remote; int field; int64_t value; int64_t delta; const char *text; size_t text_len;
	int64_t old; const char *old_text; size_t old_len; } em_change;
typedef struct { int side; int key; const char *value; size_t len; uint32_t count; uint32_t first; } em_dup;  /* side 0 local, 1 remote */
/* key: EM_KEY_* for a key that does not normalise, EM_INV_STOCK / EM_INV_PRICE for an amount out of range */
typedef struct { int side; int key; int64_t local_id; uint32_t remote; const char *value; size_t len; const char *reason; } em_invalid;
#define EM_INV_STOCK 3
#define EM_INV_PRICE 4

#define EM_F_STOCK 0
#define EM_F_PRICE 1
#define EM_F_NAME  2  /* + 0..2: name, images, categories */
#define EM_F_IMAGES 3
#define EM_F_CATEGORIES 4

size_t em_count_remote(const em_matcher *m);
size_t em_count_local(const em_matcher *m);
size_t em_pairs(const em_matcher *m, const em_pair **out);
size_t em_changes(const em_matcher *m, const em_change **out);
size_t em_dups(const em_matcher *m, const em_dup **out);
size_t em_invalids(const em_matcher *m, const em_invalid **out);
size_t em_unmatched_local(const em_matcher *m, const int64_t **out);
size_t em_unmatched_remote(const em_matcher *m, const uint32_t **out);
size_t em_skipped_unchanged(const em_matcher *m);
/* The id string of remote item r, and its hash as 16 hex digits. */
const char *em_remote_id(const em_matcher *m, uint32_t r, size_t *len);
/* A field of remote item r as it came (EM_IN_ID, SKU, EAN, PRICE, TEXT+t, EXTRA); NULL when absent. */
const char *em_remote_raw(const em_matcher *m, uint32_t r, int field, size_t *len);

void em_remote_hash_hex(const em_matcher *m, uint32_t r, char out[17]);

/* Helpers exposed for tests: key normalisation. Return the length written to out, 0 for an empty key,
 * -1 for an invalid one (reason set). */
long em_norm_gtin(const char *s, size_t len, char out[15], const char **reason);
long em_norm_sku(const em_options *o, const char *s, size_t len, char *out, size_t outsize, const char **reason);

/* Binding (erpsync_matcher_php.c): the engine matcher of an ErpSync\Matcher\Matcher object (NULL + Error thrown
 * when it was not constructed). */
struct _zval_struct;
em_matcher *erpsync_matcher_from_zval(struct _zval_struct *zv);

#endif
