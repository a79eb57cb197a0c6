/*
 * erpsync: WooCommerce <-> back-office sync engine (PHP extension).
 * Umbrella header for the binding layer: module globals, version, MINIT chain.
 */
#ifndef PHP_ERPSYNC_H
#define PHP_ERPSYNC_H

#ifdef HAVE_CONFIG_H
# include "config.h"
#endif

#include "php.h"
#include "php_ini.h"

extern zend_module_entry erpsync_module_entry;
#define phpext_erpsync_ptr &erpsync_module_entry

#define PHP_ERPSYNC_VERSION "0.1.0"

#ifdef PHP_WIN32
# define PHP_ERPSYNC_API __declspec(dllexport)
#elif defined(__GNUC__) && __GNUC__ >= 4
# define PHP_ERPSYNC_API __attribute__ ((visibility("default")))
#else
# define PHP_ERPSYNC_API
#endif

#if defined(ZTS) && defined(COMPILE_DL_ERPSYNC)
ZEND_TSRMLS_CACHE_EXTERN()
#endif

ZEND_BEGIN_MODULE_GLOBALS(erpsync)
	zend_long connect_timeout_ms;   /* erpsync.connect_timeout_ms: default connect timeout */
	zend_long timeout_ms;           /* erpsync.timeout_ms: default total request timeout */
	zend_long max_response_bytes;   /* erpsync.max_response_bytes: default response size cap */
	char     *ca_file;              /* erpsync.ca_file: CA bundle used when verifying TLS ("" = system default) */
	bool      request_log;          /* erpsync.request_log: allow request-log callbacks to be called */
	zend_long log_body_bytes;       /* erpsync.log_body_bytes: bytes of each body passed to the request log */
	zend_ulong json_decodes_fast;   /* texts decoded by the fast path since the process started (info()) */
	zend_ulong json_decodes_json_c; /* texts handed to the json-c path (refused, or a case it decides) */
ZEND_END_MODULE_GLOBALS(erpsync)

ZEND_EXTERN_MODULE_GLOBALS(erpsync)
#define ERPSYNC_G(v) ZEND_MODULE_GLOBALS_ACCESSOR(erpsync, v)

/* Module lifecycle (erpsync.c); the module entry itself is in erpsync_module.c. */
PHP_MINIT_FUNCTION(erpsync);
PHP_MSHUTDOWN_FUNCTION(erpsync);
PHP_MINFO_FUNCTION(erpsync);
PHP_GINIT_FUNCTION(erpsync);

/* Per-area module init/shutdown, chained from the main MINIT/MSHUTDOWN (ext-http style). */
PHP_MINIT_FUNCTION(erpsync_exceptions);
PHP_MINIT_FUNCTION(erpsync_http);
PHP_MSHUTDOWN_FUNCTION(erpsync_http);
PHP_MINIT_FUNCTION(erpsync_json);
PHP_MINIT_FUNCTION(erpsync_connectors);
PHP_MINIT_FUNCTION(erpsync_matcher);

#endif /* PHP_ERPSYNC_H */
