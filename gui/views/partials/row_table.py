"""A table of records set up the one way the tabs want it: a ``RowTableModel`` over the
tab's ``Column`` list, the sort proxy (``make_sort_proxy``) and a ``DataTableView`` (copy,
context menu, Ctrl+F, the sentence shown while it is empty).

    self.model, self.proxy, self.table = make_table(self, self._columns(), "replies_table", self.tr("…"))
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from gui.views.partials.table_model import Column, RowSortProxy, RowTableModel, make_sort_proxy
from gui.views.partials.table_view import DataTableView


class RowTable(NamedTuple):
    model: RowTableModel
    proxy: RowSortProxy
    view: DataTableView


def make_table(
    parent: QWidget,
    columns: Sequence[Column],
    name: str,
    empty_text: str,
    *,
    source_order: bool = True,
) -> RowTable:
    """The model, its sort proxy and the view (object name ``name``), all owned by ``parent``.

    ``source_order`` (the default) keeps the source order (newest first, say) until the
    operator sorts by a column: no column shows a sort indicator meanwhile.
    """
    model = RowTableModel(columns, parent)
    proxy = make_sort_proxy(model, parent)
    view = DataTableView(parent)
    view.setObjectName(name)
    view.setModel(proxy)
    if source_order:
        view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.set_empty_text(empty_text)
    return RowTable(model, proxy, view)
