"""Screenshots of team mode (issue 15), made offscreen on the sandbox and a throw-away PostgreSQL.

    python scripts/screenshots_team.py                  # into docs/screenshots/zh_CN-light/
    python scripts/screenshots_team.py --out /tmp/shots

Writes, in zh_CN with the light theme at 1280x800:

- ``team-owner-dialog.png``: "Prepare the database…": the owner's role and password asked over
  the profile dialog, the team database's fields filled in;
- ``team-profile-dialog.png``: the profile dialog of a team profile after the database was
  prepared, the operator's password saved (its status under the field) and "Test database" run;
- ``team-move-confirm.png``: "Move local history to the team database…": what will be copied;
- ``team-move-done.png``: the move at its end, every count of the local file matched in the team database;
- ``team-audit-log.png``: Console ▸ Audit log… in team mode: entries of two operators, one who
  worked locally before the move, one in the team database after it;
- ``team-database-unreachable.png``: the console after the team database went away: one banner,
  the send refused (nothing queued), what was loaded still shown.

The console runs in a child process (shot_console.run_child) in a throw-away SMS_CONSOLE_HOME with
a throw-away PostgreSQL cluster (tests/pg.py: as root, initdb and pg_ctl run as the postgres user)
and the sandbox gateway. Everything happens for real through the widgets: a profile on local
storage sends a few messages and runs a small campaign; the profile dialog switches it to the team
database, whose owner prepares it; the local history is moved; a send in team mode. The keyring is
an in-memory one of this script (no secret of the machine is read or written). The script stops
with an error when a screen is not in the state its picture claims.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots as base  # the font check, settle() and REPO
import screenshots_states as states  # waiting, expect(), tab helpers
import shot_console  # the child process

REPO = base.REPO
OUT = states.OUT
PROFILE = "门店账户"
LOCAL_OPERATOR, TEAM_OPERATOR = "李明", "王芳"
DATABASE = "sms_team"
CAMPAIGN_ROWS = 12
TEXT = "【豪霆云】您的验证码是4821。如非本人操作，请忽略本短信"
TIMEOUT_S = 60


def main(argv: list[str] | None = None) -> int:
    return shot_console.one_shot_main(__doc__, Path(__file__).resolve(), OUT, shoot, states.SIZE, "team", 600, argv)


# ------------------------------------------------------------------ the child's console
def memory_keyring():
    """A working keyring held in memory for this run (the console accepts it like the OS's)."""
    from keyring.backend import KeyringBackend
    from keyring.errors import PasswordDeleteError

    class MemoryKeyring(KeyringBackend):
        name = "内存密钥环（截图）"
        priority = 1  # type: ignore[assignment]

        def __init__(self) -> None:
            super().__init__()
            self.secrets: dict[tuple[str, str], str] = {}

        def get_password(self, service, username):
            return self.secrets.get((service, username))

        def set_password(self, service, username, password):
            self.secrets[(service, username)] = password

        def delete_password(self, service, username):
            if self.secrets.pop((service, username), None) is None:
                raise PasswordDeleteError("no such password")

    # what the keyring box shows after the name: where the backend comes from
    MemoryKeyring.__module__, MemoryKeyring.__qualname__ = "screenshots_team", "MemoryKeyring"
    return MemoryKeyring()


def open_team_console(gateway):
    """The console in zh_CN, light, on a local profile of ``gateway`` (its apikey in the keyring)."""
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui import APP_DISPLAY_NAME, APP_NAME, ORG_NAME
    from gui.app import AppContext
    from gui.app import parse_args as parse_console_args
    from gui.i18n import install_translators
    from gui.keychain import Keychain
    from gui.logging_setup import setup_logging
    from gui.paths import AppPaths
    from gui.profiles import Profile
    from gui.theme import apply_theme
    from gui.views.main_window import MainWindow

    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    app = QApplication([sys.argv[0]])
    apply_theme(app, states.THEME)
    paths = AppPaths.default().ensure()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(paths, settings, parse_console_args(["--lang", states.LANG, "--no-crash-dialog"]))
    setup_logging(paths.log_file, ctx.secrets)
    ctx.language = states.LANG
    translators = install_translators(app, states.LANG)
    ctx.keychain = keychain = Keychain(backend=memory_keyring())
    states.expect(keychain.store(PROFILE, gateway.apikey).ok, "the apikey in the keyring")
    keychain.forbid_main_thread = True  # from now on, as in the console: keyring calls in workers only
    profile = Profile(PROFILE, gateway.base_url, operator=LOCAL_OPERATOR)
    ctx.profiles.save(profile)
    if not ctx.lock_profile(PROFILE):
        raise SystemExit("profile locked")
    ctx.set_profile(profile, gateway.apikey)
    window = MainWindow(ctx)
    window.resize(*shot_console.window_size(states.SIZE))
    window.move(0, 0)
    window.show()
    return shot_console.Console(app, ctx, window, translators)


# ------------------------------------------------------------------ the actions
def quick_send(ctx, compose, number: str) -> None:
    """Compose ▸ one number ▸ Send ▸ confirm: accepted by the gateway."""
    compose.set_mode("single")
    compose.single_edit.setText(number)
    compose.text_edit.setPlainText(TEXT)
    compose.results = []
    compose.send_button.click()
    states.wait_until(lambda: getattr(compose, "spend_dialog", None) is not None or confirm_dialog(), 20, "the spend")
    confirm_dialog().ok_button.click()
    states.wait_until(lambda: bool(compose.results) and not compose.busy.busy, TIMEOUT_S, "the send")
    states.expect(compose.results[0].state == "ok", f"the send to {number} accepted")


def confirm_dialog():
    from PySide6.QtWidgets import QApplication

    found = [w for w in QApplication.topLevelWidgets() if w.objectName() == "spend_confirm_dialog" and w.isVisible()]
    return found[-1] if found else None


def small_campaign(campaigns, folder: Path) -> None:
    """A file of CAMPAIGN_ROWS numbers, dry run, Start, Send: every row sent."""
    path = folder / "会员名单.csv"
    rows = "".join(f"{13612340000 + i},客户{i},体检,{8 + i % 10}:00\n" for i in range(CAMPAIGN_ROWS))
    path.write_text("手机号,name,service,time\n" + rows, encoding="utf-8")
    states.wait_signal(campaigns.file_loaded, lambda: campaigns.load_file(path), 20, "the file")
    campaigns.template_edit.setPlainText(states.TEMPLATE)
    campaigns.price_edit.setText(states.PRICE)
    campaigns.price_edit.editingFinished.emit()
    states.wait_signal(campaigns.dry_run_finished, campaigns.dry_run_button.click, TIMEOUT_S, "the dry run")
    finished: list = []
    campaigns.campaign_finished.connect(lambda info: finished.append(info))
    campaigns.start_button.click()
    states.wait_until(lambda: campaigns.spend_dialog is not None and campaigns.spend_dialog.isVisible(), 20, "spend")
    campaigns.spend_dialog.ok_button.click()
    states.wait_until(lambda: bool(finished), TIMEOUT_S, "the campaign")
    states.expect(finished[0].state == "finished", f"the campaign finished: {finished[0].state}")


def run_op(dialog, action, operation: str, timeout_s: float = TIMEOUT_S) -> None:
    """``action()`` in the profile dialog, then wait for its ``operation`` to finish."""
    done: list[str] = []
    dialog.operation_finished.connect(lambda name: done.append(name))
    action()
    states.wait_until(lambda: operation in done and dialog._busy == 0, timeout_s, f"the dialog's {operation}")


def to_team(dialog, database, owner_password: str, shots) -> None:
    """Switch the profile to the team database, prepare it as its owner, save the operator's password."""
    import pg

    box = dialog.team_box
    box.storage_combo.setCurrentIndex(box.storage_combo.findData("team"))
    box.host_edit.setText(database.host)
    box.port_spin.setValue(database.port)
    box.database_edit.setText(database.name)
    box.user_edit.setText(pg.OPERATOR)
    box.sslmode_combo.setCurrentIndex(box.sslmode_combo.findData("disable"))
    box.operator_edit.setText(TEAM_OPERATOR)
    box.password_edit.setText(database.passwords[pg.OPERATOR])
    run_op(dialog, box.test_db_button.click, "db_test")
    box.prepare_button.click()
    states.wait_until(lambda: dialog.team_actions.owner_dialog is not None, 10, "the owner dialog")
    owner = dialog.team_actions.owner_dialog
    states.wait_until(owner.isVisible, 10, "the owner dialog shown")
    owner.user_edit.setText(pg.OWNER)
    owner.password_edit.setText(owner_password)
    shots.save(states.dialog_over(dialog.grab(), owner), "team-owner-dialog.png")
    run_op(dialog, owner.accept, "db_prepare")
    states.expect("→" in box.db_result.text(), f"the database prepared: {box.db_result.text()}")
    run_op(dialog, dialog.save_button.click, "db_password")
    states.wait_until(lambda: dialog._busy == 0, 20, "the save")
    run_op(dialog, box.test_db_button.click, "db_test")
    states.expect(box.password_edit.text() == "", "the password field emptied once stored")
    states.expect("密钥环" in box.password_status.text(), f"the password status: {box.password_status.text()}")
    states.expect(box.password_status.height() >= box.password_status.heightForWidth(box.password_status.width()),
                  "the password status not clipped")  # fmt: skip


def move_history(dialog, shots) -> None:
    """Move local history…: the confirmation, Yes, the move dialog at its end with the counts."""
    action = dialog.team_move
    dialog.team_box.move_button.click()
    states.wait_until(lambda: action.confirm_box is not None and action.confirm_box.isVisible(), 30, "the question")
    question = action.confirm_box
    shots.save(states.dialog_over(dialog.grab(), question), "team-move-confirm.png")
    from PySide6.QtWidgets import QMessageBox

    run_op(dialog, question.button(QMessageBox.StandardButton.Yes).click, "db_move", 120)
    progress = action.dialog
    states.expect(progress is not None and not progress.running, "the move ended")
    table = progress.counts_table
    counts = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
    states.expect(bool(counts) and all(here == there for here, there in counts), f"every count matches: {counts}")
    states.expect(any(here not in ("0", "") for here, _ in counts), f"some history moved: {counts}")
    shots.save(states.dialog_over(dialog.grab(), progress), "team-move-done.png")
    progress.close_button.click()


def front(window, name: str):
    """The tab ``name`` in front, its first load done (the tab shown first loaded at start-up)."""
    page = states.tab_named(window, name)
    if window.tabs.currentWidget() is page:
        return page
    return states.show_tab(window, name)


class Shots:
    def __init__(self, out: Path) -> None:
        self.out, self.written = out, []

    def save(self, pixmap, name: str) -> None:
        path = self.out / name
        if not pixmap.save(str(path)):
            raise RuntimeError(f"could not write {path}")
        self.written.append(path)


# ------------------------------------------------------------------ the child
def shoot(opts: argparse.Namespace) -> int:
    sys.path[:0] = [str(REPO), str(REPO / "tests")]  # this checkout's gui and tests/pg.py
    import pg

    from gui.sandbox.server import SandboxServer

    cluster = pg.PgCluster().start()
    gateway = SandboxServer(port=0)
    gateway.start()
    opts.out.mkdir(parents=True, exist_ok=True)
    shots = Shots(opts.out)
    console = None
    try:
        database = cluster.create_database(DATABASE)
        console = open_team_console(gateway)
        window, ctx = console.window, console.ctx
        states.load_tabs(window, ctx)
        compose = front(window, "compose_tab")
        for number in ("13800138000", "13800138001", "13800138002"):
            quick_send(ctx, compose, number)
        campaigns = front(window, "campaigns_tab")
        small_campaign(campaigns, Path(tempfile.mkdtemp(prefix="team-shots-")))

        from gui.views.profiles import ProfileDialog

        dialog = ProfileDialog(ctx, window)
        dialog.show()
        states.wait_until(lambda: dialog._busy == 0, 20, "the profile dialog's keyring reads")
        states.expect(dialog.selected_name() == PROFILE, "the profile in the form")
        to_team(dialog, database, cluster.passwords[pg.OWNER], shots)
        states.wait_until(lambda: ctx.profile.is_team, 20, "the console on the team database")
        shots.save(dialog.grab(), "team-profile-dialog.png")
        move_history(dialog, shots)
        dialog.close()

        window.tabs.setCurrentWidget(compose)  # loaded before: no first load to wait for
        quick_send(ctx, compose, "13800138009")  # in team mode, by the team's operator
        audit(window, shots)
        unreachable(window, ctx, gateway, cluster, compose, shots)
    finally:
        for path in shots.written:
            print(f"wrote {path.relative_to(REPO) if REPO in path.parents else path}")
        if console is not None:
            console.close()
        gateway.stop()
        cluster.stop()
    return 0


def audit(window, shots) -> None:
    from PySide6.QtWidgets import QWidget

    window.audit_action.trigger()
    states.wait_until(lambda: window.findChild(QWidget, "audit_dialog") is not None, 10, "the audit dialog")
    dialog = window.findChild(QWidget, "audit_dialog")
    states.wait_until(lambda: dialog.model.rowCount() >= 3 and not dialog.busy.busy, 20, "the audit rows")
    operators = {dialog.model.index(r, c).data() for r in range(dialog.model.rowCount()) for c in range(3)}
    states.expect({LOCAL_OPERATOR, TEAM_OPERATOR} <= operators, f"two operators' entries: {operators}")
    dialog.resize(1180, 520)
    dialog.table.resizeColumnsToContents()
    shots.save(states.dialog_over_window(window, dialog), "team-audit-log.png")
    dialog.close()


def unreachable(window, ctx, gateway, cluster, compose, shots) -> None:
    """Stop the cluster, try a send: refused, one banner, nothing sent."""
    from gui.views.partials.database_banner import DatabaseBanner

    sent_before = len(gateway.accepted_log())
    cluster.stop()
    compose.set_mode("single")
    compose.single_edit.setText("13800138010")
    compose.text_edit.setPlainText(TEXT)
    compose.send_button.click()
    states.wait_until(lambda: not compose.busy.busy and bool(compose.message_label.text()), TIMEOUT_S, "the refusal")
    states.wait_until(lambda: any(b.isVisible() for b in window.findChildren(DatabaseBanner)), 10, "the banner")
    banners = [b for b in window.findChildren(DatabaseBanner) if b.isVisible()]
    states.expect(len(banners) == 1, f"one banner ({len(banners)})")
    states.expect(len(gateway.accepted_log()) == sent_before, "nothing sent")
    states.expect(ctx.spend_gate.held, "sends held")
    base.settle(window.tabs.currentWidget())
    shots.save(window.grab(), "team-database-unreachable.png")


if __name__ == "__main__":
    sys.exit(main())
