"""Settling costs what is in doubt: each chunk is read in its own narrow get_record window
(never up to "now"), only until its rows are found, by number where that takes fewer calls —
and still finds rows the provider accepted near the window's edges (clock skew).

The sandbox runs on a frozen clock; what get_record was asked is read from its request log."""

from __future__ import annotations

import pytest

from gui.api.client import SmsClient
from gui.campaign.engine import NOT_SENT_AFTER_SETTLING, EngineSettings, settle_campaign
from gui.campaign.journal import CHUNK_SETTLED, PENDING, SENDING, SENT
from gui.campaign.record_lookup import DEFAULT_REQUEST_SECONDS, DEFAULT_WINDOW_MARGIN, lookup_pieces
from gui.campaign.settle import SETTLED_REASON, settle_chunks
from gui.sandbox.clock import from_wire
from gui.sandbox.models import Record
from gui.sandbox.server import SandboxServer
from tests.campaign.helpers import make_campaign

MARGIN = DEFAULT_WINDOW_MARGIN
GRACE = 90.0
START = "2024-06-03 12:00:00"


@pytest.fixture
def server():
    with SandboxServer(port=0, demo=True, frozen_clock=True, timeout_mode="close", balance="100000") as srv:
        srv.clock.set(START)
        yield srv


@pytest.fixture
def client(server):
    c = SmsClient(server.apikey, server.base_url, timeout=(2, 5), retry_delays=(0.01,))
    yield c
    c.close()


def settings(**kw) -> EngineSettings:
    return EngineSettings(**{"grace_seconds": GRACE, "record_in_store": False, **kw})


def seed_traffic(server, start: float, end: float, count: int, base: int = 15000000000) -> None:
    """Other sends of the account, evenly over [start, end), straight into the sandbox's state."""
    state = server.state
    step = (end - start) / count
    text = "【豪霆云】您的验证码是1234"
    with state.lock:
        for i in range(count):
            state.add_record(Record(state.new_sid(), str(base + i), start + (i + 0.5) * step, text, 1, "0.05"))


def send_in_doubt(server, client, journal, cid, row_nos, requested_at, accepted_at=None) -> int:
    """A chunk claimed at ``requested_at`` (our clock) that the provider accepted at
    ``accepted_at`` (its clock) and whose answer was lost: in doubt. Returns the chunk id."""
    rows = {r.row_no: r for r in journal.rows(cid)}
    chunk_id, _ = journal.claim_chunk(cid, "multi_send", row_nos, requested_at=requested_at)
    server.clock.set(requested_at if accepted_at is None else accepted_at)
    result = client.multi_send([rows[n].mobile for n in row_nos], [rows[n].text for n in row_nos])
    assert all(item.code == 0 for item in result.data)
    return chunk_id


def record_calls(server) -> list[dict]:
    return [r["params"] for r in server.requests_log() if r["endpoint"] == "sms/get_record"]


def window_of(params: dict) -> tuple[float, float]:
    return from_wire(params["start_time"]), from_wire(params["end_time"])


def inside_a_chunk_window(params: dict, sent_at: list[float]) -> bool:
    """The call's window lies inside one chunk's: from its send time minus the skew margin
    (to the whole second) to its send time plus the grace period plus the margin."""
    start, end = window_of(params)
    return any(start > at - MARGIN - 1 and end <= at + GRACE + MARGIN for at in sent_at)


