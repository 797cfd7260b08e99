"""The pull spill file: pulled items the store could not take, kept on disk until it can.

pull_status and pull_reply hand each item out once and delete it on the server, so a
pulled batch the store refuses (disk full, database locked too long, a broken file) exists
nowhere else. ``PullService`` writes such a batch here, stops pulling, and stores the file
first at its next use, then removes it.

One JSON object a line (``{"kind": "report" | "reply", "item": {...}}``), in the profile's
folder, readable by the owner only (0600): the items are the operator's messages. Every
change rewrites the whole file (a temporary file, fsync, rename, fsync of the folder), so a
crash leaves the old content or the new one, never half a line.

Every ``SpillFile`` of one path shares one lock (``lock_for``): after a profile switch two
PullService instances of one profile can be alive at once (the old one storing its last
batch), and an item one of them adds must not fall between the other's read and remove.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from gui.api.models import Reply, StatusReport

SPILL_FILE_NAME = "pull-spill.jsonl"

_locks: dict[Path, threading.RLock] = {}  # spill file path -> its one lock in this process
_locks_guard = threading.Lock()


def lock_for(path: Path) -> threading.RLock:
    """The one lock of the spill file at ``path``, shared by every SpillFile of that path."""
    key = Path(os.path.abspath(path))
    with _locks_guard:
        lock = _locks.get(key)
        if lock is None:
            lock = _locks[key] = threading.RLock()
        return lock


class SpillError(Exception):
    """The spill file cannot be read back: it is kept as it is, and pulling stays stopped."""


@dataclass
class SpilledItems:
    reports: list[StatusReport] = field(default_factory=list)
    replies: list[Reply] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.reports) + len(self.replies)


class SpillFile:
    """``SpillFile(profile_dir)``: add(), read(), replace(), remove() of the profile's spill file.

    ``lock`` is the file's one lock (``lock_for``): hold it around a read-then-change of
    several steps (PullService.store_spill); add() takes it itself."""

    def __init__(self, profile_dir: Path) -> None:
        self.path = Path(profile_dir) / SPILL_FILE_NAME
        self.lock = lock_for(self.path)

    def exists(self) -> bool:
        return self.path.exists()

    def read(self) -> SpilledItems:
        """What the file holds (empty when there is no file); raises SpillError when unreadable."""
        items = SpilledItems()
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return items
        except (OSError, UnicodeDecodeError) as exc:
            raise SpillError(f"{self.path.name}: {exc}") from exc
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                kind, item = entry["kind"], entry["item"]
                if kind == "report":
                    items.reports.append(StatusReport(**item))
                elif kind == "reply":
                    items.replies.append(Reply(**item))
                else:
                    raise ValueError(f"unknown kind {kind!r}")
            except (ValueError, TypeError, KeyError) as exc:
                raise SpillError(f"{self.path.name} line {number}: {exc}") from exc
        return items

    def add(self, reports: list[StatusReport], replies: list[Reply]) -> None:
        """Keep these items too (after what the file already holds)."""
        with self.lock:
            items = self.read()
            items.reports.extend(reports)
            items.replies.extend(replies)
            self.replace(items)

    def replace(self, items: SpilledItems) -> None:
        """Make the file hold exactly ``items`` (removed when empty), atomically."""
        with self.lock:
            self._replace(items)

    def _replace(self, items: SpilledItems) -> None:
        if not len(items):
            self.remove()
            return
        lines = [_line("report", asdict(r)) for r in items.reports] + [_line("reply", asdict(r)) for r in items.replies]
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(prefix=".pull-spill-", dir=folder)  # created 0600
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write("".join(lines))
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp_name, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp_name)
            raise
        _fsync_folder(folder)

    def remove(self) -> None:
        with self.lock, contextlib.suppress(FileNotFoundError):
            self.path.unlink()
            _fsync_folder(self.path.parent)


def _line(kind: str, item: dict[str, Any]) -> str:
    return json.dumps({"kind": kind, "item": item}, ensure_ascii=False) + "\n"


def _fsync_folder(folder: Path) -> None:
    """Make a rename or an unlink durable (POSIX; Windows has no folder handles to sync)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
