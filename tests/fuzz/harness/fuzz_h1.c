/* The lean path's HTTP/1.1 reply reader (ext/http/erpsync_http_h1.c) on any bytes a server could send.
 * Input: one byte of flags (bit 0: the request was HEAD; bits 1-3: the body limit, 16 B .. 2 MiB), one byte
 * that seeds where the reply is cut into pieces, then the reply. Checks: the same outcome (result, status,
 * headers, body, keep-alive) whether the bytes come whole or in pieces; a body never over the limit, before or
 * after decoding; the header block within 1 MiB; NUL-terminated buffers. Then the request writer on the
 * same bytes as header lines: never a CR or LF inside a line it accepts. */
#include <stdlib.h>
#include <string.h>
#include "http/erpsync_http_h1.h"

static erpsync_h1_result run(erpsync_h1_reply *r, const uint8_t *d, size_t n, unsigned seed, bool pieces)
{
	size_t pos = 0;
	erpsync_h1_result res = ERPSYNC_H1_MORE;
	while (pos < n && res == ERPSYNC_H1_MORE) {
		size_t take = n - pos, used = 0;
		if (pieces) {
			seed = seed * 1103515245u + 12345u;
			take = 1 + (seed >> 16) % 13;
			if (take > n - pos) {
				take = n - pos;
			}
		}
		res = erpsync_h1_feed(r, (const char *) d + pos, take, &used);
		if (used > take) abort();
		pos += used;
		if (res == ERPSYNC_H1_MORE && used != take) abort(); /* MORE takes everything */
	}
	if (res == ERPSYNC_H1_MORE) {
		res = erpsync_h1_eof(r);
	}
	if (res == ERPSYNC_H1_DONE) {
		res = erpsync_h1_decode(r);
	}
	return res;
}

static void check(const erpsync_h1_reply *r, erpsync_h1_result res)
{
	if (r->body.len > r->max_body) abort();
	if (r->headers.len > 1024 * 1024 + 65536) abort();
	if (r->body.p && r->body.p[r->body.len] != '\0') abort();
	if (r->headers.p && r->headers.p[r->headers.len] != '\0') abort();
	if (res == ERPSYNC_H1_ERROR && !r->error) abort();
	if (res == ERPSYNC_H1_DONE && (r->status < 200 || r->status > 999)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	erpsync_h1_reply a, b;
	erpsync_h1_result ra, rb;
	size_t max;
	if (size < 2) {
		return 0;
	}
	max = (size_t) 16 << (((data[0] >> 1) & 7) * 2);
	erpsync_h1_init(&a, data[0] & 1, max);
	erpsync_h1_init(&b, data[0] & 1, max);
	ra = run(&a, data + 2, size - 2, data[1], false);
	rb = run(&b, data + 2, size - 2, data[1], true);
	check(&a, ra);
	check(&b, rb);
	if (ra != rb || a.status != b.status || a.keep_alive != b.keep_alive) abort();
	if (ra == ERPSYNC_H1_DONE) {
		if (a.headers.len != b.headers.len || (a.headers.len && memcmp(a.headers.p, b.headers.p, a.headers.len) != 0)) abort();
		if (a.body.len != b.body.len || (a.body.len && memcmp(a.body.p, b.body.p, a.body.len) != 0)) abort();
	}
	erpsync_h1_free(&a);
	erpsync_h1_free(&b);

	{
		/* the request writer: the input as NUL-separated header lines */
		char *copy = malloc(size + 1);
		const char *lines[16];
		size_t n = 0, i;
		erpsync_buf out = {0};
		if (!copy) return 0;
		memcpy(copy, data, size);
		copy[size] = '\0';
		for (i = 0; i < size && n < 16; i += strlen(copy + i) + 1) {
			lines[n++] = copy + i;
		}
		if (erpsync_h1_request(&out, "GET", "/x", "h", "ua", n ? lines[0] : NULL, "pw", lines, n)) {
			/* every line ends in CRLF and holds no other CR or LF; the block ends with an empty line */
			size_t k;
			if (out.len < 4 || memcmp(out.p + out.len - 4, "\r\n\r\n", 4) != 0) abort();
			for (k = 0; k + 4 < out.len; k++) {
				if (out.p[k] == '\r' && out.p[k + 1] != '\n') abort();
				if (out.p[k] == '\n' && (k == 0 || out.p[k - 1] != '\r')) abort();
			}
		} else if (out.len != 0) {
			abort(); /* a refusal adds nothing */
		}
		erpsync_buf_free(&out);
		free(copy);
	}
	return 0;
}
