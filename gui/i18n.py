"""Qt translations: English in the source, zh_CN shipped as a compiled .qm file.

The language follows the system locale unless the operator picked one in settings
(key ``ui/language``: ``""`` = system, ``"en"``, ``"zh_CN"``). Translators are installed
before any window is built; a change takes effect on the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import cast

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gui.paths import resources_dir

log = logging.getLogger(__name__)

# PySide6's stubs say QT_TRANSLATE_NOOP returns object; it returns its source text. Modules
# import this one to keep their marked strings typed as str (lupdate still finds the calls).
QT_TRANSLATE_NOOP = cast(Callable[[str, str], str], QtCore.QT_TRANSLATE_NOOP)

SUPPORTED = ("en", "zh_CN")
LANGUAGE_KEY = "ui/language"

# Not a tr() context of any widget: the console's own translator answers this pair with its
# language, so Qt itself says which translation is installed right now (ui_language).
_LANGUAGE_CONTEXT, _LANGUAGE_SOURCE = "gui.i18n", "language"


class ConsoleTranslator(QTranslator):
    """The console's .qm translation; it also answers which language it is."""

    def __init__(self, language: str, parent: QCoreApplication) -> None:
        super().__init__(parent)
        self.ui_language = language

    def translate(
        self, context: str, source_text: str, /, disambiguation: str | None = None, n: int = -1
    ) -> str | None:
        if context == _LANGUAGE_CONTEXT and source_text == _LANGUAGE_SOURCE:
            return self.ui_language
        # Not translated here: None, a null string for Qt, which then asks the next translator
        # and in the end shows the source text (PySide gives the null string as "", and an
        # empty string would be taken as the translation).
        return super().translate(context, source_text, disambiguation, n) or None


def ui_language() -> str:
    """The language the console's texts are shown in: that of its installed translation
    ("zh_CN"), else "en". For texts of the plain layers, which Qt does not translate
    (``gui.api.numbers.reason_text``)."""
    answer = QCoreApplication.translate(_LANGUAGE_CONTEXT, _LANGUAGE_SOURCE)
    return answer if answer in SUPPORTED else "en"


def resolve_language(choice: str | None) -> str:
    if choice in SUPPORTED:
        return choice
    name = QLocale.system().name()  # e.g. zh_CN, en_US
    return "zh_CN" if name.startswith("zh") else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install the console's and Qt's own translators; returns them (keep them alive)."""
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    # Qt's first, ours after it: Qt asks the last installed first, so ours also answers the
    # few texts of Qt's own dialogs that qtbase lacks (gui/qt_strings.py).
    qt_base = QTranslator(app)
    if qt_base.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_base)
        installed.append(qt_base)
    ours = ConsoleTranslator(language, app)
    qm_dir = resources_dir() / "i18n"
    if ours.load(f"sms_console_{language}", str(qm_dir)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no translation for %s in %s", language, qm_dir)
    QLocale.setDefault(QLocale(language))
    return installed
