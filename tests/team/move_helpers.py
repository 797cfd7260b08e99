"""A local profile with some of everything, for the move-to-a-team tests (issue 15, item 6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pg
import psycopg

from gui.api.models import Record, Reply, StatusReport
from gui.campaign.journal import FAILED, FINISHED, PENDING, RUNNING, SENT, Journal, PlannedRow, RowResult
from gui.campaign.team_journal_schema import migrate as migrate_journal
from gui.store import sync
from gui.store.audit_rows import AuditEntry
from gui.store.db import IN_DOUBT_CODE, IN_DOUBT_MSG, SentMessage, Store, store_path
from gui.store.team import TeamStore, migrate_dsn

SOURCE = "installation-1/shop"
TEXT = "【豪霆云】会员日全场八折，回T退订"


@dataclass
class LocalProfile:
    path: Path
    campaigns: dict[str, int] = field(default_factory=dict)  # name -> local id
    counts: dict[str, int] = field(default_factory=dict)  # table -> local rows


def prepared_team(database: pg.PgDatabase) -> pg.PgDatabase:
    """Both schemas made by the owner, the operator granted data rights."""
    migrate_dsn(database.owner_dsn, operators=[pg.OPERATOR])
    migrate_journal(database.owner_dsn, pg.OPERATOR)
    return database


def team_store(database: pg.PgDatabase) -> TeamStore:
    return TeamStore.open(database.operator_dsn)


def sent(sid, i, campaign_id=None, code=0, text=TEXT):
    return SentMessage(
        sid, str(13800000000 + i), text, f"2026-03-01 10:{i % 60:02d}:00", code, "OK", 1, "0.0500", "RMB", None,
        campaign_id,
    )  # fmt: skip


def fill_local(profile_dir: Path) -> LocalProfile:
    """A profile's SQLite file: campaigns in every state, their sends, reports, records, replies,
    suppression, audit entries and the price."""
    path = store_path(profile_dir)
    with Journal(path) as journal:
        finished = journal.create_campaign(
            "spring", TEXT, [PlannedRow(i + 2, str(13900000000 + i), TEXT, False, PENDING, "", 1) for i in range(40)]
        )
        journal.set_state(finished, RUNNING)
        for start in (1, 21):
            chunk, _uid = journal.claim_chunk(finished, "multi_send", list(range(start, start + 20)), "c1-")
            journal.record_chunk_results(
                chunk, [RowResult(n, SENT, 0, "", 5000 + n, "0.0500", 1) for n in range(start, start + 20)]
            )
        journal.set_state(finished, FINISHED)
        halfway = journal.create_campaign(
            "summer",
            TEXT,
            [PlannedRow(i + 2, str(13910000000 + i), f"{TEXT} {i}", False, PENDING, "", 1) for i in range(30)]
            + [PlannedRow(40, "13910009999", TEXT, False, "suppressed", "suppressed", 0)],
        )
        journal.set_state(halfway, RUNNING)
        chunk, _uid = journal.claim_chunk(halfway, "multi_send", list(range(1, 16)), "c2-")
        results = [RowResult(n, SENT, 0, "", 6000 + n, "0.0500", 1) for n in range(1, 11)]
        results += [RowResult(n, FAILED, 2, "bad number") for n in range(11, 16)]
        journal.record_chunk_results(chunk, results)
        journal.claim_chunk(halfway, "multi_send", list(range(16, 21)), "c2-")  # in doubt: never answered
        retry = journal.create_retry_campaign(halfway, "summer (retry)")
        assert retry is not None
        draft = journal.create_campaign("autumn", TEXT, [PlannedRow(2, "13920000000", TEXT)])
    store = Store.open(path)
    try:
        messages = [sent(5000 + n, n, finished) for n in range(1, 41)]
        messages += [sent(6000 + n, 100 + n, halfway) for n in range(1, 11)]
        messages += [sent(7000 + n, 200 + n) for n in range(1, 21)]
        messages += [sent(None, 300, code=2), sent(None, 300, code=2)]  # the same refusal twice: no key
        messages.append(
            SentMessage(None, "13800000301", TEXT, "2026-03-01 10:59:00", IN_DOUBT_CODE, IN_DOUBT_MSG, 0, "0", "")
        )
        store.record_sent(messages)
        reports = [
            StatusReport(7000 + n, None, "2026-03-01 11:00:00", "DELIVRD", str(13800000000 + 200 + n), "SUCCESS")
            for n in range(1, 11)
        ]
        reports += [
            StatusReport(9000 + n, None, "2026-03-01 11:00:00", "", str(13700000000 + n), "UNKNOWN") for n in range(5)
        ]
        store.save_reports(reports)
        sync.save_records(
            store,
            [
                Record(
                    7011, str(13800000211), "2026-03-01 10:11:00", TEXT, "SUCCESS", "FAIL", 1, None, "UNDELIV", None
                ),
                Record(
                    9500, "13600000000", "2026-02-28 09:00:00", "记录里的短信", "SUCCESS", "SUCCESS", 1, None, "", None
                ),
            ],
        )
        store.save_replies(
            [Reply(f"r{n}", str(13800000000 + n), "T", f"2026-03-01 12:{n:02d}:00", "", "") for n in range(8)]
            + [Reply(None, "13800000001", "退订", "2026-03-01 12:30:00", "", "")]
        )
        store.add_suppressed(["13800000001", "13800000002", "13910009999"], "opt-out")
        entry = AuditEntry("2026-03-01 10:00:00", "Alice", "desk", "send", 1, "0.05", "RMB", "compose")
        for e in (entry, entry, AuditEntry("2026-03-01 10:05:00", "Alice", "desk", "campaign_start", 40, None)):
            store.record_audit(e)
        store.set_setting("price_per_part", "0.05")
        store.set_setting("price_unit", "RMB")
        store.set_setting("pull_consent", True)  # this computer's: not moved
        with store.reading() as conn:
            counts = {
                table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
                for table in ("messages", "reports", "records", "replies", "suppression", "audit_log")
            }
            counts["campaign_rows"] = int(conn.execute("SELECT COUNT(*) FROM campaign_rows").fetchone()[0])
            counts["campaign_chunks"] = int(conn.execute("SELECT COUNT(*) FROM campaign_chunks").fetchone()[0])
    finally:
        store.close()
    counts["campaigns"], counts["settings"] = 4, 2
    return LocalProfile(path, {"spring": finished, "summer": halfway, "retry": retry, "autumn": draft}, counts)


def team_rows(database: pg.PgDatabase) -> dict[str, int]:
    """Every table's rows in the team database (the owner's view: everything)."""
    tables = ("messages", "reports", "records", "replies", "suppression", "audit_log", "campaign_campaigns")
    with psycopg.connect(database.owner_dsn) as conn:
        counts = {t: int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]) for t in tables}
        for t in ("campaign_rows", "campaign_chunks"):
            counts[t] = int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
        counts["price"] = int(
            conn.execute("SELECT COUNT(*) FROM settings WHERE key IN ('price_per_part', 'price_unit')").fetchone()[0]
        )
    return counts
