/* This is a generated file, edit the .stub.php file instead.
 * Stub hash: 9cc123313e6b2d7e78774e6751991ef1ac0a69c8 */

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_ErpSync_version, 0, 0, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_ErpSync_info, 0, 0, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_TransportException_getKind arginfo_ErpSync_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_HttpException_getStatus, 0, 0, IS_LONG, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_HttpException_getBodyExcerpt arginfo_ErpSync_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_HttpException_isRetryable, 0, 0, _IS_BOOL, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_RateLimitedException_getRetryAfter, 0, 0, IS_DOUBLE, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_ProtocolException_getJsonPath arginfo_ErpSync_version

#define arginfo_class_ErpSync_ValidationException_getField arginfo_ErpSync_version

#define arginfo_class_ErpSync_ValidationException_getSubject arginfo_ErpSync_version

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Json_decode, 0, 1, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO(0, json, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, flags, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, depth, IS_LONG, 0, "512")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, maxBytes, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Json_encode, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, value, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, flags, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, depth, IS_LONG, 0, "512")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Json_money, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_MASK(0, value, MAY_BE_LONG|MAY_BE_DOUBLE|MAY_BE_STRING, NULL)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Json_decimal, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_MASK(0, value, MAY_BE_LONG|MAY_BE_DOUBLE|MAY_BE_STRING, NULL)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, places, IS_LONG, 0, "3")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_ErpSync_Http_Client___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, options, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_ErpSync_Http_Client_request, 0, 2, ErpSync\\Http\\Response, 0)
	ZEND_ARG_TYPE_INFO(0, method, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_OBJ_INFO_EX(arginfo_class_ErpSync_Http_Client_get, 0, 1, ErpSync\\Http\\Response, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Http_Client_post arginfo_class_ErpSync_Http_Client_get

#define arginfo_class_ErpSync_Http_Client_put arginfo_class_ErpSync_Http_Client_get

#define arginfo_class_ErpSync_Http_Client_delete arginfo_class_ErpSync_Http_Client_get

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Http_Client_requestMany, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, requests, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, concurrency, IS_LONG, 0, "8")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Http_Client_paginate, 0, 3, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, path, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, pagination, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, onPage, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, options, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Http_Client_connectionCount arginfo_class_ErpSync_HttpException_getStatus

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_ErpSync_Http_Response___construct, 0, 0, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Http_Response_json, 0, 0, IS_MIXED, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, assoc, _IS_BOOL, 0, "true")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Http_Response_header, 0, 1, IS_STRING, 1)
	ZEND_ARG_TYPE_INFO(0, name, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_INFO_EX(arginfo_class_ErpSync_Connector_Vasco___construct, 0, 0, 1)
	ZEND_ARG_TYPE_INFO(0, settings, IS_ARRAY, 0)
	ZEND_ARG_OBJ_INFO_WITH_DEFAULT_VALUE(0, client, ErpSync\\Http\\Client, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Vasco_capabilities arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Vasco_testConnection arginfo_ErpSync_info

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_buildOrderPayload, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, context, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_reconcileOrder, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, context, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_findOrder, 0, 1, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Vasco_exportOrder arginfo_class_ErpSync_Connector_Vasco_reconcileOrder

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_exportOrders, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, orders, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, contexts, IS_ARRAY, 0, "[]")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, concurrency, IS_LONG, 0, "8")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_buildCustomerPayload, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, customer, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_findCustomer, 0, 1, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, customer, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_createCustomer, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, customer, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_isBlacklisted, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, email, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_orderState, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, number, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, year, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_fetchProducts, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, onPage, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pageSize, IS_LONG, 0, "5000")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_fetchStock, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, codes, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_fetchProductsInto, 0, 1, IS_LONG, 0)
	ZEND_ARG_OBJ_INFO(0, matcher, ErpSync\\Matcher\\Matcher, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, countSupplierStock, _IS_BOOL, 0, "true")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pageSize, IS_LONG, 0, "5000")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_buildProductPayload, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, product, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_findProduct, 0, 1, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, product, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_pushProduct, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, product, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Vasco_customerDebt, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, date, IS_STRING, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Vasco_countries arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Logistos___construct arginfo_class_ErpSync_Connector_Vasco___construct

#define arginfo_class_ErpSync_Connector_Logistos_capabilities arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Logistos_testConnection arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Logistos_buildOrderPayload arginfo_class_ErpSync_Connector_Vasco_buildOrderPayload

#define arginfo_class_ErpSync_Connector_Logistos_reconcileOrder arginfo_class_ErpSync_Connector_Vasco_reconcileOrder

#define arginfo_class_ErpSync_Connector_Logistos_findOrder arginfo_class_ErpSync_Connector_Vasco_findOrder

#define arginfo_class_ErpSync_Connector_Logistos_exportOrder arginfo_class_ErpSync_Connector_Vasco_reconcileOrder

#define arginfo_class_ErpSync_Connector_Logistos_findCustomer arginfo_class_ErpSync_Connector_Vasco_findCustomer

#define arginfo_class_ErpSync_Connector_Logistos_createCustomer arginfo_class_ErpSync_Connector_Vasco_createCustomer

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Logistos_buildHandshakePayload, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, credentials, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Logistos_handshake, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, credentials, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Logistos_pushOrders, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, orders, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, batchSize, IS_LONG, 0, "50")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sors___construct arginfo_class_ErpSync_Connector_Vasco___construct

#define arginfo_class_ErpSync_Connector_Sors_capabilities arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sors_testConnection arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sors_databases arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sors_businessUnits arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sors_priceTypes arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sors_stockModes arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sors_productGroups arginfo_ErpSync_info

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sors_fetchProducts, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, onPage, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pageSize, IS_LONG, 0, "500")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sors_productImages, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, productId, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sors_fetchStock arginfo_class_ErpSync_Connector_Sors_fetchProducts

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sors_fetchProductsInto, 0, 1, IS_LONG, 0)
	ZEND_ARG_OBJ_INFO(0, matcher, ErpSync\\Matcher\\Matcher, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pageSize, IS_LONG, 0, "500")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sors_fetchStockInto arginfo_class_ErpSync_Connector_Sors_fetchProductsInto

