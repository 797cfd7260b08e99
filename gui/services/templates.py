"""The account's templates as the provider lists them, and what review would say of a new one.

Compose offers the approved templates and the Templates tab lists them all; both start
from the same two reads (``tpl_get`` and ``tpl_get_default``). The catalog makes those
reads once for everyone asking together (``SharedAnswer``) and forgets them when a
template is added, changed or deleted, so the next read is the provider's new list.

``TemplatePreflight`` (what review would say of a new text) and ``review_outcomes`` (which
templates in review were approved or rejected) live in ``gui.services.template_review``,
imported when first used — not by Compose's first load.

``TemplateEditor`` (``gui.services.template_editor``) adds, changes and deletes the account's
templates, one audit row each; it and the audit log are imported where a template is edited, not
by Compose's first load.

Plain Python; ``load``, ``check`` and the editor's calls reach the provider: run them in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from gui.api.models import Template
from gui.services.cache import SharedAnswer

# Long enough for the tabs loading at start-up to share one read; Refresh always reads again.
TEMPLATES_MAX_AGE_S = 30.0


class TemplateClient(Protocol):
    def tpl_get(self, tpl_id: int | None = None) -> Template | list[Template]: ...

    def tpl_get_default(self) -> list[Template]: ...


class TemplateCatalog:
    """The account's own templates and the provider's default ones, read once for all who ask.

    The two lists are two answers (``tpl_get``, ``tpl_get_default``), each shared on its own:
    a start-up asks for both at once from two workers (MainWindow.start_visible_reads), so they
    travel side by side instead of one after the other, and a ``load()`` made meanwhile joins
    both calls on the wire."""

    def __init__(self, client_factory: Callable[[], TemplateClient], max_age: float = TEMPLATES_MAX_AGE_S) -> None:
        self._client = client_factory
        self._own: SharedAnswer[list[Template]] = SharedAnswer(self._fetch_own, max_age)
        self._defaults: SharedAnswer[list[Template]] = SharedAnswer(self._fetch_defaults, max_age)

    def _fetch_own(self) -> list[Template]:
        own = self._client().tpl_get()  # without an id: the whole list
        return [own] if isinstance(own, Template) else list(own)

    def _fetch_defaults(self) -> list[Template]:
        return list(self._client().tpl_get_default())

    def load_own(self, force: bool = False) -> list[Template]:
        """The account's own templates (shared as ``load`` is); a copy of its own for the caller."""
        return list(self._own.get(force))

    def load_defaults(self, force: bool = False) -> list[Template]:
        """The provider's default templates (shared as ``load`` is); a copy of its own for the caller."""
        return list(self._defaults.get(force))

    def load(self, force: bool = False) -> tuple[list[Template], list[Template]]:
        """(own, defaults): shared with whoever asks at the same time; ``force`` reads anew."""
        return self.load_own(force), self.load_defaults(force)

    def changed(self) -> None:
        """A template was added, changed or deleted (or the profile changed): read anew next time."""
        self._own.forget()
        self._defaults.forget()
