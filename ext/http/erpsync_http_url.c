/*
 * Request URLs (zval-free): what a path and query become after the base URL, the rule that a request stays on
 * the configured origin (scheme, host, port), and the host:port named in messages.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "erpsync_http_internal.h"

static void url_encode(erpsync_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (; *s; s++) {
		unsigned char ch = (unsigned char) *s;
		if (isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
			erpsync_buf_append(b, (const char *) &ch, 1);
		} else {
			char e[3] = { '%', hex[ch >> 4], hex[ch & 15] };
			erpsync_buf_append(b, e, 3);
		}
	}
}

/* Scheme, host and port of an absolute URL (lower-case scheme and host, port with the scheme's default) and
 * whether it carries user info. false when curl's URL parser (the one the transfer uses) rejects it. */
bool erpsync_http_url_origin(const char *url, char *out, size_t outsize, bool *has_user)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL;
	bool ok = false;
	if (!u) {
		return false;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		size_t i;
		int n = snprintf(out, outsize, "%s://%s:%s", scheme, host, port);
		ok = n > 0 && (size_t) n < outsize;
		for (i = 0; ok && out[i]; i++) {
			out[i] = (char) tolower((unsigned char) out[i]);
		}
		*has_user = curl_url_get(u, CURLUPART_USER, &user, 0) == CURLUE_OK && user && *user;
	}
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	curl_url_cleanup(u);
	return ok;
}

/* Why a path is refused before any URL is made (a control character; for a relative path a network-path
 * reference, a leading backslash or a scheme), or NULL. */
static const char *path_refusal(const char *path, bool absolute)
{
	size_t i;
	for (i = 0; path[i]; i++) {
		unsigned char ch = (unsigned char) path[i];
		if (ch < 0x20 || ch == 0x7f) {
			return "it contains a control character";
		}
	}
	if (!absolute) {
		size_t seg = strcspn(path, "/?#\\");
		if ((path[0] == '/' || path[0] == '\\') && (path[1] == '/' || path[1] == '\\')) {
			return "it starts with // (a reference to another host)";
		} else if (path[0] == '\\') {
			return "it starts with a backslash";
		} else if (memchr(path, ':', seg) && (isalpha((unsigned char) path[0]))) {
			return "it names a scheme (only a path on the configured server is allowed)";
		}
	}
	return NULL;
}

/* Why the URL made from a path is refused (it does not parse, leads to another origin than the base URL, or adds
 * user info), or NULL. */
static const char *origin_refusal(const erpsync_http_client *c, const char *url, const char *path, bool absolute)
{
	if (!c->base_origin_ok) {
		return "the base URL does not parse";
	} else if (absolute || !c->base_plain || strchr(path, ' ')) {
		/* a space is the one byte (controls are refused above) curl's URL parser refuses: such a URL is
		 * parsed, so it is refused as before instead of failing in the transfer or splitting a request line */
		char got[512];
		bool gu = false;
		if (!erpsync_http_url_origin(url, got, sizeof(got), &gu)) {
			return "the URL it makes does not parse";
		} else if (strcmp(c->base_origin, got) != 0) {
			return "it leads to another server than the base URL";
		} else if (gu && !c->base_has_user) {
			return "it adds user info (user@) to the URL";
		}
	}
	/* else: a checked relative path without a space after a plain base URL (see base_plain): the URL is the
	 * base URL's scheme and authority, then "/" or "?" — the base URL's origin, with nothing to parse again */
	return NULL;
}

/* The request URL: base URL + path + query. A path must stay on the configured origin (scheme, host and
 * port of the base URL): a network-path reference ("//host", "\\host"), another scheme or host, user info
 * or a control character is refused (NULL + ValidationException naming `field`), so no credential of this
 * client is ever sent elsewhere. An absolute URL is accepted only on the same origin. */
char *erpsync_http_build_url(const erpsync_http_client *c, const char *path, const erpsync_http_kv *q, size_t qn,
                             const char *field, erpsync_error *err)
{
	erpsync_buf b = {0};
	size_t i;
	const char *why;
	bool absolute;
	path = path ? path : "";
	absolute = strncasecmp(path, "http://", 7) == 0 || strncasecmp(path, "https://", 8) == 0;
	why = path_refusal(path, absolute);
	if (!why) {
		if (absolute) {
			erpsync_buf_append(&b, path, strlen(path));
		} else {
			size_t bl = strlen(c->base_url);
			bool bslash = bl && c->base_url[bl - 1] == '/';
			bool pslash = path[0] == '/';
			erpsync_buf_append(&b, c->base_url, bl - (bslash && pslash ? 1 : 0));
			if (*path && !bslash && !pslash && path[0] != '?') {
				erpsync_buf_append(&b, "/", 1);
			}
			erpsync_buf_append(&b, path, strlen(path));
		}
		for (i = 0; i < qn; i++) {
			erpsync_buf_append(&b, (i == 0 && !strchr(b.p, '?')) ? "?" : "&", 1);
			url_encode(&b, q[i].name ? q[i].name : "");
			erpsync_buf_append(&b, "=", 1);
			url_encode(&b, q[i].value ? q[i].value : "");
		}
		if (!erpsync_buf_append(&b, "", 0)) {
			erpsync_buf_free(&b);
			erpsync_error_set(err, ERPSYNC_E_GENERIC, "Out of memory building the request URL");
			return NULL;
		}
		why = origin_refusal(c, b.p, path, absolute);
	}
	if (why) {
		char *rp = erpsync_http_redact_url_str(c, path);
		char hp[300], shown[201];
		erpsync_http_url_hostport(c->base_url, hp, sizeof(hp));
		erpsync_strlcpy_utf8(shown, sizeof(shown), rp ? rp : "", rp ? strlen(rp) : 0); /* 200 bytes, whole characters */
		erpsync_error_validation(err, "http request", field, "%s \"%s\" is refused: %s; a path must stay on the configured server %s",
			field, shown, why, hp);
		free(rp);
		erpsync_buf_free(&b);
		return NULL;
	}
	return b.p;
}

char *erpsync_http_redacted_url(erpsync_http_client *c, const erpsync_http_request *req)
{
	erpsync_error e;
	char *u, *r;
	erpsync_error_clear(&e);
	u = erpsync_http_build_url(c, req->path, req->query, req->query_count, "path", &e);
	if (!u) {
		return NULL;
	}
	r = erpsync_http_redact_url_str(c, u);
	free(u);
	return r;
}

/* "host:port" of a URL for messages (no credentials, no path). */
void erpsync_http_url_hostport(const char *url, char *out, size_t outsize)
{
	CURLU *u = curl_url();
	char *host = NULL, *port = NULL;
	snprintf(out, outsize, "the server");
	if (!u) {
		return;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK
	 && curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) == CURLUE_OK) {
		snprintf(out, outsize, "%s:%s", host, port);
	}
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
}
