/* JSON lexer of the decode fast path: see erpsync_json_lex.h. */
#include <string.h>
#include "erpsync_json_lex.h"

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define EJL_SWAR 1
#define EJL_ONES UINT64_C(0x0101010101010101)
#define EJL_HIGH UINT64_C(0x8080808080808080)

/* The high bit of each byte of w that is '"', '\\', below 0x20 or 0x80 and above. The lowest flagged byte is
 * always a real one (a borrow only flags bytes above a real hit), which is all ejl_plain() uses. */
static inline uint64_t ejl_special(uint64_t w)
{
	uint64_t q = w ^ (EJL_ONES * '"');
	uint64_t b = w ^ (EJL_ONES * '\\');
	return (((q - EJL_ONES) & ~q) | ((b - EJL_ONES) & ~b) | ((w - EJL_ONES * 0x20) & ~w) | w) & EJL_HIGH;
}
#endif

static inline int ejl_is_plain(unsigned char c)
{
	return c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
}

/* The first byte at or after p that is not plain printable ASCII (or end). */
static inline const char *ejl_plain(const char *p, const char *end)
{
#ifdef EJL_SWAR
	while (end - p >= 8) {
		uint64_t w, m;
		memcpy(&w, p, 8);
		m = ejl_special(w);
		if (m) {
			return p + (__builtin_ctzll(m) >> 3);
		}
		p += 8;
	}
#endif
	while (p < end && ejl_is_plain((unsigned char) *p)) {
		p++;
	}
	return p;
}

static inline int ejl_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

/* p at a byte >= 0x80: the end of one well-formed UTF-8 sequence (no overlong form, no surrogate, at most
 * U+10FFFF), or NULL. */
static const char *ejl_utf8(const char *p, const char *end)
{
	const unsigned char *s = (const unsigned char *) p;
	size_t left = (size_t) (end - p);
	unsigned char c = s[0];

	if (c >= 0xC2 && c <= 0xDF) {
		return left >= 2 && ejl_cont(s[1]) ? p + 2 : NULL;
	}
	if (c >= 0xE0 && c <= 0xEF) {
		if (left < 3 || !ejl_cont(s[1]) || !ejl_cont(s[2]) || (c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F)) {
			return NULL;
		}
		return p + 3;
	}
	if (c >= 0xF0 && c <= 0xF4) {
		if (left < 4 || !ejl_cont(s[1]) || !ejl_cont(s[2]) || !ejl_cont(s[3]) || (c == 0xF0 && s[1] < 0x90)
			|| (c == 0xF4 && s[1] > 0x8F)) {
			return NULL;
		}
		return p + 4;
	}
	return NULL;
}

int erpsync_json_lex_hex4(const char *p, const char *end)
{
	int v = 0, i;
	if (end - p < 4) {
		return -1;
	}
	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9') {
			v |= c - '0';
		} else if (c >= 'a' && c <= 'f') {
			v |= c - 'a' + 10;
		} else if (c >= 'A' && c <= 'F') {
			v |= c - 'A' + 10;
		} else {
			return -1;
		}
	}
	return v;
}

