<?php
/**
 * Back-office simulator core: a single-process HTTP/1.1 server on a stream_select loop.
 *
 * - keep-alive, Content-Length and chunked request bodies, "Expect: 100-continue";
 * - many connections at once: a delayed or hanging reply on one never blocks the others;
 * - every request is recorded (api, method, path, query, headers, body, fault applied);
 * - faults are queued per test through the control API (/_sim/fault) and matched by
 *   api + method + path prefix for the next `count` requests.
 *
 * No framework and no extension beyond ext/sockets (only for the RST fault; without it a reset
 * degrades to an abrupt close).
 */

declare(strict_types=1);

namespace ErpSyncSim;

final class Request
{
    public string $api = '';
    /** path below the API's base (e.g. "/api/v1/FA/narociloKupca"), without the query */
    public string $sub = '';
    /** @param array<string,string> $headers lower-case names */
    public function __construct(
        public string $method,
        public string $path,
        public array $query,
        public array $headers,
        public string $body,
        public string $rawQuery = ''
    ) {
    }

    public function header(string $name): ?string
    {
        return $this->headers[strtolower($name)] ?? null;
    }

    /** @return mixed the decoded JSON body, or null when empty; throws HttpError 400 when malformed */
    public function json(): mixed
    {
        if ($this->body === '') {
            return null;
        }
        try {
            return json_decode($this->body, true, 512, JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING);
        } catch (\JsonException $e) {
            throw new HttpError(400, ['title' => 'Bad Request', 'status' => 400, 'detail' => 'malformed JSON: ' . $e->getMessage()]);
        }
    }
}

final class Response
{
    /** @param array<string,string> $headers */
    public function __construct(
        public int $status = 200,
        public string $body = '',
        public array $headers = [],
    ) {
    }

    public static function json(mixed $data, int $status = 200, array $headers = []): self
    {
        $body = json_encode($data, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
        return new self($status, $body === false ? 'null' : $body, $headers + ['Content-Type' => 'application/json; charset=utf-8']);
    }
}

/** Thrown by handlers: becomes a JSON error reply in the API's own error shape. */
final class HttpError extends \Exception
{
    public function __construct(public int $status, public mixed $payload, public array $headers = [])
    {
        parent::__construct(is_array($payload) ? (string) json_encode($payload) : (string) $payload);
    }
}

interface Api
{
    /** Handles a request whose $req->sub is the path below this API's prefix. */
    public function handle(Request $req): Response;

    public function reset(): void;

    /** @return array<string,mixed> the whole state, for assertions */
    public function state(): array;

    public function seed(array $opts): array;

    public function config(array $opts): void;
}

final class Server
{
    /** @var resource */
    private $listener;
    private int $port;
    /** @var array<int,array<string,mixed>> */
    private array $conns = [];
    private int $nextId = 1;
    private int $accepted = 0;
    /** @var array<int,array<string,mixed>> */
    private array $faults = [];
    /** @var array<int,array<string,mixed>> */
    private array $requests = [];
    private int $maxRecorded = 20000;
    /** @var array<string,Api> */
    private array $apis = [];

    public function __construct(int $port)
    {
        $ctx = stream_context_create(['socket' => ['backlog' => 256, 'so_reuseport' => false]]);
        $srv = @stream_socket_server("tcp://127.0.0.1:$port", $errno, $errstr, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, $ctx);
        if ($srv === false) {
            throw new \RuntimeException("cannot listen on 127.0.0.1:$port: $errstr");
        }
        stream_set_blocking($srv, false);
        $this->listener = $srv;
        $name = stream_socket_get_name($srv, false);
        $this->port = (int) substr((string) $name, strrpos((string) $name, ':') + 1);
    }

    public function port(): int
    {
        return $this->port;
    }

    public function mount(string $name, Api $api): void
    {
        $this->apis[$name] = $api;
    }

    public function api(string $name): ?Api
    {
        return $this->apis[$name] ?? null;
    }

    public function run(): void
    {
        while (true) {
            $this->tick(1.0);
        }
    }

