/* Binding of the matcher area (placeholder until it lands). */
#include "php_erpsync.h"

PHP_MINIT_FUNCTION(erpsync_matcher)
{
	(void) type;
	(void) module_number;
	return SUCCESS;
}
