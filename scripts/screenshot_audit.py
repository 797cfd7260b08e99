"""A screenshot of the audit log dialog (issue 15, item 5), made offscreen on the sandbox.

    python scripts/screenshot_audit.py                  # docs/screenshots/zh_CN-light/audit-log.png
    python scripts/screenshot_audit.py --out /tmp/shots

The console runs in a child process in zh_CN with the light theme at 1280x800 (as
scripts/screenshots_states.py does, whose helpers it uses), on the sandbox gateway in a
throw-away SMS_CONSOLE_HOME. Two operators of the profile act for real through the services
over HTTP — quick sends, a template submitted for review, the account's alarm amount, numbers
put on the suppression list — then Console ▸ Audit log… is opened and grabbed over the window.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots as base  # the font check, settle() and REPO
import screenshots_states as states  # the child's set-up helpers and dialog_over_window()
import shot_console  # the child process and the console opened in it

REPO = base.REPO
OUT = states.OUT
NAME = "audit-log.png"


def main(argv: list[str] | None = None) -> int:
    return shot_console.one_shot_main(__doc__, Path(__file__).resolve(), OUT, shoot, states.SIZE, "audit", 300, argv)


def act(ctx) -> None:
    """Two operators' real actions over HTTP, each through its service (and so into the log)."""
    from gui.services.audit import AuditLog, Who, add_suppressed
    from gui.services.send import SendService
    from gui.services.send_plan import SendRequest
    from gui.services.template_editor import TemplateEditor
    from gui.store.io_guard import allow_gui_thread_io

    with allow_gui_thread_io():
        for operator, machine, numbers in (
            ("王芳", "front-desk", ["13800138000"]),
            ("李明", "office-pc", ["13800138001", "13800138002", "13800138003"]),
        ):
            log = AuditLog(ctx.store, Who(operator, machine))
            service = SendService(ctx.client, ctx.store, ctx.spend_gate, ctx.account_service(), audit=log)
            mode = "single" if len(numbers) == 1 else "batch"
            plan = service.plan_quick_send(SendRequest(mode, tuple(numbers), ("【豪霆云】您的验证码是4821。",)))
            outcome = service.send(plan, ctx.spend_gate.approve(plan.spend))
            states.expect(all(r.state == "ok" for r in outcome.rows), "every quick send accepted")
        TemplateEditor(ctx.client, log).add("【豪霆云】您的订单#order#已发货，请注意查收。")
        ctx.account_service().set_account(alarm_balance=200, audit=log)
        add_suppressed(ctx.store(), AuditLog(ctx.store, Who("王芳", "front-desk")), ["13900139000"], "", "by_hand")


def shoot(opts: argparse.Namespace) -> int:
    from PySide6.QtWidgets import QWidget

    console = shot_console.open_console(states.LANG, states.THEME, states.SIZE)
    window, ctx = console.window, console.ctx
    try:
        states.load_tabs(window, ctx)
        act(ctx)
        window.audit_action.trigger()
        states.wait_until(lambda: window.findChild(QWidget, "audit_dialog") is not None, 10, "the dialog")
        dialog = window.findChild(QWidget, "audit_dialog")
        states.wait_until(lambda: dialog.model.rowCount() == 5 and not dialog.busy.busy, 20, "five audit rows")
        dialog.resize(1180, 520)
        dialog.table.resizeColumnsToContents()
        opts.out.mkdir(parents=True, exist_ok=True)
        path = opts.out / NAME
        if not states.dialog_over_window(window, dialog).save(str(path)):
            raise RuntimeError(f"could not write {path}")
        print(f"wrote {path.relative_to(REPO) if REPO in path.parents else path}")
        dialog.close()
    finally:
        console.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
