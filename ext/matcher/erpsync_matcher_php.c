/* Binding of ErpSync\Matcher\Matcher: options and local products from PHP arrays, results in chunks. */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "zend_smart_str.h"
#include "erpsync_matcher.h"

typedef struct {
	em_matcher *m;
	zend_object std;
} matcher_obj;

static zend_object_handlers matcher_handlers;

static inline matcher_obj *matcher_from(zend_object *o)
{
	return (matcher_obj *) ((char *) o - XtOffsetOf(matcher_obj, std));
}

static zend_object *matcher_create(zend_class_entry *ce)
{
	matcher_obj *o = zend_object_alloc(sizeof(matcher_obj), ce);
	zend_object_std_init(&o->std, ce);
	object_properties_init(&o->std, ce);
	o->std.handlers = &matcher_handlers;
	return &o->std;
}

static void matcher_free(zend_object *obj)
{
	matcher_obj *o = matcher_from(obj);
	em_free(o->m);
	o->m = NULL;
	zend_object_std_dtor(obj);
}

PHP_MINIT_FUNCTION(erpsync_matcher)
{
	(void) type;
	(void) module_number;
	memcpy(&matcher_handlers, zend_get_std_object_handlers(), sizeof(zend_object_handlers));
	matcher_handlers.offset = XtOffsetOf(matcher_obj, std);
	matcher_handlers.free_obj = matcher_free;
	matcher_handlers.clone_obj = NULL;
	erpsync_ce_matcher->create_object = matcher_create;
	return SUCCESS;
}

#define SUBJ "matcher"

static bool opt_str(HashTable *h, const char *key, const char *field, const char *def, char **out)
{
	zval *v = h ? zend_hash_str_find(h, key, strlen(key)) : NULL;
	if (v && Z_TYPE_P(v) != IS_STRING && Z_TYPE_P(v) != IS_NULL) {
		erpsync_throw_validation(SUBJ, field, "matcher option %s must be a string", field);
		return false;
	}
	*out = strdup(v && Z_TYPE_P(v) == IS_STRING ? Z_STRVAL_P(v) : def);
	return true;
}

static bool opt_bool(HashTable *h, const char *key, bool def, bool *out)
{
	zval *v = zend_hash_str_find(h, key, strlen(key));
	if (v && Z_TYPE_P(v) != IS_TRUE && Z_TYPE_P(v) != IS_FALSE) {
		erpsync_throw_validation(SUBJ, key, "matcher option %s must be true or false", key);
		return false;
	}
	*out = v ? Z_TYPE_P(v) == IS_TRUE : def;
	return true;
}

static bool opt_choice(HashTable *h, const char *key, const char *field, const char *a, const char *b, const char *def, bool *is_b)
{
	zval *v = h ? zend_hash_str_find(h, key, strlen(key)) : NULL;
	const char *s = def;
	if (v) {
		if (Z_TYPE_P(v) != IS_STRING || (strcmp(Z_STRVAL_P(v), a) != 0 && strcmp(Z_STRVAL_P(v), b) != 0)) {
			erpsync_throw_validation(SUBJ, field, "matcher option %s must be \"%s\" or \"%s\"", field, a, b);
			return false;
		}
		s = Z_STRVAL_P(v);
	}
	*is_b = strcmp(s, b) == 0;
	return true;
}

/* scaled decimal from a string/int option; false (thrown) when not a number */
static bool opt_dec(HashTable *h, const char *key, const char *def, int places, int64_t *out)
{
	zval *v = zend_hash_str_find(h, key, strlen(key));
	zend_string *s = v ? zval_get_string(v) : zend_string_init(def, strlen(def), 0);
	const char *p = ZSTR_VAL(s);
	int64_t r = 0;
	int frac = -1;
	bool ok = *p != '\0', big = false;
	for (; *p && ok; p++) {
		if (*p == '.' && frac < 0) { frac = 0; continue; }
		if (*p < '0' || *p > '9' || frac >= places) { ok = false; break; }
		if (__builtin_mul_overflow(r, (int64_t) 10, &r) || __builtin_add_overflow(r, (int64_t) (*p - '0'), &r)) { big = true; break; }
		if (frac >= 0) frac++;
	}
	if (frac < 0) frac = 0;
	for (; ok && !big && frac < places; frac++) big = __builtin_mul_overflow(r, (int64_t) 10, &r);
	zend_string_release(s);
	if (!ok || (v && Z_TYPE_P(v) != IS_STRING && Z_TYPE_P(v) != IS_LONG)) {
		erpsync_throw_validation(SUBJ, key, "matcher option %s must be a non-negative decimal (as text) with at most %d decimals", key, places);
		return false;
	}
	if (big) {
		erpsync_throw_validation(SUBJ, key, "matcher option %s is too large", key);
		return false;
	}
	*out = r;
	return true;
}

