/* Internals shared by the files of the HTTP engine (not part of the contract): the client's fields and the
 * functions one file of ext/http gives the others. */
#ifndef ERPSYNC_HTTP_INTERNAL_H
#define ERPSYNC_HTTP_INTERNAL_H

#include <curl/curl.h>
#include "erpsync_http.h"
#include "erpsync_http_buf.h"

struct erpsync_http_client {
	char *base_url;
	char base_origin[512];        /* scheme://host:port of base_url, lower case (url_origin) */
	bool base_origin_ok;          /* base_url parses */
	bool base_has_user;
	bool base_plain;              /* its authority has no user info, escapes or backslashes (build_url) */
	char **hnames;
	char **hvalues;
	size_t hcount;

	erpsync_http_auth_type auth_type;
	char *auth_header;            /* bearer/apikey: full header line */
	char *username;
	char *password;
	char *login_path;
	char *login_body;
	char **token_fields;
	size_t token_field_count;
	long token_lifetime_s;
	bool token_lifetime_explicit; /* set by the caller: caps a JWT exp as well */
	char *login_token;            /* cached token, NULL when none */
	double token_expires;         /* wall clock (seconds since epoch) */

	long connect_timeout_ms;
	long timeout_ms;
	size_t max_response_bytes;
	bool verify_tls;
	char *ca_file;
	char *proxy;
	char *user_agent;

	int max_attempts;
	long base_delay_ms;
	long max_delay_ms;
	long max_total_delay_ms;

	double rate_per_second, rate_per_minute;
	double bucket_s, bucket_m, bucket_last;
	double hold_until;            /* monotonic: server said no requests before this */

	erpsync_http_log_fn log;
	void *log_userdata;
	size_t log_body_bytes;

	char **secrets;
	size_t secret_count;

	CURLM *multi;
	CURLSH *share;
	CURL *pool[16];
	size_t pool_count;
	long connects;
	bool busy;                    /* execute_many is running (guards re-entry from the log hook) */
	unsigned long long rng;       /* backoff jitter state */

	bool lean;                    /* single GET/HEAD on the lean path (erpsync_http_lean.c) */
	int lean_env_proxy;           /* 0 not looked at yet, 1 a proxy in the environment, 2 none */
	CURL *lean_easy;              /* its kept connection (CURLOPT_CONNECT_ONLY), NULL when none */
	curl_socket_t lean_sock;
	double lean_last_use;         /* monotonic: when its last reply was read */
	bool lean_plain;              /* plain HTTP: a blocking socket read and written by the engine itself */
	int lean_timeo_ms;            /* its SO_RCVTIMEO / SO_SNDTIMEO now */
	char lean_errbuf[CURL_ERROR_SIZE]; /* CURLOPT_ERRORBUFFER of lean_easy */
};

/* what the lean path tells the engine about one exchange (the curl_easy_getinfo of the libcurl path) */
typedef struct {
	long status;
	double connect_time;          /* > 0 once connected (a timeout after that is the reply's) */
	long new_connects;
	long os_errno;
	bool too_big;
} erpsync_http_lean_info;

/* The lean path fits this client (option on, no proxy configured or in the environment). */
bool erpsync_http_lean_possible(erpsync_http_client *c);
/* One GET/HEAD on the kept connection. CURLE_NOT_BUILT_IN (nothing done) when the request does not fit the
 * lean path: the caller sends it through libcurl. Otherwise the outcome as libcurl would give it, the reply
 * in body/headers (CURLE_OK). */
CURLcode erpsync_http_lean_exchange(erpsync_http_client *c, const char *method, const char *url,
                                    const struct curl_slist *hdrs, long timeout_ms, erpsync_buf *body,
                                    erpsync_buf *headers, erpsync_http_lean_info *info, char *errbuf);
void erpsync_http_lean_close(erpsync_http_client *c);

bool erpsync_http_name_is_secret(const char *name, size_t len);
char *erpsync_http_redact_url_str(const erpsync_http_client *client, const char *url);

