"""CSV export: one row per diary entry of every kind, and one row per day with anything logged.

Entries: food (all nutrients), supplements, pain, symptom check-ins, events, serum results and
screenings, each with its id (F12, S3, P5, C2, E1, L1, Q1). Days: magnesium against the
requirement, and the day's pain, symptoms, events and serum results beside it. Files are
written beside the target and moved into place when complete, so a failure leaves no
half-written file.
"""

from __future__ import annotations

import csv
import os
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy.orm import Session

from magcoach.foods.model import NUTRIENT_KEYS
from magcoach.intake import DaySummary
from magcoach.store.service import (
    SYMPTOMS,
    checkins,
    events,
    food_entries,
    pain_series,
    screenings,
    serum_results,
    supplement_intakes,
)

PAIN_COLUMNS = ("pain", "activity_interference", "sleep_interference", "location")
ENTRY_COLUMNS = (
    "id",
    "kind",
    "at",
    "text",
    "food_id",
    "food",
    "food_source",
    "grams",
    "magnesium_source",
    *NUTRIENT_KEYS,
    "supplement_elemental_mg",
    *PAIN_COLUMNS,
    *SYMPTOMS,
    "serum_mmol_per_l",
    "event_kind",
    "screening_level",
    "red_flag_urgency",
    "note",
)
DAY_COLUMNS = (
    "date",
    "food_mg",
    "supplement_mg",
    "total_mg",
    "rda_mg",
    "ear_mg",
    "supplemental_ul_mg",
    "energy_kcal",
    "food_entries",
    "unknown_magnesium_entries",
    "top_contributor",
    "pain_mean",
    "pain_entries",
    "activity_interference_mean",
    "sleep_interference_mean",
    *(f"{s}_mean" for s in SYMPTOMS),
    "serum_mmol_per_l",
    "events",
    "screenings",
)


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.4g}" if abs(value) < 1 else f"{value:.2f}"


def _mean(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


@contextmanager
def _replacing(out: Path) -> Iterator[IO[str]]:
    """Write to OUT.part, then move it over OUT; on any failure remove the part file."""
    from magcoach.io.files import check_output_file

    check_output_file(out)
    part = out.with_name(out.name + ".part")
    try:
        with part.open("w", newline="", encoding="utf-8") as handle:
            yield handle
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)


#: One entry as (when it happened, its CSV cells); the time sorts the merged kinds.
_Row = tuple[datetime, dict[str, Any]]


def _row(at: datetime, cells: dict[str, Any]) -> _Row:
    return (at, {"at": at.isoformat(), **cells})


def entry_rows(session: Session, person_id: int, start: date, end: date) -> list[dict[str, Any]]:
    """Every entry of every kind between two days, as CSV cells, in time order."""
    rows = [
        *_food_rows(session, person_id, start, end),
        *_supplement_rows(session, person_id, start, end),
        *_pain_rows(session, person_id, start, end),
        *_checkin_rows(session, person_id, start, end),
        *_event_rows(session, person_id, start, end),
        *_serum_rows(session, person_id, start, end),
        *_screening_rows(session, person_id, start, end),
    ]
    # the id breaks ties between entries logged at the same moment, so the file is stable
    rows.sort(key=lambda pair: (pair[0], pair[1]["id"]))
    return [cells for _, cells in rows]


def _food_rows(session: Session, person_id: int, start: date, end: date) -> list[_Row]:
    rows = []
    for f in food_entries(session, person_id, start, end):
        nutrients = f.nutrients or {}
        cells = {
            "id": f"F{f.id}",
            "kind": "food",
            "text": f.text,
            "food_id": f.food_id or "",
            "food": f.food_description or "",
            "food_source": f.food_source or "",
            "grams": _fmt(f.grams),
            "magnesium_source": f.magnesium_source,
            **{k: _fmt(nutrients.get(k)) for k in NUTRIENT_KEYS},
        }
        rows.append(_row(f.eaten_at, cells))
    return rows


def _supplement_rows(session: Session, person_id: int, start: date, end: date) -> list[_Row]:
    return [
        _row(
            s.taken_at,
            {
                "id": s.entry_id,
                "kind": "supplement",
                "text": f"{s.units:g} × {s.product_name}",
                "supplement_elemental_mg": _fmt(s.elemental_mg),
            },
        )
        for s in supplement_intakes(session, person_id, start, end)
    ]


def _pain_rows(session: Session, person_id: int, start: date, end: date) -> list[_Row]:
    return [
        _row(
            p.at,
            {
                "id": p.entry_id,
                "kind": "pain",
                "pain": _fmt(p.pain),
                "activity_interference": _fmt(p.activity_interference),
                "sleep_interference": _fmt(p.sleep_interference),
                "location": p.location or "",
                "note": p.note or "",
            },
        )
        for p in pain_series(session, person_id, start, end)
    ]


