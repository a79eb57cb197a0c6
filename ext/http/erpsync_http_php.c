/* Binding of ErpSync\Http (placeholder until the transport lands). */
#include "php_erpsync.h"
#include <curl/curl.h>

PHP_MINIT_FUNCTION(erpsync_http)
{
	(void) type;
	(void) module_number;
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK) {
		return FAILURE;
	}
	return SUCCESS;
}

PHP_MSHUTDOWN_FUNCTION(erpsync_http)
{
	(void) type;
	(void) module_number;
	curl_global_cleanup();
	return SUCCESS;
}
