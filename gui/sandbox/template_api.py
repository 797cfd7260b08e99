"""The template endpoints (tpl/add, tpl/del, tpl/update, tpl/get, tpl/get_default), a part of
``SandboxApi`` (gui/sandbox/handlers.py) kept in a file of its own.

The user's templates live in ``SandboxState.templates``; a template added or updated is
CHECKING until ``review_delay_seconds`` have passed on the sandbox clock (``state.tick``).
"""

from __future__ import annotations

from typing import Any

from gui.sandbox import rules
from gui.sandbox.models import DEFAULT_TEMPLATES, Template
from gui.sandbox.params import int_param, required
from gui.sandbox.rules import ApiFault
from gui.sandbox.state import SandboxState


class TemplateEndpoints:
    """The tpl/* routes; ``SandboxApi`` sets ``state`` and ``control``."""

    state: SandboxState
    control: Any

    def _tpl_id(self, params: dict) -> int:
        return int_param(params, "tpl_id", required=True, low=1)

    def _optional_tpl_id(self, params: dict) -> int | None:
        return int_param(params, "tpl_id", required=False, low=1)

    def _user_template(self, tpl_id: int) -> Template:
        tpl = self.state.templates.get(tpl_id)
        if tpl is None:
            raise ApiFault(5, "模板id不存在或者已经删除", msg="未找到对应id的模板")
        return tpl

    def _check_content(self, content: str) -> None:
        if rules.utf16_length(content) > rules.MAX_TEXT_CHARS:
            raise ApiFault(2, f"模板内容不能超过{rules.MAX_TEXT_CHARS}个字")

    def tpl_add(self, params: dict, now: float) -> dict:
        content = required(params, "tpl_content")
        notify_type = int_param(params, "notify_type", required=False, default=0, low=0, high=3)
        self._check_content(content)
        if any(t.tpl_content == content for t in self.state.templates.values()):
            raise ApiFault(6, "相同内容的模板已存在")
        tpl = self.state.add_template(content, now, notify_type, review_delay=self.control.review_delay_seconds)
        return tpl.wire()

    def tpl_del(self, params: dict, now: float) -> dict:
        tpl = self._user_template(self._tpl_id(params))
        del self.state.templates[tpl.tpl_id]
        return tpl.wire()

    def tpl_update(self, params: dict, now: float) -> dict:
        tpl_id = self._tpl_id(params)
        content = required(params, "tpl_content")
        tpl = self._user_template(tpl_id)
        self._check_content(content)
        tpl.tpl_content = content
        tpl.check_status, tpl.reason = "CHECKING", None
        tpl.review_due_ts = now + self.control.review_delay_seconds
        self.state.tpl_update_calls += 1
        wrap = self.control.tpl_update_wrap
        if wrap == "always" or (wrap == "alternate" and self.state.tpl_update_calls % 2 == 1):
            return {"template": tpl.wire()}
        return tpl.wire()

    def tpl_get(self, params: dict, now: float):
        tpl_id = self._optional_tpl_id(params)
        if tpl_id is not None:
            return self._user_template(tpl_id).wire()
        return [t.wire("reason ") for t in self.state.templates.values()]

    def tpl_get_default(self, params: dict, now: float):
        tpl_id = self._optional_tpl_id(params)
        defaults = [
            {"tpl_id": i, "tpl_content": c, "check_status": "SUCCESS", "reason": None} for i, c in DEFAULT_TEMPLATES
        ]
        if tpl_id is not None:
            for d in defaults:
                if d["tpl_id"] == tpl_id:
                    return d
            raise ApiFault(5, "默认模板id不存在", msg="未找到对应id的模板")
        return [
            {"tpl_id": d["tpl_id"], "tpl_content": d["tpl_content"], "check_status": "SUCCESS", "reason ": None}
            for d in defaults
        ]