#define arginfo_class_ErpSync_Connector_Sors_buildOrderPayload arginfo_class_ErpSync_Connector_Vasco_buildOrderPayload

#define arginfo_class_ErpSync_Connector_Sors_reconcileOrder arginfo_class_ErpSync_Connector_Vasco_reconcileOrder

#define arginfo_class_ErpSync_Connector_Sors_findOrder arginfo_class_ErpSync_Connector_Vasco_findOrder

#define arginfo_class_ErpSync_Connector_Sors_exportOrder arginfo_class_ErpSync_Connector_Vasco_reconcileOrder

#define arginfo_class_ErpSync_Connector_Sors_buildReturnPayload arginfo_class_ErpSync_Connector_Vasco_buildOrderPayload

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sors_findReturn, 0, 1, IS_ARRAY, 1)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, context, IS_ARRAY, 0, "[]")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sors_exportReturn arginfo_class_ErpSync_Connector_Vasco_reconcileOrder

#define arginfo_class_ErpSync_Connector_Sors_buildCustomerPayload arginfo_class_ErpSync_Connector_Vasco_buildCustomerPayload

#define arginfo_class_ErpSync_Connector_Sors_findCustomer arginfo_class_ErpSync_Connector_Vasco_findCustomer

#define arginfo_class_ErpSync_Connector_Sors_createCustomer arginfo_class_ErpSync_Connector_Vasco_createCustomer

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sors_customerDebt, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, customerId, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sitoo___construct arginfo_class_ErpSync_Connector_Vasco___construct

#define arginfo_class_ErpSync_Connector_Sitoo_capabilities arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sitoo_testConnection arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sitoo_buildOrderPayload arginfo_class_ErpSync_Connector_Vasco_buildOrderPayload

#define arginfo_class_ErpSync_Connector_Sitoo_reconcileOrder arginfo_class_ErpSync_Connector_Vasco_reconcileOrder

#define arginfo_class_ErpSync_Connector_Sitoo_findOrder arginfo_class_ErpSync_Connector_Vasco_findOrder

#define arginfo_class_ErpSync_Connector_Sitoo_exportOrder arginfo_class_ErpSync_Connector_Vasco_reconcileOrder

#define arginfo_class_ErpSync_Connector_Sitoo_findCustomer arginfo_class_ErpSync_Connector_Vasco_findCustomer

#define arginfo_class_ErpSync_Connector_Sitoo_createCustomer arginfo_class_ErpSync_Connector_Vasco_createCustomer

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_isClickAndCollect, 0, 1, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, order, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_fixSku, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, sku, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_fetchWarehouseItems, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, onPage, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pageSize, IS_LONG, 0, "1000")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, modifiedSince, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_adjustStock, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, changes, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, externalid, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_pushProducts, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, products, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_fetchOrders, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, onPage, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, fromOrderId, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, store2doorOnly, _IS_BOOL, 0, "false")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pageSize, IS_LONG, 0, "100")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, fromDate, IS_LONG, 1, "null")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sitoo_updateProducts arginfo_class_ErpSync_Connector_Sitoo_pushProducts

#define arginfo_class_ErpSync_Connector_Sitoo_deleteProducts arginfo_class_ErpSync_Connector_Sitoo_pushProducts

#define arginfo_class_ErpSync_Connector_Sitoo_warehouses arginfo_ErpSync_info

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_deliverOrder, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, orderId, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sitoo_cancelOrder arginfo_class_ErpSync_Connector_Sitoo_deliverOrder

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_setVariants, 0, 3, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, productId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, parent, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, variants, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_uploadImage, 0, 3, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, productId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, fileName, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, bytes, IS_STRING, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sitoo_images arginfo_class_ErpSync_Connector_Sors_productImages

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_unlinkImage, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, productId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, index, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_syncCategories, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, categories, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_syncManufacturers, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, names, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_buildVoucherPayload, 0, 1, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, coupon, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_pushVoucher, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, coupon, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_updateVoucher, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, voucherId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, coupon, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_virtualTotals, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, skus, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_findStockTransactions, 0, 2, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, externalId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, since, IS_LONG, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_stocktake, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, counts, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, comment, IS_STRING, 0, "\"erpsync stocktaking\"")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sitoo_sites arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sitoo_categories arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sitoo_manufacturers arginfo_ErpSync_info

#define arginfo_class_ErpSync_Connector_Sitoo_vouchers arginfo_ErpSync_info

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_fetchProducts, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, onPage, IS_CALLABLE, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, status, IS_STRING, 0, "\"all\"")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, modifiedSince, IS_LONG, 1, "null")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, pageSize, IS_LONG, 0, "500")
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_updateCategory, 0, 2, _IS_BOOL, 0)
	ZEND_ARG_TYPE_INFO(0, categoryId, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, title, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, parentId, IS_LONG, 0, "0")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Connector_Sitoo_findProducts arginfo_class_ErpSync_Connector_Sitoo_virtualTotals

#define arginfo_class_ErpSync_Connector_Sitoo_allowance arginfo_ErpSync_info

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Connector_Sitoo_adjustVirtualStock, 0, 1, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO(0, changes, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Matcher_Matcher___construct arginfo_class_ErpSync_Http_Client___construct

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Matcher_Matcher_addRemoteJson, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, body, IS_STRING, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Matcher_Matcher_addRemote, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, items, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Matcher_Matcher_addLocal, 0, 1, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, products, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Matcher_Matcher_addLocalPacked, 0, 2, IS_LONG, 0)
	ZEND_ARG_TYPE_INFO(0, rows, IS_STRING, 0)
	ZEND_ARG_TYPE_INFO(0, columns, IS_ARRAY, 0)
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Matcher_Matcher_run arginfo_ErpSync_info

