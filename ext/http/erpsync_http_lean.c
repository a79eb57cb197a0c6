/*
 * The lean path for one idempotent request without a body (GET, HEAD) at a time: a connection that libcurl
 * opens and keeps (CURLOPT_CONNECT_ONLY: name resolution, connect, TLS with the client's verification
 * settings, all libcurl's), on which this file writes the request and reads the reply itself
 * (erpsync_http_h1.c) with curl_easy_send / curl_easy_recv. It skips libcurl's per-transfer machinery
 * (URL parsing, the multi state machine, header callbacks), which is most of the CPU of a request on a
 * kept-alive connection (docs/performance.md). Everything else — retries, rate limits, the log, errors —
 * is the engine's as for any request: the outcome comes back as a CURLcode and the same buffers.
 *
 * Used only when the client has no proxy (configured or from the environment) and the option
 * `lean` is on (default). A kept connection that the server closed while idle is found before the
 * request goes out, or by an empty reply, and the request is sent once more on a new connection,
 * as libcurl does for a reused connection (the lean path carries only GET and HEAD).
 *
 * On a plain-HTTP connection (no TLS layer inside libcurl) the socket is the engine's alone between requests:
 * it is made blocking, with the request's remaining time as its send/receive timeout, so a request costs
 * two system calls (send, recv) instead of three (send, poll, recv). TLS connections keep curl_easy_send /
 * curl_easy_recv with poll.
 */
#include <errno.h>
#ifdef _WIN32
# include <winsock2.h>
# define poll WSAPoll
#else
# include <fcntl.h>
# include <poll.h>
# include <sys/socket.h>
# include <sys/time.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "erpsync_http_internal.h"
#include "erpsync_http_h1.h"

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

static const char *const proxy_env[] = {"http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"};

bool erpsync_http_lean_possible(erpsync_http_client *c)
{
	size_t i;
	if (!c->lean || c->proxy) {
		return false;
	}
	if (!c->lean_env_proxy) { /* looked at once per client */
		c->lean_env_proxy = 2;
		for (i = 0; i < sizeof(proxy_env) / sizeof(proxy_env[0]); i++) {
			const char *v = getenv(proxy_env[i]);
			if (v && *v) {
				c->lean_env_proxy = 1; /* libcurl would go through that proxy: keep its path */
			}
		}
	}
	return c->lean_env_proxy == 2;
}

void erpsync_http_lean_close(erpsync_http_client *c)
{
	if (c->lean_easy) {
		curl_easy_cleanup(c->lean_easy);
		c->lean_easy = NULL;
	}
}

static int remaining_ms(double deadline)
{
	double ms = (deadline - mono()) * 1000.0;
	return ms <= 0 ? 0 : (ms > 2e9 ? 2000000000 : (int) ms + 1);
}

/* wait for the socket; 1 ready, 0 timed out, -1 error */
static int wait_sock(curl_socket_t s, short events, double deadline)
{
	for (;;) {
		struct pollfd p = {s, events, 0};
		int ms = remaining_ms(deadline), rc;
		if (ms == 0) {
			return 0;
		}
		rc = poll(&p, 1, ms);
		if (rc > 0) {
			return 1;
		}
		if (rc == 0) {
			return 0;
		}
		if (errno != EINTR) {
			return -1;
		}
	}
}

/* a kept connection still usable: nothing readable (a closed one reads EOF), or only a TLS record
 * without data (a session ticket) */
static bool still_open(erpsync_http_client *c)
{
	struct pollfd p = {c->lean_sock, POLLIN, 0};
	char b;
	size_t n = 0;
	if (poll(&p, 1, 0) == 0) {
		return true;
	}
	if (p.revents & (POLLERR | POLLHUP | POLLNVAL)) {
		return false;
	}
#ifndef _WIN32
	if (c->lean_plain) { /* a byte or the end: not usable; nothing to read: open */
		return recv(c->lean_sock, &b, 1, MSG_PEEK | MSG_DONTWAIT) < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
	}
#endif
	return curl_easy_recv(c->lean_easy, &b, 1, &n) == CURLE_AGAIN;
}

#ifndef _WIN32
/* The plain socket's send/receive timeout follows the request's remaining time (set again only when it is 50 ms
 * or more off, so a steady series of requests sets it once; a wait ends at most 50 ms after the deadline). */
