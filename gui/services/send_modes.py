"""A quick send's modes, its results' states and its one-call limit (plain Python, nothing else).

Apart from ``send_plan`` (which re-exports them) so that the Compose tab, built at start-up,
can name them without making ``send_plan``'s dataclasses (~0.4 ms each, made at import):
those come with the first plan, the first result or the first refusal.
"""

from __future__ import annotations

MAX_NUMBERS_PER_CALL = 1000

MODE_SINGLE, MODE_BATCH, MODE_PERSONAL = "single", "batch", "personal"
MODES = (MODE_SINGLE, MODE_BATCH, MODE_PERSONAL)

STATE_OK, STATE_FAILED, STATE_NOT_SENT, STATE_IN_DOUBT = "ok", "failed", "not_sent", "in_doubt"
