<?php
/**
 * A small OpenAPI 3.0 / JSON-Schema validator for the split Sitoo description in tests/openapi/sitoo/ (a copy of
 * the public-domain description, Unlicense, origin in its SOURCE.md; openapi.yaml + paths/ + schemas/, $ref across files). It covers what that
 * description uses: type, nullable, enum, required, properties, additionalProperties, items, allOf / oneOf /
 * anyOf and $ref. Used by tests to check every Sitoo request body the connectors send and every reply the
 * simulator gives. Needs the yaml extension (Debian: php8.2-yaml).
 */

declare(strict_types=1);

namespace ErpSyncTest;

final class OpenApi
{
    /** Where the Sitoo description is: $ERPSYNC_SITOO_OPENAPI, else the copy kept in this repository (tests/openapi/sitoo). */
    public static function locate(): ?string
    {
        $env = getenv('ERPSYNC_SITOO_OPENAPI');
        foreach ([$env ?: null, __DIR__ . '/sitoo'] as $dir) {
            if ($dir && is_file("$dir/openapi.yaml")) {
                return $dir;
            }
        }
        return null;
    }

    private array $cache = [];
    private array $paths;

    public function __construct(private string $root)
    {
        $spec = $this->load("$root/openapi.yaml");
        $this->paths = [];
        foreach ($spec['paths'] as $tpl => $item) {
            $file = "$root/openapi.yaml";
            if (isset($item['$ref'])) {
                [$item, $file] = $this->ref($item['$ref'], $file);
            }
            $this->paths[$tpl] = [$item, $file];
        }
    }

    private function load(string $file): array
    {
        if (!isset($this->cache[$file])) {
            $data = yaml_parse_file($file);
            if (!is_array($data)) {
                throw new \RuntimeException("cannot parse $file");
            }
            $this->cache[$file] = $data;
        }
        return $this->cache[$file];
    }

    /** @return array{0: array, 1: string} the referenced node and the file it lives in */
    private function ref(string $ref, string $from): array
    {
        [$file, $ptr] = array_pad(explode('#', $ref, 2), 2, '');
        $path = $file === '' ? $from : (string) realpath(dirname($from) . '/' . $file);
        if ($path === '' || !is_file($path)) {
            throw new \RuntimeException("unresolved \$ref $ref from $from");
        }
        $node = $this->load($path);
        foreach (array_filter(explode('/', $ptr), 'strlen') as $seg) {
            $node = $node[str_replace(['~1', '~0'], ['/', '~'], $seg)] ?? throw new \RuntimeException("bad pointer $ref");
        }
        return [$node, $path];
    }

    /** The operation for a concrete path below the account ("/sites/1/products.json") and a method. */
    public function operation(string $path, string $method): ?array
    {
        foreach ($this->paths as $tpl => [$item, $file]) {
            $re = '~^' . preg_replace('~\\\\\{[^}]+\\\\\}~', '[^/]+', preg_quote($tpl, '~')) . '$~';
            if (preg_match($re, $path) && isset($item[strtolower($method)])) {
                return [$item[strtolower($method)], $file];
            }
        }
        return null;
    }

    /** Errors of a request body against the operation's requestBody schema ([] when valid). */
    public function checkRequest(string $path, string $method, mixed $body): array
    {
        $op = $this->operation($path, $method);
        if ($op === null) {
            return ["no operation $method $path in the description"];
        }
        [$o, $file] = $op;
        $schema = $o['requestBody']['content']['application/json']['schema'] ?? null;
        return $schema === null ? [] : $this->validate($body, $schema, $file, '$');
    }

    /** Errors of a reply body against the operation's response schema for that status ([] when valid). */
    public function checkResponse(string $path, string $method, int $status, mixed $body): array
    {
        $op = $this->operation($path, $method);
        if ($op === null) {
            return ["no operation $method $path in the description"];
        }
        [$o, $file] = $op;
        $resp = $o['responses'][$status] ?? $o['responses'][(string) $status] ?? null;
        if ($resp === null) {
            return ["status $status is not documented for $method $path"];
        }
        $schema = $resp['content']['application/json']['schema'] ?? null;
        return $schema === null ? [] : $this->validate($body, $schema, $file, '$');
    }

    public function validate(mixed $v, array $s, string $file, string $at): array
    {
        if (isset($s['$ref'])) {
            [$s, $file] = $this->ref($s['$ref'], $file);
        }
        $err = [];
        if ($v === null) {
            // The description never says `nullable: true`; where a property's own text names null as a value ("or null
            // for top level", "Null value is allowed for no reservation", "null if not set") and its read examples
            // carry null (getCategories: "categoryparentid":null), null is that property's documented value.
            $said = isset($s['description']) && preg_match('/\bnull\b/i', (string) $s['description']);
            return !empty($s['nullable']) || $said || (!isset($s['type']) && !isset($s['properties'])) ? [] : ["$at: null is not allowed"];
        }
        foreach (['allOf'] as $k) {
            foreach ($s[$k] ?? [] as $sub) {
                array_push($err, ...$this->validate($v, $sub, $file, $at));
            }
        }
        foreach (['oneOf', 'anyOf'] as $k) {
            if (isset($s[$k])) {
                $ok = 0;
                foreach ($s[$k] as $sub) {
                    $ok += $this->validate($v, $sub, $file, $at) === [] ? 1 : 0;
                }
                if ($ok === 0 || ($k === 'oneOf' && $ok > 1)) {
                    $err[] = "$at: matches $ok of the $k alternatives";
                }
            }
        }
        $type = $s['type'] ?? (isset($s['properties']) ? 'object' : null);
        $isList = is_array($v) && array_is_list($v);
        $ok = match ($type) {
            null => true,
            'string' => is_string($v),
            'integer' => is_int($v),
            'number' => is_int($v) || is_float($v),
            'boolean' => is_bool($v),
            'array' => $isList,
            'object' => is_array($v) && (!$isList || $v === []),
            default => true,
        };
        if (!$ok) {
            $got = is_array($v) ? ($isList ? 'array' : 'object') : get_debug_type($v);
            return ["$at: expected $type, got $got"];
        }
        if (isset($s['enum']) && !in_array($v, $s['enum'], false)) {
            $err[] = "$at: " . json_encode($v) . ' is not one of ' . json_encode($s['enum']);
        }
        if ($type === 'array' && isset($s['items'])) {
            foreach ($v as $i => $item) {
                array_push($err, ...$this->validate($item, $s['items'], $file, "{$at}[$i]"));
            }
        }
        if ($type === 'object' && is_array($v)) {
            foreach ($s['required'] ?? [] as $r) {
                if (!array_key_exists($r, $v)) {
                    $err[] = "$at: required property $r is missing";
                }
            }
            foreach ($v as $k => $item) {
                if (isset($s['properties'][$k])) {
                    array_push($err, ...$this->validate($item, $s['properties'][$k], $file, "$at.$k"));
                } elseif (($s['additionalProperties'] ?? true) === false) {
                    $err[] = "$at: property $k is not in the schema";
                } elseif (is_array($s['additionalProperties'] ?? null)) {
                    array_push($err, ...$this->validate($item, $s['additionalProperties'], $file, "$at.$k"));
                }
            }
        }
        return $err;
    }
}
