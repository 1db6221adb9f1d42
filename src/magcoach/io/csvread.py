"""Read a small CSV file safely: encoding, header, and each row with its line number."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from magcoach.errors import BadFile

MAX_CSV_BYTES = 200 * 1024 * 1024
SAVE_AS = "Save it as 'CSV UTF-8' (in Excel: File → Save As → CSV UTF-8) and import that file."


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header, [(line number, cells)]) — blank rows dropped; a bad file raises BadFile."""
    from magcoach.io.files import check_readable_file

    check_readable_file(path, max_bytes=MAX_CSV_BYTES)
    text = decode(path.read_bytes(), path.name)
    rows = list(_rows(text, path))
    if not rows:
        raise BadFile(f"{path.name} is empty.")
    _header_line, header = rows[0]
    return [h.strip() for h in header], rows[1:]


def decode(raw: bytes, name: str) -> str:
    """Text from the bytes of a CSV: UTF-8 (with or without a byte-order mark), UTF-16 as
    Excel's 'Unicode text' writes it, or Windows-1252. Binary data is refused."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            raise BadFile(f"{name} is not readable UTF-16 text.", hint=SAVE_AS) from None
    sample = raw[:4096]
    if sample.count(0) > 0.1 * len(sample):
        # UTF-16 without a byte-order mark: every other byte of plain text is zero
        for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if zeros.count(0) > 0.9 * len(zeros):
                try:
                    return raw.decode(encoding)
                except UnicodeDecodeError:
                    break
        raise BadFile(f"{name} is a binary file, not a CSV text file.", hint=SAVE_AS)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = raw.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:4096] if c < " " and c not in "\t\r\n")
    if controls > 0.01 * max(len(text[:4096]), 1) or "\ufffd" in text:
        raise BadFile(f"{name} is a binary file, not a CSV text file.", hint=SAVE_AS)
    return text


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