    /** One turn of the loop; waits at most $maxWait seconds. */
    public function tick(float $maxWait): void
    {
        $now = microtime(true);
        $read = [$this->listener];
        $write = [];
        $wait = $maxWait;
        foreach ($this->conns as $id => $c) {
            if ($c['due'] !== null) {
                $wait = min($wait, max(0.0, $c['due'] - $now));
                continue; // waiting to answer: read nothing more yet
            }
            if (!$c['closing']) {
                $read[] = $c['sock'];
            }
            if ($c['out'] !== '') {
                $write[] = $c['sock'];
            }
        }
        $except = null;
        $sec = (int) floor($wait);
        $usec = (int) (($wait - $sec) * 1e6);
        $n = @stream_select($read, $write, $except, $sec, $usec);
        if ($n === false) {
            usleep(1000);
            return;
        }
        foreach ($read as $s) {
            if ($s === $this->listener) {
                while (($client = @stream_socket_accept($this->listener, 0)) !== false) {
                    stream_set_blocking($client, false);
                    $this->accepted++;
                    $this->conns[$this->nextId++] = ['sock' => $client, 'in' => '', 'out' => '', 'due' => null,
                        'action' => null, 'closing' => false, 'continued' => false];
                }
                continue;
            }
            $id = $this->idOf($s);
            if ($id === null) {
                continue;
            }
            $data = @fread($s, 262144);
            if ($data === '' || $data === false) {
                if (feof($s)) {
                    $this->close($id);
                }
                continue;
            }
            $this->conns[$id]['in'] .= $data;
            $this->parse($id);
        }
        foreach ($write as $s) {
            $id = $this->idOf($s);
            if ($id === null) {
                continue;
            }
            $this->flush($id);
        }
        $now = microtime(true);
        foreach (array_keys($this->conns) as $id) {
            if (!isset($this->conns[$id])) {
                continue;
            }
            $c = $this->conns[$id];
            if ($c['due'] !== null && $c['due'] <= $now) {
                $action = $c['action'];
                $this->conns[$id]['due'] = null;
                $this->conns[$id]['action'] = null;
                $action($id);
                if (isset($this->conns[$id])) {
                    $this->flush($id);
                    if (isset($this->conns[$id]) && $this->conns[$id]['due'] === null) {
                        $this->parse($id);
                    }
                }
            }
        }
    }

    private function idOf($sock): ?int
    {
        foreach ($this->conns as $id => $c) {
            if ($c['sock'] === $sock) {
                return $id;
            }
        }
        return null;
    }

    private function flush(int $id): void
    {
        $c = &$this->conns[$id];
        if ($c['out'] !== '') {
            $w = @fwrite($c['sock'], $c['out']);
            if ($w === false) {
                unset($c);
                $this->close($id);
                return;
            }
            $c['out'] = (string) substr($c['out'], $w);
        }
        if ($c['out'] === '' && $c['closing']) {
            unset($c);
            $this->close($id);
        }
    }

    private function close(int $id): void
    {
        if (isset($this->conns[$id])) {
            try {
                @fclose($this->conns[$id]['sock']);
            } catch (\Throwable) {
                // already closed
            }
            unset($this->conns[$id]);
        }
    }

    /** Closes with a TCP RST (SO_LINGER 0) when ext/sockets is there. */
    private function reset(int $id): void
    {
        if (!isset($this->conns[$id])) {
            return;
        }
        if (function_exists('socket_import_stream')) {
            $sock = @socket_import_stream($this->conns[$id]['sock']);
            if ($sock !== false && $sock !== null) {
                @socket_set_option($sock, SOL_SOCKET, SO_LINGER, ['l_onoff' => 1, 'l_linger' => 0]);
            }
        }
        $this->close($id); // the close sends the RST (SO_LINGER 0 on the same descriptor)
    }

