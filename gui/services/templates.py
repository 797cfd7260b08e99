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
    """The account's own templates and the provider's default ones, read once for all who ask."""

    def __init__(self, client_factory: Callable[[], TemplateClient], max_age: float = TEMPLATES_MAX_AGE_S) -> None:
        self._client = client_factory
        self._answer: SharedAnswer[tuple[list[Template], list[Template]]] = SharedAnswer(self._fetch, max_age)

    def _fetch(self) -> tuple[list[Template], list[Template]]:
        client = self._client()
        own = client.tpl_get()  # without an id: the whole list
        return ([own] if isinstance(own, Template) else list(own)), list(client.tpl_get_default())

    def load(self, force: bool = False) -> tuple[list[Template], list[Template]]:
        """(own, defaults): shared with whoever asks at the same time; ``force`` reads anew."""
        own, defaults = self._answer.get(force)
        return list(own), list(defaults)  # copies: a caller's list is its own

    def changed(self) -> None:
        """A template was added, changed or deleted (or the profile changed): read anew next time."""
        self._answer.forget()


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
