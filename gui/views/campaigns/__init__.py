"""The Campaigns tab: import a list, dry-run it, send it exactly once, look at the results.

Three pages:
- **New campaign** (new.py): a CSV/XLSX file, the number column and a column per template
  variable, the template, a dry run (summary, warnings and a row table; exportable), an
  optional test send to the operator's own number, then Start.
- **Running** (running.py): progress bar with sent / failed / in doubt, rate and time left;
  pause, resume, cancel.
- **Past campaigns** (past.py): every campaign with its totals; open its results (filter by
  status, export), resume an interrupted one, retry the failed rows as a new campaign.

The tab (page.py) lays the pages out and wires their buttons to the presenter
(presenter_base.py → reading.py → presenter.py), which turns them into calls of the campaign
service (``gui.services.campaigns.CampaignService``, one per profile, owner of the journal)
in ``ctx.run`` workers. Every path that sends — start, resume with rows left, retry of the
failed rows, the test send — is plan (worker) → ``confirm_spend`` → the service's send with
the approval (worker); Cancel in the confirmation sends nothing. Pause and cancel reach the
running engine through the service. Quitting the console stops the engine resumably;
"Cancel" ends the campaign. The initial load only reads the journal (no sending): if an
unfinished campaign is found, a banner offers to resume it.
"""

from gui.views.campaigns.common import (
    CAMPAIGN_STATES,
    CHUNK_KEY,
    DRY_RUN_TABLE_LIMIT,
    GRACE_KEY,
    OWN_NUMBER_KEY,
    STATUS_WORDS,
    UID_KEY,
)
from gui.views.campaigns.page import CampaignsTab

__all__ = [
    "CAMPAIGN_STATES",
    "CHUNK_KEY",
    "DRY_RUN_TABLE_LIMIT",
    "GRACE_KEY",
    "OWN_NUMBER_KEY",
    "STATUS_WORDS",
    "UID_KEY",
    "CampaignsTab",
]
