"""Export a table to an Excel or CSV file: the one path dialog and the one export task.

A tab asks for the file with ``ask_export_path`` and writes it with ``start_export``,
which runs ``gui.store.export.export_records`` in a worker behind the tab's busy bar
(with Cancel). What is written comes from the table's own ``Column`` list: headers, raw
values, and which columns are free text (neutralised against formulas) — no tab lists
column numbers. ``start_writing`` is the same task around a writer of its own (the
campaign dry run's ``DryRunReport.export``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from gui.store.export import ExportColumn, export_records
from gui.views.partials.errors import show_error

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.views.partials.busy import BusyBar
    from gui.workers import Task


def _tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


def export_path_with_suffix(path: str, selected_filter: str) -> Path:
    """The chosen file name, with .xlsx / .csv added from the chosen filter when missing."""
    chosen = Path(path)
    if chosen.suffix.lower() in (".csv", ".xlsx"):
        return chosen
    return chosen.with_name(chosen.name + (".csv" if "csv" in selected_filter.lower() else ".xlsx"))


def ask_export_path(parent: QWidget, default_name: str, caption: str | None = None) -> Path | None:
    """Ask where to write an export (``caption``: the dialog's title, "Export" unless given);
    None when the operator cancels."""
    path, selected = QFileDialog.getSaveFileName(
        parent,
        caption if caption is not None else _tr("Export"),
        default_name,
        _tr("Excel workbook (*.xlsx);;CSV, UTF-8 for Excel (*.csv)"),
    )
    return export_path_with_suffix(path, selected) if path else None


def start_export(
    ctx: AppContext,
    parent: QWidget,
    busy: BusyBar | None,
    path: Path,
    columns: Sequence[ExportColumn],
    records: Callable[[Any], Iterable[Any]],
    on_done: Callable[[int], None] | None,
    *,
    name: str,
    disable: Iterable[QWidget],
    total: int | None = None,
) -> Task:
    """Write ``records(control)`` through ``columns`` to ``path`` in a worker; returns the task.

    ``records`` runs in the worker (it may read the store, and check ``control`` to stop);
    ``on_done`` gets the number of rows written. With ``total`` known, the busy bar counts
    the rows written against it.
    """

    def write(control: Any) -> int:
        return export_records(path, columns, records(control), control=control)

    return start_writing(ctx, parent, busy, path, write, on_done, name=name, disable=disable, total=total)


def start_writing(
    ctx: AppContext,
    parent: QWidget,
    busy: BusyBar | None,
    path: Path,
    write: Callable[[Any], int],
    on_done: Callable[[int], None] | None,
    *,
    name: str,
    disable: Iterable[QWidget],
    total: int | None = None,
    cancellable: bool = True,
) -> Task:
    """Run ``write(control)`` (it writes ``path`` through ``gui.store.export`` and returns the
    rows written) in a worker behind ``busy``; a failure is shown with one text.

    ``busy`` None: no bar (the export runs quietly, e.g. while the tab's bar shows other
    work). ``cancellable``: ``write`` checks ``control``, so Cancel stops it.
    """
    task = ctx.run(
        write,
        on_done,
        lambda exc: show_error(ctx, parent, exc, _tr("The export failed.")),
        name=name,
        with_control=True,
    )
    if busy is None:
        return task
    busy.track(task, _tr("Writing {0}…").format(path.name), disable=disable, cancellable=cancellable)
    if total is not None:
        task.progressed.connect(
            lambda count: busy.message.setText(_tr("Writing {0}… {1} of {2} rows").format(path.name, count, total))
        )
    return task
