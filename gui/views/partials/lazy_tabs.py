"""The main window's tab widget, whose pages are built when first needed.

Each tab starts as a light placeholder under its title; the real page (a TabPage) is
built — its modules imported, its widgets made — the first time the tab is shown or
any caller asks for it (``page(i)``, ``widget(i)``, ``currentWidget()``), and swapped in
at the same index. A start-up thus builds only the visible tab; ``--smoke`` asks for
every page and so builds them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QCoreApplication, QSignalBlocker
from PySide6.QtWidgets import QTabWidget, QWidget

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.views.partials.tab_page import TabPage


class TabSpec(NamedTuple):
    """What the main window knows of a tab before it is built (a NamedTuple: made in a sixth
    of a frozen dataclass's ~0.35 ms, and the module is imported before the window's paint)."""

    module: str  # e.g. "gui.views.compose"
    class_name: str  # e.g. "ComposeTab"; also its title's tr() context
    object_name: str  # the page's, e.g. "compose_tab"
    title_text: str  # the source text of the class's title() (a test keeps the two equal)

    def title(self) -> str:
        return QCoreApplication.translate(self.class_name, self.title_text)

    def build(self, ctx: AppContext) -> TabPage:
        return getattr(importlib.import_module(self.module), self.class_name)(ctx)


class LazyTabWidget(QTabWidget):
    """A QTabWidget of TabPages built on first show or first access (see the module doc)."""

    def __init__(
        self,
        ctx: AppContext,
        specs: Sequence[TabSpec],
        on_built: Callable[[TabPage], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._specs = list(specs)
        self._pages: list[TabPage | None] = [None] * len(self._specs)
        self._on_built = on_built
        self._waiting: dict[int, list[Callable[[TabPage], None]]] = {}  # see when_built
        for spec in self._specs:
            placeholder = QWidget()
            placeholder.setObjectName(f"{spec.class_name}_placeholder")
            self.addTab(placeholder, spec.title())
        # first among the slots: whoever hears currentChanged finds the real page there
        self.currentChanged.connect(lambda index: self.page(index) if index >= 0 else None)

    def page(self, index: int) -> TabPage:
        """The tab page at ``index``, built (and swapped in for its placeholder) if need be."""
        page = self._pages[index]
        if page is None:
            page = self._pages[index] = self._specs[index].build(self._ctx)
            current = self.currentIndex()
            placeholder = super().widget(index)
            # the swap is no change of the tab shown: nobody hears it (the tab bar still
            # tells the stack inside which page to show)
            with QSignalBlocker(self):
                self.removeTab(index)
                self.insertTab(index, page, page.title())
                self.setCurrentIndex(current)
            if placeholder is not None:
                placeholder.deleteLater()
            self._on_built(page)
            for then in self._waiting.pop(index, []):
                then(page)
        return page

    def when_built(self, index: int, then: Callable[[TabPage], None]) -> None:
        """``then(page)`` with the page at ``index`` once it is built: now if it is, else when it
        is (without building it: start-up paints the window before it builds the visible page)."""
        page = self._pages[index]
        if page is not None:
            then(page)
        else:
            self._waiting.setdefault(index, []).append(then)

    def page_named(self, object_name: str) -> TabPage | None:
        """The tab page whose object name is ``object_name`` (built if need be), or None."""
        for index, spec in enumerate(self._specs):
            if spec.object_name == object_name:
                return self.page(index)
        return None

    def built_pages(self) -> list[TabPage]:
        """The pages built so far, in tab order."""
        return [page for page in self._pages if page is not None]

    # Python callers get the real page; Qt itself keeps the widget it holds.
    def widget(self, index: int) -> QWidget | None:
        if 0 <= index < len(self._pages):
            return self.page(index)
        return super().widget(index)

    def currentWidget(self) -> QWidget:  # noqa: N802 - Qt's name
        index = self.currentIndex()
        return self.page(index) if index >= 0 else super().currentWidget()  # no tab: Qt's None
