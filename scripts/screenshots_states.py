"""Screenshots of the money-path states of issue 13, made offscreen on the sandbox.

    python scripts/screenshots_states.py                  # into docs/screenshots/zh_CN-light/
    python scripts/screenshots_states.py --out /tmp/shots

Writes, in zh_CN with the light theme at 1280x800:

- ``13-dry-run-every-row.png``: the Campaigns tab's new-campaign page after a dry run of a
  file with rows of every status (sendable, rejected, duplicate, suppressed, blocked word),
  with the counts that filter the table;
- ``13-campaign-confirmation.png``: the confirmation Start opens for that file, drawn over
  the window (offscreen has no window decorations: the title strip is drawn here, with the
  dialog's own title);
- ``13-campaign-paused.png``: the running page after Pause pressed at the first answer
  (the sandbox at 100 ms latency, a few thousand rows: the pause lands mid-run);
- ``13-alarm-amount-refused.png``: the Account tab after typing 99.5 as the alarm amount
  and pressing Save: the refusal, the value kept as typed, nothing sent to user/set.

As scripts/screenshots.py does, the console runs in a child process (translators, locale and
palette are per process) on the sandbox gateway in a throw-away SMS_CONSOLE_HOME, with the
language and theme forced. The real widgets are driven, as the tests do
(tests/campaign/test_dry_run_rows.py, test_campaign_pause.py, tests/test_money_paths.py);
the script stops with an error when a screen is not in the state its picture claims.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screenshots as base  # the sibling script: its font check, settle() and REPO
import shot_console  # the child process and the console opened in it

REPO = base.REPO
OUT = REPO / "docs" / "screenshots" / "zh_CN-light"
LANG, THEME, SIZE = "zh_CN", "light", "1280x800"
ROWS = 5000  # sendable rows of the campaign: a few thousand, so a pause lands mid-run
LATENCY_MS = 100
PRICE = "0.05"
# An approved demo template of the sandbox (gui/sandbox/demo.py), as the campaign tests use.
TEMPLATE = "【豪霆云】#name#您好，您预约的#service#将于#time#开始，回T退订"
OPTED_OUT = "13612340001"


def main(argv: list[str] | None = None) -> int:
    return shot_console.one_shot_main(__doc__, Path(__file__).resolve(), OUT, shoot, SIZE, "states", 300, argv)


# ------------------------------------------------------------------ waiting in the child
def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str, step_s: float = 0.01) -> None:
    """Run the event loop until ``predicate()`` holds; fail naming ``what`` after ``timeout_s``."""
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        QApplication.processEvents()
        time.sleep(step_s)
    QApplication.processEvents()


def wait_signal(signal, trigger: Callable[[], object], timeout_s: float, what: str) -> tuple:
    """Call ``trigger()`` and wait for ``signal``; returns its arguments."""
    got: list[tuple] = []
    signal.connect(lambda *args: got.append(args))
    trigger()
    wait_until(lambda: bool(got), timeout_s, what)
    return got[0]


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise RuntimeError(f"not the state the screenshot claims: {message}")


# ------------------------------------------------------------------ the child
def shoot(opts: argparse.Namespace) -> int:
    """In the child process: the console on the sandbox in zh_CN, driven to each state and grabbed."""
    console = shot_console.open_console(LANG, THEME, SIZE)
    window, ctx = console.window, console.ctx
    from gui.paths import HOME_ENV  # importable once open_console has put the repository on sys.path

    load_tabs(window, ctx)

    opts.out.mkdir(parents=True, exist_ok=True)
    shots: list[Path] = []

    def save(pixmap, name: str) -> None:
        path = opts.out / name
        if not pixmap.save(str(path)):
            raise RuntimeError(f"could not write {path}")
        shots.append(path)

    def grab_window(name: str) -> None:
        base.settle(window.tabs.currentWidget())
        save(window.grab(), name)

    campaigns = tab_named(window, "campaigns_tab")
    try:
        show_tab(window, "campaigns_tab")
        dry_run_every_row(ctx, campaigns, Path(os.environ[HOME_ENV]))
        grab_window("13-dry-run-every-row.png")
        dialog = open_confirmation(ctx, campaigns)
        save(dialog_over_window(window, dialog), "13-campaign-confirmation.png")
        pause_mid_run(ctx, campaigns, dialog)
        grab_window("13-campaign-paused.png")
        account = show_tab(window, "account_tab")
        refuse_alarm_amount(ctx, account)
        grab_window("13-alarm-amount-refused.png")
    finally:
        if campaigns._task is not None:
            campaigns.cancel_now()
            wait_until(lambda: campaigns._task is None, 20, "the campaign to stop")
        for path in shots:
            print(f"wrote {path.relative_to(REPO) if REPO in path.parents else path}")
        console.close()
    return 0


def tab_named(window, name: str):
    from PySide6.QtWidgets import QWidget

    page = window.findChild(QWidget, name)
    if page is None:
        raise RuntimeError(f"no tab {name}")
    return page


def load_tabs(window, ctx) -> None:
    """The shown tab's first load and the balance (the other tabs load when first shown)."""
    done: list[bool] = []
    window.tabs.currentWidget().initial_load_finished.connect(lambda ok, msg: done.append(ok))
    window.start_initial_loads()
    wait_until(lambda: bool(done), 30, "the first tab's load")
    wait_until(lambda: ctx.account is not None, 30, "the balance")


