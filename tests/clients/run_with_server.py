"""Runs a client's end-to-end suite against the real inburgering-server binary.

usage: run_with_server.py --server BIN [--database-url URL] [--gateway BIN --cors-origins O]
                          -- COMMAND...

Starts the server on a free loopback port with development authentication and a fresh SQLite
database (or URL), waits until it serves, runs COMMAND with INBURGERING_TARGET=host:port in its
environment, then stops the server with SIGTERM. With --gateway, the REST gateway runs beside it
(forwarding the x-dev-* headers, CORS for the origins O) and INBURGERING_REST is its base URL
(http://127.0.0.1:port); `--cors-origins page` allows one origin on a free loopback port, for a
test's own page server: INBURGERING_PAGE_ORIGIN and INBURGERING_PAGE_PORT name it. The exit code is COMMAND's, or 1 when the server did not start or did
not stop cleanly."""

import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--database-url")
    parser.add_argument("--gateway")
    parser.add_argument("--cors-origins", default="")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    with tempfile.TemporaryDirectory() as work:
        url = args.database_url or "sqlite:" + os.path.join(work, "e2e.db")
        server = subprocess.Popen(
            [args.server, "--listen", "127.0.0.1:0", "--database-url", url, "--dev-auth",
             "--shutdown-grace", "4", "--drain-delay", "0"],
            stderr=subprocess.PIPE, text=True)
        lines, address, ready = [], [], threading.Event()

        def read():
            for line in server.stderr:
                lines.append(line.rstrip("\n"))
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("msg") == "serving gRPC":
                    address.append(entry["address"])
                    ready.set()
            ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        if not ready.wait(30) or not address:
            server.kill()
            print("server did not start:\n" + "\n".join(lines), file=sys.stderr)
            return 1
        env = dict(os.environ, INBURGERING_TARGET=address[0])
        gateway = None
        if args.gateway:
            origins = args.cors_origins
            if origins == "page":
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", 0))
                    port = probe.getsockname()[1]
                origins = "http://127.0.0.1:%d" % port
                env["INBURGERING_PAGE_PORT"] = str(port)
            env["INBURGERING_PAGE_ORIGIN"] = origins.split(",")[0]
            gateway, rest = start_gateway(args.gateway, address[0], origins)
            if not rest:
                server.kill()
                return 1
            env["INBURGERING_REST"] = rest
        code = subprocess.call(command, env=env)
        if gateway:
            gateway.send_signal(signal.SIGTERM)
            gateway.wait(timeout=15)
        server.send_signal(signal.SIGTERM)
        try:
            stopped = server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            stopped = -1
        reader.join(5)
        if code != 0 or stopped != 0:
            print("server log:\n" + "\n".join(lines[-40:]), file=sys.stderr)
        if stopped != 0:
            print("server exited with %s" % stopped, file=sys.stderr)
            return code or 1
        return code


def start_gateway(binary, backend, origins):
    """Starts the gateway on a free port; returns the process and its base URL (None if it
    did not start)."""
    gateway = subprocess.Popen(
        [binary, "--listen", "127.0.0.1:0", "--backend", backend, "--forward-dev-headers",
         "--cors-origins", origins], stderr=subprocess.PIPE, text=True)
    for line in gateway.stderr:
        match = re.search(r"serving /api/v1 on (\S+),", line)
        if match:
            threading.Thread(target=lambda: [None for _ in gateway.stderr], daemon=True).start()
            return gateway, "http://" + match.group(1)
        print(line, end="", file=sys.stderr)
    print("gateway did not start", file=sys.stderr)
    return gateway, None


if __name__ == "__main__":
    sys.exit(main())
