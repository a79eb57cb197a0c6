/* HTTP/1.1 request text and reply reader (see erpsync_http_h1.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>
#include "erpsync_http_h1.h"

#define H1_MAX_LINE ((size_t) 64 * 1024)
#define H1_MAX_HEADERS ((size_t) 1024 * 1024)

void erpsync_h1_init(erpsync_h1_reply *r, bool head, size_t max_body)
{
	memset(r, 0, sizeof(*r));
	r->head = head;
	r->max_body = max_body;
}

void erpsync_h1_free(erpsync_h1_reply *r)
{
	erpsync_buf_free(&r->headers);
	erpsync_buf_free(&r->body);
	erpsync_buf_free(&r->line);
}

static erpsync_h1_result fail(erpsync_h1_reply *r, const char *why)
{
	r->state = H1_S_ERROR;
	r->error = why;
	return ERPSYNC_H1_ERROR;
}

static erpsync_h1_result too_big(erpsync_h1_reply *r)
{
	r->too_big = true;
	return fail(r, "the reply is larger than the limit");
}

/* a comma-separated header value holds the token (case-insensitive) */
static bool has_token(const char *v, const char *tok)
{
	size_t tl = strlen(tok);
	while (*v) {
		size_t n;
		while (*v == ' ' || *v == '\t' || *v == ',') {
			v++;
		}
		n = strcspn(v, ",");
		while (n && (v[n - 1] == ' ' || v[n - 1] == '\t')) {
			n--;
		}
		if (n == tl && strncasecmp(v, tok, tl) == 0) {
			return true;
		}
		v += strcspn(v, ",");
	}
	return false;
}

static erpsync_h1_result status_line(erpsync_h1_reply *r, const char *s, size_t n)
{
	long st = 0;
	size_t i;
	if (n < 12 || memcmp(s, "HTTP/1.", 7) != 0 || (s[7] != '0' && s[7] != '1') || s[8] != ' ') {
		return fail(r, "the reply does not start with an HTTP/1.x status line");
	}
	for (i = 9; i < 12; i++) {
		if (!isdigit((unsigned char) s[i])) {
			return fail(r, "the status line has no three-digit status");
		}
		st = st * 10 + (s[i] - '0');
	}
	if (n > 12 && s[12] != ' ') {
		return fail(r, "the status line has no three-digit status");
	}
	if (st < 100) {
		return fail(r, "the status line has no three-digit status");
	}
	r->status = st;
	r->minor = s[7] - '0';
	r->headers.len = 0; /* a new reply (after a 1xx): keep only the last, as the libcurl path does */
	r->chunked = r->has_length = r->conn_close = r->conn_keep = false;
	r->coding = 0;
	r->remaining = 0;
	return ERPSYNC_H1_MORE;
}