    /** Parses as many complete requests as the buffer holds (one at a time: replies are in order). */
    private function parse(int $id): void
    {
        while (isset($this->conns[$id]) && $this->conns[$id]['due'] === null && !$this->conns[$id]['closing']) {
            $buf = $this->conns[$id]['in'];
            $end = strpos($buf, "\r\n\r\n");
            if ($end === false) {
                if (strlen($buf) > 65536) {
                    $this->send($id, new Response(431, 'request headers too large'), true);
                }
                return;
            }
            $head = substr($buf, 0, $end);
            $lines = explode("\r\n", $head);
            $first = array_shift($lines);
            if (!preg_match('~^([A-Z]+) (\S+) HTTP/1\.[01]$~', (string) $first, $m)) {
                $this->send($id, new Response(400, 'bad request line'), true);
                return;
            }
            $headers = [];
            foreach ($lines as $l) {
                $p = strpos($l, ':');
                if ($p !== false) {
                    $headers[strtolower(trim(substr($l, 0, $p)))] = trim(substr($l, $p + 1));
                }
            }
            $rest = substr($buf, $end + 4);
            $body = '';
            if (isset($headers['transfer-encoding']) && stripos($headers['transfer-encoding'], 'chunked') !== false) {
                $decoded = self::dechunk($rest, $used);
                if ($decoded === null) {
                    $this->continue100($id, $headers);
                    return; // incomplete
                }
                $body = $decoded;
                $consumed = $end + 4 + $used;
            } else {
                $len = (int) ($headers['content-length'] ?? 0);
                if (strlen($rest) < $len) {
                    $this->continue100($id, $headers);
                    return;
                }
                $body = substr($rest, 0, $len);
                $consumed = $end + 4 + $len;
            }
            $this->conns[$id]['in'] = (string) substr($buf, $consumed);
            $this->conns[$id]['continued'] = false;
            $target = $m[2];
            $qpos = strpos($target, '?');
            $path = $qpos === false ? $target : substr($target, 0, $qpos);
            $raw = $qpos === false ? '' : substr($target, $qpos + 1);
            parse_str($raw, $query);
            // HEAD is answered as GET without the body (send() leaves it out, Content-Length stays)
            $this->conns[$id]['head'] = $m[1] === 'HEAD';
            $req = new Request($m[1] === 'HEAD' ? 'GET' : $m[1], rawurldecode($path), $query, $headers, $body, $raw);
            $keepAlive = strcasecmp($headers['connection'] ?? '', 'close') !== 0;
            $this->dispatch($id, $req, $keepAlive);
        }
    }

    private function continue100(int $id, array $headers): void
    {
        if (!$this->conns[$id]['continued'] && isset($headers['expect']) && stripos($headers['expect'], '100-continue') !== false) {
            $this->conns[$id]['continued'] = true;
            $this->conns[$id]['out'] .= "HTTP/1.1 100 Continue\r\n\r\n";
            $this->flush($id);
        }
    }

    private static function dechunk(string $s, ?int &$used): ?string
    {
        $out = '';
        $pos = 0;
        while (true) {
            $nl = strpos($s, "\r\n", $pos);
            if ($nl === false) {
                return null;
            }
            $size = hexdec(trim(explode(';', substr($s, $pos, $nl - $pos))[0]));
            $pos = $nl + 2;
            if ($size === 0) {
                $end = strpos($s, "\r\n", $pos);
                if ($end === false) {
                    return null;
                }
                $used = $end + 2;
                return $out;
            }
            if (strlen($s) < $pos + $size + 2) {
                return null;
            }
            $out .= substr($s, $pos, (int) $size);
            $pos += (int) $size + 2;
        }
    }

