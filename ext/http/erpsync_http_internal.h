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
	bool busy;
	unsigned long long rng;       /* backoff jitter state */                    /* execute_many is running (guards re-entry from the log hook) */
};

bool erpsync_http_name_is_secret(const char *name, size_t len);
char *erpsync_http_redact_url_str(const erpsync_http_client *client, const char *url);

#endif