static erpsync_h1_result header_line(erpsync_h1_reply *r, const char *s, size_t n)
{
	const char *colon = memchr(s, ':', n);
	char v[256];
	size_t nl, vl;
	const char *vs;
	if (s[0] == ' ' || s[0] == '\t') {
		return fail(r, "the reply folds a header over two lines");
	}
	if (!colon || colon == s) {
		return fail(r, "a header line of the reply has no name");
	}
	nl = (size_t) (colon - s);
	vs = colon + 1;
	vl = n - nl - 1;
	while (vl && (*vs == ' ' || *vs == '\t')) {
		vs++;
		vl--;
	}
	while (vl && (vs[vl - 1] == ' ' || vs[vl - 1] == '\t')) {
		vl--;
	}
	if (memchr(vs, '\0', vl)) {
		return fail(r, "a header value of the reply holds a NUL byte");
	}
#define IS(name) (nl == sizeof(name) - 1 && strncasecmp(s, name, nl) == 0)
	if (IS("Content-Length")) {
		uint64_t len = 0;
		size_t i;
		if (!vl) {
			return fail(r, "the reply's Content-Length is empty");
		}
		for (i = 0; i < vl; i++) {
			if (!isdigit((unsigned char) vs[i]) || len > (UINT64_MAX - 9) / 10) {
				return fail(r, "the reply's Content-Length is not a number");
			}
			len = len * 10 + (uint64_t) (vs[i] - '0');
		}
		if (r->has_length && len != r->remaining) {
			return fail(r, "the reply has two different Content-Length headers");
		}
		r->has_length = true;
		r->remaining = len;
	} else if (vl < sizeof(v) && (IS("Transfer-Encoding") || IS("Connection") || IS("Content-Encoding"))) {
		memcpy(v, vs, vl);
		v[vl] = '\0';
		if (IS("Transfer-Encoding")) {
			if (strcasecmp(v, "chunked") != 0 && strcasecmp(v, "identity") != 0) {
				return fail(r, "the reply uses a transfer coding other than chunked");
			}
			r->chunked = r->chunked || strcasecmp(v, "chunked") == 0;
		} else if (IS("Connection")) {
			r->conn_close = r->conn_close || has_token(v, "close");
			r->conn_keep = r->conn_keep || has_token(v, "keep-alive");
		} else if (strcasecmp(v, "gzip") == 0 || strcasecmp(v, "x-gzip") == 0) {
			r->coding = 1;
		} else if (strcasecmp(v, "deflate") == 0) {
			r->coding = 2;
		} else if (strcasecmp(v, "identity") != 0 && vl) {
			return fail(r, "the reply uses a content coding that was not asked for");
		}
	} else if (IS("Transfer-Encoding") || IS("Content-Encoding")) {
		return fail(r, "the reply uses a coding that was not asked for");
	}
#undef IS
	return ERPSYNC_H1_MORE;
}

/* the blank line after the headers: what frames the body */
static erpsync_h1_result headers_end(erpsync_h1_reply *r)
{
	if (r->status < 200) {
		if (r->status == 101) {
			return fail(r, "the server switched protocols, which was not asked for");
		}
		r->state = H1_S_STATUS; /* 1xx: the real reply follows */
		return ERPSYNC_H1_MORE;
	}
	r->keep_alive = r->minor == 1 ? !r->conn_close : (r->conn_keep && !r->conn_close);
	if (r->head || r->status == 204 || r->status == 304) {
		r->state = H1_S_DONE;
		return ERPSYNC_H1_DONE;
	}
	if (r->chunked) {
		r->keep_alive = r->keep_alive && r->minor == 1;
		r->state = H1_S_CHUNK_SIZE;
		return ERPSYNC_H1_MORE;
	}
	if (r->has_length) {
		if (r->remaining > r->max_body) {
			return too_big(r);
		}
		r->state = r->remaining ? H1_S_BODY_LEN : H1_S_DONE;
		return r->remaining ? ERPSYNC_H1_MORE : ERPSYNC_H1_DONE;
	}
	r->keep_alive = false;
	r->state = H1_S_BODY_CLOSE;
	return ERPSYNC_H1_MORE;
}

static erpsync_h1_result chunk_size_line(erpsync_h1_reply *r, const char *s, size_t n)
{
	uint64_t size = 0;
	size_t i = 0;
	for (; i < n && isxdigit((unsigned char) s[i]); i++) {
		int d = isdigit((unsigned char) s[i]) ? s[i] - '0' : (tolower((unsigned char) s[i]) - 'a' + 10);
		if (size > (UINT64_MAX >> 4)) {
			return fail(r, "a chunk size of the reply is too large");
		}
		size = (size << 4) | (uint64_t) d;
	}
	if (i == 0 || (i < n && s[i] != ';' && s[i] != ' ' && s[i] != '\t')) {
		return fail(r, "a chunk size of the reply is not a hexadecimal number");
	}
	if (size > r->max_body - r->body.len) {
		return too_big(r);
	}
	r->remaining = size;
	r->state = size ? H1_S_CHUNK_DATA : H1_S_TRAILERS;
	return ERPSYNC_H1_MORE;
}