def test_each_chunk_is_read_in_its_own_narrow_window_never_up_to_now(server, client, journal):
    t0 = server.clock.time()
    cid = make_campaign(journal, 600)
    seed_traffic(server, t0 - 6 * 3600, t0 + 6 * 3600, 20_000)
    rows = [r.row_no for r in journal.rows(cid)]
    sent_at = [t0, t0 + 0.4, t0 + 1200.0]  # two chunks in flight together, one twenty minutes later
    for n, at in enumerate(sent_at):
        send_in_doubt(server, client, journal, cid, rows[n * 200 : (n + 1) * 200], at)
    now = t0 + 5 * 3600
    server.clock.set(now)

    result = settle_campaign(journal, client, cid, settings(), now=now)

    assert (result.sent, result.not_sent, result.waiting) == (600, 0, 0)
    calls = record_calls(server)
    assert len(calls) == result.calls
    assert all(inside_a_chunk_window(p, sent_at) for p in calls), [window_of(p) for p in calls]
    assert max(window_of(p)[1] for p in calls) <= t0 + 1200 + DEFAULT_REQUEST_SECONDS + MARGIN + 1
    # About two pages of own rows per chunk plus the other traffic of three 165-second windows.
    assert result.calls <= 8
    assert all(r.state == SENT and r.reason == SETTLED_REASON for r in journal.rows(cid))


def test_rows_accepted_near_the_window_edges_are_found(server, client, journal):
    """The provider's clock is behind ours (accepted before our send time) or ahead of it and
    slow (accepted at the end of the time a request can take): inside the margin, found."""
    t0 = server.clock.time()
    cid = make_campaign(journal, 300)
    seed_traffic(server, t0 - 3600, t0 + 3600, 10_000)  # ~3 records a second around both edges
    rows = [r.row_no for r in journal.rows(cid)]
    early = send_in_doubt(server, client, journal, cid, rows[:100], t0, accepted_at=t0 - MARGIN + 2)
    late_at = t0 + 600
    late = send_in_doubt(
        server, client, journal, cid, rows[100:200], late_at, accepted_at=late_at + DEFAULT_REQUEST_SECONDS + MARGIN - 2
    )
    # Beyond the margin: an older send of the same text is not this request's.
    stale = send_in_doubt(server, client, journal, cid, rows[200:], t0 + 1200, accepted_at=t0 + 1200 - MARGIN - 5)
    now = t0 + 7200
    server.clock.set(now)

    result = settle_campaign(journal, client, cid, settings(), now=now)

    assert (result.sent, result.not_sent) == (200, 100)
    by_chunk: dict[int | None, set[str]] = {}
    for r in journal.rows(cid):
        by_chunk.setdefault(r.chunk_id, set()).add(r.state)
    assert by_chunk[early] == {SENT} and by_chunk[late] == {SENT}
    assert all(r.state == PENDING and r.reason == NOT_SENT_AFTER_SETTLING for r in journal.rows(cid)[200:])
    assert stale not in by_chunk  # rows back to pending leave their chunk
    assert all(inside_a_chunk_window(p, [t0, late_at, t0 + 1200]) for p in record_calls(server))


def test_chunks_whose_grace_ends_a_moment_later_are_read_in_the_same_pages(server, client, journal):
    """A restart right after a kill: the chunks in flight end their grace periods one after
    another. The first one's pages settle the others' rows too; nothing is read twice."""
    t0 = server.clock.time()
    cid = make_campaign(journal, 400)
    seed_traffic(server, t0 - 3600, t0 + 3600, 5_000)
    rows = [r.row_no for r in journal.rows(cid)]
    for n in range(4):
        send_in_doubt(server, client, journal, cid, rows[n * 100 : (n + 1) * 100], t0 + 0.3 * n)
    chunks = journal.doubtful_chunks(cid)
    now = t0 + GRACE + 0.1  # only the first chunk is due
    server.clock.set(now)

    first = settle_chunks(journal, client, chunks, now=now, grace_seconds=GRACE)

    assert (first.sent, first.unsent, first.waiting) == (400, 0, 3)
    assert first.calls <= 6  # 400 own rows and ~15 others: 5 pages, not 4 x 5
    assert journal.counts(cid) == {SENT: 400}
    assert all(journal.chunk(c.id).state == CHUNK_SETTLED for c in chunks)
    later = settle_chunks(journal, client, chunks[1:], now=t0 + GRACE + 1, grace_seconds=GRACE)
    assert (later.sent, later.unsent, later.calls) == (0, 0, 0)


