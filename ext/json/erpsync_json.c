/*
 * JSON layer, PHP side: json_object <-> zval. Parsing, serializing, UTF-8 and the JSON paths of messages
 * are the engine's (erpsync_json_engine.c, compiles without PHP).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <stdint.h>

#include "php.h"
#include "zend_smart_str.h"
#include "zend_interfaces.h"
#include "zend_enum.h"
#include "ext/json/php_json.h"
#include "erpsync_json.h"

/* ------------------------------------------------------------------------------ json -> zval */

typedef struct {
	int flags;
	erpsync_error *err;
} ej_to;

static bool ej_to_value(ej_to *t, json_object *o, zval *rv, int level, const ej_path *path);

static void ej_number_string(ej_to *t, json_object *o, const char *text, zval *rv)
{
	bool is_int = ej_text_is_integer(text);
	if (is_int && (t->flags & (ERPSYNC_JSON_BIGINT_AS_STRING | ERPSYNC_JSON_INT53_AS_STRING))) {
		ZVAL_STRING(rv, text);
	} else if (!is_int && (t->flags & ERPSYNC_JSON_DECIMAL_AS_STRING)) {
		ZVAL_STRING(rv, text);
	} else {
		ZVAL_DOUBLE(rv, json_object_get_double(o));
	}
}

#define EJ_2_53 INT64_C(9007199254740992)

/* An int: beyond int64 json-c kept it as uint64; beyond int64, or beyond +-2^53 when asked, as a string. */
static void ej_to_int(ej_to *t, json_object *o, zval *rv)
{
	int64_t v = json_object_get_int64(o);
	if (v == INT64_MAX) {
		uint64_t u = json_object_get_uint64(o);
		if (u > (uint64_t) INT64_MAX) {
			if (t->flags & (ERPSYNC_JSON_BIGINT_AS_STRING | ERPSYNC_JSON_INT53_AS_STRING)) {
				char buf[24];
				snprintf(buf, sizeof(buf), "%" PRIu64, u);
				ZVAL_STRING(rv, buf);
			} else {
				ZVAL_DOUBLE(rv, (double) u);
			}
			return;
		}
	}
	if ((t->flags & ERPSYNC_JSON_INT53_AS_STRING) && (v > EJ_2_53 || v < -EJ_2_53)) {
		char buf[24];
		snprintf(buf, sizeof(buf), "%" PRId64, v);
		ZVAL_STRING(rv, buf);
		return;
	}
	ZVAL_LONG(rv, (zend_long) v);
}

/* An array as a packed PHP list; false (rv null) when an element fails. */
static bool ej_to_list(ej_to *t, json_object *o, zval *rv, int level, const ej_path *path)
{
	size_t i, n = json_object_array_length(o);
	array_init_size(rv, (uint32_t) n);
	if (n > 0) {
		zend_hash_real_init_packed(Z_ARRVAL_P(rv));
	}
	for (i = 0; i < n; i++) {
		zval item;
		ej_path step = { path, NULL, 0, i };
		if (!ej_to_value(t, json_object_array_get_idx(o, i), &item, level + 1, &step)) {
			zval_ptr_dtor(rv);
			ZVAL_NULL(rv);
			return false;
		}
		zend_hash_next_index_insert_new(Z_ARRVAL_P(rv), &item);
	}
	return true;
}

/* An object as an assoc array, or a stdClass with ERPSYNC_JSON_OBJECT_AS_OBJECT; false (rv null) when a member
 * fails. */
static bool ej_to_object(ej_to *t, json_object *o, zval *rv, int level, const ej_path *path)
{
	struct json_object_iterator it = json_object_iter_begin(o), end = json_object_iter_end(o);
	bool as_object = (t->flags & ERPSYNC_JSON_OBJECT_AS_OBJECT) != 0;
	if (as_object) {
		object_init(rv);
	} else {
		array_init_size(rv, (uint32_t) json_object_object_length(o));
	}
	while (!json_object_iter_equal(&it, &end)) {
		const char *name = json_object_iter_peek_name(&it);
		size_t name_len = strlen(name);
		ej_path step = { path, name, name_len, 0 };
		zval item;
		if (!ej_to_value(t, json_object_iter_peek_value(&it), &item, level + 1, &step)) {
			zval_ptr_dtor(rv);
			ZVAL_NULL(rv);
			return false;
		}
		if (as_object) {
			/* json-c names are C strings: never NUL-started (a mangled-name risk for properties) */
			zend_string *key = zend_string_init(name, name_len, 0);
			zend_std_write_property(Z_OBJ_P(rv), key, &item, NULL);
			zval_ptr_dtor(&item);
			zend_string_release(key);
		} else {
			zend_symtable_str_update(Z_ARRVAL_P(rv), name, name_len, &item);
		}
		json_object_iter_next(&it);
	}
	return true;
}

