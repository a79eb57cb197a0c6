/* Binding of the json area (placeholder until it lands). */
#include "php_erpsync.h"

PHP_MINIT_FUNCTION(erpsync_json)
{
	(void) type;
	(void) module_number;
	return SUCCESS;
}