static void plain_timeout(erpsync_http_client *c, double deadline)
{
	int ms = remaining_ms(deadline);
	if (ms < 1) {
		ms = 1;
	}
	if (ms < c->lean_timeo_ms - 50 || ms > c->lean_timeo_ms + 50) {
		struct timeval tv;
		tv.tv_sec = ms / 1000;
		tv.tv_usec = (ms % 1000) * 1000;
		setsockopt(c->lean_sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
		setsockopt(c->lean_sock, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		c->lean_timeo_ms = ms;
	}
}

static CURLcode plain_send(erpsync_http_client *c, const char *p, size_t len, double deadline)
{
	while (len) {
		ssize_t n;
		plain_timeout(c, deadline);
		n = send(c->lean_sock, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR) {
				continue;
			}
			if ((errno == EAGAIN || errno == EWOULDBLOCK) && remaining_ms(deadline) > 0) {
				continue;
			}
			return errno == EAGAIN || errno == EWOULDBLOCK ? CURLE_OPERATION_TIMEDOUT : CURLE_SEND_ERROR;
		}
		p += n;
		len -= (size_t) n;
	}
	return CURLE_OK;
}

/* one blocking read: bytes (> 0), the end (0), or a CURLcode (< 0 as -code) */
static long plain_recv(erpsync_http_client *c, char *buf, size_t size, double deadline)
{
	for (;;) {
		ssize_t n;
		plain_timeout(c, deadline);
		n = recv(c->lean_sock, buf, size, 0);
		if (n >= 0) {
			return (long) n;
		}
		if (errno == EINTR) {
			continue;
		}
		if (errno == EAGAIN || errno == EWOULDBLOCK) {
			if (remaining_ms(deadline) > 0) {
				continue;
			}
			return -(long) CURLE_OPERATION_TIMEDOUT;
		}
		return -(long) CURLE_RECV_ERROR;
	}
}
#endif

static CURLcode lean_connect(erpsync_http_client *c, const char *url, double deadline, char *errbuf,
                             erpsync_http_lean_info *info)
{
	CURL *e = curl_easy_init();
	curl_socket_t s = CURL_SOCKET_BAD;
	CURLcode rc;
	long oe = 0;
	if (!e) {
		snprintf(errbuf, CURL_ERROR_SIZE, "out of memory");
		return CURLE_OUT_OF_MEMORY;
	}
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_CONNECT_ONLY, 1L);
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	erpsync_http_connection_options(c, e, (long) (remaining_ms(deadline) > 0 ? remaining_ms(deadline) : 1));
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long) CURL_HTTP_VERSION_1_1); /* ALPN offers http/1.1 only */
	/* the handle outlives this request: libcurl writes its errors into the client's buffer, not the request's */
	c->lean_errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, c->lean_errbuf);
	rc = curl_easy_perform(e);
	snprintf(errbuf, CURL_ERROR_SIZE, "%s", c->lean_errbuf);
	curl_easy_getinfo(e, CURLINFO_OS_ERRNO, &oe);
	info->os_errno = oe;
	if (rc == CURLE_OK) {
		rc = curl_easy_getinfo(e, CURLINFO_ACTIVESOCKET, &s);
		if (rc != CURLE_OK || s == CURL_SOCKET_BAD) {
			rc = CURLE_COULDNT_CONNECT;
		}
	}
	if (rc != CURLE_OK) {
		curl_easy_cleanup(e);
		return rc;
	}
	curl_easy_getinfo(e, CURLINFO_CONNECT_TIME, &info->connect_time);
	c->lean_easy = e;
	c->lean_sock = s;
	c->lean_plain = false;
#ifndef _WIN32
	if (strncasecmp(url, "http://", 7) == 0) {
		int fl = fcntl(s, F_GETFL);
		c->lean_plain = fl >= 0 && fcntl(s, F_SETFL, fl & ~O_NONBLOCK) == 0;
		c->lean_timeo_ms = -1000; /* set on first use */
	}
#endif
	info->new_connects++;
	return CURLE_OK;
}

static CURLcode send_all(erpsync_http_client *c, const char *p, size_t len, double deadline)
{
#ifndef _WIN32
	if (c->lean_plain) {
		return plain_send(c, p, len, deadline);
	}
#endif
	while (len) {
		size_t n = 0;
		CURLcode rc = curl_easy_send(c->lean_easy, p, len, &n);
		if (rc == CURLE_AGAIN) {
			int w = wait_sock(c->lean_sock, POLLOUT, deadline);
			if (w <= 0) {
				return w == 0 ? CURLE_OPERATION_TIMEDOUT : CURLE_SEND_ERROR;
			}
			continue;
		}
		if (rc != CURLE_OK) {
			return CURLE_SEND_ERROR;
		}
		p += n;
		len -= n;
	}
	return CURLE_OK;
}

