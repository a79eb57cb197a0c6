<?php
/**
 * Test-side handle of the back-office simulator (tests/sim/server.php).
 *
 *   $sim = ErpSyncTest\Sim::start();          // own simulator on a free port, stopped at exit
 *   $c = new ErpSync\Http\Client(['base_url' => $sim->url('vasco'), ...]);
 *   $sim->fault(['api' => 'vasco', 'method' => 'POST', 'path' => '/api/v1/FA/narociloKupca', 'kind' => 'lost_reply']);
 *   $sim->requests('vasco');                   // what the simulator received
 *
 * Sim::attach(getenv('ERPSYNC_SIM_URL')) uses one that is already running (the demo, the WordPress suite).
 * Control calls use plain PHP streams: this is test code, not product code.
 */

declare(strict_types=1);

namespace ErpSyncTest;

final class Sim
{
    /** Default credentials the simulator accepts. */
    public const SORS_KEY = 'sors-test-key';
    public const SITOO_USER = 'sitoo-user';
    public const SITOO_PASSWORD = 'sitoo-pass';
    public const SITOO_ACCOUNT = '10020';
    public const VASCO_USER = 'vasco';
    public const VASCO_PASSWORD = 'vasco-pass';
    public const VASCO_TAX_NUMBER = '12345678';
    public const LOGISTOS_TOKEN = 'logistos-token';

    /** @var resource|null */
    private $proc = null;
    private int $port;

    private function __construct(private string $base)
    {
        $this->port = (int) parse_url($base, PHP_URL_PORT);
    }

    public static function start(array $opts = []): self
    {
        $sim = new self('http://127.0.0.1:0');
        $sim->spawn((int) ($opts['port'] ?? 0), (int) ($opts['seed_products'] ?? 0));
        return $sim;
    }

    public static function attach(string $base): self
    {
        return new self(rtrim($base, '/'));
    }

    private function spawn(int $port, int $seed): void
    {
        $args = [PHP_BINARY, '-n', '-d', 'memory_limit=4G'];
        $dir = ini_get('extension_dir') ?: '';
        foreach (['sockets', 'pcntl'] as $ext) {
            if (is_file("$dir/$ext.so")) {
                $args[] = '-d';
                $args[] = "extension=$ext";
            }
        }
        $args[] = __DIR__ . '/server.php';
        $args[] = '--port=' . $port;
        if ($seed > 0) {
            $args[] = '--seed-products=' . $seed;
        }
        $this->proc = proc_open($args, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'a']], $pipes);
        if (!is_resource($this->proc)) {
            throw new \RuntimeException('could not start the simulator');
        }
        fclose($pipes[0]);
        $line = fgets($pipes[1]);
        if ($line === false || !preg_match('~listening (http://127\.0\.0\.1:(\d+))~', $line, $m)) {
            throw new \RuntimeException('the simulator did not start: ' . var_export($line, true));
        }
        $this->base = $m[1];
        $this->port = (int) $m[2];
        register_shutdown_function([$this, 'stop']);
    }

    public function stop(): void
    {
        if (is_resource($this->proc)) {
            $st = proc_get_status($this->proc);
            if ($st['running']) {
                posix_kill_safe($st['pid']);
            }
            proc_close($this->proc);
            $this->proc = null;
        }
    }

    /** Stops and starts again on the same port (state is lost: "back-office down, then back"). */
    public function restart(): void
    {
        $this->stop();
        $this->spawn($this->port, 0);
    }

    public function base(): string
    {
        return $this->base;
    }

    public function url(string $api): string
    {
        return match ($api) {
            'sitoo' => $this->base . '/sitoo/v2/accounts/' . self::SITOO_ACCOUNT,
            'sors', 'vasco', 'logistos', 'test' => $this->base . '/' . $api,
            default => throw new \InvalidArgumentException("unknown api $api"),
        };
    }

    public function call(string $method, string $path, mixed $body = null): mixed
    {
        $ctx = stream_context_create(['http' => ['method' => $method, 'ignore_errors' => true, 'timeout' => 30,
            'header' => "Content-Type: application/json\r\nConnection: close\r\n",
            'content' => $body === null ? '' : json_encode($body)]]);
        $out = @file_get_contents($this->base . $path, false, $ctx);
        if ($out === false) {
            throw new \RuntimeException("simulator control call $method $path failed");
        }
        return json_decode($out, true);
    }

    public function reset(): void
    {
        $this->call('POST', '/_sim/reset', new \stdClass());
    }

    public function seed(array $opts): array
    {
        return $this->call('POST', '/_sim/seed', $opts);
    }

    public function fault(array $fault): void
    {
        $this->call('POST', '/_sim/fault', $fault);
    }

    public function requests(?string $api = null): array
    {
        return $this->call('GET', '/_sim/requests' . ($api ? '?api=' . $api : ''))['requests'] ?? [];
    }

    public function state(string $api): array
    {
        return $this->call('GET', '/_sim/state/' . $api) ?? [];
    }

    public function config(array $opts): void
    {
        $this->call('POST', '/_sim/config', $opts);
    }

    public function connections(): array
    {
        return $this->call('GET', '/_sim/connections');
    }
}

/** SIGTERM without needing ext/posix in the test process. */
function posix_kill_safe(int $pid): void
{
    if (function_exists('posix_kill')) {
        posix_kill($pid, 15);
    } else {
        @exec('kill ' . (int) $pid);
    }
    usleep(20000);
}