/* Every top-level key is an option this class knows; false (thrown) for another. */
static bool opts_known(HashTable *opts)
{
	static const char *const top[] = { "remote", "keys", "case_fold", "sku_rule", "fix_sku", "own", "stock_mode",
		"remote_prices_include_tax", "prices_include_tax", "vat_rate", "price_tolerance", NULL };
	zend_string *k;
	ZEND_HASH_FOREACH_STR_KEY(opts, k) {
		size_t i;
		bool known = false;
		for (i = 0; k && top[i]; i++) if (zend_string_equals_cstr(k, top[i], strlen(top[i]))) known = true;
		if (!known) {
			erpsync_throw_validation(SUBJ, k ? ZSTR_VAL(k) : "", "unknown matcher option \"%s\"", k ? ZSTR_VAL(k) : "(numeric key)");
			return false;
		}
	} ZEND_HASH_FOREACH_END();
	return true;
}

/* The reply's field map (option remote, its ean_list included); false (thrown) for a bad one. */
static bool opts_remote(HashTable *opts, em_options *o)
{
	HashTable *remote = NULL, *eanl = NULL;
	zval *v;
	if ((v = zend_hash_str_find(opts, "remote", 6))) {
		if (Z_TYPE_P(v) != IS_ARRAY) { erpsync_throw_validation(SUBJ, "remote", "matcher option remote must be a field map"); return false; }
		remote = Z_ARRVAL_P(v);
	}
	if (remote && (v = zend_hash_str_find(remote, "ean_list", 8))) {
		if (Z_TYPE_P(v) != IS_ARRAY) { erpsync_throw_validation(SUBJ, "remote.ean_list", "matcher option remote.ean_list must be {field, name, value, match}"); return false; }
		eanl = Z_ARRVAL_P(v);
	}
	return opt_str(remote, "items", "remote.items", "", &o->items_key) && opt_str(remote, "id", "remote.id", "id", &o->f_id)
	 && opt_str(remote, "sku", "remote.sku", "sku", &o->f_sku) && opt_str(remote, "ean", "remote.ean", "ean", &o->f_ean)
	 && opt_str(remote, "stock", "remote.stock", "stock", &o->f_stock) && opt_str(remote, "reserved", "remote.reserved", "", &o->f_reserved)
	 && opt_str(remote, "price", "remote.price", "price", &o->f_price) && opt_str(remote, "name", "remote.name", "name", &o->f_text[0])
	 && opt_str(remote, "images", "remote.images", "", &o->f_text[1]) && opt_str(remote, "categories", "remote.categories", "", &o->f_text[2])
	 && opt_str(eanl, "field", "remote.ean_list.field", "", &o->ean_list) && opt_str(eanl, "name", "remote.ean_list.name", "naziv", &o->ean_list_name)
	 && opt_str(eanl, "value", "remote.ean_list.value", "vrednost", &o->ean_list_value)
	 && opt_str(eanl, "match", "remote.ean_list.match", "EAN", &o->ean_list_match);
}

/* The key chain (option keys: 1 to 3 distinct of link, sku, ean; default all three in that order). */
static bool opts_keys(HashTable *opts, em_options *o)
{
	zval *v;
	o->chain_len = 0;
	if ((v = zend_hash_str_find(opts, "keys", 4))) {
		zval *k;
		if (Z_TYPE_P(v) != IS_ARRAY || zend_hash_num_elements(Z_ARRVAL_P(v)) == 0 || zend_hash_num_elements(Z_ARRVAL_P(v)) > EM_KEYS) {
			erpsync_throw_validation(SUBJ, "keys", "matcher option keys must list 1 to 3 of link, sku, ean");
			return false;
		}
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), k) {
			int which = -1, i;
			if (Z_TYPE_P(k) == IS_STRING) {
				if (strcmp(Z_STRVAL_P(k), "link") == 0) which = EM_KEY_LINK;
				else if (strcmp(Z_STRVAL_P(k), "sku") == 0) which = EM_KEY_SKU;
				else if (strcmp(Z_STRVAL_P(k), "ean") == 0) which = EM_KEY_EAN;
			}
			for (i = 0; i < o->chain_len; i++) if (o->chain[i] == which) which = -1;
			if (which < 0) { erpsync_throw_validation(SUBJ, "keys", "matcher option keys must list distinct values of link, sku, ean"); return false; }
			o->chain[o->chain_len++] = which;
		} ZEND_HASH_FOREACH_END();
	} else {
		o->chain[0] = EM_KEY_LINK; o->chain[1] = EM_KEY_SKU; o->chain[2] = EM_KEY_EAN; o->chain_len = 3;
	}
	return true;
}

