"""The account's templates as the provider lists them, and what review would say of a new one.

Compose offers the approved templates and the Templates tab lists them all; both start
from the same two reads (``tpl_get`` and ``tpl_get_default``). The catalog makes those
reads once for everyone asking together (``SharedAnswer``) and forgets them when a
template is added, changed or deleted, so the next read is the provider's new list.

``TemplatePreflight`` (what review would say of a new text) and ``review_outcomes`` (which
templates in review were approved or rejected) live in ``gui.services.template_review``,
imported when first used — not by Compose's first load; their names stay importable from here.

``TemplateEditor`` adds, changes and deletes the account's templates (tpl_add / tpl_update /
tpl_del), one audit row each (``gui.services.audit``: the template's id, never its text).

Plain Python; ``load``, ``check`` and the editor's calls reach the provider: run them in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from gui.api.models import Template
from gui.services import audit as audit_log
from gui.services import audit_detail
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


class TemplateEditor:
    """tpl_add / tpl_update / tpl_del, each recorded in the audit log once the provider answered,
    and the shared template list (``catalog``) read anew next time: Compose sees the change."""

    def __init__(
        self, client_factory: Callable[[], Any], audit: audit_log.AuditLog, catalog: TemplateCatalog | None = None
    ) -> None:
        self._client = client_factory
        self._audit = audit
        self._catalog = catalog

    def add(self, content: str, notify_type: int | None = None) -> Template:
        template: Template = self._client().tpl_add(content, notify_type=notify_type)
        self._changed(audit_log.TEMPLATE_ADD, audit_detail.template(template.tpl_id))
        return template

    def update(self, tpl_id: int, content: str) -> Template:
        template: Template = self._client().tpl_update(tpl_id, content)
        self._changed(audit_log.TEMPLATE_UPDATE, audit_detail.template(tpl_id, "tpl_content"))
        return template

    def delete(self, tpl_id: int) -> Template:
        answer: Template = self._client().tpl_del(tpl_id)
        self._changed(audit_log.TEMPLATE_DELETE, audit_detail.template(tpl_id))
        return answer

    def _changed(self, action: str, detail: audit_detail.AuditDetail) -> None:
        if self._catalog is not None:
            self._catalog.changed()
        self._audit.record(action, 1, detail=detail)
