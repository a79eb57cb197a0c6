/*
 * erpsync module: INI settings, phpinfo(), the MINIT/MSHUTDOWN chain and the two namespaced
 * functions ErpSync\version() and ErpSync\info().
 */
#include "php_erpsync.h"
#include "ext/standard/info.h"
#include "erpsync_classes.h"

#include <curl/curl.h>
#include <json-c/json.h>

#ifndef ERPSYNC_BUILT_CURL_VERSION
# define ERPSYNC_BUILT_CURL_VERSION LIBCURL_VERSION
#endif
#ifndef ERPSYNC_BUILT_JSONC_VERSION
# define ERPSYNC_BUILT_JSONC_VERSION JSON_C_VERSION
#endif

ZEND_DECLARE_MODULE_GLOBALS(erpsync)

/* ------------------------------------------------------------------------------ INI */

/* A whole number within [min, max]; anything else is refused with a warning naming the key. */
static ZEND_INI_MH(OnUpdateErpsyncRange)
{
	zend_long lmin = (zend_long) (uintptr_t) mh_arg3;
	zend_long lmax = ZEND_LONG_MAX;
	zend_long *p = (zend_long *) ZEND_INI_GET_ADDR();
	char *end = NULL;
	zend_long v;

	(void) stage;
	if (strcmp(ZSTR_VAL(entry->name), "erpsync.connect_timeout_ms") == 0 || strcmp(ZSTR_VAL(entry->name), "erpsync.timeout_ms") == 0) {
		lmax = 3600000; /* one hour */
	}
	v = ZEND_STRTOL(ZSTR_VAL(new_value), &end, 10);
	if (ZSTR_LEN(new_value) == 0 || (end && *end != '\0') || v < lmin || v > lmax) {
		php_error_docref(NULL, E_WARNING, "%s must be a whole number from " ZEND_LONG_FMT " to " ZEND_LONG_FMT ", \"%s\" given",
			ZSTR_VAL(entry->name), lmin, lmax, ZSTR_VAL(new_value));
		return FAILURE;
	}
	*p = v;
	return SUCCESS;
}

/* A readable file, or empty for the system default CA store. */
static ZEND_INI_MH(OnUpdateErpsyncCaFile)
{
	if (ZSTR_LEN(new_value) > 0 && VCWD_ACCESS(ZSTR_VAL(new_value), R_OK) != 0) {
		php_error_docref(NULL, E_WARNING, "erpsync.ca_file: \"%s\" is not a readable file", ZSTR_VAL(new_value));
		return FAILURE;
	}
	return OnUpdateString(entry, new_value, mh_arg1, mh_arg2, mh_arg3, stage);
}

PHP_INI_BEGIN()
	STD_PHP_INI_ENTRY("erpsync.connect_timeout_ms", "5000", PHP_INI_ALL, OnUpdateErpsyncRange, connect_timeout_ms, zend_erpsync_globals, erpsync_globals)
	STD_PHP_INI_ENTRY("erpsync.timeout_ms", "30000", PHP_INI_ALL, OnUpdateErpsyncRange, timeout_ms, zend_erpsync_globals, erpsync_globals)
	STD_PHP_INI_ENTRY("erpsync.max_response_bytes", "67108864", PHP_INI_ALL, OnUpdateErpsyncRange, max_response_bytes, zend_erpsync_globals, erpsync_globals)
	STD_PHP_INI_ENTRY("erpsync.ca_file", "", PHP_INI_ALL, OnUpdateErpsyncCaFile, ca_file, zend_erpsync_globals, erpsync_globals)
	STD_PHP_INI_BOOLEAN("erpsync.request_log", "1", PHP_INI_ALL, OnUpdateBool, request_log, zend_erpsync_globals, erpsync_globals)
	STD_PHP_INI_ENTRY("erpsync.log_body_bytes", "2048", PHP_INI_ALL, OnUpdateErpsyncRange, log_body_bytes, zend_erpsync_globals, erpsync_globals)
PHP_INI_END()

PHP_GINIT_FUNCTION(erpsync)
{
#if defined(COMPILE_DL_ERPSYNC) && defined(ZTS)
	ZEND_TSRMLS_CACHE_UPDATE();
#endif
	memset(erpsync_globals, 0, sizeof(*erpsync_globals));
}