/* Field ownership (option own: stock/price default remote, name/images/categories local). */
static bool opts_own(HashTable *opts, em_options *o)
{
	HashTable *own = NULL;
	zval *v;
	bool b;
	if ((v = zend_hash_str_find(opts, "own", 3))) {
		if (Z_TYPE_P(v) != IS_ARRAY) { erpsync_throw_validation(SUBJ, "own", "matcher option own must map stock/price/name to remote or local"); return false; }
		own = Z_ARRVAL_P(v);
	}
	if (!opt_choice(own, "stock", "own.stock", "local", "remote", "remote", &b)) return false;
	o->own_stock = b ? EM_OWN_REMOTE : EM_OWN_LOCAL;
	if (!opt_choice(own, "price", "own.price", "local", "remote", "remote", &b)) return false;
	o->own_price = b ? EM_OWN_REMOTE : EM_OWN_LOCAL;
	if (!opt_choice(own, "name", "own.name", "local", "remote", "local", &b)) return false;
	o->own_text[0] = b ? EM_OWN_REMOTE : EM_OWN_LOCAL;
	if (!opt_choice(own, "images", "own.images", "local", "remote", "local", &b)) return false;
	o->own_text[1] = b ? EM_OWN_REMOTE : EM_OWN_LOCAL;
	if (!opt_choice(own, "categories", "own.categories", "local", "remote", "local", &b)) return false;
	o->own_text[2] = b ? EM_OWN_REMOTE : EM_OWN_LOCAL;
	return true;
}

ZEND_METHOD(ErpSync_Matcher_Matcher, __construct)
{
	HashTable *opts;
	matcher_obj *self = matcher_from(Z_OBJ_P(ZEND_THIS));
	em_options o;

	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(opts)
	ZEND_PARSE_PARAMETERS_END();
	(void) return_value;
	if (self->m) {
		zend_throw_error(NULL, "Matcher::__construct() was already called");
		RETURN_THROWS();
	}
	if (!opts_known(opts)) {
		RETURN_THROWS();
	}
	memset(&o, 0, sizeof(o));
	if (!opts_remote(opts, &o) || !opts_keys(opts, &o)
	 || !opt_bool(opts, "case_fold", false, &o.case_fold) || !opt_bool(opts, "fix_sku", false, &o.fix_sku)
	 || !opt_choice(opts, "sku_rule", "sku_rule", "none", "sitoo", "none", &o.sitoo_sku)
	 || !opt_choice(opts, "stock_mode", "stock_mode", "absolute", "delta", "absolute", &o.stock_delta)
	 || !opt_bool(opts, "remote_prices_include_tax", false, &o.remote_prices_include_tax)
	 || !opt_bool(opts, "prices_include_tax", true, &o.shop_prices_include_tax)
	 || !opt_dec(opts, "vat_rate", "0", 2, &o.vat_rate_x100) || !opt_dec(opts, "price_tolerance", "0.005", 4, &o.tolerance)
	 || !opts_own(opts, &o)) {
		em_options_dtor(&o);
		return;
	}
	self->m = em_new(&o);
}

static em_matcher *this_m(zval *zt, bool must_have_run, bool must_not_have_run)
{
	matcher_obj *o = matcher_from(Z_OBJ_P(zt));
	size_t n;
	const em_pair *p;
	if (!o->m) {
		zend_throw_error(NULL, "Matcher is not initialised");
		return NULL;
	}
	n = em_pairs(o->m, &p);
	(void) n;
	(void) must_have_run;
	(void) must_not_have_run;
	return o->m;
}

em_matcher *erpsync_matcher_from_zval(zval *zv)
{
	return this_m(zv, false, true);
}