/* p at a backslash: the end of the escape, or NULL. "\u0000" and lone surrogates are the json-c path's. */
static const char *ejl_escape(const char *p, const char *end)
{
	int u, lo;
	if (end - p < 2) {
		return NULL;
	}
	switch (p[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
			return p + 2;
		case 'u':
			u = erpsync_json_lex_hex4(p + 2, end);
			if (u <= 0 || (u >= 0xDC00 && u <= 0xDFFF)) {
				return NULL;
			}
			if (u < 0xD800 || u > 0xDBFF) {
				return p + 6;
			}
			if (end - p < 12 || p[6] != '\\' || p[7] != 'u') {
				return NULL;
			}
			lo = erpsync_json_lex_hex4(p + 8, end);
			return lo >= 0xDC00 && lo <= 0xDFFF ? p + 12 : NULL;
		default:
			return NULL;
	}
}

ejl_str erpsync_json_lex_string(const char *p, const char *end, const char **close)
{
	ejl_str kind = EJL_STR_RAW;
	for (;;) {
		unsigned char c;
		p = ejl_plain(p, end);
		if (p >= end) {
			return EJL_STR_BAD;
		}
		c = (unsigned char) *p;
		if (c == '"') {
			*close = p;
			return kind;
		}
		if (c == '\\') {
			p = ejl_escape(p, end);
			kind = EJL_STR_ESCAPED;
		} else if (c >= 0x80) {
			p = ejl_utf8(p, end);
		} else {
			return EJL_STR_BAD; /* a raw control character */
		}
		if (!p) {
			return EJL_STR_BAD;
		}
	}
}

static char *ejl_put_utf8(char *o, unsigned int cp)
{
	if (cp < 0x80) {
		*o++ = (char) cp;
	} else if (cp < 0x800) {
		*o++ = (char) (0xC0 | (cp >> 6));
		*o++ = (char) (0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char) (0xE0 | (cp >> 12));
		*o++ = (char) (0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char) (0x80 | (cp & 0x3F));
	} else {
		*o++ = (char) (0xF0 | (cp >> 18));
		*o++ = (char) (0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char) (0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char) (0x80 | (cp & 0x3F));
	}
	return o;
}

size_t erpsync_json_lex_unescape(const char *p, const char *close, char *out)
{
	char *o = out;
	while (p < close) {
		const char *b = memchr(p, '\\', (size_t) (close - p));
		size_t run = (size_t) ((b ? b : close) - p);
		unsigned int cp;
		memcpy(o, p, run);
		o += run;
		p += run;
		if (!b) {
			break;
		}
		switch (p[1]) {
			case 'b': *o++ = '\b'; p += 2; continue;
			case 'f': *o++ = '\f'; p += 2; continue;
			case 'n': *o++ = '\n'; p += 2; continue;
			case 'r': *o++ = '\r'; p += 2; continue;
			case 't': *o++ = '\t'; p += 2; continue;
			case 'u': break;
			default: *o++ = p[1]; p += 2; continue; /* '"', '\\', '/' */
		}
		cp = (unsigned int) erpsync_json_lex_hex4(p + 2, close);
		p += 6;
		if (cp >= 0xD800 && cp <= 0xDBFF) { /* checked: a low surrogate follows */
			cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned int) erpsync_json_lex_hex4(p + 2, close) - 0xDC00);
			p += 6;
		}
		o = ejl_put_utf8(o, cp);
	}
	return (size_t) (o - out);
}

ejl_num erpsync_json_lex_number(const char *p, const char *end, const char **stop, int64_t *ival)
{
	int neg = 0, big = 0;
	uint64_t u = 0;
	const uint64_t limit = (uint64_t) INT64_MAX; /* + 1 when negative */

	if (p < end && *p == '-') {
		neg = 1;
		p++;
	}
	if (p >= end || *p < '0' || *p > '9') {
		return EJL_NUM_BAD;
	}
	if (*p == '0') {
		p++;
		if (p < end && *p >= '0' && *p <= '9') {
			return EJL_NUM_BAD; /* a leading zero */
		}
	} else {
		while (p < end && *p >= '0' && *p <= '9') {
			unsigned d = (unsigned) (*p - '0');
			if (!big && (u > (limit + (uint64_t) neg - d) / 10)) {
				big = 1;
			}
			u = u * 10 + d; /* wraps once big: the value is unused then */
			p++;
		}
	}
	if (p < end && (*p == '.' || *p == 'e' || *p == 'E')) {
		if (*p == '.') {
			p++;
			if (p >= end || *p < '0' || *p > '9') {
				return EJL_NUM_BAD;
			}
			while (p < end && *p >= '0' && *p <= '9') {
				p++;
			}
		}
		if (p < end && (*p == 'e' || *p == 'E')) {
			p++;
			if (p < end && (*p == '+' || *p == '-')) {
				p++;
			}
			if (p >= end || *p < '0' || *p > '9') {
				return EJL_NUM_BAD;
			}
			while (p < end && *p >= '0' && *p <= '9') {
				p++;
			}
		}
		*stop = p;
		return EJL_NUM_DOUBLE;
	}
	*stop = p;
	if (big) {
		return EJL_NUM_BIG;
	}
	*ival = neg ? (u == limit + 1 ? INT64_MIN : -(int64_t) u) : (int64_t) u;
	return EJL_NUM_INT;
}