static bool ej_to_value(ej_to *t, json_object *o, zval *rv, int level, const ej_path *path)
{
	if (level > ERPSYNC_JSON_MAX_DEPTH) {
		ej_protocol(t->err, path, "JSON nesting is deeper than the limit of %d", ERPSYNC_JSON_MAX_DEPTH);
		ZVAL_NULL(rv);
		return false;
	}
	switch (json_object_get_type(o)) {
		case json_type_null:
			ZVAL_NULL(rv);
			return true;
		case json_type_boolean:
			ZVAL_BOOL(rv, json_object_get_boolean(o));
			return true;
		case json_type_int:
			ej_to_int(t, o, rv);
			return true;
		case json_type_double: {
			const char *text = ej_number_text(o);
			if (text) {
				ej_number_string(t, o, text, rv);
			} else {
				ZVAL_DOUBLE(rv, json_object_get_double(o));
			}
			return true;
		}
		case json_type_string:
			ZVAL_STRINGL(rv, json_object_get_string(o), (size_t) json_object_get_string_len(o));
			return true;
		case json_type_array:
			return ej_to_list(t, o, rv, level, path);
		case json_type_object:
			return ej_to_object(t, o, rv, level, path);
	}
	ZVAL_NULL(rv);
	return true;
}

int erpsync_json_to_zval(json_object *obj, zval *rv, int flags, erpsync_error *err)
{
	ej_to t = { flags, err };
	return ej_to_value(&t, obj, rv, 0, NULL) ? SUCCESS : FAILURE;
}

/* ------------------------------------------------------------------------------ zval -> json */

typedef struct {
	int flags;
	int max_depth;
	erpsync_error *err;
} ej_from;

static json_object *ej_from_value(ej_from *f, zval *v, int depth, const ej_path *path);

static json_object *ej_from_string(ej_from *f, const char *s, size_t n, const ej_path *path)
{
	size_t bad;
	if (!erpsync_utf8_valid(s, n, &bad)) {
		ej_validation(f->err, path, "invalid UTF-8 in string (byte %zu)", bad);
		return NULL;
	}
	if ((f->flags & ERPSYNC_JSON_NUMERIC_STRING_AS_NUMBER) && erpsync_json_is_number_text(s, n)) {
		return erpsync_json_new_number_text(s, n);
	}
	return json_object_new_string_len(s, (int) n);
}

/* One member name of a PHP table as a JSON path step: a string key checked (UTF-8, no NUL byte), an integer key
 * written in numkey. false + err for a bad name; *skip for a protected/private property (skip_mangled). */
static bool ej_from_key(ej_from *f, zend_string *key, zend_ulong idx, bool skip_mangled, char numkey[24],
	ej_path *step, bool *skip)
{
	*skip = false;
	if (key) {
		size_t bad;
		const char *kname = ZSTR_VAL(key);
		size_t klen = ZSTR_LEN(key);
		if (skip_mangled && klen > 0 && kname[0] == '\0') {
			*skip = true; /* protected/private property */
			return true;
		}
		step->key = kname;
		step->key_len = klen;
		if (!erpsync_utf8_valid(kname, klen, &bad)) {
			ej_validation(f->err, step, "invalid UTF-8 in member name (byte %zu)", bad);
			return false;
		}
		if (memchr(kname, '\0', klen)) {
			ej_validation(f->err, step, "member name contains a NUL byte");
			return false;
		}
	} else {
		int n = snprintf(numkey, 24, ZEND_LONG_FMT, (zend_long) idx);
		step->key = numkey;
		step->key_len = (size_t) n;
	}
	return true;
}

static json_object *ej_from_table(ej_from *f, HashTable *ht, bool as_list, bool skip_mangled, int depth,
	const ej_path *path)
{
	json_object *out;
	zend_string *key;
	zend_ulong idx;
	zval *item;
	size_t i = 0;

	if (depth + 1 > f->max_depth) {
		ej_validation(f->err, path, "value nests deeper than the limit of %d", f->max_depth);
		return NULL;
	}
	out = as_list ? json_object_new_array_ext((int) zend_hash_num_elements(ht)) : json_object_new_object();
	if (!out) {
		erpsync_error_set(f->err, ERPSYNC_E_GENERIC, "out of memory building JSON");
		return NULL;
	}
	ZEND_HASH_FOREACH_KEY_VAL(ht, idx, key, item) {
		json_object *child;
		ej_path step = { path, NULL, 0, 0 };
		char numkey[24];
		bool skip;

		if (Z_TYPE_P(item) == IS_INDIRECT) {
			item = Z_INDIRECT_P(item);
			if (Z_TYPE_P(item) == IS_UNDEF) {
				continue;
			}
		}
		if (as_list) {
			step.index = i;
		} else if (!ej_from_key(f, key, idx, skip_mangled, numkey, &step, &skip)) {
			json_object_put(out);
			return NULL;
		} else if (skip) {
			continue;
		}
		child = ej_from_value(f, item, depth + 1, &step);
		if (!child && erpsync_error_isset(f->err)) {
			json_object_put(out);
			return NULL;
		}
		if (as_list) {
			json_object_array_add(out, child);
			i++;
		} else {
			/* keys of a PHP table are unique */
			json_object_object_add_ex(out, step.key, child, JSON_C_OBJECT_ADD_KEY_IS_NEW);
		}
	} ZEND_HASH_FOREACH_END();
	return out;
}