ZEND_METHOD(ErpSync_Matcher_Matcher, addRemoteJson)
{
	zend_string *body;
	em_matcher *m;
	erpsync_error err;
	long n;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_STR(body)
	ZEND_PARSE_PARAMETERS_END();
	if (!(m = this_m(ZEND_THIS, false, true))) RETURN_THROWS();
	erpsync_error_clear(&err);
	n = em_add_remote_json(m, ZSTR_VAL(body), ZSTR_LEN(body), &err);
	if (n < 0) {
		erpsync_throw_error(&err);
		RETURN_THROWS();
	}
	RETURN_LONG(n);
}

static const char *zs(HashTable *h, const char *k, size_t *len, zend_string **tmp)
{
	zval *v = zend_hash_str_find(h, k, strlen(k));
	*tmp = NULL;
	if (!v || Z_TYPE_P(v) == IS_NULL) { *len = 0; return NULL; }
	if (Z_TYPE_P(v) == IS_ARRAY) {
		/* a list (image hashes, category ids) compares as its items joined by ',' */
		smart_str b = {0};
		zval *e;
		bool first = true;
		ZEND_HASH_FOREACH_VAL(Z_ARRVAL_P(v), e) {
			zend_string *es = zval_get_string(e);
			if (!first) smart_str_appendc(&b, ',');
			smart_str_append(&b, es);
			zend_string_release(es);
			first = false;
		} ZEND_HASH_FOREACH_END();
		smart_str_0(&b);
		*tmp = b.s ? b.s : ZSTR_EMPTY_ALLOC();
		*len = ZSTR_LEN(*tmp);
		return ZSTR_VAL(*tmp);
	}
	if (Z_TYPE_P(v) == IS_STRING) { *len = Z_STRLEN_P(v); return Z_STRVAL_P(v); }
	*tmp = zval_get_string(v);
	*len = ZSTR_LEN(*tmp);
	return ZSTR_VAL(*tmp);
}

ZEND_METHOD(ErpSync_Matcher_Matcher, addRemote)
{
	HashTable *items;
	zval *it;
	em_matcher *m;
	zend_long n = 0;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(items)
	ZEND_PARSE_PARAMETERS_END();
	if (!(m = this_m(ZEND_THIS, false, true))) RETURN_THROWS();
	ZEND_HASH_FOREACH_VAL(items, it) {
		zend_string *t[EM_IN_N];
		em_item_in in;
		/* in the order of EM_IN_* */
		static const char *const keys[EM_IN_N] = { "id", "sku", "ean", "stock", "reserved", "price", "name", "images", "categories", "extra" };
		int i;
		ZVAL_DEREF(it);
		if (Z_TYPE_P(it) != IS_ARRAY) {
			erpsync_throw_validation("remote item", "", "remote item %ld is not an array", (long) n);
			RETURN_THROWS();
		}
		for (i = 0; i < EM_IN_N; i++) in.v[i] = zs(Z_ARRVAL_P(it), keys[i], &in.len[i], &t[i]);
		em_add_remote_in(m, &in);
		for (i = 0; i < EM_IN_N; i++) if (t[i]) zend_string_release(t[i]);
		n++;
	} ZEND_HASH_FOREACH_END();
	RETURN_LONG(n);
}