    private function send(int $id, Response $r, bool $close, ?int $declaredLength = null): void
    {
        $reason = [200 => 'OK', 201 => 'Created', 204 => 'No Content', 400 => 'Bad Request', 401 => 'Unauthorized',
            403 => 'Forbidden', 404 => 'Not Found', 405 => 'Method Not Allowed', 409 => 'Conflict', 412 => 'Precondition Failed',
            413 => 'Payload Too Large', 422 => 'Unprocessable Entity', 429 => 'Too Many Requests', 431 => 'Request Header Fields Too Large',
            500 => 'Internal Server Error', 502 => 'Bad Gateway', 503 => 'Service Unavailable', 504 => 'Gateway Timeout'][$r->status] ?? 'Status';
        $h = "HTTP/1.1 {$r->status} $reason\r\n";
        $headers = $r->headers + ['Content-Type' => 'text/plain; charset=utf-8'];
        foreach ($headers as $k => $v) {
            $h .= "$k: $v\r\n";
        }
        $h .= 'Content-Length: ' . ($declaredLength ?? strlen($r->body)) . "\r\n";
        $h .= 'Connection: ' . ($close ? 'close' : 'keep-alive') . "\r\n\r\n";
        $this->conns[$id]['out'] .= $h . (empty($this->conns[$id]['head']) ? $r->body : '');
        if ($close) {
            $this->conns[$id]['closing'] = true;
        }
        $this->flush($id);
    }

    /** Schedules $action($id) after $ms milliseconds (no further requests are read meanwhile). */
    private function later(int $id, int $ms, callable $action): void
    {
        $this->conns[$id]['due'] = microtime(true) + $ms / 1000;
        $this->conns[$id]['action'] = $action;
    }

    private function takeFault(string $api, Request $req): ?array
    {
        foreach ($this->faults as $i => $f) {
            if (($f['api'] ?? '') !== '' && $f['api'] !== $api) {
                continue;
            }
            if (($f['method'] ?? '') !== '' && strcasecmp($f['method'], $req->method) !== 0) {
                continue;
            }
            if (($f['path'] ?? '') !== '' && !str_starts_with($req->sub, $f['path'])) {
                continue;
            }
            if (($f['skip'] ?? 0) > 0) {
                $this->faults[$i]['skip'] = $f['skip'] - 1; // let this matching request through
                continue;
            }
            $this->faults[$i]['count'] = ($f['count'] ?? 1) - 1;
            if ($this->faults[$i]['count'] <= 0) {
                unset($this->faults[$i]);
                $this->faults = array_values($this->faults);
            }
            return $f;
        }
        return null;
    }