/* ------------------------------------------------------------------------ functions */

ZEND_FUNCTION(ErpSync_version)
{
	ZEND_PARSE_PARAMETERS_NONE();
	RETURN_STRING(PHP_ERPSYNC_VERSION);
}

ZEND_FUNCTION(ErpSync_info)
{
	curl_version_info_data *cv;

	ZEND_PARSE_PARAMETERS_NONE();
	cv = curl_version_info(CURLVERSION_NOW);
	array_init(return_value);
	add_assoc_string(return_value, "version", PHP_ERPSYNC_VERSION);
	add_assoc_string(return_value, "curl_compiled", ERPSYNC_BUILT_CURL_VERSION);
	add_assoc_string(return_value, "curl_linked", (char *) cv->version);
	add_assoc_string(return_value, "curl_ssl", cv->ssl_version ? (char *) cv->ssl_version : "none");
	add_assoc_string(return_value, "json_c_compiled", ERPSYNC_BUILT_JSONC_VERSION);
	add_assoc_string(return_value, "json_c_linked", (char *) json_c_version());
	add_assoc_long(return_value, "connect_timeout_ms", ERPSYNC_G(connect_timeout_ms));
	add_assoc_long(return_value, "timeout_ms", ERPSYNC_G(timeout_ms));
	add_assoc_long(return_value, "max_response_bytes", ERPSYNC_G(max_response_bytes));
	add_assoc_string(return_value, "ca_file", ERPSYNC_G(ca_file) ? ERPSYNC_G(ca_file) : "");
	add_assoc_bool(return_value, "request_log", ERPSYNC_G(request_log));
	add_assoc_long(return_value, "log_body_bytes", ERPSYNC_G(log_body_bytes));
	add_assoc_long(return_value, "json_decodes_fast", (zend_long) ERPSYNC_G(json_decodes_fast));
	add_assoc_long(return_value, "json_decodes_json_c", (zend_long) ERPSYNC_G(json_decodes_json_c));
}

/* --------------------------------------------------------------------------- module */

PHP_MINIT_FUNCTION(erpsync)
{
	REGISTER_INI_ENTRIES();
	erpsync_register_classes();
	if (PHP_MINIT(erpsync_exceptions)(INIT_FUNC_ARGS_PASSTHRU) != SUCCESS
	 || PHP_MINIT(erpsync_json)(INIT_FUNC_ARGS_PASSTHRU) != SUCCESS
	 || PHP_MINIT(erpsync_http)(INIT_FUNC_ARGS_PASSTHRU) != SUCCESS
	 || PHP_MINIT(erpsync_connectors)(INIT_FUNC_ARGS_PASSTHRU) != SUCCESS
	 || PHP_MINIT(erpsync_matcher)(INIT_FUNC_ARGS_PASSTHRU) != SUCCESS) {
		return FAILURE;
	}
	return SUCCESS;
}

PHP_MSHUTDOWN_FUNCTION(erpsync)
{
	PHP_MSHUTDOWN(erpsync_http)(SHUTDOWN_FUNC_ARGS_PASSTHRU);
	UNREGISTER_INI_ENTRIES();
	return SUCCESS;
}

PHP_MINFO_FUNCTION(erpsync)
{
	curl_version_info_data *cv = curl_version_info(CURLVERSION_NOW);

	(void) zend_module;
	php_info_print_table_start();
	php_info_print_table_row(2, "erpsync support", "enabled");
	php_info_print_table_row(2, "Version", PHP_ERPSYNC_VERSION);
	php_info_print_table_end();

	php_info_print_table_start();
	php_info_print_table_header(3, "Used library", "Compiled", "Linked");
	php_info_print_table_row(3, "libcurl", ERPSYNC_BUILT_CURL_VERSION, cv->version);
	php_info_print_table_row(3, "json-c", ERPSYNC_BUILT_JSONC_VERSION, json_c_version());
	php_info_print_table_row(3, "TLS backend", "", cv->ssl_version ? cv->ssl_version : "none");
	php_info_print_table_end();

	DISPLAY_INI_ENTRIES();
}
