"""Run the console's benchmarks and print one JSON object per benchmark per line.

    python bench/run.py                    # every benchmark
    python bench/run.py startup bundle     # the named ones
    python bench/run.py startup --record   # ... and append the results to docs/benchmarks.md
    python bench/run.py --list

Each benchmark lives in ``bench/bench_<name>.py`` and defines ``run(opts) -> dict`` (the
metrics; ``name`` is added here). A module may instead define ``BENCHMARKS = {name: func}``
for several. ``opts`` is the parsed command line (``opts.rebuild``, ``opts.runs``, ...);
read it with ``getattr(opts, "x", default)``. A benchmark that fails raises; the runner
prints ``{"name": ..., "error": ...}`` for it and exits 1 at the end.

Later issues add their benchmarks by dropping a ``bench_<name>.py`` here — nothing to
register. GUI benchmarks set ``QT_QPA_PLATFORM=offscreen`` themselves (as the runner does).
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
RESULTS_FILE = REPO / "docs" / "benchmarks.md"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def discover() -> dict[str, Callable]:
    """name -> benchmark function, from bench/bench_*.py, in file-name order."""
    found: dict[str, Callable] = {}
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        spec = importlib.util.spec_from_file_location(f"bench.{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        if hasattr(module, "BENCHMARKS"):
            found.update(module.BENCHMARKS)
        elif hasattr(module, "run"):
            found[path.stem[len("bench_") :]] = module.run
    return found


# --- machine description ------------------------------------------------------------------


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    if sys.platform == "darwin":
        try:
            return subprocess.run(
                ["sysctl", "-n", "machdep.cpu.brand_string"], capture_output=True, text=True, timeout=5
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return platform.processor() or platform.machine()


def ram_gib() -> float | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    except (ValueError, OSError, AttributeError):
        return None  # Windows: not worth a dependency for one number


def os_description() -> str:
    if sys.platform.startswith("linux"):
        try:
            release = platform.freedesktop_os_release()
            return f"{release.get('PRETTY_NAME', 'Linux')}, kernel {platform.release()}"
        except OSError:
            pass
    return platform.platform()


def machine_description() -> str:
    ram = ram_gib()
    parts = [cpu_model(), f"{os.cpu_count()} cores"]
    if ram is not None:
        parts.append(f"{ram:.1f} GiB RAM")
    parts += [os_description(), f"Python {platform.python_version()}"]
    return ", ".join(parts)


def git_revision() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5
        )
        return out.stdout.strip() or "?"
    except (OSError, subprocess.SubprocessError):
        return "?"


# --- recording ------------------------------------------------------------------------------

RESULTS_HEADER = """# Benchmarks

Recorded by `python bench/run.py [NAME ...] --record` (one row per benchmark and run;
newest at the bottom). The metrics are the benchmark's JSON output without its name.
See the README ("Benchmarks") for what each benchmark measures.

| Date (UTC) | Commit | Benchmark | Result | Machine |
|---|---|---|---|---|
"""


def format_metrics(result: dict) -> str:
    return ", ".join(
        f"{key}={value}" for key, value in result.items() if key != "name" and not isinstance(value, (list, dict))
    )


def record(results: list[dict]) -> None:
    RESULTS_FILE.parent.mkdir(parents=True, exist_ok=True)
    if not RESULTS_FILE.exists():
        RESULTS_FILE.write_text(RESULTS_HEADER, encoding="utf-8")
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M")
    machine = machine_description().replace("|", "/")
    revision = git_revision()
    with RESULTS_FILE.open("a", encoding="utf-8") as out:
        for result in results:
            metrics = format_metrics(result).replace("|", "/")
            out.write(f"| {stamp} | {revision} | {result['name']} | {metrics} | {machine} |\n")


# --- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run SMS Console benchmarks (JSON lines on stdout).")
    parser.add_argument("names", nargs="*", metavar="NAME", help="benchmarks to run (default: all)")
    parser.add_argument("--record", action="store_true", help=f"append results to {RESULTS_FILE.relative_to(REPO)}")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--runs", type=int, default=5, help="repetitions for timing benchmarks (default 5)")
    parser.add_argument("--rebuild", action="store_true", help="bundle: rebuild dist/sms-console even if present")
    opts = parser.parse_args(argv)

    available = discover()
    if opts.list:
        for name, func in available.items():
            doc = (func.__doc__ or "").strip().splitlines()
            print(f"{name}: {doc[0] if doc else ''}")
        return 0
    unknown = [n for n in opts.names if n not in available]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(available)}")

    results, failed = [], False
    for name in opts.names or list(available):
        try:
            result = {"name": name, **available[name](opts)}
        except Exception as exc:  # noqa: BLE001 - report and continue with the others
            traceback.print_exc(file=sys.stderr)
            result = {"name": name, "error": f"{type(exc).__name__}: {exc}"}
            failed = True
        print(json.dumps(result, ensure_ascii=False), flush=True)
        results.append(result)
    if opts.record:
        record([r for r in results if "error" not in r])
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
