--TEST--
erpsync: exception hierarchy and getters
--EXTENSIONS--
erpsync
--FILE--
<?php
foreach (['TransportException', 'HttpException', 'RateLimitedException', 'ProtocolException', 'ValidationException'] as $c) {
    $fq = "ErpSync\\$c";
    $e = new $fq("m");
    echo $c, ' ', $e instanceof ErpSync\Exception ? 'is' : 'is not', " ErpSync\\Exception, ",
        $e instanceof RuntimeException ? 'is' : 'is not', " RuntimeException\n";
}
var_dump((new ErpSync\RateLimitedException('x')) instanceof ErpSync\HttpException);
$e = new ErpSync\TransportException('t');
var_dump($e->getKind());
$e = new ErpSync\HttpException('h');
var_dump($e->getStatus(), $e->getBodyExcerpt(), $e->isRetryable());
var_dump((new ErpSync\RateLimitedException('r'))->getRetryAfter());
var_dump((new ErpSync\ProtocolException('p'))->getJsonPath());
$e = new ErpSync\ValidationException('v');
var_dump($e->getField(), $e->getSubject());
?>
--EXPECT--
TransportException is ErpSync\Exception, is RuntimeException
HttpException is ErpSync\Exception, is RuntimeException
RateLimitedException is ErpSync\Exception, is RuntimeException
ProtocolException is ErpSync\Exception, is RuntimeException
ValidationException is ErpSync\Exception, is RuntimeException
bool(true)
string(5) "other"
int(0)
string(0) ""
bool(false)
float(0)
string(0) ""
string(0) ""
string(0) ""
