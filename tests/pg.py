"""A throw-away PostgreSQL cluster for the tests (issue 15, item 8: real PostgreSQL, nothing mocked).

One cluster per test session, in a temporary folder, on a free TCP port of 127.0.0.1 and a unix
socket inside that folder; stopped (``pg_ctl stop -m immediate``) and removed at the end.

PostgreSQL refuses to run as root, and CI runs as root: then the folder belongs to the ``postgres``
user (made by Debian's package) and ``initdb`` / ``pg_ctl`` run through ``runuser -u postgres``.
As any other user they run directly, and the cluster belongs to that user.

The cluster is made like the team database the issue asks for: UTF8, C.UTF-8 collation and ctype
(the archive's Chinese search is its own bigram tokens in a GIN index, so no locale-dependent
text search is needed). Three roles:

- ``postgres``: the superuser, over the unix socket only (trust); the harness's own admin work;
- ``sms_owner`` (:data:`OWNER`): owns the databases, so it may run DDL (migrations);
- ``sms_operator`` (:data:`OPERATOR`): CONNECT on each database and USAGE on its ``public``
  schema, nothing else; table rights (SELECT/INSERT/UPDATE/DELETE) are for the migrations to grant.

Owner and operator log in over TCP with a password (scram-sha-256), as a console would.

The server runs with fsync off: a crash would lose a throw-away database, and the tests do not
wait for disks. Everything here is plain Python + psycopg; the fixtures live in tests/conftest.py.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OWNER = "sms_owner"
OPERATOR = "sms_operator"
SUPERUSER = "postgres"
SESSION_DATABASE = "sms_console_test"
LOCALE = "C.UTF-8"

# Debian/Ubuntu put each major version's server binaries here (not on PATH).
DEBIAN_PG_ROOT = Path("/usr/lib/postgresql")
# Names a server bin folder explicitly (another layout, another version).
BIN_DIR_ENV = "SMS_CONSOLE_PG_BIN"

START_TIMEOUT_S = 30
# The cluster's folder in the temp dir, and the file in it naming the test process that owns it.
ROOT_PREFIX = "sms-console-pg-"
OWNER_PID_FILE = "test-process.pid"
# initdb: UTF8 and C.UTF-8 as the issue asks; the superuser over the socket only, roles by password.
INITDB_OPTIONS = (
    f"--username={SUPERUSER}",
    "--encoding=UTF8",
    f"--locale={LOCALE}",
    "--auth-local=trust",
    "--auth-host=scram-sha-256",
    "--no-sync",
    "--no-instructions",
)
# Settings for a disposable test server: fast, quiet, reachable only from this machine.
SERVER_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "shared_buffers": "'32MB'",
    "logging_collector": "off",
    "log_min_messages": "warning",
}


class PgUnavailable(Exception):
    """No PostgreSQL here (not installed, no user to run it as, no driver): skip, or fail under CI."""


class PgStartFailed(RuntimeError):
    """PostgreSQL is here but initdb / pg_ctl failed: always an error (the message has the server log)."""


def in_ci() -> bool:
    """Under CI a missing PostgreSQL is an error, not a skip (the same rule as scripts/test.sh)."""
    return os.environ.get("CI") == "true"


def skip_or_fail(reason: str) -> None:
    """Skip the test with ``reason``; under CI fail it instead, so a broken install is noticed."""
    import pytest

    if in_ci():
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}", pytrace=False)
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


def require_psycopg() -> None:
    """Raise :class:`PgUnavailable` when the psycopg driver (a dependency in pyproject.toml) is missing."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise PgUnavailable(f"the psycopg driver is not installed ({exc}); bash scripts/setup-venv.sh") from exc


def find_bin_dir() -> Path:
    """The folder holding ``initdb`` and ``pg_ctl``: $SMS_CONSOLE_PG_BIN, Debian's newest, or PATH."""
    explicit = os.environ.get(BIN_DIR_ENV)
    candidates: list[Path] = [Path(explicit)] if explicit else []
    if DEBIAN_PG_ROOT.is_dir():
        versions = [p for p in DEBIAN_PG_ROOT.iterdir() if re.fullmatch(r"\d+(\.\d+)?", p.name)]
        versions.sort(key=lambda p: tuple(int(part) for part in p.name.split(".")), reverse=True)
        candidates += [p / "bin" for p in versions]
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PgUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found in "
        f"{DEBIAN_PG_ROOT}/<version>/bin or on PATH; install Debian's postgresql and postgresql-contrib "
        f"(bash scripts/install-system-deps.sh) or set {BIN_DIR_ENV}"
    )


