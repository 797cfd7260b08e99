"""The dry run: what a campaign would send, to whom, at what cost — before anything leaves.

Plain Python, no Qt. Per row: the rendered text, its parts and cost, the blocked words
found in it, an anti-harassment conflict (the same number and text sent from this
console in the last 5 minutes, from the local store) and whether the number is
international (sent one per call). For marketing texts a missing opt-out line and
sending hours outside 08:00–20:00 (Beijing time) are warned about. The summary compares
the total cost with the balance.

Blocked words: get_black_word takes one text per call, so the template is checked once
and every distinct variable value once — never once per row. Distinct values are packed
several to a call (joined by newlines, up to ``BLOCK_CHECK_CHARS``; ``gui.api.black_words``)
and the words found are attributed back to the values that contain them, so the number of calls is at most
the number of distinct values and usually far smaller. A blocked word that only appears
across the seam of template text and a value is not detected (the server would refuse
that row with code 4, and it would show as failed).
"""

from __future__ import annotations

import math
import re
from array import array
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from gui.api.black_words import BlockedWordChecker
from gui.api.models import beijing_now
from gui.api.texts import check_text, parts, render_template, template_variables
from gui.campaign.dryrun_lines import (
    LINE_STATUSES,
    READY,
    ReportLine,
    export_columns,
    report_lines,
)
from gui.campaign.importer import ImportResult, LeftOutRow
from gui.campaign.journal import PENDING, PlannedRow

BLOCK_CHECK_CHARS = 480  # below the 500-character text limit
HARASSMENT_WINDOW = timedelta(minutes=5)
QUIET_START_HOUR = 8  # marketing only between 08:00 and 20:00 Beijing time
QUIET_END_HOUR = 20
DEFAULT_SECONDS_PER_REQUEST = 0.6  # a 1000-number request, round trip and provider time
DEFAULT_CONCURRENCY = 4
CHUNK_SIZE = 1000

# Opt-out lines the provider accepts on marketing texts (回T退订, 拒收请回复R, 退订回T, 回TD退订…).
_OPT_OUT_LINE = re.compile(
    r"(回\s*(复)?\s*(T|TD|N|R)\s*退订|退订\s*回\s*(复)?\s*(T|TD|N|R)|拒收\s*请?\s*回\s*(复)?\s*(R|T|N)"
    r"|回\s*(复)?\s*(T|TD|N|R)\s*拒收|退订|拒收)",
    re.IGNORECASE,
)

# Row problems: ids of the reasons' one table (gui.campaign.reasons, English and Chinese).
ROW_PROBLEMS = (
    "blocked_words",
    "recently_sent",
    "empty_text",
    "text_too_long",
    "no_signature",
    "signature_not_leading",
    "several_signatures",
    "empty_signature",
)

# Summary warnings (stable ids with parameters).
WARNINGS: dict[str, str] = {
    "no_opt_out": "Marketing texts must carry an opt-out line such as 回T退订 or 拒收请回复R.",
    "quiet_hours": "Marketing texts should only be sent between 08:00 and 20:00 (Beijing time); "
    "this campaign would send at {start}–{end}.",
    "international": "{count} international numbers are sent one per call.",
    "template_blocked": "The template itself contains blocked words: {words}.",
    "balance": "The balance ({balance}) does not cover the estimated cost ({cost}).",
    "balance_unknown": "The balance could not be read; check it before sending.",
}


@dataclass
class DryRunRow:
    line: int
    mobile: str
    international: bool
    text: str
    parts: int
    cost: Decimal | None  # None: the price per part is unknown
    blocked_words: tuple[str, ...] = ()
    recently_sent: bool = False
    problem: str | None = None  # one of ROW_PROBLEMS; None when ready

    @property
    def ready(self) -> bool:
        return self.problem is None

    @property
    def reason(self) -> str:
        """Why the row is not sendable, as stored (a reason id; "" when ready)."""
        if self.problem == "blocked_words":
            return f"blocked_words:{', '.join(self.blocked_words)}"
        return self.problem or ""


@dataclass
class DryRunOptions:
    template: str
    # The profile's one price per part (ProfileSettings), or None when it is not known: the
    # cost is then unknown, never made up. Required: there is no default price.
    price_per_part: Decimal | None
    balance: Decimal | None = None
    balance_in_messages: bool = False  # some accounts count the balance in messages, not money
    marketing: bool = False
    start_at: datetime | None = None  # Beijing time; None = now
    check_blocked_words: bool = True
    seconds_per_request: float = DEFAULT_SECONDS_PER_REQUEST
    concurrency: int = DEFAULT_CONCURRENCY


