/*
 * Class entries of every class erpsync declares in erpsync.stub.php. They are registered in
 * one place (erpsync_module.c, the only file that includes the generated arginfo header, since
 * it defines static tables); the area bindings then set their object handlers in their MINIT.
 */
#ifndef ERPSYNC_CLASSES_H
#define ERPSYNC_CLASSES_H

#include "php.h"

/* errors */
extern zend_class_entry *erpsync_ce_exception;
extern zend_class_entry *erpsync_ce_transport_exception;
extern zend_class_entry *erpsync_ce_http_exception;
extern zend_class_entry *erpsync_ce_rate_limited_exception;
extern zend_class_entry *erpsync_ce_protocol_exception;
extern zend_class_entry *erpsync_ce_validation_exception;

/* json (ext/json) */
#include "json/erpsync_json.h" /* flag macros: @cvalue of the ErpSync\Json constants */
extern zend_class_entry *erpsync_ce_json;

/* http (ext/http) */
extern zend_class_entry *erpsync_ce_http_client;
extern zend_class_entry *erpsync_ce_http_response;

/* connectors (ext/connectors) */
extern zend_class_entry *erpsync_ce_connector_vasco;
extern zend_class_entry *erpsync_ce_connector_logistos;
extern zend_class_entry *erpsync_ce_connector_sors;
extern zend_class_entry *erpsync_ce_connector_sitoo;

/* matcher (ext/matcher) */
extern zend_class_entry *erpsync_ce_matcher;

/* Registers all classes; called first thing in MINIT. */
void erpsync_register_classes(void);


#endif
