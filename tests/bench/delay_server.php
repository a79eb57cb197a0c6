<?php
/*
 * A small keep-alive HTTP server for the parallel benchmark: every request is answered after a fixed delay
 * (default 20 ms) without blocking the others (one process, stream_select, timers), so it is never the
 * bottleneck for a few hundred requests in flight.
 *
 *   php tests/bench/delay_server.php [delay_ms=20]      prints "listening PORT"
 */
$delay = ((int) ($argv[1] ?? 20)) / 1000;
$srv   = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
if (!$srv) {
    fwrite(STDERR, "listen: $errstr\n");
    exit(1);
}
stream_set_blocking($srv, false);
$port = (int) substr(strrchr(stream_socket_get_name($srv, false), ':'), 1);
echo "listening $port\n";
$body    = '{"ok":true}';
$reply   = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " . strlen($body) . "\r\nConnection: keep-alive\r\n\r\n" . $body;
$clients = [];   // id => [stream, buffer]
$due     = [];   // list of [time, id]
while (true) {
    $read = [$srv];
    foreach ($clients as $c) {
        $read[] = $c[0];
    }
    $w = $e = null;
    $timeout = 1.0;
    if ($due) {
        $timeout = max(0.0, min(array_column($due, 0)) - microtime(true));
    }
    $sec = (int) $timeout;
    if (@stream_select($read, $w, $e, $sec, (int) (($timeout - $sec) * 1e6)) === false) {
        continue;
    }
    foreach ($read as $s) {
        if ($s === $srv) {
            while ($c = @stream_socket_accept($srv, 0)) {
                stream_set_blocking($c, false);
                $clients[(int) $c] = [$c, ''];
            }
            continue;
        }
        $id   = (int) $s;
        $data = fread($s, 65536);
        if ($data === '' || $data === false) {
            if (feof($s)) {
                fclose($s);
                unset($clients[$id]);
            }
            continue;
        }
        $clients[$id][1] .= $data;
        while (($p = strpos($clients[$id][1], "\r\n\r\n")) !== false) {
            $head = substr($clients[$id][1], 0, $p);
            $len  = preg_match('/\r\ncontent-length:\s*(\d+)/i', $head, $m) ? (int) $m[1] : 0;
            if (strlen($clients[$id][1]) < $p + 4 + $len) {
                break;
            }
            $clients[$id][1] = (string) substr($clients[$id][1], $p + 4 + $len);
            $due[]           = [microtime(true) + $delay, $id];
        }
    }
    $now  = microtime(true);
    $keep = [];
    foreach ($due as $d) {
        if ($d[0] <= $now) {
            if (isset($clients[$d[1]])) {
                fwrite($clients[$d[1]][0], $reply);
            }
        } else {
            $keep[] = $d;
        }
    }
    $due = $keep;
}