@dataclass
class DryRunReport:
    options: DryRunOptions
    rows: list[DryRunRow]
    rejected: list[LeftOutRow]
    duplicates: list[LeftOutRow]
    suppressed: list[LeftOutRow]
    template_blocked: tuple[str, ...] = ()
    warnings: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    blocked_word_calls: int = 0
    estimated_seconds: float = 0.0
    _lines: list[ReportLine] | None = field(default=None, repr=False, compare=False)
    _positions: dict[str, array[int]] | None = field(default=None, repr=False, compare=False)

    # --- summary ------------------------------------------------------------------
    @property
    def ready_rows(self) -> list[DryRunRow]:
        return [r for r in self.rows if r.ready]

    @property
    def ready_count(self) -> int:
        return sum(1 for r in self.rows if r.ready)

    @property
    def not_ready_count(self) -> int:
        return len(self.rows) - self.ready_count

    @property
    def total_parts(self) -> int:
        return sum(r.parts for r in self.rows if r.ready)

    @property
    def total_cost(self) -> Decimal | None:
        """What the ready rows cost, or None when the price per part is unknown."""
        costs = [r.cost for r in self.rows if r.ready]
        if any(cost is None for cost in costs):
            return None
        return sum((cost for cost in costs if cost is not None), Decimal(0))

    @property
    def international_count(self) -> int:
        return sum(1 for r in self.rows if r.ready and r.international)

    @property
    def personalised(self) -> bool:
        return len({r.text for r in self.rows if r.ready}) > 1

    @property
    def balance_covers(self) -> bool | None:
        """True / False, or None when the balance or the cost is unknown."""
        cost = self.total_cost
        if self.options.balance is None or cost is None:
            return None
        return self.options.balance >= cost

    def can_send(self, override_balance: bool = False) -> bool:
        """Something to send, and the balance covers it (or the operator overrode that)."""
        if self.ready_count == 0:
            return False
        return override_balance or self.balance_covers is not False

    def warning_texts(self) -> list[str]:
        return [WARNINGS[key].format(**params) for key, params in self.warnings]

    def lines(self) -> list[ReportLine]:
        """Every row of the file in line order, each with its status and reason (built once)."""
        if self._lines is None:
            self._lines = report_lines(self.rows, self.rejected, self.duplicates, self.suppressed)
        return self._lines

    def status_positions(self) -> dict[str, array[int]]:
        """Where the rows of each status are in ``lines()`` (every one of LINE_STATUSES): the
        table's filters, a compact array each (built once, in the dry run's worker)."""
        if self._positions is None:
            positions = {status: array("l") for status in LINE_STATUSES}
            for index, line in enumerate(self.lines()):
                positions[line.status].append(index)
            self._positions = positions
        return self._positions

    def status_counts(self) -> dict[str, int]:
        """How many rows have each status (every one of LINE_STATUSES, 0 when none)."""
        return {status: len(positions) for status, positions in self.status_positions().items()}

    def planned_rows(self) -> list[PlannedRow]:
        """Every row for the journal: the ready ones pending, the others with their reason id."""
        return [
            PlannedRow(
                line.line,
                line.mobile,
                line.text,
                line.international,
                PENDING if line.status == READY else line.state,
                line.reason,
                line.parts,
            )
            for line in self.lines()
        ]

    # --- export -------------------------------------------------------------------
    def export(self, path: Path | str, lang: str = "en", control: Any = None) -> int:
        """Write every row of the dry run to .csv or .xlsx through the console's exporter, the
        reasons in ``lang`` (the UI's language; gui.campaign.dryrun_lines.export_columns)."""
        from gui.store.export import export_records

        return export_records(path, export_columns(lang), self.lines(), control=control)


def opt_out_present(text: str) -> bool:
    return _OPT_OUT_LINE.search(text) is not None


def missing_variables(template: str, variable_columns: Mapping[str, int]) -> list[str]:
    """Template variables that have no column mapped to them."""
    return [v for v in template_variables(template) if v not in variable_columns]