ZEND_BEGIN_ARG_WITH_RETURN_TYPE_INFO_EX(arginfo_class_ErpSync_Matcher_Matcher_matched, 0, 0, IS_ARRAY, 0)
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, offset, IS_LONG, 0, "0")
	ZEND_ARG_TYPE_INFO_WITH_DEFAULT_VALUE(0, limit, IS_LONG, 0, "1000")
ZEND_END_ARG_INFO()

#define arginfo_class_ErpSync_Matcher_Matcher_changes arginfo_class_ErpSync_Matcher_Matcher_matched

#define arginfo_class_ErpSync_Matcher_Matcher_unmatchedLocal arginfo_class_ErpSync_Matcher_Matcher_matched

#define arginfo_class_ErpSync_Matcher_Matcher_unmatchedRemote arginfo_class_ErpSync_Matcher_Matcher_matched

#define arginfo_class_ErpSync_Matcher_Matcher_unmatchedRemoteItems arginfo_class_ErpSync_Matcher_Matcher_matched

#define arginfo_class_ErpSync_Matcher_Matcher_duplicates arginfo_class_ErpSync_Matcher_Matcher_matched

#define arginfo_class_ErpSync_Matcher_Matcher_invalid arginfo_class_ErpSync_Matcher_Matcher_matched


