"""FHIR R4 export: a Bundle (type "collection") with the Patient and their Observations.

Codes:
- Pain now, 0-10: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
  value in UCUM `{score}`.
- Serum magnesium: LOINC 19123-9 "Magnesium [Mass/volume] in Serum or Plasma". That code is a
  mass concentration, so the value is sent in mg/dL (mmol/L × 2.431); the mmol/L value magcoach
  stores is repeated in the note.
- Daily dietary magnesium: no LOINC code for "magnesium intake over one day, estimated from a
  food diary" could be verified, so magcoach uses its own code system
  (`https://magcoach.app/fhir/CodeSystem/diary`, code `dietary-magnesium-day`) with a full text,
  value in `mg/d`, category "survey", effectivePeriod = the day. Receivers read the text; a
  terminology mapping can be added without changing the data.
Validated with `fhir.resources` (its R4B models; Observation and Bundle match R4).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from magcoach.intake import DaySummary
from magcoach.person import Person
from magcoach.store.models import SerumResultRow
from magcoach.store.service import PainPoint

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
MAGCOACH_CODES = "https://magcoach.app/fhir/CodeSystem/diary"
MG_DL_PER_MMOL_L = 2.431
NAMESPACE = uuid.UUID("6f1c1d2e-5b7a-4c1e-9a51-0d0c6a7e0b11")


def _stamp(moment: datetime) -> str:
    """FHIR dateTime with a time needs a UTC offset: use the machine's local offset."""
    return moment.astimezone().isoformat(timespec="seconds")


def _urn(*parts: object) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '|'.join(str(p) for p in parts))}"


def _category(code: str, display: str) -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": code, "display": display}]}]


def build_bundle(
    person: Person,
    *,
    pain: Sequence[PainPoint],
    serum: Sequence[SerumResultRow],
    days: Sequence[DaySummary],
    now: datetime,
) -> dict[str, Any]:
    """A FHIR R4 collection Bundle: the Patient, then one Observation per pain rating, serum
    result and diary day with an entry."""
    patient_url = _urn("patient", person.name)
    patient: dict[str, Any] = {
        "resourceType": "Patient",
        "name": [{"text": person.name}],
        "gender": person.sex,
    }
    if person.birth_date is not None:
        patient["birthDate"] = person.birth_date.isoformat()
    subject = {"reference": patient_url}
    entries: list[dict[str, Any]] = [{"fullUrl": patient_url, "resource": patient}]
    entries += [
        {"fullUrl": _urn("pain", person.name, p.entry_id), "resource": _pain(p, subject)}
        for p in pain
    ]
    entries += [
        {"fullUrl": _urn("serum", person.name, s.id), "resource": _serum(s, subject)} for s in serum
    ]
    entries += [
        {"fullUrl": _urn("day", person.name, d.date), "resource": _day(d, subject)}
        for d in days
        if d.logged
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": _stamp(now),
        "entry": entries,
    }


def _observation(
    category: str, display: str, system: str, code: str, code_display: str, text: str
) -> dict[str, Any]:
    return {
        "resourceType": "Observation",
        "status": "final",
        "category": _category(category, display),
        "code": {
            "coding": [{"system": system, "code": code, "display": code_display}],
            "text": text,
        },
    }


def _pain(p: PainPoint, subject: dict[str, str]) -> dict[str, Any]:
    """A pain rating (LOINC 72514-3), with where and how much it got in the way as a note."""
    obs = _observation(
        "survey",
        "Survey",
        LOINC,
        "72514-3",
        "Pain severity - 0-10 verbal numeric rating [Score] - Reported",
        "Pain now (0-10)",
    )
    obs["subject"] = subject
    obs["effectiveDateTime"] = _stamp(p.at)
    obs["valueQuantity"] = {"value": p.pain, "unit": "score", "system": UCUM, "code": "{score}"}
    notes = []
    if p.location:
        notes.append(f"Where: {p.location}")
    if p.activity_interference is not None:
        notes.append(f"Got in the way of daily activity: {p.activity_interference:g}/10")
    if p.sleep_interference is not None:
        notes.append(f"Got in the way of sleep: {p.sleep_interference:g}/10")
    if p.note:
        notes.append(p.note)
    if notes:
        obs["note"] = [{"text": "; ".join(notes)}]
    return obs


def _serum(s: SerumResultRow, subject: dict[str, str]) -> dict[str, Any]:
    """A serum magnesium result (LOINC 19123-9) in mg/dL, as recorded in mmol/L in the note."""
    obs = _observation(
        "laboratory",
        "Laboratory",
        LOINC,
        "19123-9",
        "Magnesium [Mass/volume] in Serum or Plasma",
        "Serum magnesium",
    )
    obs["subject"] = subject
    obs["effectiveDateTime"] = s.measured_on.isoformat()
    mg_dl = round(s.mmol_per_l * MG_DL_PER_MMOL_L, 2)
    obs["valueQuantity"] = {"value": mg_dl, "unit": "mg/dL", "system": UCUM, "code": "mg/dL"}
    obs["note"] = [
        {"text": f"Recorded as {s.mmol_per_l:g} mmol/L" + (f"; {s.note}" if s.note else "")}
    ]
    return obs


def _day(d: DaySummary, subject: dict[str, str]) -> dict[str, Any]:
    """A day's magnesium from food and supplements (magcoach's own code: no LOINC code for
    dietary magnesium over a day could be verified)."""
    obs = _observation(
        "survey",
        "Survey",
        MAGCOACH_CODES,
        "dietary-magnesium-day",
        "Magnesium intake over one day, estimated from a food diary",
        "Magnesium intake over one day (food + supplements), estimated from the magcoach diary",
    )
    start = datetime.combine(d.date, time.min)
    obs["subject"] = subject
    obs["effectivePeriod"] = {
        "start": _stamp(start),
        "end": _stamp(start + timedelta(days=1) - timedelta(seconds=1)),
    }
    obs["valueQuantity"] = {
        "value": round(d.total_mg, 1),
        "unit": "mg/d",
        "system": UCUM,
        "code": "mg/d",
    }
    obs["component"] = [
        _component("food", "Magnesium from food", d.food_mg),
        _component("supplements", "Magnesium from supplements", d.supplement_mg),
    ]
    if d.unknown_entries:
        obs["note"] = [
            {
                "text": f"{len(d.unknown_entries)} food entries had no magnesium value; "
                "the total is a lower bound."
            }
        ]
    return obs


def _component(code: str, text: str, mg: float) -> dict[str, Any]:
    return {
        "code": {
            "coding": [{"system": MAGCOACH_CODES, "code": f"dietary-magnesium-day-{code}"}],
            "text": text,
        },
        "valueQuantity": {"value": round(mg, 1), "unit": "mg/d", "system": UCUM, "code": "mg/d"},
    }


def validate(bundle: dict[str, Any]) -> None:
    """Raise (pydantic ValidationError) unless `bundle` is a valid FHIR Bundle."""
    from fhir.resources.R4B.bundle import Bundle

    Bundle.model_validate(bundle)
