"""Read a small CSV file safely: encoding, header, and each row with its line number."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from magcoach.errors import BadFile

MAX_CSV_BYTES = 200 * 1024 * 1024


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(line number, cells)]) — blank rows dropped; a bad file raises BadFile."""
    if not path.is_file():
        raise BadFile(f"No such file: {path}")
    if path.stat().st_size > MAX_CSV_BYTES:
        raise BadFile(f"{path.name} is larger than 200 MB; split it and import the parts.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError:
            raise BadFile(f"{path.name} is not a text (CSV) file.") from None
    rows = list(_rows(text, path))
    if not rows:
        raise BadFile(f"{path.name} is empty.")
    _header_line, header = rows[0]
    return [h.strip() for h in header], rows[1:]


def _rows(text: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for cells in reader:
            line = start
            start = reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            yield line, cells
    except csv.Error as exc:
        raise BadFile(f"{path.name} line {reader.line_num}: not valid CSV ({exc}).") from None


def column(header: list[str], *names: str) -> int | None:
    """Index of the first column whose name matches one of `names` (case-insensitive)."""
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name.lower() in lowered:
            return lowered.index(name.lower())
    return None


def cell(cells: list[str], index: int | None) -> str | None:
    if index is None or index >= len(cells):
        return None
    return cells[index]
