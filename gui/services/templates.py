"""The account's templates as the provider lists them: one cached copy per profile.

Compose offers the approved templates and the Templates tab lists them all; both start
from the same two reads (``tpl_get`` and ``tpl_get_default``). The catalog makes those
reads once for everyone asking together (``SharedAnswer``) and forgets them when a
template is added, changed or deleted, so the next read is the provider's new list.

Plain Python; ``load`` calls the provider: run it in a worker.
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
