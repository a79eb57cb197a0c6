/* Internals shared by the files of the HTTP engine (not part of the contract). */
#ifndef ERPSYNC_HTTP_INTERNAL_H
#define ERPSYNC_HTTP_INTERNAL_H

#include <curl/curl.h>
#include "erpsync_http.h"

typedef struct {
	char *p;      /* always NUL-terminated once anything was appended */
	size_t len;
	size_t cap;
} erpsync_buf;

bool erpsync_buf_append(erpsync_buf *b, const char *s, size_t n);
void erpsync_buf_free(erpsync_buf *b);

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

#endif
