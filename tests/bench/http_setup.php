<?php
/*
 * Files nginx serves for the HTTP benchmark: small.json (~1 KB) and partners.json (~200 KB, a VASCO-like partner
 * list: codes, names with UTF-8, VAT numbers, e-mails, decimals, one integer beyond 2^53).
 *
 *   php tests/bench/http_setup.php DOCROOT
 */
$dir = $argv[1];
mt_srand(13);
$small = [];
for ($i = 0; $i < 8; $i++) {
    $small[] = ['sifra' => 1000 + $i, 'naziv' => "Partner $i d.o.o.", 'email' => "p$i@example.com", 'saldo' => '12.50'];
}
file_put_contents("$dir/small.json", json_encode(['result' => $small], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES));
$names = ['Žaga', 'Čevljar', 'Šola', 'Mizarstvo', 'Café', 'Kovač', 'Pekarna', 'Trgovina'];
$list  = [];
$i     = 0;
$json  = '';
while (strlen($json) < 200 * 1024) {
    $list[] = [
        'sifra'           => 10000 + $i,
        'naziv'           => $names[$i % 8] . ' ' . mt_rand(1, 99999) . ' d.o.o.',
        'naslov'          => 'Ulica ' . mt_rand(1, 200),
        'posta'           => (string) mt_rand(1000, 9999),
        'drzava'          => 'SI',
        'davcna'          => 'SI' . mt_rand(10000000, 99999999),
        'email'           => "kupec$i@example.si",
        'davcniZavezanec' => $i % 2,
        'limit'           => mt_rand(0, 100000) / 100,
        'ident'           => 9007199254740993 + $i,
        'tujeSifre'       => null,
        'dodatnaPolja'    => [],
    ];
    $i++;
    if (0 === $i % 50) {
        $json = json_encode(['result' => $list], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
    }
}
file_put_contents("$dir/partners.json", $json);