def test_rows_still_in_their_grace_period_stay_in_doubt_when_not_found(server, client, journal):
    t0 = server.clock.time()
    cid = make_campaign(journal, 200)
    rows = [r.row_no for r in journal.rows(cid)]
    send_in_doubt(server, client, journal, cid, rows[:100], t0)
    # The second chunk's request never reached the provider.
    journal.claim_chunk(cid, "multi_send", rows[100:], requested_at=t0 + 1)
    now = t0 + GRACE + 0.5
    server.clock.set(now)

    outcome = settle_chunks(journal, client, journal.doubtful_chunks(cid), now=now, grace_seconds=GRACE)

    assert (outcome.sent, outcome.unsent, outcome.waiting) == (100, 0, 1)
    assert journal.counts(cid) == {SENT: 100, SENDING: 100}  # not found yet proves nothing
    (waiting,) = journal.doubtful_chunks(cid)
    done = settle_chunks(journal, client, [waiting], now=t0 + 1 + GRACE, grace_seconds=GRACE)
    assert (done.sent, done.unsent) == (0, 100)
    assert journal.counts(cid) == {SENT: 100, PENDING: 100}


def test_campaign_settles_by_number_when_few_rows_are_missing_from_a_busy_window(server, client, journal):
    """A busy account (about 100 sends a second): paging a chunk's window would take ~165
    pages; the five rows in doubt are looked up number by number instead."""
    t0 = server.clock.time()
    cid = make_campaign(journal, 5)
    seed_traffic(server, t0 - 200, t0 + 200, 40_000)
    rows = [r.row_no for r in journal.rows(cid)]
    send_in_doubt(server, client, journal, cid, rows[:3], t0)
    journal.claim_chunk(cid, "multi_send", rows[3:], requested_at=t0 + 0.2)  # never reached the provider
    now = t0 + 3600
    server.clock.set(now)

    result = settle_campaign(journal, client, cid, settings(), now=now)

    assert (result.sent, result.not_sent) == (3, 2)
    calls = record_calls(server)
    assert result.calls == len(calls) <= 1 + 5  # one page to see the traffic, then one call per number
    by_number = [p for p in calls if p.get("mobile")]
    assert {p["mobile"] for p in by_number} <= {r.mobile for r in journal.rows(cid)}
    assert len(by_number) == 5 == len(calls) - 1
    assert all(inside_a_chunk_window(p, [t0, t0 + 0.2]) for p in calls)


def test_a_single_row_in_doubt_is_looked_up_by_its_number(server, client, journal):
    t0 = server.clock.time()
    cid = make_campaign(journal, 1)
    seed_traffic(server, t0 - 200, t0 + 200, 40_000)
    send_in_doubt(server, client, journal, cid, [journal.rows(cid)[0].row_no], t0)
    server.clock.set(t0 + 600)

    result = settle_campaign(journal, client, cid, settings(), now=t0 + 600)

    assert (result.sent, result.calls) == (1, 1)
    (params,) = record_calls(server)
    assert params["mobile"] == journal.rows(cid)[0].mobile and params["page_size"] == "100"


def test_lookup_pieces_cover_the_union_each_inside_one_window():
    assert lookup_pieces([(0, 10), (5, 20), (30, 40), (35, 38)]) == [(0, 10), (10, 20), (30, 40)]
    assert lookup_pieces([]) == []


def test_the_request_log_keeps_a_calls_params_but_never_the_apikey_nor_a_sends_numbers(server, client, journal):
    cid = make_campaign(journal, 2)
    send_in_doubt(server, client, journal, cid, [r.row_no for r in journal.rows(cid)], server.clock.time())
    client.get_record("2024-06-03 11:00:00", "2024-06-03 13:00:00", 1, 100, mobile="13912340000")
    send, read = [r["params"] for r in server.requests_log()]
    assert "apikey" not in send and "mobile" not in send and "text" not in send
    assert read == {
        "start_time": "2024-06-03 11:00:00",
        "end_time": "2024-06-03 13:00:00",
        "page_num": "1",
        "page_size": "100",
        "mobile": "13912340000",
    }
