"""Qt's own texts that Qt's zh_CN translation (qtbase_zh_CN.qm) lacks, carried in ours.

Qt 6's widget file dialog (the one the console gets wherever the platform offers no
native dialog: offscreen, plain X11 without a GTK/KDE theme) labels its fields "&Look in:"
and "Files of &type:" (qfiledialog.ui); qtbase_zh_CN only has the older "Look in:" and
"Files of type:", so the Chinese dialog showed those two in English. Marked here under
Qt's own context, lupdate puts them in our .ts; our translator is installed after Qt's
(gui.i18n.install_translators), so it is asked first and answers them. Nothing imports a
name from here at run time: the marks exist for lupdate (and tests/test_i18n.py).
"""

from __future__ import annotations

from gui.i18n import QT_TRANSLATE_NOOP

# Exactly as Qt 6.11 looks them up (context "QFileDialog"); tests/test_i18n.py walks the
# dialog in zh_CN and fails on any English left.
FILE_DIALOG_STRINGS = (
    QT_TRANSLATE_NOOP("QFileDialog", "&Look in:"),
    QT_TRANSLATE_NOOP("QFileDialog", "Files of &type:"),
)
