"""The client's template and blocked-word endpoints (plain Python, no Qt; the retry policy of each
kind is ``gui.api.transport``'s).

- reads (get_black_word, tpl_get, tpl_get_default): retried;
- writes (tpl_add, tpl_del, tpl_update): never retried.
"""

from __future__ import annotations

from gui.api import parsers
from gui.api.arguments import checked_tpl_id
from gui.api.errors import LimitError
from gui.api.models import Template
from gui.api.transport import READ, WRITE, ClientTransport


class TemplateEndpoints(ClientTransport):
    """``SmsClient``'s templates and blocked words (``gui.api.client.SmsClient``)."""

    # ------------------------------------------------------------------ reads (retried)
    def get_black_word(self, text: str) -> list[str]:
        """The blocked words found in ``text`` ([] when none)."""
        if not isinstance(text, str) or not text:
            raise LimitError("empty_text")
        return self._call("sms/get_black_word", {"text": text}, READ, parsers.parse_black_words)

    def tpl_get(self, tpl_id: int | None = None) -> Template | list[Template]:
        """One template when ``tpl_id`` is given, else all of them."""
        if tpl_id is None:
            return self._call("tpl/get", {}, READ, parsers.parse_templates)
        return self._call("tpl/get", {"tpl_id": checked_tpl_id(tpl_id)}, READ, parsers.parse_template)

    def tpl_get_default(self, tpl_id: int | None = None) -> Template | list[Template]:
        """One of the provider's default templates when ``tpl_id`` is given, else all of them."""
        if tpl_id is None:
            return self._call("tpl/get_default", {}, READ, parsers.parse_templates)
        return self._call("tpl/get_default", {"tpl_id": checked_tpl_id(tpl_id)}, READ, parsers.parse_template)

    # ------------------------------------------------------------------ writes (never retried)
    def tpl_add(self, tpl_content: str, notify_type: int | None = None) -> Template:
        """Submit a template for review (``notify_type`` 0 every result, 1 rejections, 2 approvals, 3 never)."""
        if not isinstance(tpl_content, str) or not tpl_content.strip():
            raise LimitError("empty_text")
        if notify_type is not None and notify_type not in (0, 1, 2, 3):
            raise LimitError("bad_argument", what="notify_type must be 0, 1, 2 or 3")
        return self._call(
            "tpl/add", {"tpl_content": tpl_content, "notify_type": notify_type}, WRITE, parsers.parse_template
        )

    def tpl_del(self, tpl_id: int) -> Template:
        return self._call("tpl/del", {"tpl_id": checked_tpl_id(tpl_id)}, WRITE, parsers.parse_template)

    def tpl_update(self, tpl_id: int, tpl_content: str) -> Template:
        """Change a template; it goes back to review (CHECKING)."""
        if not isinstance(tpl_content, str) or not tpl_content.strip():
            raise LimitError("empty_text")
        return self._call(
            "tpl/update", {"tpl_id": checked_tpl_id(tpl_id), "tpl_content": tpl_content}, WRITE, parsers.parse_template
        )