ZEND_FUNCTION(ErpSync_version);
ZEND_FUNCTION(ErpSync_info);
ZEND_METHOD(ErpSync_TransportException, getKind);
ZEND_METHOD(ErpSync_HttpException, getStatus);
ZEND_METHOD(ErpSync_HttpException, getBodyExcerpt);
ZEND_METHOD(ErpSync_HttpException, isRetryable);
ZEND_METHOD(ErpSync_RateLimitedException, getRetryAfter);
ZEND_METHOD(ErpSync_ProtocolException, getJsonPath);
ZEND_METHOD(ErpSync_ValidationException, getField);
ZEND_METHOD(ErpSync_ValidationException, getSubject);
ZEND_METHOD(ErpSync_Json, decode);
ZEND_METHOD(ErpSync_Json, encode);
ZEND_METHOD(ErpSync_Json, money);
ZEND_METHOD(ErpSync_Json, decimal);
ZEND_METHOD(ErpSync_Http_Client, __construct);
ZEND_METHOD(ErpSync_Http_Client, request);
ZEND_METHOD(ErpSync_Http_Client, get);
ZEND_METHOD(ErpSync_Http_Client, post);
ZEND_METHOD(ErpSync_Http_Client, put);
ZEND_METHOD(ErpSync_Http_Client, delete);
ZEND_METHOD(ErpSync_Http_Client, requestMany);
ZEND_METHOD(ErpSync_Http_Client, paginate);
ZEND_METHOD(ErpSync_Http_Client, connectionCount);
ZEND_METHOD(ErpSync_Http_Response, __construct);
ZEND_METHOD(ErpSync_Http_Response, json);
ZEND_METHOD(ErpSync_Http_Response, header);
ZEND_METHOD(ErpSync_Connector_Vasco, __construct);
ZEND_METHOD(ErpSync_Connector_Vasco, capabilities);
ZEND_METHOD(ErpSync_Connector_Vasco, testConnection);
ZEND_METHOD(ErpSync_Connector_Vasco, buildOrderPayload);
ZEND_METHOD(ErpSync_Connector_Vasco, reconcileOrder);
ZEND_METHOD(ErpSync_Connector_Vasco, findOrder);
ZEND_METHOD(ErpSync_Connector_Vasco, exportOrder);
ZEND_METHOD(ErpSync_Connector_Vasco, exportOrders);
ZEND_METHOD(ErpSync_Connector_Vasco, buildCustomerPayload);
ZEND_METHOD(ErpSync_Connector_Vasco, findCustomer);
ZEND_METHOD(ErpSync_Connector_Vasco, createCustomer);
ZEND_METHOD(ErpSync_Connector_Vasco, isBlacklisted);
ZEND_METHOD(ErpSync_Connector_Vasco, orderState);
ZEND_METHOD(ErpSync_Connector_Vasco, fetchProducts);
ZEND_METHOD(ErpSync_Connector_Vasco, fetchStock);
ZEND_METHOD(ErpSync_Connector_Vasco, fetchProductsInto);
ZEND_METHOD(ErpSync_Connector_Vasco, buildProductPayload);
ZEND_METHOD(ErpSync_Connector_Vasco, findProduct);
ZEND_METHOD(ErpSync_Connector_Vasco, pushProduct);
ZEND_METHOD(ErpSync_Connector_Vasco, customerDebt);
ZEND_METHOD(ErpSync_Connector_Vasco, countries);
ZEND_METHOD(ErpSync_Connector_Logistos, __construct);
ZEND_METHOD(ErpSync_Connector_Logistos, capabilities);
ZEND_METHOD(ErpSync_Connector_Logistos, testConnection);
ZEND_METHOD(ErpSync_Connector_Logistos, buildOrderPayload);
ZEND_METHOD(ErpSync_Connector_Logistos, reconcileOrder);
ZEND_METHOD(ErpSync_Connector_Logistos, findOrder);
ZEND_METHOD(ErpSync_Connector_Logistos, exportOrder);
ZEND_METHOD(ErpSync_Connector_Logistos, findCustomer);
ZEND_METHOD(ErpSync_Connector_Logistos, createCustomer);
ZEND_METHOD(ErpSync_Connector_Logistos, buildHandshakePayload);
ZEND_METHOD(ErpSync_Connector_Logistos, handshake);
ZEND_METHOD(ErpSync_Connector_Logistos, pushOrders);
ZEND_METHOD(ErpSync_Connector_Sors, __construct);
ZEND_METHOD(ErpSync_Connector_Sors, capabilities);
ZEND_METHOD(ErpSync_Connector_Sors, testConnection);
ZEND_METHOD(ErpSync_Connector_Sors, databases);
ZEND_METHOD(ErpSync_Connector_Sors, businessUnits);
ZEND_METHOD(ErpSync_Connector_Sors, priceTypes);
ZEND_METHOD(ErpSync_Connector_Sors, stockModes);
ZEND_METHOD(ErpSync_Connector_Sors, productGroups);
ZEND_METHOD(ErpSync_Connector_Sors, fetchProducts);
ZEND_METHOD(ErpSync_Connector_Sors, productImages);
ZEND_METHOD(ErpSync_Connector_Sors, fetchStock);
ZEND_METHOD(ErpSync_Connector_Sors, fetchProductsInto);
ZEND_METHOD(ErpSync_Connector_Sors, fetchStockInto);
ZEND_METHOD(ErpSync_Connector_Sors, buildOrderPayload);
ZEND_METHOD(ErpSync_Connector_Sors, reconcileOrder);
ZEND_METHOD(ErpSync_Connector_Sors, findOrder);
ZEND_METHOD(ErpSync_Connector_Sors, exportOrder);
ZEND_METHOD(ErpSync_Connector_Sors, buildReturnPayload);
ZEND_METHOD(ErpSync_Connector_Sors, findReturn);
ZEND_METHOD(ErpSync_Connector_Sors, exportReturn);
ZEND_METHOD(ErpSync_Connector_Sors, buildCustomerPayload);
ZEND_METHOD(ErpSync_Connector_Sors, findCustomer);
ZEND_METHOD(ErpSync_Connector_Sors, createCustomer);
ZEND_METHOD(ErpSync_Connector_Sors, customerDebt);
ZEND_METHOD(ErpSync_Connector_Sitoo, __construct);
ZEND_METHOD(ErpSync_Connector_Sitoo, capabilities);
ZEND_METHOD(ErpSync_Connector_Sitoo, testConnection);
ZEND_METHOD(ErpSync_Connector_Sitoo, buildOrderPayload);
ZEND_METHOD(ErpSync_Connector_Sitoo, reconcileOrder);
ZEND_METHOD(ErpSync_Connector_Sitoo, findOrder);
ZEND_METHOD(ErpSync_Connector_Sitoo, exportOrder);
ZEND_METHOD(ErpSync_Connector_Sitoo, findCustomer);
ZEND_METHOD(ErpSync_Connector_Sitoo, createCustomer);
ZEND_METHOD(ErpSync_Connector_Sitoo, isClickAndCollect);
ZEND_METHOD(ErpSync_Connector_Sitoo, fixSku);
ZEND_METHOD(ErpSync_Connector_Sitoo, fetchWarehouseItems);
ZEND_METHOD(ErpSync_Connector_Sitoo, adjustStock);
ZEND_METHOD(ErpSync_Connector_Sitoo, pushProducts);
ZEND_METHOD(ErpSync_Connector_Sitoo, fetchOrders);
ZEND_METHOD(ErpSync_Connector_Sitoo, updateProducts);
ZEND_METHOD(ErpSync_Connector_Sitoo, deleteProducts);
ZEND_METHOD(ErpSync_Connector_Sitoo, warehouses);
ZEND_METHOD(ErpSync_Connector_Sitoo, deliverOrder);
ZEND_METHOD(ErpSync_Connector_Sitoo, cancelOrder);
ZEND_METHOD(ErpSync_Connector_Sitoo, setVariants);
ZEND_METHOD(ErpSync_Connector_Sitoo, uploadImage);
ZEND_METHOD(ErpSync_Connector_Sitoo, images);
ZEND_METHOD(ErpSync_Connector_Sitoo, unlinkImage);
ZEND_METHOD(ErpSync_Connector_Sitoo, syncCategories);
ZEND_METHOD(ErpSync_Connector_Sitoo, syncManufacturers);
ZEND_METHOD(ErpSync_Connector_Sitoo, buildVoucherPayload);
ZEND_METHOD(ErpSync_Connector_Sitoo, pushVoucher);
ZEND_METHOD(ErpSync_Connector_Sitoo, updateVoucher);
ZEND_METHOD(ErpSync_Connector_Sitoo, virtualTotals);
ZEND_METHOD(ErpSync_Connector_Sitoo, findStockTransactions);
ZEND_METHOD(ErpSync_Connector_Sitoo, stocktake);
ZEND_METHOD(ErpSync_Connector_Sitoo, sites);
ZEND_METHOD(ErpSync_Connector_Sitoo, categories);
ZEND_METHOD(ErpSync_Connector_Sitoo, manufacturers);
ZEND_METHOD(ErpSync_Connector_Sitoo, vouchers);
ZEND_METHOD(ErpSync_Connector_Sitoo, fetchProducts);
ZEND_METHOD(ErpSync_Connector_Sitoo, updateCategory);
ZEND_METHOD(ErpSync_Connector_Sitoo, findProducts);
ZEND_METHOD(ErpSync_Connector_Sitoo, allowance);
ZEND_METHOD(ErpSync_Connector_Sitoo, adjustVirtualStock);
ZEND_METHOD(ErpSync_Matcher_Matcher, __construct);
ZEND_METHOD(ErpSync_Matcher_Matcher, addRemoteJson);
ZEND_METHOD(ErpSync_Matcher_Matcher, addRemote);
ZEND_METHOD(ErpSync_Matcher_Matcher, addLocal);
ZEND_METHOD(ErpSync_Matcher_Matcher, addLocalPacked);
ZEND_METHOD(ErpSync_Matcher_Matcher, run);
ZEND_METHOD(ErpSync_Matcher_Matcher, matched);
ZEND_METHOD(ErpSync_Matcher_Matcher, changes);
ZEND_METHOD(ErpSync_Matcher_Matcher, unmatchedLocal);
ZEND_METHOD(ErpSync_Matcher_Matcher, unmatchedRemote);
ZEND_METHOD(ErpSync_Matcher_Matcher, unmatchedRemoteItems);
ZEND_METHOD(ErpSync_Matcher_Matcher, duplicates);
ZEND_METHOD(ErpSync_Matcher_Matcher, invalid);


