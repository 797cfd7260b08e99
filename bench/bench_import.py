"""Benchmark ``import``: 100,000 rows from CSV and from XLSX — parsed, repaired, validated
and de-duplicated (``gui.campaign.importer.import_file``). Targets: CSV < 2 s, XLSX < 8 s.

Runnable alone: ``python bench/bench_import.py`` prints the JSON result.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROWS = 100_000
CSV_TARGET_S = 2.0
XLSX_TARGET_S = 8.0


def _numbers(i: int):
    # What spreadsheets hold: mostly clean numbers, some with +86, dashes, spaces, '.0'.
    n = 13800000000 + i * 7
    kind = i % 10
    if kind == 7:
        return f"+86 {n}"
    if kind == 8:
        return f"{str(n)[:3]}-{str(n)[3:7]}-{str(n)[7:]}"
    if kind == 9:
        return f"{n}.0"
    return str(n)


def write_csv(path: Path, rows: int = ROWS) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write("手机号,姓名,金额\r\n")
        for i in range(rows):
            f.write(f"{_numbers(i)},用户{i},{i % 100}.5\r\n")


def write_xlsx(path: Path, rows: int = ROWS) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(["手机号", "姓名", "金额"])
    for i in range(rows):
        # Excel stores numbers typed into a cell as floats.
        ws.append([float(13800000000 + i * 7) if i % 10 < 7 else _numbers(i), f"用户{i}", i % 100])
    wb.save(path)


def _time_import(path: Path) -> tuple[float, int]:
    from gui.campaign.importer import import_file

    started = time.perf_counter()
    result = import_file(path, variable_columns={"name": 1, "amount": 2})
    elapsed = time.perf_counter() - started
    assert not result.rejected and not result.duplicates, (result.rejected[:3], result.duplicates[:3])
    return elapsed, len(result.rows)


def run(opts=None) -> dict:
    runs = max(1, int(getattr(opts, "runs", 1) or 1))
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, xlsx_path = Path(tmp) / "100k.csv", Path(tmp) / "100k.xlsx"
        write_csv(csv_path)
        write_xlsx(xlsx_path)
        csv_times, xlsx_times = [], []
        for _ in range(runs):
            t, n_csv = _time_import(csv_path)
            csv_times.append(t)
            t, n_xlsx = _time_import(xlsx_path)
            xlsx_times.append(t)
    csv_s, xlsx_s = min(csv_times), min(xlsx_times)
    return {
        "rows": ROWS,
        "csv_rows_kept": n_csv,
        "xlsx_rows_kept": n_xlsx,
        "csv_seconds": round(csv_s, 3),
        "csv_target_seconds": CSV_TARGET_S,
        "csv_ok": csv_s < CSV_TARGET_S,
        "xlsx_seconds": round(xlsx_s, 3),
        "xlsx_target_seconds": XLSX_TARGET_S,
        "xlsx_ok": xlsx_s < XLSX_TARGET_S,
    }


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(run()))
