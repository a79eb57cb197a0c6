/* Binding of ErpSync\Json: decode/encode through the JSON layer, money/decimal through erpsync_decimal. */
#include <math.h>
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "erpsync_classes.h"
#include "erpsync_exceptions.h"
#include "erpsync_json.h"
#include "erpsync_decimal.h"

#define EJ_FLAGS_ALL (ERPSYNC_JSON_BIGINT_AS_STRING | ERPSYNC_JSON_DECIMAL_AS_STRING | ERPSYNC_JSON_OBJECT_AS_OBJECT \
	| ERPSYNC_JSON_PRETTY | ERPSYNC_JSON_INT53_AS_STRING | ERPSYNC_JSON_NUMERIC_STRING_AS_NUMBER)

static bool ej_check_args(zend_long flags, zend_long depth, uint32_t depth_arg)
{
	if (flags & ~(zend_long) EJ_FLAGS_ALL) {
		zend_argument_value_error(2, "contains unknown flags (" ZEND_LONG_FMT ")", flags & ~(zend_long) EJ_FLAGS_ALL);
		return false;
	}
	if (depth <= 0 || depth > ERPSYNC_JSON_MAX_DEPTH) {
		zend_argument_value_error(depth_arg, "must be between 1 and %d", ERPSYNC_JSON_MAX_DEPTH);
		return false;
	}
	return true;
}

ZEND_METHOD(ErpSync_Json, decode)
{
	zend_string *json;
	zend_long flags = 0, depth = ERPSYNC_JSON_DEFAULT_DEPTH, max_bytes = 0;
	erpsync_error err;

	ZEND_PARSE_PARAMETERS_START(1, 4)
		Z_PARAM_STR(json)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(flags)
		Z_PARAM_LONG(depth)
		Z_PARAM_LONG(max_bytes)
	ZEND_PARSE_PARAMETERS_END();

	if (!ej_check_args(flags, depth, 3)) {
		RETURN_THROWS();
	}
	if (max_bytes < 0) {
		zend_argument_value_error(4, "must be 0 (no limit) or a positive number of bytes");
		RETURN_THROWS();
	}
	erpsync_error_clear(&err);
	if (erpsync_json_decode_zval(ZSTR_VAL(json), ZSTR_LEN(json), (int) depth, (size_t) max_bytes, (int) flags,
			return_value, &err) != SUCCESS) {
		erpsync_throw_error(&err);
		RETURN_THROWS();
	}
}

ZEND_METHOD(ErpSync_Json, encode)
{
	zval *value;
	zend_long flags = 0, depth = ERPSYNC_JSON_DEFAULT_DEPTH;
	erpsync_error err;
	json_object *obj;
	char *text;
	size_t len = 0;

	ZEND_PARSE_PARAMETERS_START(1, 3)
		Z_PARAM_ZVAL(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(flags)
		Z_PARAM_LONG(depth)
	ZEND_PARSE_PARAMETERS_END();

	if (!ej_check_args(flags, depth, 3)) {
		RETURN_THROWS();
	}
	erpsync_error_clear(&err);
	obj = erpsync_json_from_zval_ex(value, (int) flags, (int) depth, &err);
	if (erpsync_error_isset(&err)) {
		json_object_put(obj);
		if (!EG(exception)) { /* a jsonSerialize() that threw keeps its own exception */
			erpsync_throw_error(&err);
		}
		RETURN_THROWS();
	}
	text = erpsync_json_serialize(obj, (int) flags, &len);
	json_object_put(obj);
	if (!text) {
		zend_throw_exception(erpsync_ce_exception, "out of memory serializing JSON", 0);
		RETURN_THROWS();
	}
	RETVAL_STRINGL(text, len);
	free(text);
}

/* money()/decimal(): int, float or numeric string -> fixed decimals. */
static void ej_fixed(zval *return_value, zval *value, zend_long places, const char *fn)
{
	erpsync_decimal d;
	erpsync_dec_status st;
	char buf[ERPSYNC_DEC_BUF_LEN];
	size_t len = 0;

	switch (Z_TYPE_P(value)) {
		case IS_LONG:
		case IS_DOUBLE:
		case IS_STRING:
			break;
		default:
			/* internal functions do not enforce the arginfo union: check here (bool/null are refused
			 * too: an amount of true is a bug, not a 1) */
			zend_argument_type_error(1, "must be of type int|float|string, %s given", zend_zval_type_name(value));
			RETURN_THROWS();
	}
	switch (Z_TYPE_P(value)) {
		case IS_LONG:
			st = erpsync_dec_from_int((int64_t) Z_LVAL_P(value), &d);
			break;
		case IS_DOUBLE:
			if (!isfinite(Z_DVAL_P(value))) {
				erpsync_throw_validation("", "value", "%s(): %s is not an amount", fn,
					isnan(Z_DVAL_P(value)) ? "NaN" : "INF");
				RETURN_THROWS();
			}
			st = erpsync_dec_from_double(Z_DVAL_P(value), &d);
			break;
		default: /* string */
			st = erpsync_dec_parse(Z_STRVAL_P(value), Z_STRLEN_P(value), &d);
			if (st != ERPSYNC_DEC_OK) {
				char shown[64];
				erpsync_strlcpy_utf8(shown, sizeof(shown), Z_STRVAL_P(value), Z_STRLEN_P(value));
				erpsync_throw_validation("", "value", "%s(): \"%s%s\" is not a number (%s)", fn, shown,
					Z_STRLEN_P(value) >= sizeof(shown) ? "..." : "", erpsync_dec_strerror(st));
				RETURN_THROWS();
			}
			break;
	}
	if (st == ERPSYNC_DEC_OK) {
		st = erpsync_dec_format(&d, (int) places, buf, sizeof(buf), &len);
	}
	if (st != ERPSYNC_DEC_OK) {
		erpsync_throw_validation("", "value", "%s(): value cannot be formatted (%s)", fn, erpsync_dec_strerror(st));
		RETURN_THROWS();
	}
	RETURN_STRINGL(buf, len);
}

ZEND_METHOD(ErpSync_Json, money)
{
	zval *value;
	ZEND_PARSE_PARAMETERS_START(1, 1)
		Z_PARAM_ZVAL(value)
	ZEND_PARSE_PARAMETERS_END();
	ej_fixed(return_value, value, 2, "money");
}

ZEND_METHOD(ErpSync_Json, decimal)
{
	zval *value;
	zend_long places = 3;
	ZEND_PARSE_PARAMETERS_START(1, 2)
		Z_PARAM_ZVAL(value)
		Z_PARAM_OPTIONAL
		Z_PARAM_LONG(places)
	ZEND_PARSE_PARAMETERS_END();
	if (places < 0 || places > ERPSYNC_DEC_MAX_PLACES) {
		erpsync_throw_validation("", "places", "decimal(): places must be between 0 and %d, got " ZEND_LONG_FMT,
			ERPSYNC_DEC_MAX_PLACES, places);
		RETURN_THROWS();
	}
	ej_fixed(return_value, value, places, "decimal");
}

PHP_MINIT_FUNCTION(erpsync_json)
{
	(void) type;
	(void) module_number;
	return SUCCESS;
}
