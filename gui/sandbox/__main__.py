"""``python -m gui.sandbox --port P [--state-file F] [--latency-ms N] ...``

Runs the sandbox gateway in the foreground; prints its base URL and the demo apikey,
then serves until interrupted (Ctrl+C / SIGTERM). Knobs not covered by a flag can be
given as ``--set name=value`` (repeatable) or later via ``POST /_sandbox/control``.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m gui.sandbox", description="Local fake of the SMS provider's v2 API.")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=18080, help="0 picks a free port (default 18080)")
    p.add_argument("--state-file", help="keep the account in this JSON file across restarts")
    p.add_argument("--no-demo", action="store_true", help="start with an empty account instead of demo data")
    p.add_argument("--apikey", help="the apikey to accept (default: the demo apikey)")
    p.add_argument("--frozen-clock", action="store_true", help="stop the clock (move it via /_sandbox/clock)")
    p.add_argument("--latency-ms", type=int)
    p.add_argument("--html-error-rate", type=float)
    p.add_argument("--connection-reset-rate", type=float)
    p.add_argument("--timeout-after-processing", type=int)
    p.add_argument("--rate-limit-per-second", type=int)
    p.add_argument("--record-lag-seconds", type=float)
    p.add_argument("--review-delay-seconds", type=float)
    p.add_argument("--report-delay-seconds", type=float)
    p.add_argument("--balance")
    p.add_argument("--features-off", help="comma list of uid,extend,callback_url,pull_status,pull_reply")
    p.add_argument("--fault-seed", type=int)
    p.add_argument("--listen-fd", type=int, help="serve on this listening socket (inherited) instead of --host/--port")
    p.add_argument(
        "--exit-with-stdin",
        action="store_true",
        help="stop when standard input closes (the console that started this gateway stopped it, or has gone)",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="any other knob (value parsed as JSON when it can be)",
    )
    return p.parse_args(argv)


def knobs_from_args(args: argparse.Namespace) -> dict:
    knobs = {}
    for name in (
        "latency_ms",
        "html_error_rate",
        "connection_reset_rate",
        "timeout_after_processing",
        "rate_limit_per_second",
        "record_lag_seconds",
        "review_delay_seconds",
        "report_delay_seconds",
        "balance",
        "features_off",
        "fault_seed",
    ):
        value = getattr(args, name)
        if value is not None:
            knobs[name] = value
    for item in args.set:
        name, _, raw = item.partition("=")
        try:
            knobs[name.strip()] = json.loads(raw)
        except ValueError:
            knobs[name.strip()] = raw
    return knobs


def main(argv=None) -> int:
    args = parse_args(argv)
    from gui.sandbox import DEMO_APIKEY
    from gui.sandbox.server import SandboxServer

    kwargs = {
        "host": args.host,
        "port": args.port,
        "demo": not args.no_demo,
        "state_file": args.state_file,
        "frozen_clock": args.frozen_clock,
        "apikey": args.apikey or DEMO_APIKEY,
    }
    if args.listen_fd is not None:
        import socket

        kwargs["listen_socket"] = socket.socket(fileno=args.listen_fd)
    try:
        server = SandboxServer(**kwargs, **knobs_from_args(args))
    except (TypeError, ValueError, OSError) as exc:
        print(f"sandbox: {exc}", file=sys.stderr)
        return 2
    server.start()
    print(f"Sandbox gateway: {server.base_url}", flush=True)
    print(f"Demo apikey: {server.apikey}", flush=True)  # a fake key for a fake gateway
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    if args.exit_with_stdin:
        threading.Thread(target=_set_at_end_of_input, args=(done,), name="stdin-watch", daemon=True).start()
    try:
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


def _set_at_end_of_input(done: threading.Event) -> None:
    """Read (and ignore) standard input until it closes, then ``done.set()``."""
    try:
        while sys.stdin.buffer.read(4096):
            pass
    except (OSError, ValueError):
        pass  # closed under us: the same end
    done.set()


if __name__ == "__main__":
    sys.exit(main())
