"""Run a campaign without the GUI: ``python -m gui.campaign.run_cli``.

For tests (kill and resume in a subprocess), benchmarks and operators' scripts.

    # create a campaign from a file, then send it
    SMS_APIKEY=... python -m gui.campaign.run_cli --db PATH --base-url URL \\
        create --file list.csv --template '【签名】#name#您好' --var name=1
    SMS_APIKEY=... python -m gui.campaign.run_cli --db PATH --base-url URL run --campaign 1

The apikey is read from the environment variable named by ``--apikey-env`` (default
``SMS_APIKEY``), never from the command line, where other users could see it. ``run``
resumes an interrupted campaign: rows with a result are never sent again, rows in
doubt are settled first. Progress goes to stdout as one JSON object per line.

Team mode (issue 15): ``--team-dsn-env NAME --console-id ID`` keeps the campaign journal in the
team's PostgreSQL database (its connection string in the environment variable ``NAME``, never
on the command line) instead of ``--db``; several consoles may run the same campaign at once.
``--db`` still names this console's own store (the price per part, its copy of the sends);
with ``--team-store`` the sends are copied into the team database's shared archive instead, as a
team profile's console does.

``run`` spends money, so it goes through the campaign service's spend gate like the
console: the plan (recipients, parts, samples) is printed to stderr and the run needs
the operator's yes — ``--yes`` on the command line, or "yes" typed at the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from gui.campaign.engine import Progress
    from gui.campaign.journal import Journal
    from gui.services.spend_gate import SpendPlan


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m gui.campaign.run_cli")
    p.add_argument("--db", required=True, help="the profile's store file (console.sqlite3)")
    p.add_argument("--base-url", required=True)
    p.add_argument("--apikey-env", default="SMS_APIKEY")
    p.add_argument("--team-dsn-env", help="team mode: the environment variable holding the team database's DSN")
    p.add_argument("--console-id", default="", help="team mode: this console's id (one living console per id)")
    p.add_argument("--lease-seconds", type=float, default=300.0, help="team mode: a claimed chunk's lease")
    p.add_argument("--heartbeat-seconds", type=float, default=30.0, help="team mode: how often leases are renewed")
    sub = p.add_subparsers(dest="command", required=True)
    c = sub.add_parser("create", help="import a file and create a campaign (prints its id)")
    c.add_argument("--file", required=True)
    c.add_argument("--template", required=True)
    c.add_argument("--var", action="append", default=[], metavar="NAME=COLUMN", help="0-based column of a variable")
    c.add_argument("--number-column", type=int)
    c.add_argument("--name", default="")
    r = sub.add_parser("run", help="send (or resume) a campaign")
    r.add_argument("--campaign", type=int, required=True)
    r.add_argument("--chunk-size", type=int, default=1000)
    r.add_argument("--max-in-flight", type=int, default=4)
    r.add_argument("--grace-seconds", type=float, default=90.0)
    r.add_argument("--use-uid", action="store_true")
    r.add_argument("--no-store", action="store_true", help="do not copy sends into the store's messages table")
    r.add_argument(
        "--team-store", action="store_true", help="team mode: copy sends into the team database's shared archive"
    )
    r.add_argument("--yes", action="store_true", help="the operator confirms the send (else asked at the terminal)")
    sub.add_parser("list", help="print the campaigns with their counts")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    journal = _open_journal(args)
    if args.command == "list":
        for info in journal.campaigns():
            print(json.dumps({"id": info.id, "name": info.name, "state": info.state, "counts": info.counts}))
        journal.close()
        return 0
    if args.command == "create":
        from gui.campaign.dryrun import DryRunOptions, dry_run
        from gui.campaign.importer import import_file

        variables = {name: int(col) for name, _, col in (v.partition("=") for v in args.var)}
        imported = import_file(args.file, args.number_column, variables)
        # create prints no cost: the price per part stays unknown here (run's plan shows the cost)
        report = dry_run(imported, DryRunOptions(args.template, price_per_part=None))
        cid = journal.create_campaign(
            args.name or os.path.basename(args.file), args.template, report.planned_rows(), source=args.file
        )
        print(cid, flush=True)
        journal.close()
        return 0

    apikey = os.environ.get(args.apikey_env, "")
    if not apikey:
        print(f"set the apikey in the environment variable {args.apikey_env}", file=sys.stderr)
        return 2
    from gui.api.client import SmsClient
    from gui.services.campaigns import CampaignConfig, CampaignService
    from gui.services.profile_settings import ProfileSettings
    from gui.services.spend_gate import SpendGate
    from gui.store.db import Store

    # The store is always open: the profile's price per part lives in it (the plan shows the
    # cost); --no-store only keeps the sends out of its messages table.
    store = Store.open(args.db)
    archive: Any = store  # where the sends are copied: this console's store, or the team's archive
    if args.team_store and args.team_dsn_env:
        from gui.store.team import TeamStore

        archive = TeamStore.open(os.environ[args.team_dsn_env])
    client = SmsClient(
        apikey, args.base_url, max_sessions=args.max_in_flight
    )  # one reused connection per request in flight
    gate = SpendGate()
    service = CampaignService(
        lambda: journal,
        lambda: client,
        gate,
        lambda: ProfileSettings(store),
        store=lambda: archive,
        config=CampaignConfig(
            chunk_size=args.chunk_size,
            max_in_flight=args.max_in_flight,
            grace_seconds=args.grace_seconds,
            use_uid=args.use_uid,
            record_in_store=not args.no_store,
        ),
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def print_progress(progress: Progress) -> None:
        print(json.dumps(asdict(progress)), flush=True)

    try:
        plan = service.plan_resume(args.campaign)
        approval = None
        if plan is not None:
            print(_plan_text(plan), file=sys.stderr, flush=True)
            if not (args.yes or _asked_yes()):
                print("not confirmed: nothing was sent", file=sys.stderr)
                return 3
            # The operator's yes on the command line or at the terminal is this tool's confirmation.
            approval = gate.approve(plan)
        outcome = service.resume(args.campaign, approval, on_progress=print_progress, should_stop=stop.is_set)
        print(json.dumps({"outcome": outcome.state, "error": str(outcome.error or "")}), flush=True)
    finally:
        service.release()
        client.close()
        if archive is not store:
            archive.close()
        store.close()
    return 0 if outcome.state == "finished" else 1


def _open_journal(args: argparse.Namespace) -> Journal:
    from gui.campaign.journal import Journal

    if not args.team_dsn_env:
        return Journal(args.db)
    from gui.campaign.team_journal import LeaseSettings, TeamJournal

    team = TeamJournal(
        os.environ[args.team_dsn_env],
        args.console_id or f"cli-{os.getpid()}",
        lease=LeaseSettings(args.lease_seconds, args.heartbeat_seconds),
    )
    # The team journal offers the journal API the service and the engine use
    # (tests/campaign/test_team_journal_contract.py runs the contract on both).
    return cast("Journal", team)


def _plan_text(plan: SpendPlan) -> str:
    lines = [
        f"campaign {plan.campaign_id}: {plan.recipients} recipients, {plan.parts} parts",
        f"cost: {plan.cost if plan.cost is not None else 'unknown (no price per part set)'} {plan.unit}".rstrip(),
        f"balance: {plan.balance if plan.balance is not None else 'unknown'}",
    ]
    lines += [f"sample to {s.mobile}: {s.text}" for s in plan.samples]
    if plan.in_doubt:
        lines.append(f"{plan.in_doubt} rows in doubt are looked up in the provider's records first (never resent)")
    lines += list(plan.notes)
    return "\n".join(lines)


def _asked_yes() -> bool:
    if not sys.stdin.isatty():
        return False
    return input("Send? Type yes to confirm: ").strip().lower() == "yes"


if __name__ == "__main__":
    raise SystemExit(main())