def dry_run(
    imported: ImportResult,
    options: DryRunOptions,
    *,
    black_word: Callable[[str], list[str]] | None = None,
    recent_sends: Callable[[str, str, str], int] | None = None,
    should_stop: Callable[[], None] | None = None,
) -> DryRunReport:
    """Build the dry-run report.

    ``black_word``: ``client.get_black_word`` (None skips the check);
    ``recent_sends``: ``store.count_recent_sends(mobile, text, since)`` (None skips it);
    ``should_stop``: called now and then, raises to abandon (``TaskControl.check``).
    """
    template = options.template
    missing = missing_variables(template, imported.variable_columns)
    if missing:
        raise KeyError(", ".join(missing))
    price: Decimal | None = Decimal(1) if options.balance_in_messages else options.price_per_part
    if price is not None:
        price = Decimal(price)
    report = DryRunReport(options, [], list(imported.rejected), list(imported.duplicates), list(imported.suppressed))

    checker = (
        BlockedWordChecker(black_word, BLOCK_CHECK_CHARS)
        if (black_word is not None and options.check_blocked_words)
        else None
    )
    if checker is not None:
        report.template_blocked = checker.words_in(template)
        names = template_variables(template)
        checker.check((row.values.get(n, "") for row in imported.rows for n in names), should_stop)

    since = (beijing_now() - HARASSMENT_WINDOW).strftime("%Y-%m-%d %H:%M:%S")
    names = template_variables(template)
    parts_cache: dict[str, int] = {}
    problem_cache: dict[str, str | None] = {}
    for index, row in enumerate(imported.rows):
        if should_stop is not None and index % 2000 == 0:
            should_stop()
        text = render_template(template, row.values) if names else template
        n_parts = parts_cache.get(text)
        if n_parts is None:
            n_parts = parts_cache[text] = parts(text)
            problem_cache[text] = check_text(text)
        blocked: tuple[str, ...] = ()
        if checker is not None:
            found = list(report.template_blocked)
            for name in names:
                found += checker.cache.get(row.values.get(name, ""), ())
            blocked = tuple(dict.fromkeys(found))
        problem = problem_cache[text]
        recently = False
        if recent_sends is not None:
            recently = recent_sends(row.mobile, text, since) > 0
        if problem is None and blocked:
            problem = "blocked_words"
        if problem is None and recently:
            problem = "recently_sent"
        report.rows.append(
            DryRunRow(
                row.line,
                row.mobile,
                row.international,
                text,
                n_parts,
                price * n_parts if price is not None else None,
                blocked,
                recently,
                problem,
            )
        )
    report.blocked_word_calls = checker.calls if checker is not None else 0

    domestic = sum(1 for r in report.rows if r.ready and not r.international)
    report.estimated_seconds = estimate_seconds(
        domestic, report.international_count, options.seconds_per_request, options.concurrency
    )

    # Warnings.
    if report.template_blocked:
        report.warnings.append(("template_blocked", {"words": ", ".join(report.template_blocked)}))
    if report.international_count:
        report.warnings.append(("international", {"count": report.international_count}))
    if options.marketing:
        if not opt_out_present(template):
            report.warnings.append(("no_opt_out", {}))
        start = options.start_at or beijing_now()
        end = start + timedelta(seconds=report.estimated_seconds)
        if not _within_hours(start) or not _within_hours(end) or end.date() != start.date():
            report.warnings.append(("quiet_hours", {"start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}))
    if options.balance is None:
        report.warnings.append(("balance_unknown", {}))
    elif report.balance_covers is False:  # the cost is known then
        report.warnings.append(
            ("balance", {"balance": format(options.balance, "f"), "cost": format(report.total_cost, "f")})
        )
    return report


def estimate_seconds(
    domestic: int,
    international: int,
    seconds_per_request: float = DEFAULT_SECONDS_PER_REQUEST,
    concurrency: int = DEFAULT_CONCURRENCY,
    chunk_size: int = CHUNK_SIZE,
) -> float:
    """How long sending takes: one request per chunk of domestic rows, one per international
    row, several in flight (the dry run and the spend confirmation use the same estimate).

    The engine's first requests are small and few at a time (its ramp-up, so that a pause
    pressed at the first answer stops early): they are counted as they go out."""
    from gui.campaign.engine_core import RAMP_IN_FLIGHT, RAMP_SIZES

    ramp_requests = 0
    if chunk_size > RAMP_SIZES[-1]:
        for size in RAMP_SIZES:
            if domestic <= 0:
                break
            domestic -= size
            ramp_requests += 1
    requests = math.ceil(max(0, domestic) / max(1, chunk_size)) + international
    ramp = ramp_requests * seconds_per_request / max(1, min(RAMP_IN_FLIGHT, concurrency))
    return ramp + requests * seconds_per_request / max(1, concurrency)


def _within_hours(moment: datetime) -> bool:
    minutes = moment.hour * 60 + moment.minute
    return QUIET_START_HOUR * 60 <= minutes <= QUIET_END_HOUR * 60


def format_duration(seconds: float) -> str:
    if 0 < seconds < 0.5:
        return "< 1 s"  # not "0 s": something is sent
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"