def show_tab(window, name: str):
    """Bring the tab named ``name`` to the front and wait for its first load."""
    page = tab_named(window, name)
    done: list[bool] = []
    page.initial_load_finished.connect(lambda ok, msg: done.append(ok))
    window.tabs.setCurrentWidget(page)
    wait_until(lambda: bool(done), 30, f"the first load of {name}")
    return page


# ------------------------------------------------------------------ the states
def write_campaign_file(path: Path) -> None:
    """Rows of every status first (so the table's first screen shows them), then ROWS sendable ones."""
    lines = [
        "手机号,name,service,time",
        "13612340000,张三,体检,9:00",  # line 2: sendable
        "1.38001E+10,李四,体检,9:00",  # 3: rejected, digits lost in Excel
        "13612340000,张三,复诊,10:00",  # 4: duplicate of line 2
        f"{OPTED_OUT},王五,体检,9:00",  # 5: suppressed (replied T)
        "13612340002,发票,体检,9:00",  # 6: blocked word in the rendered text
        "1361234,赵六,体检,9:00",  # 7: rejected, too short
        "13612340003,孙七,洗牙,11:00",  # 8: sendable
        "13612340003,孙七,洗牙,11:00",  # 9: duplicate of line 8
        "13612340004,代开,体检,9:00",  # 10: blocked word
    ]
    for i in range(ROWS - 2):
        lines.append(f"{13622340000 + i},客户{i},体检,{8 + i % 10}:00")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def dry_run_every_row(ctx, tab, folder: Path) -> None:
    from PySide6.QtCore import QCoreApplication

    # What the Replies tab stores for an opt-out reply, in the UI's language.
    note = QCoreApplication.translate("RepliesTab", "opt-out reply: {0}").format("T")
    ctx.store().add_suppressed([OPTED_OUT], note)
    path = Path(folder) / "客户名单.csv"
    write_campaign_file(path)
    wait_signal(tab.file_loaded, lambda: tab.load_file(path), 20, "the file to load")
    tab.template_edit.setPlainText(TEMPLATE)
    tab.price_edit.setText(PRICE)
    tab.price_edit.editingFinished.emit()
    (report,) = wait_signal(tab.dry_run_finished, tab.dry_run_button.click, 60, "the dry run")
    counts = report.status_counts()
    expect(
        counts == {"ready": ROWS, "rejected": 2, "duplicate": 2, "suppressed": 1, "blocked": 2},
        f"dry-run counts {counts}",
    )
    chips = tab.new_page.status_chips
    expect(chips.isVisible() and chips.all_button.isChecked(), "the counts are shown, every row listed")
    expect(tab.start_button.isEnabled(), "Start is offered")
    tab.dry_view.scrollToTop()


