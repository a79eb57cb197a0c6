/*
 * Binding: JSON text -> PHP value, written straight into zvals by a strict parser of our own, and the json-c path
 * (erpsync_json_parse + erpsync_json_to_zval) for everything that parser does not take.
 *
 * The json-c path is the reference: its value for every text it accepts, its path/offset message for every text it
 * refuses. The fast path takes only text whose value it is certain of, and gives exactly that value:
 *   - strict RFC 8259 (erpsync_json_lex.c): anything else (syntax, raw control characters, bad or overlong UTF-8,
 *     a BOM, "-01", single quotes, NaN) goes to the json-c path, which refuses it or accepts it as documented in
 *     erpsync_json.h;
 *   - "\u0000" and lone surrogates (json-c cuts names at NUL, and turns lone surrogates into U+FFFD), duplicate
 *     member names (json-c refuses them when an integer beyond 64 bits is also there), a number no double can hold
 *     (1e999), nesting deeper than `depth`: the json-c path;
 *   - integers beyond 64 bits: the exact literal with BIGINT/INT53_AS_STRING, else a double, as the json-c path;
 *     INT53_AS_STRING turns integers beyond +-2^53 into their decimal text;
 *   - member names that are canonical integers ("7", "-1") become integer keys, as PHP's arrays do;
 *   - DECIMAL_AS_STRING and OBJECT_AS_OBJECT, a text over max_bytes or over 2 GiB: always the json-c path.
 * tests/phpt/json/011_fast_path_same_as_jsonc.phpt compares both paths on a generated corpus.
 *
 * Why it is faster than json_decode (docs/performance.md): values wait on one stack and each array or object is
 * built once at its close at its final size (no growth, no rehash; "[]"/"{}" share PHP's immutable empty array);
 * member names repeat in a reply, so each distinct name is made once with its hash and then shared; plain ASCII is
 * scanned 8 bytes at a time.
 */
#include <math.h>
#include "php_erpsync.h"
#include "erpsync_json.h"
#include "erpsync_json_lex.h"

#define EJD_2_53 INT64_C(9007199254740992)
#define EJD_NAMES 256          /* member names remembered (a direct-mapped cache by hash) */
#define EJD_NAME_MAX 64        /* longer names are not remembered */
#define EJD_OBJECT 0x80000000u /* frame flag: the open container is an object */

typedef struct {
	const char *p, *end;
	int flags, depth;
	zval *v;                    /* values of the open containers; an object's are name, value, name, value ... */
	uint32_t top, cap;
	uint32_t *frame;            /* per open container: its first slot in v, | EJD_OBJECT */
	int open, frame_cap;
	zend_string *names[EJD_NAMES];
} ejd;

/* top < 2^31 always (every value or name takes at least one byte of a text under 2 GiB), so cap never wraps. */
static zval *ejd_push(ejd *d)
{
	if (UNEXPECTED(d->top == d->cap)) {
		d->cap *= 2;
		d->v = safe_erealloc(d->v, d->cap, sizeof(zval), 0);
	}
	return &d->v[d->top++];
}

static bool ejd_open(ejd *d, uint32_t kind)
{
	if (d->open >= d->depth) {
		return false; /* the json-c path refuses it with its message */
	}
	if (UNEXPECTED(d->open == d->frame_cap)) {
		d->frame_cap *= 2;
		d->frame = safe_erealloc(d->frame, (size_t) d->frame_cap, sizeof(uint32_t), 0);
	}
	d->frame[d->open++] = d->top | kind;
	return true;
}

/* A member name as PHP keys it: canonical integers as integer keys, others as a shared string with its hash. */
static void ejd_name(ejd *d, const char *s, size_t len, zval *out)
{
	zend_ulong idx, h;
	zend_string **slot, *name;

	if (len > 0 && _zend_handle_numeric_str(s, len, &idx)) { /* may read s[1]: a quote or a NUL follows s */
		ZVAL_LONG(out, (zend_long) idx);
		return;
	}
	h = zend_inline_hash_func(s, len);
	if (len > EJD_NAME_MAX) {
		name = zend_string_init(s, len, 0);
		ZSTR_H(name) = h;
		ZVAL_STR(out, name);
		return;
	}
	slot = &d->names[h & (EJD_NAMES - 1)];
	name = *slot;
	if (!name || ZSTR_H(name) != h || ZSTR_LEN(name) != len || memcmp(ZSTR_VAL(name), s, len) != 0) {
		if (name) {
			zend_string_release_ex(name, 0);
		}
		name = zend_string_init(s, len, 0);
		ZSTR_H(name) = h;
		*slot = name;
	}
	ZVAL_STR_COPY(out, name);
}

