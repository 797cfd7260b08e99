"""Reading a campaign's rows a page at a time (plain Python, no Qt): what the results table
needs of a campaign of up to a million rows without reading every row into memory.

A row's position is its place in row order (0 for the first row); ``state_positions`` gives
the positions of each state as a compact array (the table's status filter), ``page`` the rows
of a range of positions. Call both from a worker.
"""

from __future__ import annotations

from array import array

from gui.campaign.journal import Journal, JournalRow


def state_positions(journal: Journal, campaign_id: int) -> dict[str, array[int]]:
    """state -> the positions of the campaign's rows in that state, ascending."""
    positions: dict[str, array[int]] = {}
    states = journal._read("SELECT state FROM campaign_rows WHERE campaign_id = ? ORDER BY row_no", (campaign_id,))
    for position, (state,) in enumerate(states):
        found = positions.get(state)
        if found is None:
            found = positions[state] = array("l")
        found.append(position)
    return positions


def page(journal: Journal, campaign_id: int, start: int, count: int) -> list[JournalRow]:
    """The rows at positions ``start`` to ``start + count - 1``."""
    return journal.rows(campaign_id, limit=count, offset=start)