def open_confirmation(ctx, tab):
    ctx.sandbox.control.set(latency_ms=LATENCY_MS)
    tab.start_button.click()
    wait_until(lambda: tab.spend_dialog is not None and tab.spend_dialog.isVisible(), 30, "the confirmation")
    dialog = tab.spend_dialog
    expect(dialog.plan.recipients == ROWS and len(dialog.plan.samples) == 3, "the plan of the campaign")
    expect(ctx.sandbox.accepted_log() == [], "nothing sent before the confirmation is answered")
    return dialog


def dialog_over_window(window, dialog):
    """The window with the dialog drawn centred over it, under a title strip with its title."""
    base.settle(window.tabs.currentWidget())
    return dialog_over(window.grab(), dialog)


def dialog_over(background, dialog):
    """``background`` (a pixmap) dimmed, ``dialog`` drawn centred over it under a title strip
    (offscreen windows have no decorations: the strip stands for the dialog's title bar)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen

    base.settle(dialog)
    shot = background.copy()
    body = dialog.grab()
    strip = 30
    x = max(0, (shot.width() - body.width()) // 2)
    y = max(10, (shot.height() - body.height() - strip) // 2)
    palette = dialog.palette()
    painter = QPainter(shot)
    painter.fillRect(shot.rect(), QColor(0, 0, 0, 60))  # the window behind the modal dialog
    frame = QRect(x - 1, y - 1, body.width() + 2, body.height() + strip + 2)
    painter.fillRect(frame.adjusted(4, 4, 4, 4), QColor(0, 0, 0, 50))  # a soft shadow
    painter.fillRect(QRect(x, y, body.width(), strip), palette.color(QPalette.ColorRole.Midlight))
    font = QFont(dialog.font())
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(palette.color(QPalette.ColorRole.WindowText))
    painter.drawText(QRect(x + 12, y, body.width() - 24, strip), Qt.AlignmentFlag.AlignVCenter, dialog.windowTitle())
    painter.drawPixmap(x, y + strip, body)
    painter.setPen(QPen(palette.color(QPalette.ColorRole.Dark), 1))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(frame)
    painter.end()
    return shot


def pause_mid_run(ctx, tab, dialog) -> None:
    """Send, then press Pause as soon as the first answer is counted; wait for the paused state."""
    dialog.ok_button.click()
    wait_until(lambda: tab._task is not None, 20, "the campaign to start")
    wait_until(lambda: tab.progress_bar.value() > 0, 60, "the first answer", step_s=0.002)
    tab.pause_button.click()
    wait_until(lambda: tab.resume_button.isEnabled(), 60, "the paused state")
    sent = tab.progress_bar.value()
    expect(tab.counts_label.text().startswith("已暂停 — "), f"the counts say paused: {tab.counts_label.text()}")
    expect(0 < sent < ROWS, f"paused mid-run ({sent} of {ROWS})")
    expect(tab.pages.currentWidget() is tab.running_page, "the running page is shown")
    # The balance the status bar shows follows the sends; let its read land before the grab.
    time.sleep(0.3)
    ctx.refresh_account()
    wait_until(lambda: ctx.account is not None, 10, "the balance")


def refuse_alarm_amount(ctx, tab) -> None:
    """Type 99.5 into the alarm amount and press Save (and Enter), as the operator would."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    before = ctx.sandbox.call_count("user/set")
    tab.alarm_edit.setFocus()
    tab.alarm_edit.selectAll()
    QTest.keyClick(tab.alarm_edit, Qt.Key.Key_Backspace)
    QTest.keyClicks(tab.alarm_edit, "99.5")
    QTest.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    QTest.keyClick(tab.alarm_edit, Qt.Key.Key_Return)
    QTest.qWait(300)  # a request, had one been made, would be on its way by now
    expect(tab.alarm_edit.text() == "99.5", f"the amount kept as typed: {tab.alarm_edit.text()}")
    expect("整数" in tab.validation_label.text(), f"the refusal in Chinese: {tab.validation_label.text()}")
    expect(not tab.save_button.isEnabled(), "Save is refused")
    expect(ctx.sandbox.call_count("user/set") == before, "nothing sent to user/set")


if __name__ == "__main__":
    sys.exit(main())
