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
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
from dataclasses import asdict


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m gui.campaign.run_cli")
    p.add_argument("--db", required=True, help="the profile's store file (console.sqlite3)")
    p.add_argument("--base-url", required=True)
    p.add_argument("--apikey-env", default="SMS_APIKEY")
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
    sub.add_parser("list", help="print the campaigns with their counts")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    from gui.campaign.journal import Journal

    journal = Journal(args.db)
    if args.command == "list":
        for info in journal.campaigns():
            print(json.dumps({"id": info.id, "name": info.name, "state": info.state, "counts": info.counts}))
        return 0
    if args.command == "create":
        from gui.campaign.dryrun import DryRunOptions, dry_run
        from gui.campaign.importer import import_file

        variables = {name: int(col) for name, _, col in (v.partition("=") for v in args.var)}
        imported = import_file(args.file, args.number_column, variables)
        report = dry_run(imported, DryRunOptions(args.template))
        cid = journal.create_campaign(
            args.name or os.path.basename(args.file), args.template, report.planned_rows(), source=args.file
        )
        print(cid, flush=True)
        return 0

    apikey = os.environ.get(args.apikey_env, "")
    if not apikey:
        print(f"set the apikey in the environment variable {args.apikey_env}", file=sys.stderr)
        return 2
    from gui.api.client import SmsClient
    from gui.campaign.engine import CampaignEngine, EngineSettings

    store = None
    if not args.no_store:
        from gui.store.db import Store

        store = Store.open(args.db)
    client = SmsClient(apikey, args.base_url)
    settings = EngineSettings(
        chunk_size=args.chunk_size,
        max_in_flight=args.max_in_flight,
        grace_seconds=args.grace_seconds,
        use_uid=args.use_uid,
    )
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    def report(progress) -> None:
        print(json.dumps(asdict(progress)), flush=True)

    engine = CampaignEngine(journal, client, args.campaign, settings, store=store, on_progress=report)
    outcome = engine.run(stop.is_set)
    print(json.dumps({"outcome": outcome.state, "error": str(outcome.error or "")}), flush=True)
    client.close()
    if store is not None:
        store.close()
    journal.close()
    return 0 if outcome.state == "finished" else 1


if __name__ == "__main__":
    raise SystemExit(main())
