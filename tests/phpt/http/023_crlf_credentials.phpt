--TEST--
Http\Client: CR/LF in auth.token, auth.key, a default header, the user agent or a token from a login reply never reaches the wire as an extra header line
--EXTENSIONS--
erpsync
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
foreach ([
    ['type' => 'bearer', 'token' => "tok-123\r\nX-Injected: yes"],
    ['type' => 'apikey', 'key' => "key-123\r\nX-Injected: yes"],
    ['type' => 'apikey', 'key' => "key-123\nX-Injected: yes"],
] as $auth) {
    try {
        $c = new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'), 'auth' => $auth]);
        $c->get('/sites.json');
        echo $auth['type'], ": sent\n";
    } catch (ErpSync\ValidationException $e) {
        echo $auth['type'], ": ", $e->getField(), " refused, secret kept out of the message: ",
            var_export(!str_contains($e->getMessage(), '123'), true), "\n";
    } catch (ErpSync\Exception $e) { echo $auth['type'], ": ", get_class($e), "\n"; }
}
try {
    new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'), 'headers' => ['X-Tenant' => "a\r\nX-Injected: yes"]]);
    echo "header: accepted\n";
} catch (ErpSync\ValidationException $e) { echo "header: ", $e->getField(), " refused\n"; }
try {
    new ErpSync\Http\Client(['base_url' => $sim->url('sitoo'), 'user_agent' => "shop/1.0\r\nX-Injected: yes"]);
    echo "user agent: accepted\n";
} catch (ErpSync\ValidationException $e) { echo "user agent: ", $e->getField(), " refused\n"; }

// a login reply whose token carries CR/LF + a header line
sim_fault($sim, ['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/Avtentikacija', 'kind' => 'crlf_token', 'count' => 1]);
$l = new ErpSync\Http\Client(['base_url' => $sim->url('vasco'), 'auth' => ['type' => 'login', 'path' => '/api/v1/Avtentikacija',
    'credentials' => SIM_VASCO_LOGIN]]);
try { $l->get('/api/v1/SkupniSifranti/partner', ['query' => ['Sifra' => '1']]); echo "login token used\n"; }
catch (ErpSync\ProtocolException $e) { echo "login token: ", get_class($e), ": ", $e->getMessage(), "\n"; }
catch (ErpSync\Exception $e) { echo "login token: ", get_class($e), ": ", $e->getMessage(), "\n"; }
// the next call logs in again and works
echo "next call: ", $l->get('/api/v1/SkupniSifranti/partner', ['query' => ['Sifra' => '1']])->status, "\n";

$injected = false;
foreach (array_merge(sim_requests($sim, 'sitoo'), sim_requests($sim, 'vasco')) as $r) { $injected = $injected || sim_header($r, 'X-Injected') !== null; }
echo "X-Injected seen by the server: ", var_export($injected, true), "\n";
?>
--EXPECT--
bearer: auth.token refused, secret kept out of the message: true
apikey: auth.key refused, secret kept out of the message: true
apikey: auth.key refused, secret kept out of the message: true
header: headers.X-Tenant refused
user agent: user_agent refused
login token: ErpSync\ProtocolException: The login reply's token contains a control character (CR/LF would add a header line); it was not used
next call: 200
X-Injected seen by the server: false
