"""Screenshots of the console for the README and the docs, made offscreen.

    python scripts/screenshots.py                 # docs/screenshots/main-zh_CN.png and main-en.png
    python scripts/screenshots.py --all-tabs      # ... plus docs/screenshots/<lang>/<NN>-<tab>.png
    python scripts/screenshots.py --lang zh_CN --size 1440x900

Each language runs in its own process (translators and locale are per process): the
console starts on the sandbox gateway in a throw-away home, the main window is sized
(default 1280x800) on a virtual screen large enough for it, every tab loads its first
data, and the window is grabbed. Chinese needs a CJK font (fonts-wqy-microhei on
Debian/Ubuntu); the script warns when fontconfig knows none.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
LANGUAGES = ("zh_CN", "en")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", action="append", choices=LANGUAGES, help="language(s); default: all")
    parser.add_argument("--all-tabs", action="store_true", help="also one image per tab and language")
    parser.add_argument("--size", default="1280x800", help="window size WIDTHxHEIGHT (default 1280x800)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT.relative_to(REPO)})")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def warn_without_cjk_font() -> None:
    if shutil.which("fc-list") is None:
        return
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip()
    if not fonts:
        print("warning: no CJK font known to fontconfig; Chinese will render as boxes "
              "(apt install fonts-wqy-microhei)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    if opts.child:
        return shoot(opts)
    warn_without_cjk_font()
    width, height = (int(v) for v in opts.size.lower().split("x"))
    status = 0
    with tempfile.TemporaryDirectory(prefix="sms-shots-") as tmp:
        # A virtual screen larger than the window, so Qt does not shrink the window to fit.
        screen_config = Path(tmp) / "offscreen.json"
        screen_config.write_text(json.dumps({"screens": [{
            "name": "shots", "x": 0, "y": 0, "width": width + 200, "height": height + 200,
            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
        for lang in opts.lang or LANGUAGES:
            home = Path(tmp) / f"home-{lang}"
            env = dict(os.environ, SMS_CONSOLE_HOME=str(home),
                       QT_QPA_PLATFORM=f"offscreen:configfile={screen_config}", LANG="C.UTF-8")
            env.pop("LANGUAGE", None)
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--lang", lang,
                   "--size", opts.size, "--out", str(opts.out)]
            if opts.all_tabs:
                cmd.append("--all-tabs")
            result = subprocess.run(cmd, env=env, cwd=REPO, stdin=subprocess.DEVNULL, timeout=120)
            status = status or result.returncode
    return status


def shoot(opts: argparse.Namespace) -> int:
    """In the child process: open the console on the sandbox in one language and grab it."""
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from gui import APP_DISPLAY_NAME, APP_NAME, ORG_NAME
    from gui.app import AppContext, parse_args as parse_console_args, start_sandbox
    from gui.i18n import install_translators
    from gui.keychain import Keychain
    from gui.logging_setup import setup_logging
    from gui.paths import AppPaths
    from gui.profiles import SANDBOX_PROFILE
    from gui.views.main_window import MainWindow

    (lang,) = opts.lang
    width, height = (int(v) for v in opts.size.lower().split("x"))
    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    app = QApplication([sys.argv[0]])

    paths = AppPaths.default().ensure()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(paths, settings, parse_console_args(["--sandbox", "--lang", lang, "--no-crash-dialog"]))
    setup_logging(paths.log_file, ctx.secrets)
    ctx.language = lang
    translators = install_translators(app, lang)  # noqa: F841 - kept alive
    ctx.keychain = Keychain(secrets_allowed=False, forbid_main_thread=True)
    if not ctx.lock_profile(SANDBOX_PROFILE):
        print("sandbox profile locked", file=sys.stderr)
        return 2
    start_sandbox(ctx)

    window = MainWindow(ctx)
    window.resize(width, height)
    window.move(0, 0)
    window.show()

    # Wait until every tab has loaded and the balance is in (or 20 s passed).
    loop = QEventLoop()
    pending = set(range(window.tabs.count()))
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

    for index in range(window.tabs.count()):
        window.tabs.widget(index).initial_load_finished.connect(lambda ok, msg, i=index: tab_loaded(i))
    ctx.balance_changed.connect(balance_in)
    if ctx.account is not None:
        waiting_for_balance[0] = False
    QTimer.singleShot(0, window.start_initial_loads)
    QTimer.singleShot(20_000, loop.quit)
    loop.exec()
    if pending:
        print(f"warning: tabs still loading: {sorted(pending)}", file=sys.stderr)

    opts.out.mkdir(parents=True, exist_ok=True)
    shots = []

    def grab(path: Path) -> None:
        app.processEvents()
        if not window.grab().save(str(path)):
            raise RuntimeError(f"could not write {path}")
        shots.append(path)

    window.tabs.setCurrentIndex(0)
    grab(opts.out / f"main-{lang}.png")
    if opts.all_tabs:
        (opts.out / lang).mkdir(exist_ok=True)
        for index in range(window.tabs.count()):
            window.tabs.setCurrentIndex(index)
            name = window.tabs.widget(index).objectName() or f"tab{index}"
            grab(opts.out / lang / f"{index + 1:02d}-{name}.png")
    for path in shots:
        print(f"wrote {path.relative_to(REPO) if REPO in path.parents else path}")

    window.close()
    ctx.tasks.wait_all(5000)
    ctx.release()
    return 0


if __name__ == "__main__":
    sys.exit(main())