/* one complete line (CRLF or LF taken off) in the states that read lines */
static erpsync_h1_result on_line(erpsync_h1_reply *r, const char *s, size_t n, bool empty)
{
	switch (r->state) {
		case H1_S_STATUS:
			if (empty && r->received <= 2) {
				return ERPSYNC_H1_MORE; /* tolerate a stray CRLF before the status line (RFC 9112 2.2) */
			}
			if (status_line(r, s, n) == ERPSYNC_H1_ERROR) {
				return ERPSYNC_H1_ERROR;
			}
			r->state = H1_S_HEADERS;
			return ERPSYNC_H1_MORE;
		case H1_S_HEADERS:
			return empty ? headers_end(r) : header_line(r, s, n);
		case H1_S_CHUNK_SIZE:
			return chunk_size_line(r, s, n);
		case H1_S_CHUNK_END:
			if (!empty) {
				return fail(r, "a chunk of the reply is longer than its size");
			}
			r->state = H1_S_CHUNK_SIZE;
			return ERPSYNC_H1_MORE;
		case H1_S_TRAILERS:
			if (empty) {
				r->state = H1_S_DONE;
				return ERPSYNC_H1_DONE;
			}
			return ERPSYNC_H1_MORE; /* trailer fields are not kept */
		default:
			return fail(r, "internal: a line in a state without lines");
	}
}

static bool in_header_block(const erpsync_h1_reply *r)
{
	return r->state == H1_S_STATUS || r->state == H1_S_HEADERS;
}

erpsync_h1_result erpsync_h1_feed(erpsync_h1_reply *r, const char *data, size_t len, size_t *used)
{
	size_t pos = 0;
	erpsync_h1_result res = r->state == H1_S_DONE ? ERPSYNC_H1_DONE : ERPSYNC_H1_MORE;
	while (pos < len && res == ERPSYNC_H1_MORE) {
		if (r->state == H1_S_BODY_LEN || r->state == H1_S_CHUNK_DATA || r->state == H1_S_BODY_CLOSE) {
			size_t take = len - pos;
			if (r->state != H1_S_BODY_CLOSE && (uint64_t) take > r->remaining) {
				take = (size_t) r->remaining;
			}
			if (take > r->max_body - r->body.len) {
				res = too_big(r);
				break;
			}
			if (!erpsync_buf_append(&r->body, data + pos, take)) {
				res = fail(r, "out of memory storing the reply");
				break;
			}
			pos += take;
			r->received += take;
			if (r->state != H1_S_BODY_CLOSE) {
				r->remaining -= take;
				if (!r->remaining) {
					r->state = r->state == H1_S_BODY_LEN ? H1_S_DONE : H1_S_CHUNK_END;
					res = r->state == H1_S_DONE ? ERPSYNC_H1_DONE : ERPSYNC_H1_MORE;
				}
			}
			continue;
		}
		if (r->state == H1_S_DONE || r->state == H1_S_ERROR) {
			break;
		}
		{
			/* a line: up to and including LF */
			const char *nl = memchr(data + pos, '\n', len - pos);
			size_t take = nl ? (size_t) (nl - (data + pos)) + 1 : len - pos;
			bool hdr = in_header_block(r);
			if (r->line.len + take > H1_MAX_LINE) {
				res = fail(r, "a line of the reply is longer than 64 KiB");
				break;
			}
			if (hdr && r->headers.len + take > H1_MAX_HEADERS) {
				res = fail(r, "the reply's headers are larger than 1 MiB");
				break;
			}
			if (!erpsync_buf_append(&r->line, data + pos, take)) {
				res = fail(r, "out of memory storing the reply");
				break;
			}
			pos += take;
			r->received += take;
			if (!nl) {
				continue;
			}
			{
				size_t n = r->line.len - 1; /* LF off */
				bool was_status = r->state == H1_S_STATUS;
				if (n && r->line.p[n - 1] == '\r') {
					n--;
				}
				res = on_line(r, r->line.p, n, n == 0);
				/* the header block as the libcurl path keeps it: status line (new one resets), headers, blank line */
				if (res != ERPSYNC_H1_ERROR && hdr && !(was_status && n == 0 && r->state == H1_S_STATUS)
				 && !erpsync_buf_append(&r->headers, r->line.p, r->line.len)) {
					res = fail(r, "out of memory storing the reply");
				}
				r->line.len = 0;
			}
		}
	}
	*used = pos;
	return res;
}