ZEND_METHOD(ErpSync_Matcher_Matcher, addLocal)
{
	HashTable *items;
	zval *it;
	em_matcher *m;
	zend_long n = 0;
	erpsync_error err;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ARRAY_HT(items)
	ZEND_PARSE_PARAMETERS_END();
	if (!(m = this_m(ZEND_THIS, false, true))) RETURN_THROWS();
	erpsync_error_clear(&err);
	ZEND_HASH_FOREACH_VAL(items, it) {
		em_local l;
		zend_string *t[10];
		zval *idv, *pv;
		bool ok;
		int i;
		ZVAL_DEREF(it);
		if (Z_TYPE_P(it) != IS_ARRAY) {
			erpsync_throw_validation("local product", "", "local product %ld is not an array", (long) n);
			RETURN_THROWS();
		}
		memset(&l, 0, sizeof(l));
		idv = zend_hash_str_find(Z_ARRVAL_P(it), "id", 2);
		pv = zend_hash_str_find(Z_ARRVAL_P(it), "parent_id", 9);
		if (!idv || Z_TYPE_P(idv) != IS_LONG || Z_LVAL_P(idv) <= 0) {
			erpsync_throw_validation("local product", "id", "local product %ld has no positive integer id", (long) n);
			RETURN_THROWS();
		}
		l.id = Z_LVAL_P(idv);
		l.parent_id = pv && Z_TYPE_P(pv) == IS_LONG ? Z_LVAL_P(pv) : 0;
		l.link = zs(Z_ARRVAL_P(it), "remote_id", &l.link_len, &t[0]);
		l.sku = zs(Z_ARRVAL_P(it), "sku", &l.sku_len, &t[1]);
		l.ean = zs(Z_ARRVAL_P(it), "ean", &l.ean_len, &t[2]);
		l.stock = zs(Z_ARRVAL_P(it), "stock", &l.stock_len, &t[3]);
		l.open_orders = zs(Z_ARRVAL_P(it), "open_orders", &l.open_orders_len, &t[4]);
		l.price = zs(Z_ARRVAL_P(it), "regular_price", &l.price_len, &t[5]);
		l.text[0] = zs(Z_ARRVAL_P(it), "name", &l.text_len[0], &t[6]);
		l.text[1] = zs(Z_ARRVAL_P(it), "image_hashes", &l.text_len[1], &t[8]);
		l.text[2] = zs(Z_ARRVAL_P(it), "categories", &l.text_len[2], &t[9]);
		l.last_hash = zs(Z_ARRVAL_P(it), "last_hash", &l.last_hash_len, &t[7]);
		ok = em_add_local(m, &l, &err);
		for (i = 0; i < 10; i++) if (t[i]) zend_string_release(t[i]);
		if (!ok) {
			erpsync_throw_error(&err);
			RETURN_THROWS();
		}
		n++;
	} ZEND_HASH_FOREACH_END();
	RETURN_LONG(n);
}

ZEND_METHOD(ErpSync_Matcher_Matcher, addLocalPacked)
{
	static const char *const names[EM_COLS] = { "id", "parent_id", "remote_id", "sku", "ean", "stock", "open_orders",
		"regular_price", "name", "image_hashes", "categories", "last_hash", "skip" };
	zend_string *rows;
	HashTable *colsh;
	zval *cv;
	int cols[32];
	size_t nc = 0;
	em_matcher *m;
	erpsync_error err;
	long n;
	ZEND_PARSE_PARAMETERS_START(2, 2)
		Z_PARAM_STR(rows)
		Z_PARAM_ARRAY_HT(colsh)
	ZEND_PARSE_PARAMETERS_END();
	if (!(m = this_m(ZEND_THIS, false, true))) RETURN_THROWS();
	if (zend_hash_num_elements(colsh) == 0 || zend_hash_num_elements(colsh) > 32) {
		zend_argument_value_error(2, "must list 1 to 32 columns");
		RETURN_THROWS();
	}
	ZEND_HASH_FOREACH_VAL(colsh, cv) {
		int k = -1, i;
		if (Z_TYPE_P(cv) == IS_STRING) {
			for (i = 0; i < EM_COLS; i++) if (strcmp(Z_STRVAL_P(cv), names[i]) == 0) k = i;
		}
		if (k < 0) {
			zend_argument_value_error(2, "must list columns among id, parent_id, remote_id, sku, ean, stock, open_orders, regular_price, name, image_hashes, categories, last_hash, skip");
			RETURN_THROWS();
		}
		cols[nc++] = k;
	} ZEND_HASH_FOREACH_END();
	erpsync_error_clear(&err);
	n = em_add_local_packed(m, ZSTR_VAL(rows), ZSTR_LEN(rows), cols, nc, &err);
	if (n < 0) {
		erpsync_throw_error(&err);
		RETURN_THROWS();
	}
	RETURN_LONG(n);
}

static const char *const key_names[EM_KEYS] = { "link", "sku", "ean" };
/* invalid(): a key name, or the amount out of range */
static const char *const invalid_names[EM_INV_PRICE + 1] = { "link", "sku", "ean", "stock", "price" };
static const char *const field_names[5] = { "stock", "price", "name", "images", "categories" };

