"""The Compose & send tab (``page.py`` says how a send goes; ``base.py`` lists the parts).

``ComposeTab``, and the names the tab's modules define for others, stay importable from
``gui.views.compose``. The plan, the send and the settling are ``gui.services.send``'s;
their modes and states (MODE_*, STATE_*) are imported from ``gui.services.send_modes``, their
types (ResultRow, SendPlan, the refusals, ...) from ``gui.services.send_plan`` where first used.
"""

from gui.views.compose.in_doubt import SETTLE_GRACE_SECONDS, SETTLE_RETRY_SECONDS
from gui.views.compose.message import fill_known
from gui.views.compose.page import ComposeTab
from gui.views.compose.results import STATE_COLOURS, STATE_TEXTS

__all__ = [
    "SETTLE_GRACE_SECONDS",
    "SETTLE_RETRY_SECONDS",
    "STATE_COLOURS",
    "STATE_TEXTS",
    "ComposeTab",
    "fill_known",
]
