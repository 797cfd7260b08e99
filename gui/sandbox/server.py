"""MINIMAL STUB (replaced by the sandbox issue): serves user/get only."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

DEMO_APIKEY = "sandbox-demo-apikey-0000"


class SandboxServer:
    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.apikey = DEMO_APIKEY
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                form = {k: v[0] for k, v in parse_qs(body).items()}
                if form.get("apikey") != outer.apikey:
                    status, payload = 400, {"http_status_code": 400, "code": -1, "msg": "非法的apikey", "detail": ""}
                else:
                    status, payload = 200, {"nick": "sandbox", "gmt_created": "2024-01-01 00:00:00", "mobile": "13800000000",
                                            "email": "demo@example.com", "ip_whitelist": None, "api_version": "v2",
                                            "balance": 1000, "alarm_balance": 100, "emergency_contact": "", "emergency_mobile": ""}
                data = json.dumps(payload, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._httpd = ThreadingHTTPServer((host, port), Handler)
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="sandbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
