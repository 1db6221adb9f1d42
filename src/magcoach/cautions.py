"""What a person's medicines and conditions mean for magnesium: interactions to keep apart,
cautions (and hard stops) before any supplement, and the warnings a medicine class always
carries. Pure; `magcoach.screening.assess` lists them beside the other findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from magcoach.person import Person
from magcoach.reference import MedicineMatch, conditions, medicine_classes

#: Signs of too much magnesium: the sources behind stopping every extra source of it.
EXCESS_SOURCES = ("ods-hypermagnesaemia", "smpc-mgso4-infusion", "iom1997")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class InteractionNote(_Frozen):
    medicine: str
    generic: str
    class_id: str
    class_name: str
    kind: str
    effect: str
    timing_text: str
    separate_before_h: float | None
    separate_after_h: float | None
    sources: tuple[str, ...]


class SupplementCaution(_Frozen):
    id: str
    text: str
    hard_stop: bool
    sources: tuple[str, ...]


def interactions(medicines: Iterable[MedicineMatch]) -> list[InteractionNote]:
    notes = []
    for m in medicines:
        if not m.known or m.class_id is None:
            continue
        notes.append(
            InteractionNote(
                medicine=m.name_as_typed,
                generic=m.generic or m.name_as_typed,
                class_id=m.class_id,
                class_name=m.class_name or m.class_id,
                kind=m.kind or "",
                effect=m.effect or "",
                timing_text=m.timing_text or "",
                separate_before_h=m.separate_before_h,
                separate_after_h=m.separate_after_h,
                sources=m.sources,
            )
        )
    return notes


def supplement_cautions(
    person: Person, medicines: Iterable[MedicineMatch], condition_ids: Iterable[str]
) -> list[SupplementCaution]:
    found: dict[str, SupplementCaution] = {}
    table = conditions()
    if person.egfr is not None and person.egfr < 30:
        failure = table["kidney_failure"]
        found["kidney_failure"] = SupplementCaution(
            id="kidney_failure",
            text=f"Your eGFR of {person.egfr:g} is below 30. {failure.text}",
            hard_stop=True,
            sources=failure.sources,
        )
    elif person.egfr is not None and person.egfr < 60:
        found["reduced_kidney_function"] = SupplementCaution(
            id="reduced_kidney_function",
            text=f"Your eGFR of {person.egfr:g} is below 60: the kidneys clear magnesium more "
            "slowly, so take supplements only with your clinician's agreement (they may check "
            "your level every 3-6 months).",
            hard_stop=False,
            sources=("smpc-mg-aspartate", "iom1997"),
        )
    elif person.kidney_disease and person.egfr is None:
        found["kidney_disease"] = SupplementCaution(
            id="kidney_disease",
            text="You have kidney disease: weak kidneys cannot clear extra magnesium, so ask "
            "your clinician (and know your eGFR) before taking supplements.",
            hard_stop=False,
            sources=("iom1997", "smpc-mg-aspartate"),
        )
    for cid in condition_ids:
        condition = table[cid]
        if condition.kind in ("supplement_hard_stop", "supplement_caution"):
            found.setdefault(
                cid,
                SupplementCaution(
                    id=cid,
                    text=condition.text,
                    hard_stop=condition.kind == "supplement_hard_stop",
                    sources=condition.sources,
                ),
            )
    for m in medicines:
        if m.kind in ("raises_magnesium", "toxicity_risk", "contains_magnesium") and m.class_id:
            found.setdefault(
                m.class_id,
                SupplementCaution(
                    id=m.class_id,
                    text=f"{m.name_as_typed}: {m.effect} {m.timing_text}",
                    hard_stop=False,
                    sources=m.sources,
                ),
            )
    return list(found.values())


def excess_cautions(excess_texts: Sequence[str]) -> list[SupplementCaution]:
    """Signs of too much magnesium stop every source of extra magnesium."""
    if not excess_texts:
        return []
    return [
        SupplementCaution(
            id="too_much_magnesium",
            text="You have signs that can mean too much magnesium ("
            + ", ".join(t.lower() for t in excess_texts)
            + "): stop magnesium supplements, and laxatives or antacids that contain "
            "magnesium, and tell your clinician.",
            hard_stop=True,
            sources=EXCESS_SOURCES,
        )
    ]


def seek_care(medicines: Iterable[MedicineMatch], risk_factors: Iterable[str]) -> list[str]:
    """The always-on warnings of the person's medicine classes. A long-term PPI counts whether
    it came from the medicine list or from the risk-factor answer."""
    found = [
        f"About your {m.name_as_typed}: {_lower_first(m.seek_care)}"
        for m in medicines
        if m.seek_care
    ]
    on_ppi = any(m.mds_item == "ppi" for m in medicines)
    if "long_term_ppi" in risk_factors and not on_ppi:
        ppi = medicine_classes()["ppi"]
        if ppi.seek_care:
            found.append(f"About your stomach-acid medicine (PPI): {_lower_first(ppi.seek_care)}")
    return found


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