static CURLcode h1_code(erpsync_h1_reply *r, char *errbuf)
{
	snprintf(errbuf, CURL_ERROR_SIZE, "%s", r->error ? r->error : "unreadable reply");
	if (r->too_big) {
		return CURLE_FILESIZE_EXCEEDED;
	}
	if (!r->received) {
		return CURLE_GOT_NOTHING;
	}
	return strstr(r->error ? r->error : "", "closed") ? CURLE_PARTIAL_FILE : CURLE_WEIRD_SERVER_REPLY;
}

/* reads one reply into r; OK when complete */
static CURLcode read_reply(erpsync_http_client *c, erpsync_h1_reply *r, double deadline, char *errbuf)
{
	char buf[16384];
	/* the reply cannot be there the moment the request went out: wait for it first (one system call less than
	 * a read that finds nothing); nothing of this connection is buffered in TLS then, as a reply is read whole
	 * and a connection with bytes after its reply is closed */
	bool wait_first = true;
	for (;;) {
		size_t n = 0, used = 0;
		erpsync_h1_result h;
		CURLcode rc;
#ifndef _WIN32
		if (c->lean_plain) {
			long got = plain_recv(c, buf, sizeof(buf), deadline);
			rc = got < 0 ? (CURLcode) -got : CURLE_OK;
			n = got < 0 ? 0 : (size_t) got;
			if (rc == CURLE_OPERATION_TIMEDOUT) {
				snprintf(errbuf, CURL_ERROR_SIZE, "Operation timed out with %zu bytes received", r->received);
				return rc;
			}
			wait_first = false;
		} else
#endif
		{
			rc = wait_first ? CURLE_AGAIN : curl_easy_recv(c->lean_easy, buf, sizeof(buf), &n);
			wait_first = false;
		}
		if (rc == CURLE_AGAIN) {
			int w = wait_sock(c->lean_sock, POLLIN, deadline);
			if (w == 0) {
				snprintf(errbuf, CURL_ERROR_SIZE, "Operation timed out with %zu bytes received", r->received);
				return CURLE_OPERATION_TIMEDOUT;
			}
			if (w < 0) {
				return r->received ? CURLE_RECV_ERROR : CURLE_GOT_NOTHING;
			}
			continue;
		}
		if (rc != CURLE_OK) {
			snprintf(errbuf, CURL_ERROR_SIZE, "%s", curl_easy_strerror(rc));
			return r->received ? CURLE_RECV_ERROR : CURLE_GOT_NOTHING;
		}
		if (n == 0) {
			h = erpsync_h1_eof(r);
			return h == ERPSYNC_H1_DONE ? CURLE_OK : h1_code(r, errbuf);
		}
		h = erpsync_h1_feed(r, buf, n, &used);
		if (h == ERPSYNC_H1_ERROR) {
			return h1_code(r, errbuf);
		}
		if (h == ERPSYNC_H1_DONE) {
			if (used < n) {
				r->keep_alive = false; /* bytes after the reply: the connection is not trusted again */
			}
			return CURLE_OK;
		}
	}
}

/* origin-form target and Host of an absolute URL made by build_url (same origin as the base URL) */
static bool split_url(const char *url, char *host, size_t hsize, const char **target)
{
	const char *h = strstr(url, "://"), *end;
	size_t n;
	bool https;
	if (!h) {
		return false;
	}
	https = (size_t) (h - url) == 5;
	h += 3;
	end = h + strcspn(h, "/?#");
	n = (size_t) (end - h);
	if (memchr(h, '@', n) || n + 1 > hsize) {
		return false;
	}
	memcpy(host, h, n);
	host[n] = '\0';
	/* curl leaves the scheme's default port out of Host */
	if (n > 3 && !https && strcmp(host + n - 3, ":80") == 0) {
		host[n - 3] = '\0';
	} else if (n > 4 && https && strcmp(host + n - 4, ":443") == 0) {
		host[n - 4] = '\0';
	}
	*target = *end == '/' ? end : (*end == '?' ? NULL : "/");
	return *end != '#';
}

/* The request's bytes (request line, Host, user agent, basic auth, the header lines) in req: CURLE_NOT_BUILT_IN
 * when it does not fit the lean path (a URL it cannot split, over 64 header lines, a line with CR/LF, or no
 * memory there: libcurl's path decides), CURLE_OUT_OF_MEMORY. */
