--TEST--
Http\Client auth schemes over loopback: bearer, basic, apikey (default and custom header/prefix)
--EXTENSIONS--
erpsync
--SKIPIF--
<?php if (!is_file(__DIR__ . '/../../sim/sim.inc.php')) die('skip the simulator (branch sim) is not merged yet'); ?>
--FILE--
<?php
require __DIR__ . '/sim_helpers.inc';
$sim = http_sim();
$ua = null;
$cases = [
    'bearer' => ['logistos', ['type' => 'bearer', 'token' => SIM_LOGISTOS_TOKEN], 'Authorization'],
    'basic' => ['sitoo', ['type' => 'basic', 'username' => SIM_SITOO_USER, 'password' => SIM_SITOO_PASS], 'Authorization'],
    'apikey' => ['sors', ['type' => 'apikey', 'key' => SIM_SORS_KEY], 'Authorization'],
    'apikey custom' => ['sors', ['type' => 'apikey', 'key' => SIM_SORS_KEY, 'header' => 'X-Api-Key', 'prefix' => ''], 'X-Api-Key'],
];
foreach ($cases as $name => [$api, $auth, $hdr]) {
    sim_reset($sim);
    $c = new ErpSync\Http\Client(['base_url' => $sim->url($api), 'auth' => $auth, 'headers' => ['X-Shop' => 'demo']]);
    $r = $c->get('/anything', ['accept_any_status' => true]);
    $reqs = sim_requests($sim, $api);
    $got = sim_header(end($reqs), $hdr);
    $want = match ($name) {
        'bearer' => 'Bearer ' . SIM_LOGISTOS_TOKEN,
        'basic' => 'Basic ' . base64_encode(SIM_SITOO_USER . ':' . SIM_SITOO_PASS),
        'apikey' => 'ApiKey ' . SIM_SORS_KEY,
        'apikey custom' => SIM_SORS_KEY,
    };
    echo "$name: ", $got === $want ? 'sent right' : "got " . var_export($got, true), ", X-Shop ", sim_header(end($reqs), 'X-Shop'), "\n";
    $ua = sim_header(end($reqs), 'User-Agent');
}
echo preg_match('~^erpsync/' . preg_quote(ErpSync\version()) . ' \(libcurl/[0-9.]+\)$~', $ua) ? "user agent ok\n" : "user agent $ua\n";
?>
--EXPECT--
bearer: sent right, X-Shop demo
basic: sent right, X-Shop demo
apikey: sent right, X-Shop demo
apikey custom: sent right, X-Shop demo
user agent ok