    private function dispatch(int $id, Request $req, bool $keepAlive): void
    {
        $path = $req->path;
        if (str_starts_with($path, '/_sim/')) {
            $this->send($id, $this->control($req), !$keepAlive);
            return;
        }
        $api = null;
        if (preg_match('~^/(sors|vasco|logistos|test)(/.*|)$~', $path, $m)) {
            $api = $m[1];
            $req->sub = $m[2] === '' ? '/' : $m[2];
        } elseif (preg_match('~^/sitoo-files(/.*)$~', $path, $m)) {
            // a stand-in for the host Sitoo serves image files from (not part of the API description)
            $api = 'sitoo';
            $req->sub = '/_files' . $m[1];
        } elseif (preg_match('~^/sitoo/v2/accounts/([^/]+)(/.*|)$~', $path, $m)) {
            $api = 'sitoo';
            $req->sub = $m[2] === '' ? '/' : $m[2];
            $req->headers['x-sim-account'] = $m[1];
        }
        $req->api = $api ?? '';
        $fault = $api !== null ? $this->takeFault($api, $req) : null;
        $rec = ['seq' => count($this->requests) + 1, 'api' => $api ?? '', 'method' => $req->method, 'path' => $req->sub,
            'full_path' => $req->path, 'query' => $req->query, 'headers' => $req->headers, 'body' => $req->body,
            'time' => microtime(true), 'fault' => $fault['kind'] ?? null];
        if (count($this->requests) < $this->maxRecorded) {
            $this->requests[] = $rec;
        }
        if ($api === null || !isset($this->apis[$api])) {
            $this->send($id, Response::json(['error' => "no API at $path"], 404), !$keepAlive);
            return;
        }
        $kind = $fault['kind'] ?? null;
        $process = fn(): Response => $this->handle($this->apis[$api], $req);
        switch ($kind) {
            case null:
                $this->send($id, $process(), !$keepAlive);
                return;
            case 'latency':
                $resp = $process();
                $this->later($id, (int) ($fault['ms'] ?? 100), fn($id) => $this->send($id, $resp, !$keepAlive));
                return;
            case 'status':
                // body_b64: bytes that are not valid UTF-8 (the control API speaks JSON)
                $body = isset($fault['body_b64']) ? (string) base64_decode((string) $fault['body_b64'])
                    : ($fault['body'] ?? json_encode(['error' => 'simulated status ' . ($fault['status'] ?? 500)]));
                $this->send($id, new Response((int) ($fault['status'] ?? 500), (string) $body,
                    ($fault['headers'] ?? []) + ['Content-Type' => $fault['content_type'] ?? 'application/json']), !$keepAlive);
                return;
            case 'rate_limit':
                $h = ['Content-Type' => 'application/json'];
                if (isset($fault['retry_after'])) {
                    $h['Retry-After'] = (string) $fault['retry_after'];
                }
                if (isset($fault['reset'])) {
                    $h['X-Rate-Limit-Remaining'] = '0';
                    $h['X-Rate-Limit-Reset'] = (string) $fault['reset'];
                }
                $this->send($id, new Response(429, json_encode(['statuscode' => 429, 'errortext' => 'Too Many Requests']), ($fault['headers'] ?? []) + $h), !$keepAlive);
                return;
            case 'reset':
                // A status line and a header first, then the RST: a reset before any byte on a reused keep-alive
                // connection is retried by libcurl on its own, which would hide the fault from the client.
                $this->conns[$id]["out"] .= "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
                $this->flush($id);
                $this->later($id, 30, fn($id) => $this->reset($id));
                return;
            case 'hang':
                $this->later($id, (int) ($fault['ms'] ?? 60000), fn($id) => $this->close($id));
                return;
            case 'lost_reply':
                $process();
                $this->close($id);
                return;
            case 'malformed':
                if (!empty($fault['process'])) {
                    $process();
                }
                $this->send($id, new Response((int) ($fault['status'] ?? 200), '{"items": [1, 2,, "x"', ['Content-Type' => 'application/json']), !$keepAlive);
                return;
            case 'truncated':
                $resp = $process();
                $cut = (string) substr($resp->body, 0, max(1, intdiv(strlen($resp->body), 2)));
                $this->send($id, new Response($resp->status, $cut, $resp->headers), true, strlen($resp->body) + 100);
                return;
            case 'html':
                if (!empty($fault['process'])) {
                    $process();
                }
                $this->send($id, new Response((int) ($fault['status'] ?? 200),
                    "<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>Service temporarily unavailable</h1></body></html>",
                    ['Content-Type' => 'text/html; charset=utf-8']), !$keepAlive);
                return;
            case 'wrong_content_type':
                $resp = $process();
                $resp->headers['Content-Type'] = 'text/plain';
                $this->send($id, $resp, !$keepAlive);
                return;
            case 'redirect':
                // a 302 to another host (default: one that does not exist); a client must not follow it
                if (!empty($fault['process'])) {
                    $process();
                }
                $this->send($id, new Response((int) ($fault['status'] ?? 302), '',
                    ['Location' => (string) ($fault['location'] ?? 'http://other-host.invalid/steal'), 'Content-Type' => 'text/plain']), !$keepAlive);
                return;
            case 'gzip_bomb':
                // a small gzip body that inflates to `mb` MiB (default 64) of zeros
                $this->send($id, new Response(200, self::gzipBomb((int) ($fault['mb'] ?? 64)),
                    ['Content-Type' => 'application/json', 'Content-Encoding' => 'gzip']), !$keepAlive);
                return;
            case 'slow_body':
                // the status line and headers at once, then the body one byte every `ms` (default 1000)
                $resp = $process();
                $this->conns[$id]['out'] .= "HTTP/1.1 {$resp->status} OK\r\nContent-Type: application/json\r\nContent-Length: "
                    . strlen($resp->body) . "\r\nConnection: close\r\n\r\n";
                $this->flush($id);
                $this->dribble($id, $resp->body, (int) ($fault['ms'] ?? 1000));
                return;
            case 'retry_after_ok':
                // a successful reply that still asks for a wait: Retry-After (e.g. "inf", "1e308", 86400000) and/or
                // X-Rate-Limit-Remaining 0 + X-Rate-Limit-Reset
                $resp = $process();
                if (isset($fault['retry_after'])) {
                    $resp->headers['Retry-After'] = (string) $fault['retry_after'];
                }
                if (isset($fault['reset'])) {
                    $resp->headers['X-Rate-Limit-Remaining'] = '0';
                    $resp->headers['X-Rate-Limit-Reset'] = (string) $fault['reset'];
                }
                $this->send($id, $resp, !$keepAlive);
                return;
            case 'crlf_token':
                // a login reply whose token carries CR/LF and an extra header line
                $resp = $process();
                $data = json_decode($resp->body, true);
                $inject = (string) ($fault['inject'] ?? "\r\nX-Injected: yes");
                if (is_array($data)) {
                    foreach (['apiKey', 'ApiKey', 'apikey', 'token', 'access_token'] as $k) {
                        if (isset($data[$k]) && is_string($data[$k])) {
                            $data[$k] .= $inject;
                            break;
                        }
                    }
                    $resp->body = (string) json_encode($data, JSON_UNESCAPED_SLASHES);
                } elseif (is_string($data)) {
                    $resp->body = (string) json_encode($data . $inject);
                }
                $this->send($id, $resp, !$keepAlive);
                return;
            case 'html_error':
                // an error reply whose message fields carry HTML (links, images, script)
                $html = (string) ($fault['html'] ?? '<a href="https://evil.example/">Click here</a><img src="https://evil.example/x.png" onerror="alert(1)"><script>alert(2)</script>');
                $this->send($id, Response::json(['message' => $html, 'errortext' => $html], (int) ($fault['status'] ?? 400)), !$keepAlive);
                return;
            case 'echo_secrets':
                // the reply echoes the request: its headers (Authorization, keys) and body (passwords, consumer secrets)
                $resp = $process();
                $echo = ['echo' => ['headers' => $req->headers, 'body' => $req->body, 'query' => $req->rawQuery]];
                $data = json_decode($resp->body, true);
                $resp->body = (string) json_encode(is_array($data) && !array_is_list($data) ? $data + $echo : $echo, JSON_UNESCAPED_SLASHES);
                $resp->headers['Content-Type'] = 'application/json';
                // ... and in its headers: a session cookie, the request's Authorization under a harmless-looking
                // name, and a Location whose query carries a token
                $resp->headers['Set-Cookie'] = 'sim_session=sess-echo-' . $id . '; Path=/; HttpOnly';
                $resp->headers['X-Echo-Auth'] = (string) ($req->headers['authorization'] ?? '');
                $resp->headers['X-Next'] = '/next?page=2&token=tok-in-link';
                $this->send($id, $resp, !$keepAlive);
                return;
            case 'framing':
                // the same reply framed another way (`as`), to read it on every path of a client
                $this->framed($id, $process(), (string) ($fault['as'] ?? ''), $req, $fault);
                return;
            default:
                $this->send($id, Response::json(['error' => "unknown fault kind $kind"], 500), !$keepAlive);
        }
    }