static CURLcode lean_request(erpsync_http_client *c, bool head, const char *url, const struct curl_slist *hdrs,
                             erpsync_buf *req)
{
	char host[300];
	const char *target = NULL;
	const char *lines[64];
	size_t nl = 0;
	const struct curl_slist *l;
	erpsync_buf tgt = {0};
	bool ok;
	for (l = hdrs; l && nl < sizeof(lines) / sizeof(lines[0]); l = l->next) {
		lines[nl++] = l->data;
	}
	if (!split_url(url, host, sizeof(host), &target) || l) {
		return CURLE_NOT_BUILT_IN; /* libcurl's path takes it */
	}
	if (!target) { /* "http://host?q": the target is "/?q" */
		const char *q = strchr(url + 8, '?');
		if (!erpsync_buf_append(&tgt, "/", 1) || !erpsync_buf_append(&tgt, q, strlen(q))) {
			erpsync_buf_free(&tgt);
			return CURLE_OUT_OF_MEMORY;
		}
		target = tgt.p;
	}
	ok = erpsync_h1_request(req, head ? "HEAD" : "GET", target, host, c->user_agent,
	                        c->auth_type == ERPSYNC_HTTP_AUTH_BASIC ? c->username : NULL, c->password, lines, nl);
	erpsync_buf_free(&tgt);
	if (!ok) {
		erpsync_buf_free(req);
		return CURLE_NOT_BUILT_IN; /* a line with CR/LF, or no memory: libcurl's path decides */
	}
	return CURLE_OK;
}

/* The request sent on the connected lean_easy and its reply read and decoded into r (initialized here). */
static CURLcode lean_send_read(erpsync_http_client *c, const erpsync_buf *req, bool head, double deadline,
                               char *errbuf, erpsync_h1_reply *r)
{
	CURLcode rc = send_all(c, req->p, req->len, deadline);
	erpsync_h1_init(r, head, c->max_response_bytes);
	if (rc == CURLE_OK) {
		rc = read_reply(c, r, deadline, errbuf);
	}
	if (rc == CURLE_OK) {
		if (erpsync_h1_decode(r) != ERPSYNC_H1_DONE) {
			rc = h1_code(r, errbuf);
		}
	}
	return rc;
}

/* A complete reply: its body and header block move to body/headers (as libcurl's path fills them), the connection
 * is kept unless the server ends it. */
static CURLcode lean_take_reply(erpsync_http_client *c, erpsync_h1_reply *r, erpsync_buf *body, erpsync_buf *headers,
                                erpsync_http_lean_info *info)
{
	if (!r->keep_alive) {
		erpsync_http_lean_close(c);
	}
	c->lean_last_use = mono();
	info->status = r->status;
	erpsync_buf_free(body);
	erpsync_buf_free(headers);
	*body = r->body;       /* the same buffer type: handed over, not copied */
	*headers = r->headers;
	erpsync_buf_free(&r->line);
	return body->p || erpsync_buf_append(body, "", 0) ? CURLE_OK : CURLE_OUT_OF_MEMORY;
}

CURLcode erpsync_http_lean_exchange(erpsync_http_client *c, const char *method, const char *url,
                                    const struct curl_slist *hdrs, long timeout_ms, erpsync_buf *body,
                                    erpsync_buf *headers, erpsync_http_lean_info *info, char *errbuf)
{
	double deadline = mono() + (double) (timeout_ms > 0 ? timeout_ms : c->timeout_ms) / 1000.0;
	erpsync_buf req = {0};
	CURLcode rc;
	bool head = strcasecmp(method, "HEAD") == 0;
	int attempt;

	memset(info, 0, sizeof(*info));
	errbuf[0] = '\0';
	rc = lean_request(c, head, url, hdrs, &req);
	if (rc != CURLE_OK) {
		return rc;
	}
	for (attempt = 0; attempt < 2; attempt++) {
		erpsync_h1_reply r;
		bool reused = c->lean_easy != NULL;
		/* a connection idle for a second or more is checked first (servers close idle ones); one used just now
		 * is not: if the server closed it anyway, the empty reply below sends the request once more */
		if (reused && mono() - c->lean_last_use >= 1.0 && !still_open(c)) {
			erpsync_http_lean_close(c);
			reused = false;
		}
		if (!c->lean_easy) {
			rc = lean_connect(c, url, deadline, errbuf, info);
			if (rc != CURLE_OK) {
				break;
			}
		} else if (info->connect_time <= 0) {
			info->connect_time = 1e-6; /* connected: a timeout from here on is the reply's */
		}
		rc = lean_send_read(c, &req, head, deadline, errbuf, &r);
		if (rc != CURLE_OK) {
			erpsync_http_lean_close(c);
			info->too_big = r.too_big;
			erpsync_h1_free(&r);
			if (reused && attempt == 0 && (rc == CURLE_GOT_NOTHING || rc == CURLE_SEND_ERROR)) {
				continue; /* the server had closed the kept connection: once more on a new one */
			}
			break;
		}
		rc = lean_take_reply(c, &r, body, headers, info);
		break;
	}
	if (req.p) {
		memset(req.p, 0, req.len); /* it holds the credentials */
	}
	erpsync_buf_free(&req);
	return rc;
}
