"""The account's templates as the provider lists them, and what review would say of a new one.

Compose offers the approved templates and the Templates tab lists them all; both start
from the same two reads (``tpl_get`` and ``tpl_get_default``). The catalog makes those
reads once for everyone asking together (``SharedAnswer``) and forgets them when a
template is added, changed or deleted, so the next read is the provider's new list.

``TemplatePreflight`` checks a template's text before it is submitted, as review would:
its blocked words (get_black_word) and its 【signature】 against the signatures of the
account's approved templates (the provider does not list the registered signatures; an
approved template's signature was registered). ``review_outcomes`` tells which templates
in review were approved or rejected between two reads of the list.

``TemplateEditor`` adds, changes and deletes the account's templates (tpl_add / tpl_update /
tpl_del), one audit row each (``gui.services.audit``: the template's id, never its text).

Plain Python; ``load``, ``check`` and the editor's calls reach the provider: run them in a worker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from gui.api import texts
from gui.api.black_words import AskBlackWords, BlockedWordChecker
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


def approved_signatures(templates: Iterable[Template]) -> list[str]:
    """The signatures of the approved templates, in order, each once (【#company#】 is no signature)."""
    found: dict[str, None] = {}
    for template in templates:
        name = texts.signature_of(template.tpl_content or "")
        if template.check_status == "SUCCESS" and name and "#" not in name:
            found.setdefault(name)
    return list(found)


@dataclass(frozen=True)
class TemplateCheck:
    """What review would say of ``text``: the blocked words in it (review rejects those), and
    whether its signature is on an approved template (review may reject one that is not)."""

    text: str
    blocked_words: tuple[str, ...]
    signature: str | None
    known_signatures: tuple[str, ...]

    @property
    def signature_unregistered(self) -> bool:
        return self.signature is not None and self.signature not in self.known_signatures

    @property
    def clean(self) -> bool:
        return not self.blocked_words and not self.signature_unregistered


class TemplatePreflight:
    """Checks template texts as review would, remembering each text's blocked words."""

    def __init__(self, catalog: TemplateCatalog, ask_black_words: AskBlackWords) -> None:
        self._catalog = catalog
        self._checker = BlockedWordChecker(ask_black_words)

    def check(self, text: str) -> TemplateCheck:
        """Blocked words (one get_black_word call per new text) and the signature against the
        approved templates (the catalog's shared read)."""
        words = self._checker.words_in(text)
        own, _defaults = self._catalog.load()
        return TemplateCheck(text, words, texts.signature_of(text), tuple(approved_signatures(own)))


@dataclass(frozen=True)
class ReviewOutcome:
    """A template that was in review and is now approved (``approved``) or rejected (with ``reason``)."""

    tpl_id: int
    approved: bool
    reason: str | None


def review_outcomes(before: Iterable[Template], after: Iterable[Template]) -> list[ReviewOutcome]:
    """The templates CHECKING in ``before`` and SUCCESS or FAIL in ``after``, by id."""
    checking = {t.tpl_id for t in before if t.check_status == "CHECKING"}
    return [
        ReviewOutcome(t.tpl_id, t.check_status == "SUCCESS", t.reason or None)
        for t in sorted(after, key=lambda t: t.tpl_id)
        if t.tpl_id in checking and t.check_status in ("SUCCESS", "FAIL")
    ]
