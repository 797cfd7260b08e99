"""What review would say of a template's text, and what it said of the templates in review
(plain Python).

``TemplatePreflight`` checks a template's text before it is submitted, as review would:
its blocked words (get_black_word) and its 【signature】 against the signatures of the
account's approved templates (the provider does not list the registered signatures; an
approved template's signature was registered). ``review_outcomes`` tells which templates
in review were approved or rejected between two reads of the list.

Apart from ``gui.services.templates`` (the catalog and the editor) because Compose's first
load needs none of it: it is imported when a template is first checked or a list compared.
``TemplatePreflight.check`` reaches the provider: run it in a worker.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gui.api import texts
from gui.api.black_words import AskBlackWords, BlockedWordChecker
from gui.api.models import Template

if TYPE_CHECKING:
    from gui.services.templates import TemplateCatalog


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
