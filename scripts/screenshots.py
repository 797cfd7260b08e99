"""Screenshots of the console for the README and the docs, made offscreen.

    python scripts/screenshots.py --docs          # everything docs/screenshots/ holds (see below)
    python scripts/screenshots.py                 # docs/screenshots/main-zh_CN.png and main-en.png
    python scripts/screenshots.py --all-tabs      # ... plus docs/screenshots/<lang>-<theme>/<NN>-<tab>.png
    python scripts/screenshots.py --lang zh_CN --theme dark --size 1024x700 --all-tabs

``--docs`` writes every tab in zh_CN and en, light and dark, at 1280x800, and zh_CN light
at 1024x700 too (the smallest window the layout must survive): folders
``<lang>-<theme>[-<size>]/`` plus ``main-<lang>[-dark].png`` for the README.

Each language, theme and size runs in its own process (translators, locale and palette
are per process): the console starts on the sandbox gateway in a throw-away home, the
theme is forced (Fusion style with a light or dark palette, as ``--theme`` does), the main
window is sized on a virtual screen large enough for it, every tab loads its first data
(records and replies search the demo week, reports are fetched), and the window is
grabbed (with ``--all-tabs``, the template dialog's warning about blocked words too).
Chinese needs a CJK font (fonts-wqy-microhei on Debian/Ubuntu); the script warns when
fontconfig knows none.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import shot_console  # the child process and the console opened in it

REPO = shot_console.REPO
OUT = REPO / "docs" / "screenshots"
LANGUAGES = ("zh_CN", "en")
THEMES = ("light", "dark")
DEFAULT_SIZE = "1280x800"
# The README set (--docs): (language, theme, size).
DOCS_SET = [(lang, theme, DEFAULT_SIZE) for lang in LANGUAGES for theme in THEMES] + [("zh_CN", "light", "1024x700")]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="language(s); default: all")
    parser.add_argument("--theme", action="append", choices=THEMES, help="palette(s); default: light")
    parser.add_argument("--all-tabs", action="store_true", help="also one image per tab, language and theme")
    parser.add_argument("--size", default=DEFAULT_SIZE, help=f"window size WIDTHxHEIGHT (default {DEFAULT_SIZE})")
    parser.add_argument(
        "--docs",
        action="store_true",
        help="the whole README set: every tab in zh_CN and en, light and dark (+ zh_CN 1024x700)",
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT.relative_to(REPO)})")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.child:
        return shoot(opts)
    shot_console.warn_without_cjk_font()
    if opts.docs:
        runs, all_tabs = DOCS_SET, True
    else:
        runs = [(lang, theme, opts.size) for lang in opts.lang or LANGUAGES for theme in opts.theme or ["light"]]
        all_tabs = opts.all_tabs
    status = 0
    with tempfile.TemporaryDirectory(prefix="sms-shots-") as tmp:
        for number, (lang, theme, size) in enumerate(runs):
            args = ["--lang", lang, "--theme", theme, "--size", size, "--out", str(opts.out)]
            if all_tabs:
                args.append("--all-tabs")
            result = shot_console.run_child(Path(__file__).resolve(), args, size, Path(tmp), str(number), 180)
            status = status or result
    return status


def folder_name(lang: str, theme: str, size: str) -> str:
    return f"{lang}-{theme}" + ("" if size == DEFAULT_SIZE else f"-{size}")


def shoot(opts: argparse.Namespace) -> int:
    """In the child process: open the console on the sandbox in one language and grab it."""
    from PySide6.QtCore import QEventLoop, QTimer

    (lang,) = opts.lang
    (theme,) = opts.theme
    console = shot_console.open_console(lang, theme, opts.size)
    window, ctx = console.window, console.ctx

    # Wait until every tab has loaded and the balance is in (or 20 s passed).
    loop = QEventLoop()
    # Tabs load when first shown (lazy tabs): wait for the visible one; the others settle() when grabbed.
    pending = {window.tabs.currentIndex()}
    waiting_for_balance = [True]

    def maybe_quit() -> None:
        if not pending and not waiting_for_balance[0]:
            QTimer.singleShot(300, loop.quit)  # let the last repaints happen

    def tab_loaded(index: int) -> None:
        pending.discard(index)
        maybe_quit()

    def balance_in(*_args) -> None:
        waiting_for_balance[0] = False
        maybe_quit()

    for index in pending:
        window.tabs.widget(index).initial_load_finished.connect(lambda ok, msg, i=index: tab_loaded(i))
    ctx.balance_changed.connect(balance_in)
    if ctx.account is not None:
        waiting_for_balance[0] = False
    QTimer.singleShot(0, window.start_initial_loads)
    QTimer.singleShot(20_000, loop.quit)
    loop.exec()
    if pending:
        print(f"warning: tabs still loading: {sorted(pending)}", file=sys.stderr)
    show_demo_data(window, ctx)

    opts.out.mkdir(parents=True, exist_ok=True)
    shots = []

    def grab(path: Path) -> None:
        settle(window.tabs.currentWidget())
        if not window.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        shots.append(path)

    window.tabs.setCurrentIndex(0)
    if opts.size == DEFAULT_SIZE:
        grab(opts.out / (f"main-{lang}.png" if theme == "light" else f"main-{lang}-{theme}.png"))
    if opts.all_tabs:
        folder = opts.out / folder_name(lang, theme, opts.size)
        folder.mkdir(exist_ok=True)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            page = window.tabs.widget(index)
            name = page.objectName() or f"tab{index}"
            grab(folder / f"{index + 1:02d}-{name}.png")
            # Sub-tabs (records: archive and statistics; campaigns: running and past) too.
            for inner in outer_tab_widgets(page):
                for sub in range(1, inner.count()):
                    inner.setCurrentIndex(sub)
                    sub_name = inner.widget(sub).objectName() or f"sub{sub}"
                    grab(folder / f"{index + 1:02d}-{name}-{sub + 1}-{sub_name}.png")
                inner.setCurrentIndex(0)
        grab_template_warning(window, folder / "template-dialog-warning.png")
        shots.append(folder / "template-dialog-warning.png")
        window.tabs.setCurrentIndex(0)
        shoot_offline(window, ctx, lambda: grab(folder / "90-offline_banner.png"))
    for path in shots:
        print(f"wrote {path.relative_to(REPO) if REPO in path.parents else path}")

    console.close()
    return 0


def settle(page, timeout_s: float = 10.0) -> None:
    """Let a page that loads when shown (statistics, archive) finish before it is grabbed."""
    import time

    from PySide6.QtWidgets import QApplication

    from gui.views.partials.busy import BusyBar

    deadline = time.monotonic() + timeout_s
    QApplication.processEvents()
    while time.monotonic() < deadline:
        if not any(bar.busy and bar.isVisible() for bar in page.findChildren(BusyBar)):
            break
        time.sleep(0.05)
        QApplication.processEvents()
    QApplication.processEvents()


def outer_tab_widgets(page) -> list:
    """The tab widgets directly inside a page (not those nested in another tab widget of it)."""
    from PySide6.QtWidgets import QTabWidget

    found = []
    for tabs in page.findChildren(QTabWidget):
        parent = tabs.parentWidget()
        while parent is not None and parent is not page and not isinstance(parent, QTabWidget):
            parent = parent.parentWidget()
        if parent is page:
            found.append(tabs)
    return found


def grab_template_warning(window, path: Path) -> None:
    """The Templates tab's add dialog after Submit: what review would reject (issue 14's example)."""
    import time

    from PySide6.QtWidgets import QApplication, QWidget

    page = window.findChild(QWidget, "templates_tab")
    window.tabs.setCurrentWidget(page)
    page.add_template("【豪霆云】代开发票请联系#tel#")
    dialog = page.dialog
    dialog.ok_button.click()  # asks get_black_word and compares the signature, then warns
    deadline = time.monotonic() + 10
    while dialog.warned_text is None and time.monotonic() < deadline:
        time.sleep(0.05)
        QApplication.processEvents()
    dialog.adjustSize()
    QApplication.processEvents()
    if not dialog.grab().save(str(path)):
        raise RuntimeError(f"could not write {path}")
    dialog.reject()


def show_demo_data(window, ctx) -> None:
    """Fill the tab that shows nothing until asked: fetch the demo's delivery reports."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QWidget

    from gui.services.pull import CONSENT_KEY

    ctx.store().set_setting(CONSENT_KEY, True)  # the sandbox's reports are there to be fetched
    # Records and replies show the demo week, whatever the time of day in Beijing.
    for name in ("records_tab", "replies_tab"):
        page = window.findChild(QWidget, name)
        range_edit = getattr(page, "range_edit", None)
        if range_edit is None or not hasattr(page, "search_button"):
            continue
        range_edit.week_button.click()
        page.search_button.click()
        settle(page)
    for name, method in (("reports_tab", "fetch_new"),):
        page = window.findChild(QWidget, name)
        action = getattr(page, method, None) if page is not None else None
        if action is None:
            continue
        action()
        loop = QEventLoop()
        QTimer.singleShot(3000, loop.quit)
        busy = getattr(page, "busy", None)
        if busy is not None:

            def check(loop=loop, busy=busy) -> None:
                if not busy.busy:
                    loop.quit()
                else:
                    QTimer.singleShot(100, check)

            QTimer.singleShot(100, check)
        loop.exec()


def shoot_offline(window, ctx, grab) -> None:
    """The offline banner, last (it stops the gateway): the sandbox stopped, as without a
    network, and the visible tab's load run again as a background load would be."""
    from PySide6.QtCore import QEventLoop, QTimer

    if ctx.sandbox is not None:
        ctx.sandbox.stop()
        ctx.sandbox = None  # stopped: release() has nothing left to stop
        ctx.client().close()  # kept-alive connections outlive the listening socket: new ones are refused
    loop = QEventLoop()
    ctx.connectivity.offline.connect(lambda _detail: QTimer.singleShot(300, loop.quit))
    QTimer.singleShot(20_000, loop.quit)
    page = window.tabs.currentWidget()
    ctx.connectivity.in_background(page)
    page.refresh()
    loop.exec()
    if not ctx.connectivity.is_offline:
        print("warning: the offline banner did not show", file=sys.stderr)
        return
    grab()


if __name__ == "__main__":
    sys.exit(main())
