"""The sandbox's control API under ``/_sandbox/`` (JSON in and out), a part of
``SandboxServer`` (gui/sandbox/server.py) kept in a file of its own; docs/sandbox.md lists
the routes. Unknown paths answer 404, bad input 400 with ``{"error": ...}``.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from gui.sandbox.clock import to_wire

if TYPE_CHECKING:
    from gui.sandbox.server import SandboxServer


class ControlApi:
    """``ControlApi(server).answer(method, path, query, body)`` -> (HTTP status, JSON payload)."""

    def __init__(self, server: SandboxServer) -> None:
        self.server = server

    def answer(self, method: str, path: str, query: str, body: bytes) -> tuple[int, Any]:
        try:
            data = json.loads(body.decode("utf-8")) if body.strip() else {}
            if not isinstance(data, dict):
                raise ValueError("a JSON object is expected")
            status, payload = 200, self._control_route(method, path, query, data)
        except KeyError as exc:
            status, payload = 404, {"error": f"unknown control path {exc.args[0]}"}
        except (TypeError, ValueError, ArithmeticError) as exc:
            status, payload = 400, {"error": str(exc)}
        return status, payload

    def _control_route(self, method: str, path: str, query: str, data: dict) -> Any:
        server = self.server
        route = (method, path.rstrip("/"))
        q = {k: v[0] for k, v in parse_qs(query).items()}
        if route == ("GET", "/_sandbox/control"):
            return server.control.snapshot()
        if route == ("POST", "/_sandbox/control"):
            snapshot = server.control.set(**data)
            server.mark_dirty()
            return snapshot
        if route == ("GET", "/_sandbox/log"):
            since = int(q.get("since", 0))
            with server.state.lock:
                accepted = server.state.accepted[since:]
                total = len(server.state.accepted)
            return {"total": total, "accepted": [asdict(a) for a in accepted]}
        if route == ("GET", "/_sandbox/pushes"):
            return {"pending": server.pushes.pending(), "attempts": server.pushes.log()}
        if route == ("GET", "/_sandbox/requests"):
            return server.requests_log()
        if route == ("GET", "/_sandbox/state"):
            return server.summary()
        if route == ("GET", "/_sandbox/clock"):
            return self._clock_answer()
        if route == ("POST", "/_sandbox/clock/advance"):
            server.advance(float(data.get("seconds", 0)))
            return self._clock_answer()
        if route == ("POST", "/_sandbox/clock/set"):
            if "time" not in data and "ts" not in data:
                raise ValueError('give "time" (yyyy-MM-dd HH:mm:ss, Beijing) or "ts" (epoch seconds)')
            server.clock.set(data["time"] if "time" in data else float(data["ts"]))
            server.tick()
            return self._clock_answer()
        if route == ("POST", "/_sandbox/clock/freeze"):
            server.clock.freeze()
            return self._clock_answer()
        if route == ("POST", "/_sandbox/clock/unfreeze"):
            server.clock.unfreeze()
            return self._clock_answer()
        if route == ("POST", "/_sandbox/reply"):
            if not data.get("mobile") or not data.get("text"):
                raise ValueError('give "mobile" and "text"')
            reply = server.add_reply(str(data["mobile"]), str(data["text"]), data.get("extend"))
            return reply.fields()
        if route == ("POST", "/_sandbox/reset"):
            server.reset(demo=data.get("demo"))
            return server.summary()
        if route == ("POST", "/_sandbox/save"):
            server.save(data.get("path"))
            return {"saved": data.get("path") or server.state_file}
        raise KeyError(path)

    def _clock_answer(self) -> dict:
        clock = self.server.clock
        return {"now": to_wire(clock.time()), "ts": clock.time(), "frozen": clock.frozen}
