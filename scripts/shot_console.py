"""What the screenshot scripts share: a child process per language on a virtual screen, and the
console opened in it on the sandbox (scripts/screenshots.py, screenshots_states.py,
screenshot_audit.py).

Translators, locale and palette are per process, so each script re-runs itself with ``--child``
in a throw-away SMS_CONSOLE_HOME on Qt's offscreen platform, with a virtual screen larger than
the window (Qt would otherwise shrink the window to fit).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def warn_without_cjk_font() -> None:
    if shutil.which("fc-list") is None:
        return
    fonts = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout.strip()
    if not fonts:
        print(
            "warning: no CJK font known to fontconfig; Chinese will render as boxes (apt install fonts-wqy-microhei)",
            file=sys.stderr,
        )


def one_shot_main(
    doc: str,
    script: Path,
    default_out: Path,
    shoot: Callable[[argparse.Namespace], int],
    size: str,
    tag: str,
    timeout_s: int,
    argv: list[str] | None = None,
) -> int:
    """The command line of a script that shoots one set in zh_CN: ``--out``; itself again as the child."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    shown = default_out.relative_to(REPO) if REPO in default_out.parents else default_out
    parser.add_argument("--out", type=Path, default=default_out, help=f"output folder (default {shown})")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.child:
        return shoot(opts)
    warn_without_cjk_font()
    with tempfile.TemporaryDirectory(prefix=f"sms-shots-{tag}-") as tmp:
        return run_child(script, ["--out", str(opts.out)], size, Path(tmp), tag, timeout_s)


def window_size(size: str) -> tuple[int, int]:
    """'1280x800' -> (1280, 800)."""
    width, height = (int(v) for v in size.lower().split("x"))
    return width, height


def run_child(script: Path, child_args: list[str], size: str, tmp: Path, tag: str, timeout_s: int) -> int:
    """Run ``script --child child_args`` offscreen on a screen larger than ``size``, in the home
    ``tmp/home-<tag>``; its exit status."""
    width, height = window_size(size)
    screen = {"name": "shots", "x": 0, "y": 0, "width": width + 200, "height": height + 200}
    screen.update({"logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1})
    screen_config = tmp / f"offscreen-{tag}.json"
    screen_config.write_text(json.dumps({"screens": [screen]}))
    env = dict(
        os.environ,
        SMS_CONSOLE_HOME=str(tmp / f"home-{tag}"),
        QT_QPA_PLATFORM=f"offscreen:configfile={screen_config}",
        LANG="C.UTF-8",
    )
    env.pop("LANGUAGE", None)
    cmd = [sys.executable, str(script), "--child", *child_args]
    return subprocess.run(cmd, env=env, cwd=REPO, stdin=subprocess.DEVNULL, timeout=timeout_s).returncode


@dataclass
class Console:
    """The console opened in a child: keep the object alive while shooting (it holds the translators)."""

    app: Any
    ctx: Any
    window: Any
    translators: Any

    def close(self) -> None:
        self.window.close()
        self.ctx.tasks.wait_all(5000)
        self.ctx.release()


def open_console(lang: str, theme: str, size: str) -> Console:
    """In the child: the console on the sandbox profile in ``lang`` and ``theme``, its main window
    shown at ``size`` in the top-left corner (no tab loaded yet)."""
    sys.path.insert(0, str(REPO))
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from gui import APP_DISPLAY_NAME, APP_NAME, ORG_NAME
    from gui.app import AppContext, start_sandbox
    from gui.app import parse_args as parse_console_args
    from gui.i18n import install_translators
    from gui.keychain import Keychain
    from gui.logging_setup import setup_logging
    from gui.paths import AppPaths
    from gui.profiles import SANDBOX_PROFILE
    from gui.theme import apply_theme
    from gui.views.main_window import MainWindow

    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationName(APP_NAME)
    QApplication.setApplicationDisplayName(APP_DISPLAY_NAME)
    app = QApplication([sys.argv[0]])
    apply_theme(app, theme)

    paths = AppPaths.default().ensure()
    settings = QSettings(str(paths.settings_file), QSettings.Format.IniFormat)
    ctx = AppContext(paths, settings, parse_console_args(["--sandbox", "--lang", lang, "--no-crash-dialog"]))
    setup_logging(paths.log_file, ctx.secrets)
    ctx.language = lang
    translators = install_translators(app, lang)
    ctx.keychain = Keychain(secrets_allowed=False, forbid_main_thread=True)
    if not ctx.lock_profile(SANDBOX_PROFILE):
        raise SystemExit("sandbox profile locked")
    start_sandbox(ctx)

    window = MainWindow(ctx)
    window.resize(*window_size(size))
    window.move(0, 0)
    window.show()
    return Console(app, ctx, window, translators)
