"""The profile dialog's connection test tries https:// first for an address typed without a
scheme or the default gateway address, and offers plain http only after saying what it
exposes (issue 14 item 5).

Real sockets, no mocks of requests: a recording TCP server shows the order of what reached
the wire (a TLS ClientHello, then, only after the operator's click, a plain POST); the
sandbox answers plain http; the sandbox behind TLS (a throw-away certificate the test
trusts through REQUESTS_CA_BUNDLE) answers https.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading

import pytest
from keyring_fakes import MemoryKeyring
from PySide6.QtCore import QSettings

from gui.keychain import Keychain
from gui.profiles import DEFAULT_BASE_URL
from gui.views.profiles.connection_test import https_first

OP_TIMEOUT_MS = 15_000
APIKEY = "key-https-first-4711"


def test_https_first_for_no_scheme_and_the_default_address_only():
    assert https_first("sms.haotingyun.com") == ("https://sms.haotingyun.com", "http://sms.haotingyun.com")
    assert https_first(DEFAULT_BASE_URL + "/") == ("https://sms.haotingyun.com", "http://sms.haotingyun.com")
    assert https_first("") == ("https://sms.haotingyun.com", "http://sms.haotingyun.com")  # empty = default
    assert https_first("127.0.0.1:8080") == ("https://127.0.0.1:8080", "http://127.0.0.1:8080")
    # A scheme the operator typed is theirs: a proxy or the sandbox on loopback stays as it is.
    assert https_first("http://127.0.0.1:8080") is None
    assert https_first("https://gw.example.com") is None


@pytest.fixture
def dialog(qtbot, qapp, app_paths):
    from gui.app import AppContext, parse_args
    from gui.views.profiles import ProfileDialog

    settings = QSettings(str(app_paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(app_paths, settings, parse_args([]))
    ctx.keychain = Keychain(MemoryKeyring())
    dialog = ProfileDialog(ctx, None)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.operation_finished, timeout=OP_TIMEOUT_MS):
        dialog.show()
    dialog.name_edit.setText("Shop")
    dialog.apikey_edit.setText(APIKEY)
    yield dialog
    dialog.close()
    ctx.tasks.wait_all(5000)
    ctx.release()


def run_test(qtbot, dialog, action) -> None:
    with qtbot.waitSignal(
        dialog.operation_finished, timeout=OP_TIMEOUT_MS, check_params_cb=lambda name: name == "test"
    ):
        action()


class RecordingServer:
    """Accepts TCP connections on loopback, keeps each one's first bytes, answers nothing."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.first_bytes: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.first_bytes.append(conn.recv(4096))
                except OSError:
                    self.first_bytes.append(b"")

    def close(self) -> None:
        self.listener.close()


def test_https_is_tried_first_and_plain_http_only_after_the_click(qtbot, dialog):
    server = RecordingServer()
    try:
        dialog.url_edit.setText(f"127.0.0.1:{server.port}")  # no scheme
        assert dialog.editor.form_url() == f"https://127.0.0.1:{server.port}"
        run_test(qtbot, dialog, dialog.test_button.click)

        # What reached the wire: TLS handshakes only (0x16 = handshake record), no apikey.
        assert server.first_bytes, "nothing connected"
        assert all(first.startswith(b"\x16\x03") for first in server.first_bytes), server.first_bytes
        assert len(server.first_bytes) == 1  # the https probe tries once
        assert all(APIKEY.encode() not in first for first in server.first_bytes)
        # The offer says what plain http exposes, and waits for the operator.
        text = dialog.test_result.text()
        assert f"http://127.0.0.1:{server.port}" in text
        assert "apikey travels unencrypted" in text
        assert dialog.editor.plain_http_button.isVisible()
        tls_attempts = len(server.first_bytes)

        run_test(qtbot, dialog, dialog.editor.plain_http_button.click)
        plain = server.first_bytes[tls_attempts:]
        assert plain and all(first.startswith(b"POST /v2/user/get.json") for first in plain), plain
        assert not dialog.editor.plain_http_button.isVisible()  # plain http failed too: no offer again
        assert "failed" in dialog.test_result.text()
    finally:
        server.close()


def test_plain_http_sandbox_connects_after_consent_and_the_form_keeps_http(qtbot, dialog, sandbox):
    port = sandbox.port
    dialog.apikey_edit.setText(sandbox.apikey)
    dialog.url_edit.setText(f"127.0.0.1:{port}")
    run_test(qtbot, dialog, dialog.test_button.click)
    assert sandbox.call_count("user/get") == 0  # the TLS attempt never became a request
    assert dialog.editor.plain_http_button.isVisible()
    assert not dialog.test_result.text().startswith("Connected")

    run_test(qtbot, dialog, dialog.editor.plain_http_button.click)
    assert dialog.test_result.text().startswith("Connected")
    assert sandbox.call_count("user/get") == 1
    assert dialog.url_edit.text() == sandbox.base_url  # what answered is what Save keeps
    assert "apikey travels unencrypted" in dialog.url_warning.text()


def test_an_explicit_http_address_is_tested_as_typed(qtbot, dialog, sandbox):
    dialog.apikey_edit.setText(sandbox.apikey)
    dialog.url_edit.setText(sandbox.base_url)  # the operator typed http:// themselves
    run_test(qtbot, dialog, dialog.test_button.click)
    assert dialog.test_result.text().startswith("Connected")
    assert not dialog.editor.plain_http_button.isVisible()


def _self_signed_cert(folder) -> tuple[str, str]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return str(cert_file), str(key_file)


def test_https_that_answers_is_used_without_any_plain_http(qtbot, dialog, sandbox, tmp_path, monkeypatch):
    pytest.importorskip("cryptography")
    cert_file, key_file = _self_signed_cert(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    httpd = sandbox._httpd  # the sandbox speaks plain http: put TLS on its listening socket
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", cert_file)  # requests trusts the throw-away certificate

    # A wrong apikey: the gateway answered over https, so https is kept and plain http not offered.
    dialog.url_edit.setText(f"127.0.0.1:{sandbox.port}")
    run_test(qtbot, dialog, dialog.test_button.click)
    assert "API key is not valid" in dialog.test_result.text()
    assert not dialog.editor.plain_http_button.isVisible()
    assert dialog.url_edit.text() == f"https://127.0.0.1:{sandbox.port}"

    dialog.apikey_edit.setText(sandbox.apikey)
    dialog.url_edit.setText(f"127.0.0.1:{sandbox.port}")
    run_test(qtbot, dialog, dialog.test_button.click)
    assert dialog.test_result.text().startswith("Connected"), dialog.test_result.text()
    assert dialog.url_edit.text() == f"https://127.0.0.1:{sandbox.port}"
    assert not dialog.url_warning.isVisible()
    assert not dialog.editor.plain_http_button.isVisible()
    assert sandbox.call_count("user/get") == 2  # both over TLS: the client speaks no plain http to it