def free_port() -> int:
    """A TCP port of 127.0.0.1 free right now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def conninfo(**params: Any) -> str:
    """A libpq connection string from keyword parameters (values quoted where needed)."""
    parts = []
    for key, value in params.items():
        text = str(value)
        if not text or re.search(r"[\s'\\]", text):
            text = "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
        parts.append(f"{key}={text}")
    return " ".join(parts)


@dataclass(frozen=True)
class PgDatabase:
    """One database of the test cluster and how each role reaches it."""

    name: str
    host: str
    port: int
    passwords: dict[str, str]

    def params(self, role: str = OWNER) -> dict[str, Any]:
        """psycopg.connect() keyword arguments for ``role`` (TCP, password, no TLS)."""
        return {
            "host": self.host,
            "port": self.port,
            "dbname": self.name,
            "user": role,
            "password": self.passwords[role],
            "sslmode": "disable",
        }

    def dsn(self, role: str = OWNER) -> str:
        """The libpq connection string for ``role``."""
        return conninfo(**self.params(role))

    @property
    def owner_dsn(self) -> str:
        return self.dsn(OWNER)

    @property
    def operator_dsn(self) -> str:
        return self.dsn(OPERATOR)


class PgCluster:
    """A private PostgreSQL cluster: :meth:`start`, then :meth:`create_database`, finally :meth:`stop`."""

    def __init__(self, bin_dir: Path | None = None) -> None:
        self.bin_dir = bin_dir or find_bin_dir()
        self.run_as = self._service_user()
        self.root: Path | None = None
        self.port = 0
        self.host = "127.0.0.1"
        # Random per session: nothing outside this process knows them, nothing stores them.
        self.passwords = {OWNER: uuid.uuid4().hex, OPERATOR: uuid.uuid4().hex}
        self._running = False

    # -- paths -------------------------------------------------------------------------------

    @property
    def data_dir(self) -> Path:
        assert self.root is not None, "cluster not started"
        return self.root / "data"

    @property
    def socket_dir(self) -> Path:
        assert self.root is not None, "cluster not started"
        return self.root / "socket"

    @property
    def log_file(self) -> Path:
        assert self.root is not None, "cluster not started"
        return self.root / "server.log"

    # -- life --------------------------------------------------------------------------------

    def start(self) -> PgCluster:
        """initdb, start the server, create the roles and the session database.

        Raises :class:`PgStartFailed` (after cleaning up) when any of it fails.
        """
        try:
            self._init()
            self._start_server()
            self._create_roles()
            self.create_database(SESSION_DATABASE)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server at once (``-m immediate``) and remove the folder; safe to call twice."""
        if self.root is None:
            return
        if self._running:
            self._running = False
            self._stop_server(self.data_dir)
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def server_log(self) -> str:
        """The server's log so far (for failure messages)."""
        try:
            return self.log_file.read_text(errors="replace")
        except (OSError, AssertionError):
            return ""

    # -- databases ---------------------------------------------------------------------------

    def admin_connect(self, dbname: str = "postgres") -> Any:
        """An autocommit superuser connection over the unix socket (the harness's own work)."""
        import psycopg

        return psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=SUPERUSER, dbname=dbname, autocommit=True
        )

    def database(self, name: str) -> PgDatabase:
        return PgDatabase(name=name, host=self.host, port=self.port, passwords=dict(self.passwords))

    def create_database(self, name: str | None = None) -> PgDatabase:
        """A fresh database from template0, UTF8 / C.UTF-8, owned by the owner role.

        PUBLIC loses its default CONNECT and TEMP on it; the operator gets CONNECT and USAGE on
        ``public``, and CREATE on ``public`` is PUBLIC's no more (already so since PostgreSQL 15,
        said explicitly for older servers).
        """
        from psycopg import sql

        name = name or f"sms_test_{uuid.uuid4().hex[:16]}"
        db = sql.Identifier(name)
        with self.admin_connect() as admin:
            admin.execute(
                sql.SQL(
                    "CREATE DATABASE {} OWNER {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE {} LC_CTYPE {}"
                ).format(db, sql.Identifier(OWNER), sql.Literal(LOCALE), sql.Literal(LOCALE))
            )
            admin.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(db))
            admin.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, sql.Identifier(OPERATOR)))
        with self.admin_connect(name) as admin:
            admin.execute(sql.SQL("ALTER SCHEMA public OWNER TO {}").format(sql.Identifier(OWNER)))
            admin.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            admin.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(sql.Identifier(OPERATOR)))
        return self.database(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, closing whatever connections a test left open (FORCE, PostgreSQL 13+)."""
        from psycopg import sql

        with self.admin_connect() as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    # -- internals ---------------------------------------------------------------------------

    def _service_user(self) -> str | None:
        """``postgres`` when running as root (the server refuses root), else None (run directly)."""
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            return None
        import pwd

        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            raise PgUnavailable(
                "running as root and there is no 'postgres' user to run the server as "
                "(PostgreSQL refuses root; Debian's postgresql package creates that user)"
            ) from None
        if shutil.which("runuser") is None:
            raise PgUnavailable("running as root and 'runuser' (util-linux) is missing")
        return SUPERUSER

    def _run_tool(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / tool), *args]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        # cwd: the postgres user may not be allowed into the caller's folder.
        result = subprocess.run(
            command,
            cwd=str(self.root or "/"),
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=START_TIMEOUT_S + 30,
        )
        if check and result.returncode != 0:
            raise PgStartFailed(
                f"{tool} failed (exit {result.returncode}): {' '.join(command)}\n"
                f"{result.stdout}{result.stderr}{self.server_log()[-4000:]}"
            )
        return result

    def _remove_abandoned_clusters(self) -> None:
        """Stop and remove clusters whose test process died without cleaning up (SIGKILL, power cut)."""
        for folder in Path(tempfile.gettempdir()).glob(f"{ROOT_PREFIX}*"):
            try:
                owner_pid = int((folder / OWNER_PID_FILE).read_text())
                os.kill(owner_pid, 0)
                continue  # its test session still runs
            except ProcessLookupError:
                pass
            except (OSError, ValueError):
                continue  # not ours to judge (no pid file yet, or another user's process)
            if (folder / "data" / "postmaster.pid").exists():
                self._stop_server(folder / "data")
            shutil.rmtree(folder, ignore_errors=True)

    def _init(self) -> None:
        self._remove_abandoned_clusters()
        self.root = Path(tempfile.mkdtemp(prefix=ROOT_PREFIX))
        (self.root / OWNER_PID_FILE).write_text(str(os.getpid()))
        self.socket_dir.mkdir()
        if self.run_as:
            import pwd

            entry = pwd.getpwnam(self.run_as)
            for path in (self.root, self.socket_dir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
        self._run_tool("initdb", "-D", str(self.data_dir), *INITDB_OPTIONS)
        settings = dict(SERVER_SETTINGS, unix_socket_directories=f"'{self.socket_dir}'")
        with (self.data_dir / "postgresql.conf").open("a") as conf:  # owner stays postgres
            conf.write("\n# tests/pg.py\n")
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())

    def _start_server(self) -> None:
        """Start on a free port; another process may take the port first, so try a few."""
        for attempt in range(3):
            self.port = free_port()
            options = ["-l", str(self.log_file), "-o", f"-p {self.port}", "-w", "-t", str(START_TIMEOUT_S)]
            result = self._run_tool("pg_ctl", "-D", str(self.data_dir), *options, "start", check=attempt == 2)
            if result.returncode == 0:
                self._running = True
                return
            self._stop_server(self.data_dir)

    def _stop_server(self, data_dir: Path) -> None:
        self._run_tool("pg_ctl", "-D", str(data_dir), "-m", "immediate", "-w", "stop", check=False)

    def _create_roles(self) -> None:
        from psycopg import sql

        with self.admin_connect() as admin:
            for role in (OWNER, OPERATOR):
                admin.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(
                        sql.Identifier(role), sql.Literal(self.passwords[role])
                    )
                )
