/* The decode fast path's lexer (ext/json/erpsync_json_lex.c) against json-c's reading of the same token: a string or
 * a number the lexer accepts must be accepted by the json-c path with the same value (exact bytes, the same int64, the
 * same double), never read past its input, and a decoded string is valid UTF-8 no longer than its text. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "json/erpsync_json_engine.h"
#include "json/erpsync_json_lex.h"

static json_object *parse_token(const char *t, size_t n)
{
	erpsync_error err;
	json_object *o;
	erpsync_error_clear(&err);
	o = erpsync_json_parse(t, n, 8, 0, &err);
	if (erpsync_error_isset(&err)) abort(); /* the lexer took a token json-c refuses */
	return o;
}

static void check_string(const uint8_t *data, size_t size)
{
	const char *p = (const char *) data, *close = NULL;
	ejl_str kind = erpsync_json_lex_string(p, p + size, &close);
	char *token, *value;
	size_t body, vlen;
	json_object *o;

	if (kind == EJL_STR_BAD) return;
	if (!close || close < p || close >= p + size || *close != '"') abort();
	body = (size_t) (close - p);
	value = malloc(body + 1);
	if (kind == EJL_STR_RAW) {
		memcpy(value, p, body);
		vlen = body;
	} else {
		vlen = erpsync_json_lex_unescape(p, close, value);
		if (vlen > body) abort();
	}
	if (!erpsync_utf8_valid(value, vlen, NULL)) abort();
	token = malloc(body + 2);
	token[0] = '"';
	memcpy(token + 1, p, body + 1); /* with the closing quote */
	o = parse_token(token, body + 2);
	if (json_object_get_type(o) != json_type_string || (size_t) json_object_get_string_len(o) != vlen
		|| memcmp(json_object_get_string(o), value, vlen) != 0) abort();
	json_object_put(o);
	free(token);
	free(value);
}

static void check_number(const uint8_t *data, size_t size)
{
	const char *p = (const char *) data, *stop = NULL;
	int64_t i = 0, i2 = 0;
	ejl_num kind = erpsync_json_lex_number(p, p + size, &stop, &i), again;
	const char *stop2 = NULL;
	char *lit;
	size_t n;
	json_object *o;

	if (kind == EJL_NUM_BAD) return;
	if (!stop || stop <= p || stop > p + size) abort();
	n = (size_t) (stop - p);
	if (stop < p + size && *stop >= '0' && *stop <= '9') abort(); /* a number never stops before a digit */
	again = erpsync_json_lex_number(p, stop, &stop2, &i2); /* the literal alone reads the same */
	if (again != kind || stop2 != stop || (kind == EJL_NUM_INT && i2 != i)) abort();
	lit = malloc(n + 1);
	memcpy(lit, p, n);
	lit[n] = '\0';
	if (kind == EJL_NUM_DOUBLE && !isfinite(strtod(lit, NULL))) { /* 1e999: the json-c path refuses it */
		free(lit);
		return;
	}
	o = parse_token(lit, n);
	if (kind == EJL_NUM_INT) {
		if (json_object_get_type(o) != json_type_int || json_object_get_int64(o) != i) abort();
	} else if (kind == EJL_NUM_DOUBLE) {
		if (json_object_get_type(o) != json_type_double || json_object_get_double(o) != strtod(lit, NULL)) abort();
	} else if (json_object_get_type(o) != json_type_double && json_object_get_type(o) != json_type_int) {
		abort(); /* beyond int64: json-c reads it as a uint64 or a double with its text (values: phpt json/013) */
	}
	json_object_put(o);
	free(lit);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the input is read as the rest of a string (after its opening quote) and as a number */
	check_string(data, size);
	check_number(data, size);
	return 0;
}
