/*
 * JSON lexer of the decode fast path (erpsync_json_decode_php.c): the strings, numbers and whitespace of RFC 8259
 * text, read strictly — what PHP's json_decode accepts, less what the JSON layer's json-c path decides its own way
 * ("\u0000", lone surrogates; see erpsync_json.h). Anything else is "not mine": the caller hands the whole text to
 * the json-c path, which accepts it as documented or refuses it with its path/offset message.
 *
 * Zval-free and allocation-free; every function reads only [p, end) and never past it (fuzzed by
 * tests/fuzz/harness/fuzz_json_lex.c against json-c's own reading of the same token).
 */
#ifndef ERPSYNC_JSON_LEX_H
#define ERPSYNC_JSON_LEX_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
	EJL_STR_BAD = -1,    /* not strict JSON, or a case the json-c path decides */
	EJL_STR_RAW = 0,     /* no escape: the bytes between the quotes are the value (checked UTF-8) */
	EJL_STR_ESCAPED = 1  /* escapes: erpsync_json_lex_unescape() writes the value */
} ejl_str;

/* p: just after the opening quote. On success *close is the closing quote. */
ejl_str erpsync_json_lex_string(const char *p, const char *end, const char **close);

/* Writes the value of an escaped string [p, close) that erpsync_json_lex_string() accepted into out, which has
 * room for (close - p) bytes (a value is never longer than its text); returns the value's length. */
size_t erpsync_json_lex_unescape(const char *p, const char *close, char *out);

typedef enum {
	EJL_NUM_BAD = -1, /* not a JSON number ("-01", "1.", ".5", "-", "1e") */
	EJL_NUM_INT = 0,  /* an integer that fits int64: *ival */
	EJL_NUM_DOUBLE,   /* a fraction or an exponent: the caller converts the text [p, *stop) */
	EJL_NUM_BIG       /* an integer beyond int64: the caller keeps the text or converts it */
} ejl_num;

/* p: at '-' or a digit. On success *stop is the first byte after the number (not checked: the caller's grammar
 * decides what may follow). */
ejl_num erpsync_json_lex_number(const char *p, const char *end, const char **stop, int64_t *ival);

/* The value of 4 hex digits at p (p + 4 <= end), or -1. */
int erpsync_json_lex_hex4(const char *p, const char *end);

/* First byte at or after p that is not JSON whitespace (space, tab, LF, CR), or end. */
static inline const char *erpsync_json_lex_ws(const char *p, const char *end)
{
	while (p < end && (unsigned char) *p <= ' ' && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
		p++;
	}
	return p;
}

#endif
