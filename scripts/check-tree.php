<?php
/**
 * Checks of the tree that keep a clean clone buildable and releasable:
 *  - ext/erpsync_arginfo.h was generated from the current ext/erpsync.stub.php (stub hash);
 *  - package.xml lists every file under ext/ and config.m4/config.w32 (PECL packages only what is listed);
 *  - no phpize output is tracked by git.
 * Prints one line per problem and exits 1 when there is any.
 */
$root = dirname(__DIR__);
$problems = [];

$stub = "$root/ext/erpsync.stub.php";
$hdr = "$root/ext/erpsync_arginfo.h";
$hash = sha1_file($stub);
if (!is_file($hdr) || strpos(file_get_contents($hdr), "Stub hash: $hash") === false) {
    $problems[] = 'ext/erpsync_arginfo.h is out of date: run scripts/gen-arginfo.sh';
}

$tracked = [];
exec('git -C ' . escapeshellarg($root) . ' ls-files ext config.m4 config.w32', $tracked, $rc);
if ($rc === 0 && $tracked) {
    $xml = simplexml_load_file("$root/package.xml");
    if ($xml === false) {
        $problems[] = 'package.xml is not valid XML';
    } else {
        $listed = [];
        $walk = function (SimpleXMLElement $dir, string $prefix) use (&$walk, &$listed): void {
            foreach ($dir->children() as $child) {
                $name = (string) $child['name'];
                if ($child->getName() === 'dir') {
                    $walk($child, $name === '/' ? '' : $prefix . $name . '/');
                } elseif ($child->getName() === 'file') {
                    $listed[$prefix . $name] = true;
                }
            }
        };
        $walk($xml->contents, '');
        foreach ($tracked as $f) {
            if (!isset($listed[$f])) {
                $problems[] = "package.xml does not list $f (run php scripts/package-xml.php)";
            }
        }
        foreach (array_keys($listed) as $f) {
            if (!is_file("$root/$f")) {
                $problems[] = "package.xml lists $f, which does not exist";
            }
        }
    }
}

$out = [];
exec('git -C ' . escapeshellarg($root) . ' ls-files', $out);
foreach ($out as $f) {
    if (preg_match('#^(configure|Makefile|config\.h|config\.status|libtool|run-tests\.php|modules/|\.libs/|autom4te\.cache/|build/)#', $f)) {
        $problems[] = "phpize output is tracked by git: $f";
    }
}

foreach ($problems as $p) {
    echo "tree check: $p\n";
}
echo $problems ? count($problems) . " tree problem(s)\n" : "tree checks: ok\n";
exit($problems ? 1 : 0);