def _checkin_rows(session: Session, person_id: int, start: date, end: date) -> list[_Row]:
    return [
        _row(
            c.at,
            {
                "id": f"C{c.id}",
                "kind": "check-in",
                **{k: _fmt(getattr(c, k)) for k in SYMPTOMS},
                "note": c.note or "",
            },
        )
        for c in checkins(session, person_id, start, end)
    ]


def _event_rows(session: Session, person_id: int, start: date, end: date) -> list[_Row]:
    return [
        _row(e.at, {"id": e.entry_id, "kind": "event", "text": e.text, "event_kind": e.kind})
        for e in events(session, person_id, start, end)
    ]


def _serum_rows(session: Session, person_id: int, start: date, end: date) -> list[_Row]:
    # serum results are dated, not timed: they sort at the start of their day, and the
    # store returns them all, so the window is applied here
    return [
        _row(
            datetime.combine(r.measured_on, datetime.min.time()),
            {
                "id": f"L{r.id}",
                "kind": "serum result",
                "serum_mmol_per_l": _fmt(r.mmol_per_l),
                "note": r.note or "",
            },
        )
        for r in serum_results(session, person_id)
        if start <= r.measured_on <= end
    ]


def _screening_rows(session: Session, person_id: int, start: date, end: date) -> list[_Row]:
    return [
        _row(
            q.taken_at,
            {
                "id": f"Q{q.id}",
                "kind": "screening",
                "screening_level": q.level or "",
                "red_flag_urgency": q.urgency,
            },
        )
        for q in screenings(session, person_id, start, end)
    ]


def write_entries(session: Session, person_id: int, start: date, end: date, out: Path) -> int:
    rows = entry_rows(session, person_id, start, end)
    with _replacing(out) as handle:
        writer = csv.DictWriter(handle, ENTRY_COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


@dataclass
class DayExtras:
    """What a day holds besides magnesium: pain, symptoms, serum results, events."""

    pain: list[tuple[float, float | None, float | None]] = field(default_factory=list)
    symptoms: dict[str, list[float | None]] = field(default_factory=lambda: defaultdict(list))
    serum: list[float] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    screenings: int = 0


def day_extras(session: Session, person_id: int, start: date, end: date) -> dict[date, DayExtras]:
    """Per day: the pain, symptom, serum, event and screening entries (days without are absent)."""
    days: dict[date, DayExtras] = defaultdict(DayExtras)
    for p in pain_series(session, person_id, start, end):
        days[p.at.date()].pain.append((p.pain, p.activity_interference, p.sleep_interference))
    for c in checkins(session, person_id, start, end):
        for key in SYMPTOMS:
            days[c.at.date()].symptoms[key].append(getattr(c, key))
    for r in serum_results(session, person_id):
        if start <= r.measured_on <= end:
            days[r.measured_on].serum.append(r.mmol_per_l)
    for e in events(session, person_id, start, end):
        days[e.at.date()].events.append(e.text)
    for q in screenings(session, person_id, start, end):
        days[q.taken_at.date()].screenings += 1
    return dict(days)


def write_days(
    days: Sequence[DaySummary], out: Path, extras: Mapping[date, DayExtras] | None = None
) -> int:
    """One row per day with anything logged; returns the number of rows."""
    extras = extras or {}
    written = 0
    with _replacing(out) as handle:
        writer = csv.DictWriter(handle, DAY_COLUMNS, restval="")
        writer.writeheader()
        for d in days:
            more = extras.get(d.date)
            if not d.logged and more is None:
                continue
            cells: dict[str, Any] = {"date": d.date.isoformat(), "rda_mg": _fmt(d.rda_mg)}
            if d.logged:
                cells.update(
                    food_mg=_fmt(d.food_mg),
                    supplement_mg=_fmt(d.supplement_mg),
                    total_mg=_fmt(d.total_mg),
                    ear_mg=_fmt(d.ear_mg),
                    supplemental_ul_mg=_fmt(d.supplemental_ul_mg),
                    energy_kcal=_fmt(d.energy_kcal),
                    food_entries=d.food_entries,
                    unknown_magnesium_entries=len(d.unknown_entries),
                    top_contributor=d.contributors[0].food if d.contributors else "",
                )
            if more is not None:
                cells.update(_extra_cells(more))
            writer.writerow(cells)
            written += 1
    return written


def _extra_cells(more: DayExtras) -> dict[str, Any]:
    cells: dict[str, Any] = {
        "pain_mean": _fmt(_mean([p[0] for p in more.pain])),
        "pain_entries": len(more.pain) or "",
        "activity_interference_mean": _fmt(_mean([p[1] for p in more.pain])),
        "sleep_interference_mean": _fmt(_mean([p[2] for p in more.pain])),
        "serum_mmol_per_l": "; ".join(_fmt(v) for v in more.serum),
        "events": "; ".join(more.events),
        "screenings": more.screenings or "",
    }
    for key, values in more.symptoms.items():
        cells[f"{key}_mean"] = _fmt(_mean(values))
    return cells
