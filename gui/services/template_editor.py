"""The account's templates added, changed and deleted (tpl_add / tpl_update / tpl_del), one audit
row each (``gui.services.audit``: the template's id, never its text), and the shared template
list (``gui.services.templates.TemplateCatalog``) read anew next time, so Compose sees the change.

Apart from the catalog so that Compose's first load, which reads templates, imports neither this
nor the audit log. Plain Python; every call reaches the provider: run it in a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gui.api.models import Template
from gui.services import audit as audit_log
from gui.services import audit_detail
from gui.services.templates import TemplateCatalog


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