    /**
     * Writes $r framed as `as`: chunked (chunks of `size` bytes, default 7, one with an extension, a trailer),
     * http10 (HTTP/1.0, no length, the end of the connection ends it), early_hints (a 103 first), gzip / deflate /
     * deflate_raw (content coding when the request's Accept-Encoding allows it), idle_close (a normal reply, then the
     * connection closed after `ms`, default 50, without notice), double_length (two different Content-Length).
     */
    private function framed(int $id, Response $r, string $as, Request $req, array $fault): void
    {
        $head = static function (Response $r, string $version, array $extra): string {
            $h = "$version {$r->status} " . ($r->status === 200 ? 'OK' : 'Status') . "\r\n";
            foreach ($r->headers + ['Content-Type' => 'application/json'] + $extra as $k => $v) {
                $h .= "$k: $v\r\n";
            }
            return $h . "\r\n";
        };
        $accepts = static fn(string $coding) => stripos((string) ($req->headers['accept-encoding'] ?? ''), $coding) !== false;
        switch ($as) {
            case 'chunked':
                $size = max(1, (int) ($fault['size'] ?? 7));
                $out = $head($r, 'HTTP/1.1', ['Transfer-Encoding' => 'chunked', 'Trailer' => 'X-Sum']);
                foreach (str_split($r->body, $size) as $i => $piece) {
                    $out .= dechex(strlen($piece)) . ($i === 1 ? ';ext=1' : '') . "\r\n" . $piece . "\r\n";
                }
                $this->conns[$id]['out'] .= $out . "0\r\nX-Sum: " . md5($r->body) . "\r\n\r\n";
                $this->flush($id);
                return;
            case 'http10':
                $this->conns[$id]['out'] .= $head($r, 'HTTP/1.0', []) . $r->body;
                $this->conns[$id]['closing'] = true;
                $this->flush($id);
                return;
            case 'early_hints':
                $this->conns[$id]['out'] .= "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n";
                $this->send($id, $r, false);
                return;
            case 'gzip':
            case 'deflate':
            case 'deflate_raw':
                $coding = $as === 'gzip' ? 'gzip' : 'deflate';
                if ($accepts($coding)) {
                    $r->body = $as === 'gzip' ? (string) gzencode($r->body) : ($as === 'deflate' ? (string) gzcompress($r->body) : (string) gzdeflate($r->body));
                    $r->headers['Content-Encoding'] = $coding;
                }
                $this->send($id, $r, false);
                return;
            case 'idle_close':
                $this->send($id, $r, false);
                $this->later($id, (int) ($fault['ms'] ?? 50), fn($id) => $this->close($id));
                return;
            case 'double_length':
                $h = substr($head($r, 'HTTP/1.1', ['Content-Length' => strlen($r->body)]), 0, -2);
                $this->conns[$id]['out'] .= $h . 'Content-Length: ' . (strlen($r->body) + 5) . "\r\n\r\n" . $r->body;
                $this->conns[$id]['closing'] = true;
                $this->flush($id);
                return;
            default:
                $this->send($id, Response::json(['error' => "unknown framing $as"], 500), false);
        }
    }

