<?php
/**
 * Rewrites the <contents> of package.xml from the files git tracks under ext/ (plus the build
 * files and README), so `pecl package` ships exactly the sources. Run after adding a source file.
 */
$root = dirname(__DIR__);
$files = [];
exec('git -C ' . escapeshellarg($root) . ' ls-files ext config.m4 config.w32 README.md', $files);
sort($files);
$tree = [];
foreach ($files as $f) {
    $parts = explode('/', $f);
    $node = &$tree;
    foreach (array_slice($parts, 0, -1) as $d) {
        $node[$d] ??= [];
        $node = &$node[$d];
    }
    $node[] = end($parts);
    unset($node);
}
$render = function (array $node, string $indent) use (&$render): string {
    $s = '';
    foreach ($node as $k => $v) {
        if (is_array($v)) {
            $s .= "$indent<dir name=\"$k\">\n" . $render($v, "$indent ") . "$indent</dir>\n";
        }
    }
    foreach ($node as $k => $v) {
        if (!is_array($v)) {
            $role = preg_match('/\.(md|txt)$/', $v) ? 'doc' : 'src';
            $s .= "$indent<file name=\"$v\" role=\"$role\"/>\n";
        }
    }
    return $s;
};
$contents = " <contents>\n  <dir name=\"/\">\n" . $render($tree, '   ') . "  </dir>\n </contents>";
$xml = file_get_contents("$root/package.xml");
$xml = preg_replace('#\s*<contents>.*</contents>#s', "\n" . $contents, $xml, 1);
file_put_contents("$root/package.xml", $xml);
echo "package.xml lists " . count($files) . " files\n";
