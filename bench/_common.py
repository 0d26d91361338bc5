"""Helpers the benchmarks share: a plain-text table, a database timestamp as epoch seconds, and the CPU
time of a process with its scoring children (Linux /proc).

Imported as `from bench._common import ...`; each benchmark puts the repository root on sys.path first.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path


def process_cpu(pid: int) -> float:
    """User plus system CPU seconds of a live process, every thread, and of its live children: the
    scoring processes (creative/cpu_pool.py) work for it (Linux)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended between the listing and the read
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def epoch(value) -> float:
    """A timestamp from the database (a datetime, or ISO text as SQLite returns it) as epoch seconds."""
    if isinstance(value, datetime):
        return value.timestamp()
    text = str(value).replace("Z", "+00:00")
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:  # USE_TZ stores UTC without an offset in SQLite
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    """Print rows under a header: the first column left-aligned, the numbers right-aligned."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows)]
    for index, row in enumerate([header, *rows]):
        cells = [
            str(cell).ljust(width) if column == 0 else str(cell).rjust(width)
            for column, (cell, width) in enumerate(zip(row, widths))
        ]
        print("  ".join(cells))
        if index == 0:
            print("  ".join("-" * width for width in widths))