erpsync_h1_result erpsync_h1_eof(erpsync_h1_reply *r)
{
	if (r->state == H1_S_DONE) {
		return ERPSYNC_H1_DONE;
	}
	if (r->state == H1_S_BODY_CLOSE) {
		r->state = H1_S_DONE;
		return ERPSYNC_H1_DONE;
	}
	if (r->state == H1_S_ERROR) {
		return ERPSYNC_H1_ERROR;
	}
	return fail(r, r->received ? "the connection closed before the reply was complete" : "the connection closed without a reply");
}

erpsync_h1_result erpsync_h1_decode(erpsync_h1_reply *r)
{
	z_stream z;
	erpsync_buf out = {0};
	int rc = Z_OK, pass;
	if (r->state != H1_S_DONE || !r->coding || !r->body.len) {
		return r->state == H1_S_DONE ? ERPSYNC_H1_DONE : ERPSYNC_H1_ERROR;
	}
	/* gzip: gzip or zlib wrapper (15+32 detects both); deflate: zlib wrapper, or raw deflate as some servers send */
	for (pass = 0; pass < 2; pass++) {
		char chunk[16384];
		memset(&z, 0, sizeof(z));
		if (inflateInit2(&z, pass == 0 ? 15 + 32 : -15) != Z_OK) {
			return fail(r, "out of memory decoding the reply");
		}
		out.len = 0;
		z.next_in = (Bytef *) r->body.p;
		z.avail_in = (uInt) (r->body.len > 0xFFFFFFFFu ? 0xFFFFFFFFu : r->body.len);
		do {
			size_t got;
			z.next_out = (Bytef *) chunk;
			z.avail_out = sizeof(chunk);
			rc = inflate(&z, Z_NO_FLUSH);
			got = sizeof(chunk) - z.avail_out;
			if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && got)) {
				break;
			}
			if (got > r->max_body - out.len) {
				inflateEnd(&z);
				erpsync_buf_free(&out);
				return too_big(r);
			}
			if (!erpsync_buf_append(&out, chunk, got)) {
				inflateEnd(&z);
				erpsync_buf_free(&out);
				return fail(r, "out of memory decoding the reply");
			}
			if (rc == Z_OK && !z.avail_in && z.avail_out) {
				break; /* input ended before the stream did */
			}
		} while (rc != Z_STREAM_END);
		inflateEnd(&z);
		if (rc == Z_STREAM_END) {
			break;
		}
		if (r->coding != 2 || pass == 1) {
			erpsync_buf_free(&out);
			return fail(r, "the reply's compressed body is damaged");
		}
	}
	if (!erpsync_buf_append(&out, "", 0)) {
		erpsync_buf_free(&out);
		return fail(r, "out of memory decoding the reply");
	}
	erpsync_buf_free(&r->body);
	r->body = out;
	r->coding = 0;
	return ERPSYNC_H1_DONE;
}

