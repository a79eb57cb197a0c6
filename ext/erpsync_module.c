/*
 * The module entry and the registration of every class of erpsync.stub.php. This is the only
 * file that includes the generated erpsync_arginfo.h (it defines static tables). Each area keeps
 * its block below; method bodies (ZEND_METHOD) live in the area's own binding file, module
 * lifecycle and INI in erpsync.c.
 */
#include "php_erpsync.h"
#include "zend_exceptions.h"
#include "ext/spl/spl_exceptions.h"
#include "erpsync_classes.h"
#include "erpsync_arginfo.h"

/* --------------------------------------------------------------------------------- errors */
zend_class_entry *erpsync_ce_exception;
zend_class_entry *erpsync_ce_transport_exception;
zend_class_entry *erpsync_ce_http_exception;
zend_class_entry *erpsync_ce_rate_limited_exception;
zend_class_entry *erpsync_ce_protocol_exception;
zend_class_entry *erpsync_ce_validation_exception;

static void register_error_classes(void)
{
	erpsync_ce_exception = register_class_ErpSync_Exception(spl_ce_RuntimeException);
	erpsync_ce_transport_exception = register_class_ErpSync_TransportException(erpsync_ce_exception);
	erpsync_ce_http_exception = register_class_ErpSync_HttpException(erpsync_ce_exception);
	erpsync_ce_rate_limited_exception = register_class_ErpSync_RateLimitedException(erpsync_ce_http_exception);
	erpsync_ce_protocol_exception = register_class_ErpSync_ProtocolException(erpsync_ce_exception);
	erpsync_ce_validation_exception = register_class_ErpSync_ValidationException(erpsync_ce_exception);
}


/* ----------------------------------------------------------------------------------- json */
zend_class_entry *erpsync_ce_json;

static void register_json_classes(void)
{
	erpsync_ce_json = register_class_ErpSync_Json();
}


/* ----------------------------------------------------------------------------------- http */
zend_class_entry *erpsync_ce_http_client;
zend_class_entry *erpsync_ce_http_response;

static void register_http_classes(void)
{
	erpsync_ce_http_client = register_class_ErpSync_Http_Client();
	erpsync_ce_http_response = register_class_ErpSync_Http_Response();
}


/* ----------------------------------------------------------------------------- connectors */

zend_class_entry *erpsync_ce_connector_vasco;
zend_class_entry *erpsync_ce_connector_logistos;
zend_class_entry *erpsync_ce_connector_sors;
zend_class_entry *erpsync_ce_connector_sitoo;

static void register_connector_classes(void)
{
	erpsync_ce_connector_vasco = register_class_ErpSync_Connector_Vasco();
	erpsync_ce_connector_logistos = register_class_ErpSync_Connector_Logistos();
	erpsync_ce_connector_sors = register_class_ErpSync_Connector_Sors();
	erpsync_ce_connector_sitoo = register_class_ErpSync_Connector_Sitoo();
}


/* -------------------------------------------------------------------------------- matcher */

zend_class_entry *erpsync_ce_matcher;

static void register_matcher_classes(void)
{
	erpsync_ce_matcher = register_class_ErpSync_Matcher_Matcher();
}


void erpsync_register_classes(void)
{
	register_error_classes();
	register_json_classes();
	register_http_classes();
	register_connector_classes();
	register_matcher_classes();
}

zend_module_entry erpsync_module_entry = {
	STANDARD_MODULE_HEADER,
	"erpsync",
	ext_functions,
	PHP_MINIT(erpsync),
	PHP_MSHUTDOWN(erpsync),
	NULL,
	NULL,
	PHP_MINFO(erpsync),
	PHP_ERPSYNC_VERSION,
	PHP_MODULE_GLOBALS(erpsync),
	PHP_GINIT(erpsync),
	NULL,
	NULL,
	STANDARD_MODULE_PROPERTIES_EX
};

#ifdef COMPILE_DL_ERPSYNC
# ifdef ZTS
ZEND_TSRMLS_CACHE_DEFINE()
# endif
ZEND_GET_MODULE(erpsync)
#endif
