/* Binding of the connectors area (placeholder until it lands). */
#include "php_erpsync.h"

PHP_MINIT_FUNCTION(erpsync_connectors)
{
	(void) type;
	(void) module_number;
	return SUCCESS;
}