/* ---- erpsync_http.c: clock, header-safety check, the client's secrets, its pool of easy handles */
double erpsync_http_now_mono(void);
double erpsync_http_now_wall(void);
/* true when s holds a byte that would end or split a header line (CR, LF, other controls) */
bool erpsync_http_has_ctl(const char *s);
/* a literal secret the redaction replaces (4 bytes or longer) */
void erpsync_http_add_secret(erpsync_http_client *c, const char *s);
CURL *erpsync_http_easy_get(erpsync_http_client *c);
void erpsync_http_easy_put(erpsync_http_client *c, CURL *e);

/* ---- erpsync_http_url.c: request URLs */
/* Scheme, host and port of an absolute URL (lower case, port with the scheme's default) and whether it carries
 * user info; false when curl's URL parser rejects it. */
bool erpsync_http_url_origin(const char *url, char *out, size_t outsize, bool *has_user);
/* base URL + path + query, refused (NULL + ValidationException naming `field`) off the configured origin */
char *erpsync_http_build_url(const erpsync_http_client *c, const char *path, const erpsync_http_kv *q, size_t qn,
                             const char *field, erpsync_error *err);
/* "host:port" of a URL for messages (no credentials, no path) */
void erpsync_http_url_hostport(const char *url, char *out, size_t outsize);

/* ---- erpsync_http_xfer.c: one libcurl transfer */
typedef struct {
	erpsync_buf body;
	erpsync_buf headers;
	size_t cap;
	bool too_big;
} erpsync_http_xfer;

struct curl_slist *erpsync_http_slist_add(struct curl_slist *l, const char *name, const char *value);
struct curl_slist *erpsync_http_build_headers(erpsync_http_client *c, const erpsync_http_kv *rh, size_t rn,
                                              bool has_body, const char *content_type);
/* The options every connection of the client gets on either path (timeouts, TLS verification, keep-alive, schemes). */
void erpsync_http_connection_options(const erpsync_http_client *c, CURL *e, long timeout_ms);
void erpsync_http_setup_easy(erpsync_http_client *c, CURL *e, const char *method, const char *url,
                             struct curl_slist *hdrs, const char *body, size_t body_len, long timeout_ms,
                             erpsync_http_xfer *x, char *errbuf);

/* ---- erpsync_http_reply.c: what a reply means */
void erpsync_http_transport_error(erpsync_error *err, CURLcode rc, const char *url, const char *errbuf,
                                  long timeout_ms, double connect_time, erpsync_http_client *c, bool too_big, long os_errno);
/* HttpException for a status outside 2xx (message, status, retryable, redacted excerpt of the body) */
void erpsync_http_status_error(erpsync_http_client *c, erpsync_error *err, const char *method, const char *redacted_url,
                               long status, const char *body, size_t body_len);
/* retried without the caller asking: 429, 502, 503, 504 */
bool erpsync_http_status_retry_auto(long s);
bool erpsync_http_method_idempotent(const char *m, bool marked);
/* Seconds the server asks us to wait (Retry-After, X-Rate-Limit-*), -1 when it says nothing. */
double erpsync_http_server_wait(const char *headers, size_t hlen, bool is_429);

/* ---- erpsync_http_log.c: the request log */
void erpsync_http_emit_log(erpsync_http_client *c, const char *method, const char *url, long status, double dur,
                           int attempt, struct curl_slist *hdrs, const char *rq, size_t rql, const char *rs, size_t rsl,
                           const erpsync_buf *rsh, const erpsync_error *aerr, bool will_retry);

/* ---- erpsync_http_login.c: login-token authentication */
void erpsync_http_drop_token(erpsync_http_client *c);
/* a valid token for a login client (logs in when there is none or it is about to expire); 0, or -1 + err */
int erpsync_http_ensure_token(erpsync_http_client *c, erpsync_error *err);

#endif