static json_object *ej_from_value(ej_from *f, zval *v, int depth, const ej_path *path)
{
	ZVAL_DEREF(v);
	switch (Z_TYPE_P(v)) {
		case IS_NULL:
			return NULL;
		case IS_FALSE:
			return json_object_new_boolean(0);
		case IS_TRUE:
			return json_object_new_boolean(1);
		case IS_LONG:
			return json_object_new_int64((int64_t) Z_LVAL_P(v));
		case IS_DOUBLE: {
			double d = Z_DVAL_P(v);
			smart_str s = {0};
			json_object *o;
			if (!isfinite(d)) {
				ej_validation(f->err, path, "%s cannot be written as JSON", isnan(d) ? "NaN" : "INF");
				return NULL;
			}
			smart_str_append_double(&s, d, (int) PG(serialize_precision), true);
			smart_str_0(&s);
			o = json_object_new_double_s(d, ZSTR_VAL(s.s));
			smart_str_free(&s);
			return o;
		}
		case IS_STRING:
			return ej_from_string(f, Z_STRVAL_P(v), Z_STRLEN_P(v), path);
		case IS_ARRAY: {
			HashTable *ht = Z_ARRVAL_P(v);
			return ej_from_table(f, ht, zend_array_is_list(ht), false, depth, path);
		}
		case IS_OBJECT: {
			zend_object *obj = Z_OBJ_P(v);
			json_object *o;
			HashTable *props;
			if (obj->ce->ce_flags & ZEND_ACC_ENUM) {
				zval *case_value;
				if (obj->ce->enum_backing_type == IS_UNDEF) {
					ej_validation(f->err, path, "non-backed enum %s cannot be written as JSON", ZSTR_VAL(obj->ce->name));
					return NULL;
				}
				case_value = zend_enum_fetch_case_value(obj);
				return ej_from_value(f, case_value, depth, path);
			}
			if (instanceof_function(obj->ce, php_json_serializable_ce)) {
				zval ret;
				ZVAL_UNDEF(&ret);
				if (depth + 1 > f->max_depth) {
					ej_validation(f->err, path, "value nests deeper than the limit of %d", f->max_depth);
					return NULL;
				}
				zend_call_method_with_0_params(obj, obj->ce, NULL, "jsonserialize", &ret);
				if (EG(exception) || Z_ISUNDEF(ret)) {
					zval_ptr_dtor(&ret);
					ej_validation(f->err, path, "%s::jsonSerialize() failed", ZSTR_VAL(obj->ce->name));
					return NULL;
				}
				if (Z_TYPE(ret) == IS_OBJECT && Z_OBJ(ret) == obj) {
					/* returns itself: encode its properties */
					zval_ptr_dtor(&ret);
				} else {
					o = ej_from_value(f, &ret, depth + 1, path);
					zval_ptr_dtor(&ret);
					return o;
				}
			}
			props = zend_get_properties_for(v, ZEND_PROP_PURPOSE_JSON);
			if (!props) {
				return json_object_new_object();
			}
			o = ej_from_table(f, props, false, true, depth, path);
			zend_release_properties(props);
			return o;
		}
		default:
			ej_validation(f->err, path, "a value of type %s cannot be written as JSON", zend_zval_type_name(v));
			return NULL;
	}
}

json_object *erpsync_json_from_zval_ex(zval *value, int flags, int depth, erpsync_error *err)
{
	ej_from f;
	f.flags = flags;
	f.max_depth = depth <= 0 ? ERPSYNC_JSON_DEFAULT_DEPTH : (depth > ERPSYNC_JSON_MAX_DEPTH ? ERPSYNC_JSON_MAX_DEPTH : depth);
	f.err = err;
	return ej_from_value(&f, value, 0, NULL);
}

json_object *erpsync_json_from_zval(zval *value, int depth, erpsync_error *err)
{
	return erpsync_json_from_zval_ex(value, 0, depth, err);
}
