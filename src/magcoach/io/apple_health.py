"""Apple Health `export.zip` / `export.xml`: dietary magnesium, energy and lower-back pain.

Real exports are hundreds of MB, so the file is streamed: `defusedxml` iterparse, each top-level
element cleared as soon as it is read (memory stays bounded whatever the file size). The parser
refuses entity declarations and external references, so an XML bomb ("billion laughs") or an
external-entity file is rejected with a clear message instead of being expanded.

What is read (everything else is skipped):
- `HKQuantityTypeIdentifierDietaryMagnesium` (unit mg or g) and
  `HKQuantityTypeIdentifierDietaryEnergyConsumed` (kcal, Cal or kJ). Samples with the same start
  time and source app are one food entry (apps write one sample per nutrient per meal); the
  magnesium is kept as reported ("apple health (as reported)"). An energy sample with no
  magnesium beside it becomes an entry whose magnesium is unknown - listed, never counted as 0.
- `HKCategoryTypeIdentifierLowerBackPain`, whose values are severity words, not numbers. magcoach
  maps them onto its 0-10 pain scale at the middle of a band (documented in the README):
  not present → 0, mild → 2 (band 1-3), moderate → 5 (band 4-6), severe → 8 (band 7-10).
  "Unspecified" severity has no number and is left out (the report counts them).
Times are kept as the wall-clock time the phone recorded (the UTC offset is dropped).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from magcoach.errors import BadFile
from magcoach.io.files import check_readable_file
from magcoach.io.importing import (
    ImportedFood,
    ImportedPain,
    Item,
    KeyMaker,
    Progress,
    RowError,
)

SOURCE = "apple-health"
AS_REPORTED = "apple health (as reported)"
MAGNESIUM = "HKQuantityTypeIdentifierDietaryMagnesium"
ENERGY = "HKQuantityTypeIdentifierDietaryEnergyConsumed"
BACK_PAIN = "HKCategoryTypeIdentifierLowerBackPain"
SEVERITY_TO_NRS = {
    "HKCategoryValueSeverityNotPresent": 0.0,
    "HKCategoryValueSeverityMild": 2.0,
    "HKCategoryValueSeverityModerate": 5.0,
    "HKCategoryValueSeveritySevere": 8.0,
}
UNSPECIFIED = "HKCategoryValueSeverityUnspecified"
MG_PER_UNIT = {"mg": 1.0, "g": 1000.0}
KCAL_PER_UNIT = {"kcal": 1.0, "cal": 1.0, "kj": 1 / 4.184}


@dataclass
class AppleHealthStats:
    """Counts the importer keeps while streaming (for the report)."""

    records_seen: int = 0
    unspecified_pain: int = 0
    bytes_read: int = 0
    notes: list[str] = field(default_factory=list)


class _CountingReader:
    """Wraps a binary stream; reports bytes read to `progress`."""

    def __init__(
        self, raw: IO[bytes], total: int, stats: AppleHealthStats, progress: Progress | None
    ):
        self._raw = raw
        self._total = total
        self._stats = stats
        self._progress = progress

    def read(self, size: int = -1) -> bytes:
        data = self._raw.read(size)
        self._stats.bytes_read += len(data)
        if self._progress is not None:
            self._progress(self._stats.bytes_read, self._total)
        return data


def _open(path: Path) -> tuple[IO[bytes], int, zipfile.ZipFile | None]:
    check_readable_file(path)
    if zipfile.is_zipfile(path):
        archive = zipfile.ZipFile(path)
        members = [m for m in archive.infolist() if m.filename.rsplit("/", 1)[-1] == "export.xml"]
        if not members:
            archive.close()
            raise BadFile(
                f"{path.name} is a zip file without export.xml inside.",
                hint="Use the export.zip from Health → your picture → Export All Health Data.",
            )
        return archive.open(members[0]), members[0].file_size, archive
    with path.open("rb") as probe:
        start = probe.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if not start.startswith(b"<"):
        raise BadFile(
            f"{path.name} is neither an Apple Health export.zip nor an export.xml.",
        )
    return path.open("rb"), path.stat().st_size, None


def _when(value: str | None) -> datetime:
    if not value:
        raise ValueError("no date")
    text = value.strip()
    for fmt in ("%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=None)
        except ValueError:
            continue
    raise ValueError(f"date {text[:40]!r} is not like 2024-01-05 08:00:00 +0100")


def _amount(value: str | None) -> float:
    number = float(value or "")
    if number != number or number < 0 or number > 1e6:
        raise ValueError(f"value {value!r} is out of range")
    return number


def read(
    path: Path, progress: Progress | None = None, stats: AppleHealthStats | None = None
) -> Iterator[Item]:
    """Stream the export, yielding pain entries as they come and food entries at the end."""
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import iterparse

    stats = stats if stats is not None else AppleHealthStats()
    raw, total, archive = _open(path)
    keys = KeyMaker()
    # (start text, source app) → [magnesium mg | None, energy kcal | None, first record number]
    meals: dict[tuple[str, str], list[Any]] = {}
    try:
        stream = _CountingReader(raw, total, stats, progress)
        depth = 0
        root = None
        try:
            for event, elem in iterparse(stream, events=("start", "end")):
                if event == "start":
                    depth += 1
                    if root is None:
                        root = elem
                    continue
                depth -= 1
                if depth != 1:
                    continue  # only top-level children of <HealthData>
                if elem.tag == "Record":
                    stats.records_seen += 1
                    item = _record(elem.attrib, stats.records_seen, meals, keys, stats)
                    if item is not None:
                        yield item
                elem.clear()
                if root is not None:
                    root.clear()
        except DefusedXmlException:
            raise BadFile(
                f"{path.name} was refused: it declares XML entities or refers to external "
                "files. Apple Health exports never do this; the file may be tampered with "
                "(an 'XML bomb' or an external-entity attack).",
                hint="Export again from the Health app and import that file.",
            ) from None
        except ParseError as exc:
            raise BadFile(
                f"{path.name} is not valid XML ({exc}). Nothing was imported.",
                hint="Export again from the Health app; a cut-off download looks like this.",
            ) from None
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise BadFile(f"{path.name} could not be read: {exc}") from None
    finally:
        raw.close()
        if archive is not None:
            archive.close()
    if stats.unspecified_pain:
        stats.notes.append(
            f"{stats.unspecified_pain} lower-back-pain record(s) had no severity and were left out."
        )
    for (start, source_app), (mg, kcal, number) in sorted(meals.items()):
        eaten_at = _when(start)
        parts = []
        if mg is not None:
            parts.append(f"{mg:g} mg magnesium")
        if kcal is not None:
            parts.append(f"{kcal:.0f} kcal")
        yield ImportedFood(
            line=number,
            key=keys("food", start, source_app, mg, kcal),
            eaten_at=eaten_at,
            text=f"Apple Health ({source_app}): {', '.join(parts)}",
            nutrients={"magnesium_mg": mg, "energy_kcal": kcal},
            magnesium_source=AS_REPORTED,
            food_description=f"Logged in {source_app}",
            food_source="apple-health",
        )


def _record(
    attrib: dict[str, str],
    number: int,
    meals: dict[tuple[str, str], list[Any]],
    keys: KeyMaker,
    stats: AppleHealthStats,
) -> Item | None:
    kind = attrib.get("type", "")
    if kind not in (MAGNESIUM, ENERGY, BACK_PAIN):
        return None
    try:
        start_text = attrib.get("startDate", "")
        at = _when(start_text)
        source_app = (attrib.get("sourceName") or "unknown app").strip()[:100]
        if kind == BACK_PAIN:
            value = attrib.get("value", "")
            if value == UNSPECIFIED:
                stats.unspecified_pain += 1
                return None
            if value not in SEVERITY_TO_NRS:
                raise ValueError(f"unknown severity {value[:60]!r}")
            nrs = SEVERITY_TO_NRS[value]
            word = value.removeprefix("HKCategoryValueSeverity")
            return ImportedPain(
                line=number,
                key=keys("pain", start_text, source_app, value),
                at=at,
                pain=nrs,
                location="lower-back",
                note=f"Apple Health ({source_app}): {word} → {nrs:g}/10",
            )
        unit = (attrib.get("unit") or "").strip().lower()
        amount = _amount(attrib.get("value"))
        if kind == MAGNESIUM and unit not in MG_PER_UNIT:
            raise ValueError(f"magnesium unit {unit!r} is not mg or g")
        if kind == ENERGY and unit not in KCAL_PER_UNIT:
            raise ValueError(f"energy unit {unit!r} is not kcal, Cal or kJ")
        meal = meals.setdefault((start_text, source_app), [None, None, number])
        if kind == MAGNESIUM:
            meal[0] = (meal[0] or 0.0) + amount * MG_PER_UNIT[unit]
        else:
            meal[1] = (meal[1] or 0.0) + amount * KCAL_PER_UNIT[unit]
        return None
    except ValueError as exc:
        reason = str(exc) or "unreadable value"
        return RowError(
            number, f"{kind.removeprefix('HKQuantityTypeIdentifier')}: {reason}", "record"
        )