static void add_scaled(zval *arr, int64_t v, int places)
{
	char buf[40];
	int64_t unit = 1, a;
	int i, n;
	for (i = 0; i < places; i++) unit *= 10;
	a = v < 0 ? -v : v;
	n = snprintf(buf, sizeof(buf), "%s%lld", v < 0 ? "-" : "", (long long) (a / unit));
	if (places > 0 && (a % unit || places == 4)) {
		int keep = places == 4 ? 2 : places; /* prices with 2 decimals, quantities without trailing zeros */
		int64_t frac = a % unit;
		char f[8];
		snprintf(f, sizeof(f), "%0*lld", places, (long long) frac);
		f[keep] = '\0';
		if (places != 4) { int k = keep; while (k > 0 && f[k - 1] == '0') f[--k] = '\0'; }
		if (f[0]) n += snprintf(buf + n, sizeof(buf) - (size_t) n, ".%s", f);
	}
	add_next_index_stringl(arr, buf, (size_t) n);
}

ZEND_METHOD(ErpSync_Matcher_Matcher, run)
{
	em_matcher *m;
	const em_pair *p; const em_change *c; const em_dup *d; const em_invalid *iv; const int64_t *ul; const uint32_t *ur;
	ZEND_PARSE_PARAMETERS_NONE();
	if (!(m = this_m(ZEND_THIS, false, false))) RETURN_THROWS();
	em_run(m);
	array_init(return_value);
	add_assoc_long(return_value, "remote", (zend_long) em_count_remote(m));
	add_assoc_long(return_value, "local", (zend_long) em_count_local(m));
	add_assoc_long(return_value, "matched", (zend_long) em_pairs(m, &p));
	add_assoc_long(return_value, "changes", (zend_long) em_changes(m, &c));
	add_assoc_long(return_value, "unchanged_skipped", (zend_long) em_skipped_unchanged(m));
	add_assoc_long(return_value, "unmatched_local", (zend_long) em_unmatched_local(m, &ul));
	add_assoc_long(return_value, "unmatched_remote", (zend_long) em_unmatched_remote(m, &ur));
	add_assoc_long(return_value, "duplicates", (zend_long) em_dups(m, &d));
	add_assoc_long(return_value, "invalid", (zend_long) em_invalids(m, &iv));
}

static bool window(zend_long off, zend_long lim, size_t n, size_t *from, size_t *to)
{
	if (off < 0 || lim < 1) {
		zend_value_error("offset must be >= 0 and limit >= 1");
		return false;
	}
	*from = (size_t) off > n ? n : (size_t) off;
	*to = *from + (size_t) lim > n ? n : *from + (size_t) lim;
	return true;
}

#define CHUNK_METHOD(name, body) \
ZEND_METHOD(ErpSync_Matcher_Matcher, name) \
{ \
	zend_long off = 0, lim = 1000; \
	size_t from, to, i, n; \
	em_matcher *m; \
	ZEND_PARSE_PARAMETERS_START(0, 2) \
		Z_PARAM_OPTIONAL \
		Z_PARAM_LONG(off) \
		Z_PARAM_LONG(lim) \
	ZEND_PARSE_PARAMETERS_END(); \
	if (!(m = this_m(ZEND_THIS, true, false))) RETURN_THROWS(); \
	em_run(m); \
	body \
}

CHUNK_METHOD(matched, {
	const em_pair *p;
	n = em_pairs(m, &p);
	if (!window(off, lim, n, &from, &to)) RETURN_THROWS();
	array_init_size(return_value, (uint32_t) (to - from));
	for (i = from; i < to; i++) {
		zval row; size_t il; const char *id = em_remote_id(m, p[i].remote, &il); char h[17];
		em_remote_hash_hex(m, p[i].remote, h);
		size_t xl; const char *x = em_remote_raw(m, p[i].remote, EM_IN_EXTRA, &xl);
		array_init_size(&row, 5);
		add_next_index_long(&row, (zend_long) p[i].local_id);
		add_next_index_stringl(&row, id, il);
		add_next_index_string(&row, key_names[p[i].key]);
		add_next_index_stringl(&row, h, 16);
		add_next_index_stringl(&row, x ? x : "", x ? xl : 0);
		add_next_index_zval(return_value, &row);
	}
})