    /** Writes $body to connection $id one byte every $ms milliseconds, then closes it. */
    private function dribble(int $id, string $body, int $ms): void
    {
        if ($body === '') {
            $this->conns[$id]['closing'] = true;
            $this->flush($id);
            return;
        }
        $this->later($id, $ms, function ($id) use ($body, $ms) {
            if (!isset($this->conns[$id])) {
                return;
            }
            $this->conns[$id]['out'] .= $body[0];
            $this->flush($id);
            if (isset($this->conns[$id])) {
                $this->dribble($id, (string) substr($body, 1), $ms);
            }
        });
    }

    /** gzip of $mb MiB of zeros, built in 1 MiB steps (the body is about 1/1000 of that). */
    private static function gzipBomb(int $mb): string
    {
        static $cache = [];
        if (isset($cache[$mb])) {
            return $cache[$mb];
        }
        $ctx = deflate_init(ZLIB_ENCODING_GZIP, ['level' => 9]);
        $chunk = str_repeat("\0", 1048576);
        $out = '';
        for ($i = 0; $i < max(1, $mb); $i++) {
            $out .= deflate_add($ctx, $chunk, ZLIB_NO_FLUSH);
        }
        $out .= deflate_add($ctx, '', ZLIB_FINISH);
        return $cache[$mb] = $out;
    }

    private function handle(Api $api, Request $req): Response
    {
        try {
            return $api->handle($req);
        } catch (HttpError $e) {
            return Response::json($e->payload, $e->status, $e->headers);
        } catch (\Throwable $e) {
            return Response::json(['error' => 'simulator bug: ' . $e->getMessage(), 'at' => basename($e->getFile()) . ':' . $e->getLine()], 500);
        }
    }

