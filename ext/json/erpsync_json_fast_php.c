/*
 * Binding: JSON text -> PHP value on the fastest path that keeps the JSON layer's guarantees.
 *
 * PHP's own parser (ext/json, always built into PHP 8) writes zvals directly; the json-c path builds a tree
 * and then copies it (docs/performance.md measured it at a third of json_decode's speed). This file runs PHP's
 * parser first, with hooks on every array/object member, and accepts its result only when it is certain the
 * json-c path (erpsync_json_parse + erpsync_json_to_zval) would give the same value:
 *   - any text PHP refuses (syntax, control characters, bad or overlong UTF-8, lone surrogates, depth, NUL)
 *     goes to the json-c path, which refuses it with its path/offset message or accepts it as documented in
 *     erpsync_json.h (raw control characters, single-quoted names, "-01", lone \u surrogates);
 *   - a number no double can hold (1e999, which PHP turns into INF) goes to the json-c path (refused there);
 *   - duplicate member names, or "\u0000" anywhere in the text (json-c cuts member names at NUL), go to the
 *     json-c path (last value wins at the first position, refused with a 64-bit overflow);
 *   - integers beyond 64 bits: exact strings with BIGINT/INT53_AS_STRING (PHP_JSON_BIGINT_AS_STRING keeps
 *     the literal), else doubles, as the json-c path; INT53_AS_STRING turns integers beyond +-2^53 into
 *     their decimal text while the members are added;
 *   - DECIMAL_AS_STRING and OBJECT_AS_OBJECT always take the json-c path (PHP's parser has no exact decimals).
 * Limits (max_bytes, depth) are applied the same way; the depth PHP counts is the JSON layer's (nested arrays
 * and objects). tests/phpt/json/0xx_fast_path_differential.phpt compares both paths on a generated corpus.
 */
#include <math.h>
#include "php_erpsync.h"
#include "ext/json/php_json.h"
#include "ext/json/php_json_parser.h"
#include "erpsync_json.h"

#define EJF_2_53 INT64_C(9007199254740992)

typedef struct {
	php_json_parser parser; /* first: the hooks get the parser and cast it back */
	int flags;
	bool give_up;           /* a case only the json-c path decides */
} ejf_parser;

static void ejf_value(ejf_parser *p, zval *v)
{
	if (Z_TYPE_P(v) == IS_DOUBLE) {
		if (!zend_finite(Z_DVAL_P(v))) {
			p->give_up = true;
		}
	} else if (Z_TYPE_P(v) == IS_LONG && (p->flags & ERPSYNC_JSON_INT53_AS_STRING)
		&& (Z_LVAL_P(v) > EJF_2_53 || Z_LVAL_P(v) < -EJF_2_53)) {
		ZVAL_STR(v, zend_long_to_str(Z_LVAL_P(v)));
	}
}

static int ejf_array_create(php_json_parser *parser, zval *array)
{
	(void) parser;
	array_init(array);
	return SUCCESS;
}

static int ejf_array_append(php_json_parser *parser, zval *array, zval *zvalue)
{
	ejf_value((ejf_parser *) parser, zvalue);
	zend_hash_next_index_insert(Z_ARRVAL_P(array), zvalue);
	return SUCCESS;
}

static int ejf_object_update(php_json_parser *parser, zval *object, zend_string *key, zval *zvalue)
{
	ejf_parser *p = (ejf_parser *) parser;
	HashTable *ht = Z_ARRVAL_P(object);
	uint32_t before = zend_hash_num_elements(ht);
	ejf_value(p, zvalue);
	zend_symtable_update(ht, key, zvalue);
	if (zend_hash_num_elements(ht) == before) {
		p->give_up = true; /* duplicate member name */
	}
	zend_string_release_ex(key, 0);
	return SUCCESS;
}

static const php_json_parser_methods ejf_methods = {
	ejf_array_create, ejf_array_append, NULL, NULL,
	ejf_array_create, ejf_object_update, NULL, NULL,
};

/* The json-c path: the reference behaviour, and every error message. */
static int ejf_slow(const char *text, size_t len, int depth, size_t max_bytes, int flags, zval *rv, erpsync_error *err)
{
	json_object *o = erpsync_json_parse(text, len, depth, max_bytes, err);
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
	ejf_parser p;
	int options = PHP_JSON_OBJECT_AS_ARRAY;

	if (depth <= 0) {
		depth = ERPSYNC_JSON_DEFAULT_DEPTH;
	}
	if (depth > ERPSYNC_JSON_MAX_DEPTH) {
		depth = ERPSYNC_JSON_MAX_DEPTH;
	}
	if ((flags & (ERPSYNC_JSON_DECIMAL_AS_STRING | ERPSYNC_JSON_OBJECT_AS_OBJECT))
		|| (max_bytes > 0 && len > max_bytes) || len > (size_t) INT32_MAX - 1
		|| zend_memnstr(text, "\\u0000", sizeof("\\u0000") - 1, text + len) != NULL) {
		return ejf_slow(text, len, depth, max_bytes, flags, rv, err);
	}
	if (flags & (ERPSYNC_JSON_BIGINT_AS_STRING | ERPSYNC_JSON_INT53_AS_STRING)) {
		options |= PHP_JSON_BIGINT_AS_STRING;
	}
	memset(&p, 0, sizeof(p));
	p.flags = flags;
	ZVAL_UNDEF(rv);
	php_json_parser_init_ex(&p.parser, rv, text, len, options, depth, &ejf_methods);
	if (php_json_parse(&p.parser) != 0 || Z_TYPE_P(rv) == IS_UNDEF) {
		if (Z_TYPE_P(rv) != IS_UNDEF) {
			zval_ptr_dtor(rv);
		}
		return ejf_slow(text, len, depth, max_bytes, flags, rv, err);
	}
	ejf_value(&p, rv); /* a bare scalar */
	if (p.give_up) {
		zval_ptr_dtor(rv);
		return ejf_slow(text, len, depth, max_bytes, flags, rv, err);
	}
	return SUCCESS;
}
