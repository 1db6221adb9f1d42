"""Cited facts as data: requirements, supplement forms, medicines, conditions, symptoms,
risk factors, red flags and the evidence list they all cite.

The tables live as CSV files in `reference/data/`; each is validated into frozen models the
first time it is asked for and then cached. Every row names its evidence (`sources`).
"""

from __future__ import annotations

from magcoach.reference.loaders import (
    conditions,
    data_files,
    evidence,
    load_all,
    medicine_classes,
    medicine_names,
    raw_rows,
    red_flags,
    requirement_rows,
    risk_factors,
    supplement_forms,
    symptoms,
    too_much_magnesium_signs,
)
from magcoach.reference.matching import (
    match_condition,
    match_id,
    match_medicine,
    match_medicines,
)
from magcoach.reference.models import (
    GOALS,
    Condition,
    Evidence,
    Goal,
    MedicineClass,
    MedicineMatch,
    MedicineName,
    RedFlag,
    RequirementRow,
    RiskFactor,
    SupplementForm,
    Symptom,
    TooMuchMagnesiumSign,
)

__all__ = [
    "GOALS",
    "Condition",
    "Evidence",
    "Goal",
    "MedicineClass",
    "MedicineMatch",
    "MedicineName",
    "RedFlag",
    "RequirementRow",
    "RiskFactor",
    "SupplementForm",
    "Symptom",
    "TooMuchMagnesiumSign",
    "conditions",
    "data_files",
    "evidence",
    "load_all",
    "match_condition",
    "match_id",
    "match_medicine",
    "match_medicines",
    "medicine_classes",
    "medicine_names",
    "raw_rows",
    "red_flags",
    "requirement_rows",
    "risk_factors",
    "supplement_forms",
    "symptoms",
    "too_much_magnesium_signs",
]
