/* Shared by the files of the ErpSync\Http binding (zval-side; not part of the engine's erpsync_http_internal.h). */
#ifndef ERPSYNC_HTTP_PHP_INTERNAL_H
#define ERPSYNC_HTTP_PHP_INTERNAL_H

#include "php.h"
#include "erpsync_http.h"

#define SUBJ "http client"

/* name => scalar pairs into kv (strings kept alive in strs) */
typedef struct {
	erpsync_http_kv *kv;
	size_t n;
	zend_string **strs;
	size_t ns;
} erpsync_http_kv_list;

/* What the constructor's options own until the engine has copied them (freed by erpsync_http_ctor_owned_free). */
typedef struct {
	erpsync_http_kv_list headers;
	const char **token_fields;
	const char **secrets;
	size_t secret_count;
	char *login_body;
} erpsync_http_ctor_owned;

/* what a request is built from: the engine request and what it points into */
typedef struct {
	erpsync_http_request r;
	erpsync_http_kv_list query;
	erpsync_http_kv_list headers;
	char *json_body;
	zend_string *method;
} erpsync_http_req_build;

/* ---- erpsync_http_options_php.c: option arrays (1 found, 0 absent or null, -1 thrown; bool: false once thrown) */
bool erpsync_http_check_keys(HashTable *ht, const char *const *allowed, const char *prefix);
int erpsync_http_opt_string(HashTable *ht, const char *key, const char *field, const char **out, size_t *len);
int erpsync_http_opt_long(HashTable *ht, const char *key, const char *field, zend_long min, zend_long max, zend_long *out);
int erpsync_http_opt_number(HashTable *ht, const char *key, const char *field, double *out);
int erpsync_http_opt_bool(HashTable *ht, const char *key, const char *field, bool *out);
int erpsync_http_opt_array(HashTable *ht, const char *key, const char *field, HashTable **out);
bool erpsync_http_kv_list_from(HashTable *ht, const char *field, bool header, erpsync_http_kv_list *l);
void erpsync_http_kv_list_free(erpsync_http_kv_list *l);
void erpsync_http_ctor_owned_free(erpsync_http_ctor_owned *w);
bool erpsync_http_ctor_transport(HashTable *opts, erpsync_http_config *cfg);
bool erpsync_http_ctor_pacing(HashTable *opts, erpsync_http_config *cfg);
bool erpsync_http_ctor_auth(HashTable *auth, erpsync_http_config *cfg, erpsync_http_ctor_owned *w);
bool erpsync_http_req_build_init(erpsync_http_req_build *b, const char *method, const char *path, HashTable *opts, bool allow_method_path);
void erpsync_http_req_build_free(erpsync_http_req_build *b);

#endif
