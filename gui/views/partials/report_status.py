"""A delivery report's status in words and colour (never colour alone).

Shared by every table that shows a report status: the Records tab (provider records,
local archive, statistics) and the Status reports tab.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from gui.theme import status_colour
from gui.views.partials.table_model import Column

REPORT_KINDS = {"SUCCESS": "ok", "FAIL": "error", "UNKNOWN": "warning", "": "warning"}  # gui.theme kinds


def report_status_text(status: str | None) -> str:
    status = (status or "").upper()
    label = {
        "SUCCESS": QCoreApplication.translate("ReportStatus", "✔ Delivered"),
        "FAIL": QCoreApplication.translate("ReportStatus", "✖ Failed"),
        "UNKNOWN": QCoreApplication.translate("ReportStatus", "… No report yet"),
        "": QCoreApplication.translate("ReportStatus", "… No report yet"),
    }.get(status)
    return f"{label} ({status})" if label and status else (label or status)


def report_status_colour(status: str | None) -> QColor | None:
    """Readable on the current light or dark palette."""
    kind = REPORT_KINDS.get((status or "").upper())
    return status_colour(kind) if kind else None


def report_status_column(header: str) -> Column:
    """A table's column of its records' ``report_status``, in words and colour (the raw
    status is what an export writes)."""
    return Column.field(
        header,
        "report_status",
        display=report_status_text,
        foreground=lambda record: report_status_colour(record.report_status),
    )