static const zend_function_entry ext_functions[] = {
	ZEND_NS_FALIAS("ErpSync", version, ErpSync_version, arginfo_ErpSync_version)
	ZEND_NS_FALIAS("ErpSync", info, ErpSync_info, arginfo_ErpSync_info)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Exception_methods[] = {
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_TransportException_methods[] = {
	ZEND_ME(ErpSync_TransportException, getKind, arginfo_class_ErpSync_TransportException_getKind, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_HttpException_methods[] = {
	ZEND_ME(ErpSync_HttpException, getStatus, arginfo_class_ErpSync_HttpException_getStatus, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_HttpException, getBodyExcerpt, arginfo_class_ErpSync_HttpException_getBodyExcerpt, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_HttpException, isRetryable, arginfo_class_ErpSync_HttpException_isRetryable, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_RateLimitedException_methods[] = {
	ZEND_ME(ErpSync_RateLimitedException, getRetryAfter, arginfo_class_ErpSync_RateLimitedException_getRetryAfter, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_ProtocolException_methods[] = {
	ZEND_ME(ErpSync_ProtocolException, getJsonPath, arginfo_class_ErpSync_ProtocolException_getJsonPath, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_ValidationException_methods[] = {
	ZEND_ME(ErpSync_ValidationException, getField, arginfo_class_ErpSync_ValidationException_getField, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_ValidationException, getSubject, arginfo_class_ErpSync_ValidationException_getSubject, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Json_methods[] = {
	ZEND_ME(ErpSync_Json, decode, arginfo_class_ErpSync_Json_decode, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(ErpSync_Json, encode, arginfo_class_ErpSync_Json_encode, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(ErpSync_Json, money, arginfo_class_ErpSync_Json_money, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(ErpSync_Json, decimal, arginfo_class_ErpSync_Json_decimal, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Http_Client_methods[] = {
	ZEND_ME(ErpSync_Http_Client, __construct, arginfo_class_ErpSync_Http_Client___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Client, request, arginfo_class_ErpSync_Http_Client_request, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Client, get, arginfo_class_ErpSync_Http_Client_get, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Client, post, arginfo_class_ErpSync_Http_Client_post, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Client, put, arginfo_class_ErpSync_Http_Client_put, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Client, delete, arginfo_class_ErpSync_Http_Client_delete, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Client, requestMany, arginfo_class_ErpSync_Http_Client_requestMany, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Client, paginate, arginfo_class_ErpSync_Http_Client_paginate, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Client, connectionCount, arginfo_class_ErpSync_Http_Client_connectionCount, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Http_Response_methods[] = {
	ZEND_ME(ErpSync_Http_Response, __construct, arginfo_class_ErpSync_Http_Response___construct, ZEND_ACC_PRIVATE)
	ZEND_ME(ErpSync_Http_Response, json, arginfo_class_ErpSync_Http_Response_json, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Http_Response, header, arginfo_class_ErpSync_Http_Response_header, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Connector_Vasco_methods[] = {
	ZEND_ME(ErpSync_Connector_Vasco, __construct, arginfo_class_ErpSync_Connector_Vasco___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, capabilities, arginfo_class_ErpSync_Connector_Vasco_capabilities, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, testConnection, arginfo_class_ErpSync_Connector_Vasco_testConnection, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, buildOrderPayload, arginfo_class_ErpSync_Connector_Vasco_buildOrderPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, reconcileOrder, arginfo_class_ErpSync_Connector_Vasco_reconcileOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, findOrder, arginfo_class_ErpSync_Connector_Vasco_findOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, exportOrder, arginfo_class_ErpSync_Connector_Vasco_exportOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, exportOrders, arginfo_class_ErpSync_Connector_Vasco_exportOrders, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, buildCustomerPayload, arginfo_class_ErpSync_Connector_Vasco_buildCustomerPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, findCustomer, arginfo_class_ErpSync_Connector_Vasco_findCustomer, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, createCustomer, arginfo_class_ErpSync_Connector_Vasco_createCustomer, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, isBlacklisted, arginfo_class_ErpSync_Connector_Vasco_isBlacklisted, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, orderState, arginfo_class_ErpSync_Connector_Vasco_orderState, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, fetchProducts, arginfo_class_ErpSync_Connector_Vasco_fetchProducts, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, fetchStock, arginfo_class_ErpSync_Connector_Vasco_fetchStock, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, fetchProductsInto, arginfo_class_ErpSync_Connector_Vasco_fetchProductsInto, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, buildProductPayload, arginfo_class_ErpSync_Connector_Vasco_buildProductPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, findProduct, arginfo_class_ErpSync_Connector_Vasco_findProduct, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, pushProduct, arginfo_class_ErpSync_Connector_Vasco_pushProduct, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, customerDebt, arginfo_class_ErpSync_Connector_Vasco_customerDebt, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Vasco, countries, arginfo_class_ErpSync_Connector_Vasco_countries, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Connector_Logistos_methods[] = {
	ZEND_ME(ErpSync_Connector_Logistos, __construct, arginfo_class_ErpSync_Connector_Logistos___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, capabilities, arginfo_class_ErpSync_Connector_Logistos_capabilities, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, testConnection, arginfo_class_ErpSync_Connector_Logistos_testConnection, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, buildOrderPayload, arginfo_class_ErpSync_Connector_Logistos_buildOrderPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, reconcileOrder, arginfo_class_ErpSync_Connector_Logistos_reconcileOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, findOrder, arginfo_class_ErpSync_Connector_Logistos_findOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, exportOrder, arginfo_class_ErpSync_Connector_Logistos_exportOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, findCustomer, arginfo_class_ErpSync_Connector_Logistos_findCustomer, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, createCustomer, arginfo_class_ErpSync_Connector_Logistos_createCustomer, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, buildHandshakePayload, arginfo_class_ErpSync_Connector_Logistos_buildHandshakePayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, handshake, arginfo_class_ErpSync_Connector_Logistos_handshake, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Logistos, pushOrders, arginfo_class_ErpSync_Connector_Logistos_pushOrders, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Connector_Sors_methods[] = {
	ZEND_ME(ErpSync_Connector_Sors, __construct, arginfo_class_ErpSync_Connector_Sors___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, capabilities, arginfo_class_ErpSync_Connector_Sors_capabilities, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, testConnection, arginfo_class_ErpSync_Connector_Sors_testConnection, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, databases, arginfo_class_ErpSync_Connector_Sors_databases, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, businessUnits, arginfo_class_ErpSync_Connector_Sors_businessUnits, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, priceTypes, arginfo_class_ErpSync_Connector_Sors_priceTypes, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, stockModes, arginfo_class_ErpSync_Connector_Sors_stockModes, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, productGroups, arginfo_class_ErpSync_Connector_Sors_productGroups, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, fetchProducts, arginfo_class_ErpSync_Connector_Sors_fetchProducts, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, productImages, arginfo_class_ErpSync_Connector_Sors_productImages, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, fetchStock, arginfo_class_ErpSync_Connector_Sors_fetchStock, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, fetchProductsInto, arginfo_class_ErpSync_Connector_Sors_fetchProductsInto, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, fetchStockInto, arginfo_class_ErpSync_Connector_Sors_fetchStockInto, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, buildOrderPayload, arginfo_class_ErpSync_Connector_Sors_buildOrderPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, reconcileOrder, arginfo_class_ErpSync_Connector_Sors_reconcileOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, findOrder, arginfo_class_ErpSync_Connector_Sors_findOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, exportOrder, arginfo_class_ErpSync_Connector_Sors_exportOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, buildReturnPayload, arginfo_class_ErpSync_Connector_Sors_buildReturnPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, findReturn, arginfo_class_ErpSync_Connector_Sors_findReturn, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, exportReturn, arginfo_class_ErpSync_Connector_Sors_exportReturn, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, buildCustomerPayload, arginfo_class_ErpSync_Connector_Sors_buildCustomerPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, findCustomer, arginfo_class_ErpSync_Connector_Sors_findCustomer, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, createCustomer, arginfo_class_ErpSync_Connector_Sors_createCustomer, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sors, customerDebt, arginfo_class_ErpSync_Connector_Sors_customerDebt, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Connector_Sitoo_methods[] = {
	ZEND_ME(ErpSync_Connector_Sitoo, __construct, arginfo_class_ErpSync_Connector_Sitoo___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, capabilities, arginfo_class_ErpSync_Connector_Sitoo_capabilities, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, testConnection, arginfo_class_ErpSync_Connector_Sitoo_testConnection, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, buildOrderPayload, arginfo_class_ErpSync_Connector_Sitoo_buildOrderPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, reconcileOrder, arginfo_class_ErpSync_Connector_Sitoo_reconcileOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, findOrder, arginfo_class_ErpSync_Connector_Sitoo_findOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, exportOrder, arginfo_class_ErpSync_Connector_Sitoo_exportOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, findCustomer, arginfo_class_ErpSync_Connector_Sitoo_findCustomer, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, createCustomer, arginfo_class_ErpSync_Connector_Sitoo_createCustomer, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, isClickAndCollect, arginfo_class_ErpSync_Connector_Sitoo_isClickAndCollect, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, fixSku, arginfo_class_ErpSync_Connector_Sitoo_fixSku, ZEND_ACC_PUBLIC|ZEND_ACC_STATIC)
	ZEND_ME(ErpSync_Connector_Sitoo, fetchWarehouseItems, arginfo_class_ErpSync_Connector_Sitoo_fetchWarehouseItems, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, adjustStock, arginfo_class_ErpSync_Connector_Sitoo_adjustStock, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, pushProducts, arginfo_class_ErpSync_Connector_Sitoo_pushProducts, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, fetchOrders, arginfo_class_ErpSync_Connector_Sitoo_fetchOrders, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, updateProducts, arginfo_class_ErpSync_Connector_Sitoo_updateProducts, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, deleteProducts, arginfo_class_ErpSync_Connector_Sitoo_deleteProducts, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, warehouses, arginfo_class_ErpSync_Connector_Sitoo_warehouses, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, deliverOrder, arginfo_class_ErpSync_Connector_Sitoo_deliverOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, cancelOrder, arginfo_class_ErpSync_Connector_Sitoo_cancelOrder, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, setVariants, arginfo_class_ErpSync_Connector_Sitoo_setVariants, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, uploadImage, arginfo_class_ErpSync_Connector_Sitoo_uploadImage, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, images, arginfo_class_ErpSync_Connector_Sitoo_images, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, unlinkImage, arginfo_class_ErpSync_Connector_Sitoo_unlinkImage, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, syncCategories, arginfo_class_ErpSync_Connector_Sitoo_syncCategories, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, syncManufacturers, arginfo_class_ErpSync_Connector_Sitoo_syncManufacturers, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, buildVoucherPayload, arginfo_class_ErpSync_Connector_Sitoo_buildVoucherPayload, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, pushVoucher, arginfo_class_ErpSync_Connector_Sitoo_pushVoucher, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, updateVoucher, arginfo_class_ErpSync_Connector_Sitoo_updateVoucher, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, virtualTotals, arginfo_class_ErpSync_Connector_Sitoo_virtualTotals, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, findStockTransactions, arginfo_class_ErpSync_Connector_Sitoo_findStockTransactions, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, stocktake, arginfo_class_ErpSync_Connector_Sitoo_stocktake, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, sites, arginfo_class_ErpSync_Connector_Sitoo_sites, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, categories, arginfo_class_ErpSync_Connector_Sitoo_categories, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, manufacturers, arginfo_class_ErpSync_Connector_Sitoo_manufacturers, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, vouchers, arginfo_class_ErpSync_Connector_Sitoo_vouchers, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, fetchProducts, arginfo_class_ErpSync_Connector_Sitoo_fetchProducts, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, updateCategory, arginfo_class_ErpSync_Connector_Sitoo_updateCategory, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, findProducts, arginfo_class_ErpSync_Connector_Sitoo_findProducts, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, allowance, arginfo_class_ErpSync_Connector_Sitoo_allowance, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Connector_Sitoo, adjustVirtualStock, arginfo_class_ErpSync_Connector_Sitoo_adjustVirtualStock, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};


static const zend_function_entry class_ErpSync_Matcher_Matcher_methods[] = {
	ZEND_ME(ErpSync_Matcher_Matcher, __construct, arginfo_class_ErpSync_Matcher_Matcher___construct, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, addRemoteJson, arginfo_class_ErpSync_Matcher_Matcher_addRemoteJson, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, addRemote, arginfo_class_ErpSync_Matcher_Matcher_addRemote, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, addLocal, arginfo_class_ErpSync_Matcher_Matcher_addLocal, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, addLocalPacked, arginfo_class_ErpSync_Matcher_Matcher_addLocalPacked, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, run, arginfo_class_ErpSync_Matcher_Matcher_run, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, matched, arginfo_class_ErpSync_Matcher_Matcher_matched, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, changes, arginfo_class_ErpSync_Matcher_Matcher_changes, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, unmatchedLocal, arginfo_class_ErpSync_Matcher_Matcher_unmatchedLocal, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, unmatchedRemote, arginfo_class_ErpSync_Matcher_Matcher_unmatchedRemote, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, unmatchedRemoteItems, arginfo_class_ErpSync_Matcher_Matcher_unmatchedRemoteItems, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, duplicates, arginfo_class_ErpSync_Matcher_Matcher_duplicates, ZEND_ACC_PUBLIC)
	ZEND_ME(ErpSync_Matcher_Matcher, invalid, arginfo_class_ErpSync_Matcher_Matcher_invalid, ZEND_ACC_PUBLIC)
	ZEND_FE_END
};

static zend_class_entry *register_class_ErpSync_Exception(zend_class_entry *class_entry_RuntimeException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync", "Exception", class_ErpSync_Exception_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_RuntimeException);

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_TransportException(zend_class_entry *class_entry_ErpSync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync", "TransportException", class_ErpSync_TransportException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_ErpSync_Exception);

	zval property_kind_default_value;
	zend_string *property_kind_default_value_str = zend_string_init("other", strlen("other"), 1);
	ZVAL_STR(&property_kind_default_value, property_kind_default_value_str);
	zend_string *property_kind_name = zend_string_init("kind", sizeof("kind") - 1, 1);
	zend_declare_typed_property(class_entry, property_kind_name, &property_kind_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_kind_name);

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_HttpException(zend_class_entry *class_entry_ErpSync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync", "HttpException", class_ErpSync_HttpException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_ErpSync_Exception);

	zval property_status_default_value;
	ZVAL_LONG(&property_status_default_value, 0);
	zend_string *property_status_name = zend_string_init("status", sizeof("status") - 1, 1);
	zend_declare_typed_property(class_entry, property_status_name, &property_status_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_status_name);

	zval property_bodyExcerpt_default_value;
	ZVAL_EMPTY_STRING(&property_bodyExcerpt_default_value);
	zend_string *property_bodyExcerpt_name = zend_string_init("bodyExcerpt", sizeof("bodyExcerpt") - 1, 1);
	zend_declare_typed_property(class_entry, property_bodyExcerpt_name, &property_bodyExcerpt_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_bodyExcerpt_name);

	zval property_retryable_default_value;
	ZVAL_FALSE(&property_retryable_default_value);
	zend_string *property_retryable_name = zend_string_init("retryable", sizeof("retryable") - 1, 1);
	zend_declare_typed_property(class_entry, property_retryable_name, &property_retryable_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_BOOL));
	zend_string_release(property_retryable_name);

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_RateLimitedException(zend_class_entry *class_entry_ErpSync_HttpException)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync", "RateLimitedException", class_ErpSync_RateLimitedException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_ErpSync_HttpException);

	zval property_retryAfter_default_value;
	ZVAL_DOUBLE(&property_retryAfter_default_value, 0);
	zend_string *property_retryAfter_name = zend_string_init("retryAfter", sizeof("retryAfter") - 1, 1);
	zend_declare_typed_property(class_entry, property_retryAfter_name, &property_retryAfter_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_DOUBLE));
	zend_string_release(property_retryAfter_name);

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_ProtocolException(zend_class_entry *class_entry_ErpSync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync", "ProtocolException", class_ErpSync_ProtocolException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_ErpSync_Exception);

	zval property_jsonPath_default_value;
	ZVAL_EMPTY_STRING(&property_jsonPath_default_value);
	zend_string *property_jsonPath_name = zend_string_init("jsonPath", sizeof("jsonPath") - 1, 1);
	zend_declare_typed_property(class_entry, property_jsonPath_name, &property_jsonPath_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_jsonPath_name);

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_ValidationException(zend_class_entry *class_entry_ErpSync_Exception)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync", "ValidationException", class_ErpSync_ValidationException_methods);
	class_entry = zend_register_internal_class_ex(&ce, class_entry_ErpSync_Exception);

	zval property_field_default_value;
	ZVAL_EMPTY_STRING(&property_field_default_value);
	zend_string *property_field_name = zend_string_init("field", sizeof("field") - 1, 1);
	zend_declare_typed_property(class_entry, property_field_name, &property_field_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_field_name);

	zval property_subject_default_value;
	ZVAL_EMPTY_STRING(&property_subject_default_value);
	zend_string *property_subject_name = zend_string_init("subject", sizeof("subject") - 1, 1);
	zend_declare_typed_property(class_entry, property_subject_name, &property_subject_default_value, ZEND_ACC_PROTECTED, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_subject_name);

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_Json(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync", "Json", class_ErpSync_Json_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	zval const_BIGINT_AS_STRING_value;
	ZVAL_LONG(&const_BIGINT_AS_STRING_value, ERPSYNC_JSON_BIGINT_AS_STRING);
	zend_string *const_BIGINT_AS_STRING_name = zend_string_init_interned("BIGINT_AS_STRING", sizeof("BIGINT_AS_STRING") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_BIGINT_AS_STRING_name, &const_BIGINT_AS_STRING_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_BIGINT_AS_STRING_name);

	zval const_DECIMAL_AS_STRING_value;
	ZVAL_LONG(&const_DECIMAL_AS_STRING_value, ERPSYNC_JSON_DECIMAL_AS_STRING);
	zend_string *const_DECIMAL_AS_STRING_name = zend_string_init_interned("DECIMAL_AS_STRING", sizeof("DECIMAL_AS_STRING") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_DECIMAL_AS_STRING_name, &const_DECIMAL_AS_STRING_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_DECIMAL_AS_STRING_name);

	zval const_OBJECT_AS_OBJECT_value;
	ZVAL_LONG(&const_OBJECT_AS_OBJECT_value, ERPSYNC_JSON_OBJECT_AS_OBJECT);
	zend_string *const_OBJECT_AS_OBJECT_name = zend_string_init_interned("OBJECT_AS_OBJECT", sizeof("OBJECT_AS_OBJECT") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_OBJECT_AS_OBJECT_name, &const_OBJECT_AS_OBJECT_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_OBJECT_AS_OBJECT_name);

	zval const_PRETTY_value;
	ZVAL_LONG(&const_PRETTY_value, ERPSYNC_JSON_PRETTY);
	zend_string *const_PRETTY_name = zend_string_init_interned("PRETTY", sizeof("PRETTY") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_PRETTY_name, &const_PRETTY_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_PRETTY_name);

	zval const_INT53_AS_STRING_value;
	ZVAL_LONG(&const_INT53_AS_STRING_value, ERPSYNC_JSON_INT53_AS_STRING);
	zend_string *const_INT53_AS_STRING_name = zend_string_init_interned("INT53_AS_STRING", sizeof("INT53_AS_STRING") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_INT53_AS_STRING_name, &const_INT53_AS_STRING_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_INT53_AS_STRING_name);

	zval const_NUMERIC_STRING_AS_NUMBER_value;
	ZVAL_LONG(&const_NUMERIC_STRING_AS_NUMBER_value, ERPSYNC_JSON_NUMERIC_STRING_AS_NUMBER);
	zend_string *const_NUMERIC_STRING_AS_NUMBER_name = zend_string_init_interned("NUMERIC_STRING_AS_NUMBER", sizeof("NUMERIC_STRING_AS_NUMBER") - 1, 1);
	zend_declare_class_constant_ex(class_entry, const_NUMERIC_STRING_AS_NUMBER_name, &const_NUMERIC_STRING_AS_NUMBER_value, ZEND_ACC_PUBLIC, NULL);
	zend_string_release(const_NUMERIC_STRING_AS_NUMBER_name);

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_Http_Client(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync\\Http", "Client", class_ErpSync_Http_Client_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_Http_Response(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync\\Http", "Response", class_ErpSync_Http_Response_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	zval property_status_default_value;
	ZVAL_UNDEF(&property_status_default_value);
	zend_string *property_status_name = zend_string_init("status", sizeof("status") - 1, 1);
	zend_declare_typed_property(class_entry, property_status_name, &property_status_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_status_name);

	zval property_headers_default_value;
	ZVAL_UNDEF(&property_headers_default_value);
	zend_string *property_headers_name = zend_string_init("headers", sizeof("headers") - 1, 1);
	zend_declare_typed_property(class_entry, property_headers_name, &property_headers_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_ARRAY));
	zend_string_release(property_headers_name);

	zval property_body_default_value;
	ZVAL_UNDEF(&property_body_default_value);
	zend_string *property_body_name = zend_string_init("body", sizeof("body") - 1, 1);
	zend_declare_typed_property(class_entry, property_body_name, &property_body_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_body_name);

	zval property_duration_default_value;
	ZVAL_UNDEF(&property_duration_default_value);
	zend_string *property_duration_name = zend_string_init("duration", sizeof("duration") - 1, 1);
	zend_declare_typed_property(class_entry, property_duration_name, &property_duration_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_DOUBLE));
	zend_string_release(property_duration_name);

	zval property_attempts_default_value;
	ZVAL_UNDEF(&property_attempts_default_value);
	zend_string *property_attempts_name = zend_string_init("attempts", sizeof("attempts") - 1, 1);
	zend_declare_typed_property(class_entry, property_attempts_name, &property_attempts_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_LONG));
	zend_string_release(property_attempts_name);

	zval property_url_default_value;
	ZVAL_UNDEF(&property_url_default_value);
	zend_string *property_url_name = zend_string_init("url", sizeof("url") - 1, 1);
	zend_declare_typed_property(class_entry, property_url_name, &property_url_default_value, ZEND_ACC_PUBLIC|ZEND_ACC_READONLY, NULL, (zend_type) ZEND_TYPE_INIT_MASK(MAY_BE_STRING));
	zend_string_release(property_url_name);

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_Connector_Vasco(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync\\Connector", "Vasco", class_ErpSync_Connector_Vasco_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_Connector_Logistos(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync\\Connector", "Logistos", class_ErpSync_Connector_Logistos_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_Connector_Sors(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync\\Connector", "Sors", class_ErpSync_Connector_Sors_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_Connector_Sitoo(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync\\Connector", "Sitoo", class_ErpSync_Connector_Sitoo_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}

static zend_class_entry *register_class_ErpSync_Matcher_Matcher(void)
{
	zend_class_entry ce, *class_entry;

	INIT_NS_CLASS_ENTRY(ce, "ErpSync\\Matcher", "Matcher", class_ErpSync_Matcher_Matcher_methods);
	class_entry = zend_register_internal_class_ex(&ce, NULL);
	class_entry->ce_flags |= ZEND_ACC_FINAL;

	return class_entry;
}