/* d->p just after the opening quote: the string into out (a member name when name), d->p after the closing one. */
static bool ejd_string(ejd *d, zval *out, bool name)
{
	const char *close;
	ejl_str kind = erpsync_json_lex_string(d->p, d->end, &close);
	size_t len = (size_t) (close - d->p);

	if (kind == EJL_STR_BAD) {
		return false;
	}
	if (kind == EJL_STR_ESCAPED) {
		zend_string *s = zend_string_alloc(len, 0);
		ZSTR_LEN(s) = erpsync_json_lex_unescape(d->p, close, ZSTR_VAL(s));
		ZSTR_VAL(s)[ZSTR_LEN(s)] = '\0';
		if (name) {
			ejd_name(d, ZSTR_VAL(s), ZSTR_LEN(s), out);
			zend_string_release_ex(s, 0);
		} else {
			ZVAL_STR(out, s);
		}
	} else if (name) {
		ejd_name(d, d->p, len, out);
	} else if (len <= 1) {
		if (len) {
			ZVAL_CHAR(out, (unsigned char) *d->p);
		} else {
			ZVAL_EMPTY_STRING(out);
		}
	} else {
		ZVAL_STRINGL(out, d->p, len);
	}
	d->p = close + 1;
	return true;
}

/* The number at d->p into out. */
static bool ejd_number(ejd *d, zval *out)
{
	const char *start = d->p, *stop = NULL;
	int64_t i = 0;
	ejl_num kind = erpsync_json_lex_number(d->p, d->end, &stop, &i);
	char small[64], *text;
	size_t len;
	double v;

	if (kind == EJL_NUM_BAD) {
		return false;
	}
	d->p = stop;
	if (kind == EJL_NUM_INT) {
		if ((d->flags & ERPSYNC_JSON_INT53_AS_STRING) && (i > EJD_2_53 || i < -EJD_2_53)) {
			ZVAL_STR(out, zend_long_to_str((zend_long) i));
		} else {
			ZVAL_LONG(out, (zend_long) i);
		}
		return true;
	}
	len = (size_t) (stop - start);
	if (kind == EJL_NUM_BIG && (d->flags & (ERPSYNC_JSON_BIGINT_AS_STRING | ERPSYNC_JSON_INT53_AS_STRING))) {
		ZVAL_STRINGL(out, start, len);
		return true;
	}
	/* zend_strtod() reads to a NUL: give it the literal alone */
	text = len < sizeof(small) ? small : emalloc(len + 1);
	memcpy(text, start, len);
	text[len] = '\0';
	v = zend_strtod(text, NULL);
	if (text != small) {
		efree(text);
	}
	if (!zend_finite(v)) {
		return false; /* 1e999: the json-c path refuses it */
	}
	ZVAL_DOUBLE(out, v);
	return true;
}

static bool ejd_literal(ejd *d, zval *out)
{
	size_t left = (size_t) (d->end - d->p);
	if (left >= 4 && memcmp(d->p, "true", 4) == 0) {
		ZVAL_TRUE(out);
		d->p += 4;
	} else if (left >= 5 && memcmp(d->p, "false", 5) == 0) {
		ZVAL_FALSE(out);
		d->p += 5;
	} else if (left >= 4 && memcmp(d->p, "null", 4) == 0) {
		ZVAL_NULL(out);
		d->p += 4;
	} else {
		return false;
	}
	return true;
}

/* Closes the innermost container: its values leave the stack for one array of their final size. */
static bool ejd_close(ejd *d)
{
	uint32_t f = d->frame[--d->open], base = f & ~EJD_OBJECT, n = d->top - base, i;
	zval *v = &d->v[base];
	HashTable *ht;

	if (n == 0) {
		d->top = base;
		ZVAL_EMPTY_ARRAY(ejd_push(d));
		return true;
	}
	if (!(f & EJD_OBJECT)) {
		ht = zend_new_array(n);
		zend_hash_real_init_packed(ht);
		ZEND_HASH_FILL_PACKED(ht) {
			for (i = 0; i < n; i++) {
				ZEND_HASH_FILL_ADD(&v[i]);
			}
		} ZEND_HASH_FILL_END();
	} else {
		n /= 2;
		ht = zend_new_array(n);
		zend_hash_real_init_mixed(ht);
		for (i = 0; i < n; i++, v += 2) {
			if (Z_TYPE(v[0]) == IS_LONG) {
				zend_hash_index_update(ht, (zend_ulong) Z_LVAL(v[0]), &v[1]);
			} else {
				zend_hash_update(ht, Z_STR(v[0]), &v[1]);
				zend_string_release_ex(Z_STR(v[0]), 0);
			}
		}
	}
	d->top = base;
	if (zend_hash_num_elements(ht) != n) {
		zend_array_destroy(ht); /* a name twice: the json-c path decides */
		return false;
	}
	ZVAL_ARR(ejd_push(d), ht);
	return true;
}

/* A scalar was read into the slot just pushed, or not: then the slot (never written) leaves the stack. */
static bool ejd_pushed(ejd *d, bool ok)
{
	if (!ok) {
		d->top--;
	}
	return ok;
}

/* A value at d->p (after whitespace): a scalar onto the stack, or a container opened. */
static bool ejd_value(ejd *d)
{
	switch (*d->p) {
		case '"':
			d->p++;
			return ejd_pushed(d, ejd_string(d, ejd_push(d), false));
		case '-': case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': case '8': case '9':
			return ejd_pushed(d, ejd_number(d, ejd_push(d)));
		case '{':
			d->p++;
			return ejd_open(d, EJD_OBJECT);
		case '[':
			d->p++;
			return ejd_open(d, 0);
		default:
			return ejd_pushed(d, ejd_literal(d, ejd_push(d)));
	}
}

