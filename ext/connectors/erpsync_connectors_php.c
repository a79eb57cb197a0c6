/* MINIT of the connectors: object handlers of every connector class. */
#include "php_erpsync.h"
#include "erpsync_classes.h"
#include "erpsync_conn_php.h"

PHP_MINIT_FUNCTION(erpsync_connectors)
{
	(void) type;
	(void) module_number;
	erpsync_conn_class_init(erpsync_ce_connector_vasco);
	erpsync_conn_class_init(erpsync_ce_connector_logistos);
	erpsync_conn_class_init(erpsync_ce_connector_sors);
	erpsync_conn_class_init(erpsync_ce_connector_sitoo);
	return SUCCESS;
}
