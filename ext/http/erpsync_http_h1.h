/*
 * HTTP/1.1 on a kept-alive connection, the part without a socket (zval- and curl-free, fuzzed by
 * tests/fuzz/harness/fuzz_h1.c): the request text, and an incremental reader of the reply that
 * takes the bytes in any pieces — status line, headers (1xx replies skipped), a body framed by
 * Content-Length, chunked transfer coding or the end of the connection — and the gzip/deflate
 * content coding. Every size is checked: a header block of at most 1 MiB, a line of at most 64 KiB,
 * a body of at most `max_body` bytes before and after decoding.
 */
#ifndef ERPSYNC_HTTP_H1_H
#define ERPSYNC_HTTP_H1_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "erpsync_http_buf.h"

typedef enum {
	ERPSYNC_H1_MORE = 0,  /* give it more bytes (or the end of the connection) */
	ERPSYNC_H1_DONE,      /* the reply is complete */
	ERPSYNC_H1_ERROR      /* not a reply it can read: error says why; too_big when only the size was wrong */
} erpsync_h1_result;

typedef enum {
	H1_S_STATUS = 0, H1_S_HEADERS, H1_S_BODY_LEN, H1_S_CHUNK_SIZE, H1_S_CHUNK_DATA, H1_S_CHUNK_END,
	H1_S_TRAILERS, H1_S_BODY_CLOSE, H1_S_DONE, H1_S_ERROR
} erpsync_h1_state;

typedef struct {
	/* set by erpsync_h1_init */
	bool head;                 /* the request was HEAD: no body whatever the headers say */
	size_t max_body;
	/* the reply */
	long status;
	int minor;                 /* HTTP/1.<minor> */
	erpsync_buf headers;    /* the final reply's status line and header lines as received, CRLF kept */
	erpsync_buf body;
	bool keep_alive;           /* the connection may carry the next request */
	bool too_big;
	const char *error;         /* static text when ERPSYNC_H1_ERROR */
	size_t received;           /* bytes taken so far (0: nothing came) */
	/* internal */
	erpsync_h1_state state;
	erpsync_buf line;
	bool chunked, has_length, conn_close, conn_keep;
	int coding;                /* 0 identity, 1 gzip, 2 deflate */
	uint64_t remaining;        /* Content-Length or chunk bytes left */
} erpsync_h1_reply;

void erpsync_h1_init(erpsync_h1_reply *r, bool head, size_t max_body);
void erpsync_h1_free(erpsync_h1_reply *r);
/* Takes len bytes of the connection; *used says how many belong to this reply (the rest would be the
 * start of something the server should not have sent: the caller closes the connection then). */
erpsync_h1_result erpsync_h1_feed(erpsync_h1_reply *r, const char *data, size_t len, size_t *used);
/* The connection ended: DONE for a body that runs to the end, ERROR otherwise (cut short). */
erpsync_h1_result erpsync_h1_eof(erpsync_h1_reply *r);
/* After DONE: undoes a gzip/deflate content coding in place (at most max_body bytes). */
erpsync_h1_result erpsync_h1_decode(erpsync_h1_reply *r);

/* The request text: "<method> <target> HTTP/1.1", Host, User-Agent, Authorization: Basic when user is set,
 * Accept-Encoding, then the header lines in curl's slist form ("Name: value"; "Name;" for an empty value;
 * "Name:" removes a header and is left out). False (and nothing added) when a line holds CR or LF, the target a
 * space, tab or DEL (it would split the request line), or memory runs out. */
bool erpsync_h1_request(erpsync_buf *out, const char *method, const char *target, const char *host,
                        const char *user_agent, const char *user, const char *password,
                        const char *const *lines, size_t line_count);

#endif