    private function control(Request $req): Response
    {
        $what = substr($req->path, strlen('/_sim/'));
        try {
            $in = $req->json() ?? [];
        } catch (HttpError $e) {
            return Response::json($e->payload, 400);
        }
        switch ($req->method . ' ' . preg_replace('~/.*$~', '', $what)) {
            case 'POST reset':
                $this->faults = [];
                $this->requests = [];
                foreach ($this->apis as $a) {
                    $a->reset();
                }
                return Response::json(['ok' => true]);
            case 'POST seed':
                $api = $this->apis[$in['api'] ?? ''] ?? null;
                if (!$api) {
                    return Response::json(['error' => 'seed: unknown api'], 400);
                }
                $t = microtime(true);
                $res = $api->seed($in);
                return Response::json(['ok' => true, 'seconds' => round(microtime(true) - $t, 3)] + $res);
            case 'POST fault':
                $list = isset($in['kind']) ? [$in] : $in;
                foreach ($list as $f) {
                    if (!is_array($f) || !isset($f['kind'])) {
                        return Response::json(['error' => 'fault: kind is required'], 400);
                    }
                    $f['count'] = (int) ($f['count'] ?? 1);
                    $this->faults[] = $f;
                }
                return Response::json(['ok' => true, 'queued' => count($this->faults)]);
            case 'POST record':
                // How many requests the simulator keeps for GET requests (default 20,000): large benchmarks raise it.
                $this->maxRecorded = max(0, (int) ($in['max'] ?? $this->maxRecorded));
                return Response::json(['ok' => true, 'max' => $this->maxRecorded]);
            case 'GET requests':
                $api = $req->query['api'] ?? null;
                $out = $api === null ? $this->requests : array_values(array_filter($this->requests, fn($r) => $r['api'] === $api));
                return Response::json(['requests' => $out]);
            case 'GET state':
                $name = substr($what, strlen('state/'));
                $api = $this->apis[$name] ?? null;
                return $api ? Response::json($api->state()) : Response::json(['error' => 'state: unknown api'], 404);
            case 'POST config':
                $api = $this->apis[$in['api'] ?? ''] ?? null;
                if (!$api) {
                    return Response::json(['error' => 'config: unknown api'], 400);
                }
                $api->config($in);
                return Response::json(['ok' => true]);
            case 'GET connections':
                return Response::json(['accepted' => $this->accepted, 'open' => count($this->conns)]);
            case 'GET ping':
                return Response::json(['ok' => true]);
        }
        return Response::json(['error' => "unknown control call {$req->method} /_sim/$what"], 404);
    }

    public function accepted(): int
    {
        return $this->accepted;
    }
}

/** Shared helpers of the API emulations. */
trait PagingHelpers
{
    /** Deterministic pseudo-random generator (xorshift) so seeds give the same data. */
    private int $rng = 88172645463325252;

    private function srand(int $seed): void
    {
        $this->rng = $seed ?: 88172645463325252;
    }

    private function rand(int $min, int $max): int
    {
        $x = $this->rng;
        $x ^= ($x << 13) & PHP_INT_MAX;
        $x ^= $x >> 7;
        $x ^= ($x << 17) & PHP_INT_MAX;
        $this->rng = $x & PHP_INT_MAX ?: 1;
        return $min + ($this->rng % ($max - $min + 1));
    }

    /** A valid GTIN-13 for n (prefix 383, Slovenia). */
    private static function ean13(int $n): string
    {
        $body = '383' . str_pad((string) ($n % 1000000000), 9, '0', STR_PAD_LEFT);
        $sum = 0;
        for ($i = 0; $i < 12; $i++) {
            $sum += (int) $body[$i] * ($i % 2 === 0 ? 1 : 3);
        }
        return $body . (string) ((10 - $sum % 10) % 10);
    }
}