/* An object's member name and its colon; d->p after the colon. */
static bool ejd_member_name(ejd *d)
{
	d->p = erpsync_json_lex_ws(d->p, d->end);
	if (d->p >= d->end || *d->p != '"') {
		return false;
	}
	d->p++;
	if (!ejd_pushed(d, ejd_string(d, ejd_push(d), true))) {
		return false;
	}
	d->p = erpsync_json_lex_ws(d->p, d->end);
	if (d->p >= d->end || *d->p != ':') {
		return false;
	}
	d->p++;
	return true;
}

/* The whole text; false when it is not the fast path's (the stack is left for ejd_free). */
static bool ejd_parse(ejd *d)
{
	bool need_value = true;
	for (;;) {
		d->p = erpsync_json_lex_ws(d->p, d->end);
		if (d->p >= d->end) {
			return false;
		}
		if (need_value) {
			/* an empty container closes at once; an object's first member starts with its name */
			bool opened = *d->p == '{' || *d->p == '[';
			char closer = *d->p == '{' ? '}' : ']';
			if (!ejd_value(d)) {
				return false;
			}
			if (opened) {
				d->p = erpsync_json_lex_ws(d->p, d->end);
				if (d->p < d->end && *d->p == closer) {
					d->p++;
					if (!ejd_close(d)) {
						return false;
					}
				} else if (closer == '}' && !ejd_member_name(d)) {
					return false;
				} else {
					continue; /* the first value (or name) */
				}
			}
			need_value = false;
		} else if (d->open == 0) {
			return false; /* text after the value */
		} else {
			bool object = (d->frame[d->open - 1] & EJD_OBJECT) != 0;
			if (*d->p == ',') {
				d->p++;
				if (object && !ejd_member_name(d)) {
					return false;
				}
				need_value = true;
				continue;
			}
			if (*d->p != (object ? '}' : ']')) {
				return false;
			}
			d->p++;
			if (!ejd_close(d)) {
				return false;
			}
		}
		if (d->open == 0) {
			return erpsync_json_lex_ws(d->p, d->end) == d->end;
		}
	}
}

static void ejd_free(ejd *d)
{
	uint32_t i;
	for (i = 0; i < d->top; i++) {
		zval_ptr_dtor(&d->v[i]);
	}
	for (i = 0; i < EJD_NAMES; i++) {
		if (d->names[i]) {
			zend_string_release_ex(d->names[i], 0);
		}
	}
	efree(d->v);
	efree(d->frame);
}

/* The json-c path: the reference behaviour, and every error message. */
static int ejd_slow(const char *text, size_t len, int depth, size_t max_bytes, int flags, zval *rv, erpsync_error *err)
{
	json_object *o;
	ERPSYNC_G(json_decodes_json_c)++;
	o = erpsync_json_parse(text, len, depth, max_bytes, err);
	if (erpsync_error_isset(err)) {
		json_object_put(o);
		ZVAL_NULL(rv);
		return FAILURE;
	}
	if (erpsync_json_to_zval(o, rv, flags, err) != SUCCESS || erpsync_error_isset(err)) {
		zval_ptr_dtor(rv);
		ZVAL_NULL(rv);
		json_object_put(o);
		return FAILURE;
	}
	json_object_put(o);
	return SUCCESS;
}

int erpsync_json_decode_zval(const char *text, size_t len, int depth, size_t max_bytes, int flags, zval *rv,
                             erpsync_error *err)
{
	ejd d;
	bool ok;

	if (depth <= 0) {
		depth = ERPSYNC_JSON_DEFAULT_DEPTH;
	}
	if (depth > ERPSYNC_JSON_MAX_DEPTH) {
		depth = ERPSYNC_JSON_MAX_DEPTH;
	}
	if ((flags & (ERPSYNC_JSON_DECIMAL_AS_STRING | ERPSYNC_JSON_OBJECT_AS_OBJECT))
		|| (max_bytes > 0 && len > max_bytes) || len > (size_t) INT32_MAX - 1) {
		return ejd_slow(text, len, depth, max_bytes, flags, rv, err);
	}
	memset(&d, 0, sizeof(d));
	d.p = text;
	d.end = text + len;
	d.flags = flags;
	d.depth = depth;
	d.cap = 64;
	d.v = safe_emalloc(d.cap, sizeof(zval), 0);
	d.frame_cap = 16;
	d.frame = safe_emalloc((size_t) d.frame_cap, sizeof(uint32_t), 0);
	ok = ejd_parse(&d);
	if (ok) {
		ERPSYNC_G(json_decodes_fast)++;
		ZVAL_COPY_VALUE(rv, &d.v[0]);
		d.top = 0;
	}
	ejd_free(&d);
	return ok ? SUCCESS : ejd_slow(text, len, depth, max_bytes, flags, rv, err);
}
