"""Read phone numbers from a text or CSV file for the suppression list (plain Python, no Qt).

One number per line, or several separated by commas (or ; tab | and their full-width
forms). Each entry is normalised with ``gui.api.numbers.normalize_number``; what cannot
be a number is listed with its line number and reason, never silently dropped.
Files from Chinese Excel are often GB18030 rather than UTF-8: both are read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from gui.api.numbers import normalize_number, split_numbers

MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class NumberFile:
    numbers: list[str] = field(default_factory=list)  # normalised, unique, file order
    rejected: list[tuple[int, str, str]] = field(default_factory=list)  # (line number, raw entry, reason id)
    duplicates: int = 0


def decode_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")


def parse_number_text(text: str) -> NumberFile:
    result = NumberFile()
    seen: set[str] = set()
    for line_no, line in enumerate(text.splitlines(), start=1):
        for entry in split_numbers(line):
            entry = entry.strip().strip('"').strip("'").strip()
            if not entry:
                continue
            check = normalize_number(entry)
            if not check.ok:
                result.rejected.append((line_no, entry, check.reason or "invalid"))
            elif check.number in seen:
                result.duplicates += 1
            else:
                seen.add(check.number)
                result.numbers.append(check.number)
    return result


def read_number_file(path: Path | str) -> NumberFile:
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ValueError(f"{path.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB")
    return parse_number_text(decode_text(path.read_bytes()))
