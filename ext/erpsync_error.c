/* erpsync engine errors (zval-free). */
#include <stdio.h>
#include <string.h>
#include "erpsync_error.h"

void erpsync_error_clear(erpsync_error *err)
{
	memset(err, 0, sizeof(*err));
}

bool erpsync_error_isset(const erpsync_error *err)
{
	return err->code != ERPSYNC_OK;
}

void erpsync_strlcpy_utf8(char *dst, size_t dstsize, const char *src, size_t srclen)
{
	size_t n;
	if (dstsize == 0) {
		return;
	}
	n = srclen < dstsize - 1 ? srclen : dstsize - 1;
	if (n < srclen) {
		/* step back over UTF-8 continuation bytes so no character is cut in half */
		while (n > 0 && ((unsigned char) src[n] & 0xC0) == 0x80) {
			n--;
		}
	}
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* After a snprintf into buf that may have been cut: no UTF-8 character is left in half at the end. */
static void utf8_trim_cut(char *buf, size_t size, int written)
{
	size_t n, k;
	if (written < 0 || (size_t) written < size) {
		return;
	}
	n = strlen(buf);
	/* step back over a trailing lead byte + its continuation bytes when the sequence is incomplete */
	k = n;
	while (k > 0 && ((unsigned char) buf[k - 1] & 0xC0) == 0x80) {
		k--;
	}
	if (k > 0 && ((unsigned char) buf[k - 1] & 0xC0) == 0xC0) {
		unsigned char lead = (unsigned char) buf[k - 1];
		size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		if (n - (k - 1) < need) {
			buf[k - 1] = '\0';
		}
	}
}

void erpsync_error_vset(erpsync_error *err, erpsync_error_code code, const char *fmt, va_list ap)
{
	int w;
	err->code = code;
	w = vsnprintf(err->message, sizeof(err->message), fmt, ap);
	utf8_trim_cut(err->message, sizeof(err->message), w);
}

void erpsync_error_set(erpsync_error *err, erpsync_error_code code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	erpsync_error_vset(err, code, fmt, ap);
	va_end(ap);
}

void erpsync_error_transport(erpsync_error *err, const char *kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	erpsync_error_vset(err, ERPSYNC_E_TRANSPORT, fmt, ap);
	va_end(ap);
	snprintf(err->kind, sizeof(err->kind), "%s", kind ? kind : "other");
	err->retryable = true;
}

void erpsync_error_protocol(erpsync_error *err, const char *json_path, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	erpsync_error_vset(err, ERPSYNC_E_PROTOCOL, fmt, ap);
	va_end(ap);
	erpsync_strlcpy_utf8(err->json_path, sizeof(err->json_path), json_path ? json_path : "$", json_path ? strlen(json_path) : 1);
}

void erpsync_error_validation(erpsync_error *err, const char *subject, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	erpsync_error_vset(err, ERPSYNC_E_VALIDATION, fmt, ap);
	va_end(ap);
	erpsync_strlcpy_utf8(err->subject, sizeof(err->subject), subject ? subject : "", subject ? strlen(subject) : 0);
	erpsync_strlcpy_utf8(err->field, sizeof(err->field), field ? field : "", field ? strlen(field) : 0);
}

void erpsync_error_set_excerpt(erpsync_error *err, const char *body, size_t len)
{
	erpsync_strlcpy_utf8(err->excerpt, sizeof(err->excerpt), body ? body : "", body ? len : 0);
}