/* ------------------------------------------------------------------------------ request */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static bool add_base64(erpsync_buf *o, const unsigned char *s, size_t n)
{
	size_t i;
	char q[4];
	for (i = 0; i + 2 < n; i += 3) {
		q[0] = b64[s[i] >> 2];
		q[1] = b64[((s[i] & 3) << 4) | (s[i + 1] >> 4)];
		q[2] = b64[((s[i + 1] & 15) << 2) | (s[i + 2] >> 6)];
		q[3] = b64[s[i + 2] & 63];
		if (!erpsync_buf_append(o, q, 4)) {
			return false;
		}
	}
	if (i < n) {
		q[0] = b64[s[i] >> 2];
		q[1] = b64[((s[i] & 3) << 4) | (i + 1 < n ? s[i + 1] >> 4 : 0)];
		q[2] = i + 1 < n ? b64[(s[i + 1] & 15) << 2] : '=';
		q[3] = '=';
		if (!erpsync_buf_append(o, q, 4)) {
			return false;
		}
	}
	return true;
}

static bool clean(const char *s)
{
	return s && !strpbrk(s, "\r\n");
}

/* one of the caller's lines sets this header (then ours is left out, as curl does) */
static bool names(const char *const *lines, size_t n, const char *name)
{
	size_t i, nl = strlen(name);
	for (i = 0; i < n; i++) {
		if (strncasecmp(lines[i], name, nl) == 0 && (lines[i][nl] == ':' || lines[i][nl] == ';')) {
			return true;
		}
	}
	return false;
}

#define ADD(s, n) ok = ok && erpsync_buf_append(out, (s), (n))
#define ADDS(s) ADD((s), strlen(s))

bool erpsync_h1_request(erpsync_buf *out, const char *method, const char *target, const char *host,
                        const char *user_agent, const char *user, const char *password,
                        const char *const *lines, size_t line_count)
{
	size_t start = out->len, i;
	bool ok = clean(method) && clean(target) && target[strcspn(target, " \t\x7f")] == '\0' && clean(host)
		&& (!user_agent || clean(user_agent))
		&& (!user || (clean(user) && clean(password)));
	for (i = 0; ok && i < line_count; i++) {
		ok = clean(lines[i]);
	}
	if (!ok) {
		return false;
	}
	ADDS(method);
	ADD(" ", 1);
	ADDS(target);
	ADD(" HTTP/1.1", 9);
	if (!names(lines, line_count, "Host")) {
		ADD("\r\nHost: ", 8);
		ADDS(host);
	}
	if (user_agent && *user_agent && !names(lines, line_count, "User-Agent")) {
		ADD("\r\nUser-Agent: ", 14);
		ADDS(user_agent);
	}
	if (user && !names(lines, line_count, "Authorization")) {
		erpsync_buf up = {0};
		bool upok = erpsync_buf_append(&up, user, strlen(user)) && erpsync_buf_append(&up, ":", 1)
			&& erpsync_buf_append(&up, password ? password : "", password ? strlen(password) : 0);
		ADD("\r\nAuthorization: Basic ", 23);
		ok = ok && upok && add_base64(out, (const unsigned char *) up.p, up.len);
		if (up.p) {
			memset(up.p, 0, up.len); /* a credential: not left in freed memory */
		}
		erpsync_buf_free(&up);
	}
	if (!names(lines, line_count, "Accept-Encoding")) {
		ADD("\r\nAccept-Encoding: gzip, deflate", 32);
	}
	for (i = 0; i < line_count; i++) {
		const char *l = lines[i];
		size_t n = strlen(l);
		const char *colon = strchr(l, ':');
		if (colon && colon[1 + strspn(colon + 1, " \t")] == '\0') {
			continue; /* "Name:" removes a header (curl's form) */
		}
		ADD("\r\n", 2);
		if (!colon && n && l[n - 1] == ';') {
			ADD(l, n - 1); /* "Name;": the header with an empty value */
			ADD(":", 1);
		} else {
			ADD(l, n);
		}
	}
	ADD("\r\n\r\n", 4);
	if (!ok) {
		if (out->p) {
			memset(out->p + start, 0, out->len - start);
		}
		out->len = start;
		if (out->p) {
			out->p[start] = '\0';
		}
	}
	return ok;
}
