"""Light and dark: status colours that stay readable on either palette, and a forced theme.

The console follows the platform's palette (Qt 6 picks up the system's light or dark
scheme). Status colours are never hard-coded hex values in the views: a dark red that
reads well on white is nearly invisible on a dark grey window, so every status colour
comes from here in two sets, chosen by the lightness of the palette's window colour.
Colour is never the only signal either: the views put a word or a symbol (✔ ✖ ⚠ …)
next to it.

``--theme light|dark`` (or ``SMS_CONSOLE_THEME``) forces the Fusion style with a light
or dark palette, for screenshots and for platforms whose own style ignores the scheme.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor, QGuiApplication, QPalette

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

THEME_ENV = "SMS_CONSOLE_THEME"
THEMES = ("light", "dark")

# kind -> (on a light window, on a dark window)
_STATUS = {
    "ok": ("#1f6f2a", "#7fd48f"),
    "error": ("#b00000", "#ff8a80"),
    "warning": ("#8a5a00", "#ffcc66"),
    "info": ("#1f4f8a", "#8ab4f8"),
    "muted": ("#666666", "#a0a0a0"),
    "highlight_bg": ("#ffd6d6", "#5c1f1f"),  # blocked words in an editor
    "highlight_fg": ("#a40000", "#ffb4ab"),
}
# kind -> ((background, border) on light, (background, border) on dark) for boxed notices
_BOXES = {
    "warning": (("#fff4d6", "#e0c060"), ("#3d3212", "#9a7b20")),
    "notice": (("#eef3fb", "#9db4d8"), ("#1f2b3b", "#4a6a94")),
    "error": (("#fdecea", "#e0a0a0"), ("#3f1d1d", "#a05050")),
}


def is_dark(palette: QPalette | None = None) -> bool:
    """True when the (application's) window colour is dark."""
    if palette is None:
        palette = QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def status_colour(kind: str, palette: QPalette | None = None) -> QColor:
    """The colour for ``kind`` (ok, error, warning, info, muted, …) on the current palette."""
    light, dark = _STATUS[kind]
    return QColor(dark if is_dark(palette) else light)


def status_css(kind: str, bold: bool = False) -> str:
    """A style sheet fragment for a label showing a ``kind`` message."""
    css = f"color: {status_colour(kind).name()};"
    return css + " font-weight: bold;" if bold else css


def box_css(kind: str) -> str:
    """A boxed notice (warning, notice, error): text colour, background and border for the palette."""
    light, dark = _BOXES[kind]
    background, border = dark if is_dark() else light
    text = status_colour("warning").name() if kind == "warning" else "palette(window-text)"
    return f"color: {text}; background: {background}; border: 1px solid {border}; padding: 6px; border-radius: 3px;"


def requested_theme(choice: str | None) -> str | None:
    """The forced theme from the command line or the environment; None follows the system."""
    value = (choice or os.environ.get(THEME_ENV, "")).strip().lower()
    return value if value in THEMES else None


def dark_palette() -> QPalette:
    palette = QPalette()
    # The usual Fusion dark set: fields (base) clearly darker than the window, so check
    # boxes, radio buttons and edits stand out from the background.
    window, base, text = QColor("#353535"), QColor("#232323"), QColor("#e6e6e6")
    disabled = QColor("#808080")
    roles = {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#2c2c2c"),
        QPalette.ColorRole.ToolTipBase: QColor("#3a3a3a"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: QColor("#9a9a9a"),
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#3c3c3c"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6e6e"),
        QPalette.ColorRole.Light: QColor("#505050"),
        QPalette.ColorRole.Midlight: QColor("#454545"),
        QPalette.ColorRole.Mid: QColor("#2a2a2a"),
        QPalette.ColorRole.Dark: QColor("#1a1a1a"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
        QPalette.ColorRole.Highlight: QColor("#3d6fb4"),
        QPalette.ColorRole.HighlightedText: QColor("#ffffff"),
        QPalette.ColorRole.Link: QColor("#8ab4f8"),
        QPalette.ColorRole.LinkVisited: QColor("#c58af9"),
    }
    for role, colour in roles.items():
        palette.setColor(role, colour)
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, theme: str | None) -> None:
    """Force ``theme`` (light/dark) with the Fusion style; None leaves the platform's look."""
    if theme is None:
        return
    from PySide6.QtWidgets import QStyleFactory

    style = QStyleFactory.create("Fusion")
    app.setStyle(style)
    app.setPalette(dark_palette() if theme == "dark" else style.standardPalette())
