"""The active profile's audit log, as the views hand it to the services (issue 15, item 5).

The operator's name is the profile's (``Profile.operator``; the OS user name when it has
none) and the machine this console runs on. The store is bound to the profile active now
(``AppContext.bound``): a row is never written into another profile's log.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gui.context import AppContext
    from gui.services.audit import AuditLog
    from gui.services.template_editor import TemplateEditor


def audit_log(ctx: AppContext) -> AuditLog:
    """The active profile's audit log (no I/O: the store is opened by the first worker that writes)."""
    from gui.services.audit import AuditLog, default_who  # with the first service that writes rows

    profile = ctx.profile
    operator = ""
    if profile is not None:  # the team's operator name (set in the Storage box), else the profile's
        team_name = profile.team.operator if profile.is_team else ""
        operator = str(team_name or profile.operator or "")
    bind: Any = ctx.bound if profile is not None else (lambda get: get)
    # The OS user (when the profile names no operator) and the machine's name are looked up
    # with the first row written, in its worker, once: a view builds its services at start-up
    # (Compose's first load), and a service that writes nothing then needs neither.
    who = functools.cache(functools.partial(default_who, operator))
    return AuditLog(bind(lambda: ctx.store()), who)


def template_editor(ctx: AppContext) -> TemplateEditor:
    """tpl_add / tpl_update / tpl_del with their audit rows, on the client of the profile active now."""
    from gui.services.template_editor import TemplateEditor

    client = ctx.client()  # taken now, as the Templates tab always did (no profile: raises here)
    return TemplateEditor(lambda: client, audit_log(ctx), ctx.template_catalog())