CHUNK_METHOD(changes, {
	const em_change *c;
	n = em_changes(m, &c);
	if (!window(off, lim, n, &from, &to)) RETURN_THROWS();
	array_init_size(return_value, (uint32_t) (to - from));
	for (i = from; i < to; i++) {
		zval row; size_t il; const char *id = em_remote_id(m, c[i].remote, &il); char h[17];
		em_remote_hash_hex(m, c[i].remote, h);
		array_init_size(&row, 6);
		add_next_index_long(&row, (zend_long) c[i].local_id);
		add_next_index_stringl(&row, id, il);
		add_next_index_string(&row, field_names[c[i].field]);
		if (c[i].field >= EM_F_NAME) add_next_index_stringl(&row, c[i].text, c[i].text_len);
		else add_scaled(&row, c[i].value, c[i].field == EM_F_STOCK ? 3 : 4);
		add_next_index_stringl(&row, h, 16);
		if (c[i].field >= EM_F_NAME) add_next_index_stringl(&row, c[i].old_text ? c[i].old_text : "", c[i].old_text ? c[i].old_len : 0);
		else if (c[i].old == EM_NONE) add_next_index_string(&row, "");
		else add_scaled(&row, c[i].old, c[i].field == EM_F_STOCK ? 3 : 4);
		add_next_index_zval(return_value, &row);
	}
})

CHUNK_METHOD(unmatchedLocal, {
	const int64_t *u;
	n = em_unmatched_local(m, &u);
	if (!window(off, lim, n, &from, &to)) RETURN_THROWS();
	array_init_size(return_value, (uint32_t) (to - from));
	for (i = from; i < to; i++) add_next_index_long(return_value, (zend_long) u[i]);
})

CHUNK_METHOD(unmatchedRemote, {
	const uint32_t *u;
	n = em_unmatched_remote(m, &u);
	if (!window(off, lim, n, &from, &to)) RETURN_THROWS();
	array_init_size(return_value, (uint32_t) (to - from));
	for (i = from; i < to; i++) { size_t il; const char *id = em_remote_id(m, u[i], &il); add_next_index_stringl(return_value, id, il); }
})

/* unmatchedRemoteItems(): id, sku, ean, price, name, categories, images */
static const int item_fields[7] = { EM_IN_ID, EM_IN_SKU, EM_IN_EAN, EM_IN_PRICE, EM_IN_TEXT, EM_IN_TEXT + 2, EM_IN_TEXT + 1 };

CHUNK_METHOD(unmatchedRemoteItems, {
	const int *f = item_fields;
	const uint32_t *u;
	n = em_unmatched_remote(m, &u);
	if (!window(off, lim, n, &from, &to)) RETURN_THROWS();
	array_init_size(return_value, (uint32_t) (to - from));
	for (i = from; i < to; i++) {
		zval row;
		int k;
		array_init_size(&row, 7);
		for (k = 0; k < 7; k++) {
			size_t vl; const char *v = em_remote_raw(m, u[i], f[k], &vl);
			if (v) add_next_index_stringl(&row, v, vl); else add_next_index_null(&row);
		}
		add_next_index_zval(return_value, &row);
	}
})

CHUNK_METHOD(duplicates, {
	const em_dup *d;
	n = em_dups(m, &d);
	if (!window(off, lim, n, &from, &to)) RETURN_THROWS();
	array_init_size(return_value, (uint32_t) (to - from));
	for (i = from; i < to; i++) {
		zval row;
		array_init_size(&row, 4);
		add_next_index_string(&row, d[i].side ? "remote" : "local");
		add_next_index_string(&row, key_names[d[i].key]);
		add_next_index_stringl(&row, d[i].value, d[i].len);
		add_next_index_long(&row, (zend_long) d[i].count);
		add_next_index_zval(return_value, &row);
	}
})

CHUNK_METHOD(invalid, {
	const em_invalid *v;
	n = em_invalids(m, &v);
	if (!window(off, lim, n, &from, &to)) RETURN_THROWS();
	array_init_size(return_value, (uint32_t) (to - from));
	for (i = from; i < to; i++) {
		zval row;
		array_init_size(&row, 5);
		add_next_index_string(&row, v[i].side ? "remote" : "local");
		add_next_index_string(&row, invalid_names[v[i].key]);
		add_next_index_stringl(&row, v[i].value, v[i].len);
		add_next_index_string(&row, v[i].reason ? v[i].reason : "");
		if (v[i].side) { size_t il; const char *id = em_remote_id(m, v[i].remote, &il); add_next_index_stringl(&row, id, il); }
		else add_next_index_long(&row, (zend_long) v[i].local_id);
		add_next_index_zval(return_value, &row);
	}
})
