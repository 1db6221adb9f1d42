"""Read the reference CSV files once, validate every row, check every cited source.

A row that fails validation, or cites no source or an unknown evidence id, stops loading
with a BadFile error naming the file, the row and the problem.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from magcoach.errors import BadFile
from magcoach.reference.models import (
    Condition,
    Evidence,
    MedicineClass,
    MedicineName,
    RedFlag,
    RequirementRow,
    RiskFactor,
    SupplementForm,
    Symptom,
    TooMuchMagnesiumSign,
)
from magcoach.validation import describe

DATA_PACKAGE = "magcoach.reference.data"
#: Columns holding `;`-separated lists.
LIST_COLUMNS = ("source", "suits", "aliases")

M = TypeVar("M", bound=BaseModel)


def read_text(filename: str) -> str:
    """The text of one reference data file shipped with the package."""
    return resources.files(DATA_PACKAGE).joinpath(filename).read_text(encoding="utf-8")


def data_files() -> list[str]:
    """Names of every CSV/TOML file in the reference data folder."""
    return sorted(
        entry.name
        for entry in resources.files(DATA_PACKAGE).iterdir()
        if entry.name.endswith((".csv", ".toml"))
    )


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(";") if part.strip())


def raw_rows(filename: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(read_text(filename)))
    return [dict(row) for row in reader]


def _load(
    filename: str,
    model: type[M],
    *,
    cite: bool = True,
    known_sources: Iterable[str] | None = None,
) -> tuple[M, ...]:
    known = frozenset(known_sources) if known_sources is not None else None
    items: list[M] = []
    for number, row in enumerate(raw_rows(filename), start=2):
        data: dict[str, Any] = {}
        for key, value in row.items():
            if key is None:
                raise BadFile(f"Reference file {filename}, line {number}: too many columns.")
            text = (value or "").strip()
            if key in LIST_COLUMNS:
                data["sources" if key == "source" else key] = split_list(text)
            elif text == "":
                continue  # optional fields take their default (None or "")
            else:
                data[key] = text
        if cite:
            sources = data.get("sources", ())
            if not sources:
                raise BadFile(f"Reference file {filename}, line {number}: no source cited.")
            unknown = [s for s in sources if known is not None and s not in known]
            if unknown:
                raise BadFile(
                    f"Reference file {filename}, line {number}: unknown evidence id(s) "
                    f"{', '.join(unknown)}.",
                    hint="Cite ids from evidence.csv.",
                )
        try:
            items.append(model.model_validate(data))
        except ValidationError as exc:
            raise BadFile(f"Reference file {filename}, line {number}: {describe(exc)}") from None
    return tuple(items)


def _by_id(filename: str, items: tuple[M, ...], key: Callable[[M], str]) -> Mapping[str, M]:
    table: dict[str, M] = {}
    for item in items:
        ident = key(item)
        if ident in table:
            raise BadFile(f"Reference file {filename}: duplicate id {ident!r}.")
        table[ident] = item
    return MappingProxyType(table)


@cache
def evidence() -> Mapping[str, Evidence]:
    """Every source magcoach cites, by id."""
    items = _load("evidence.csv", Evidence, cite=False)
    return _by_id("evidence.csv", items, lambda e: e.id)


def _cited(filename: str, model: type[M]) -> tuple[M, ...]:
    return _load(filename, model, known_sources=evidence().keys())


@cache
def requirement_rows() -> tuple[RequirementRow, ...]:
    """All requirement table rows (US/Canada IOM 1997 and EU EFSA 2015)."""
    rows = _cited("requirements.csv", RequirementRow)
    for row in rows:
        if row.age_max <= row.age_min:
            raise BadFile(f"requirements.csv: {row.life_stage} has age_max <= age_min.")
    return rows


@cache
def supplement_forms() -> Mapping[str, SupplementForm]:
    """Supplement forms by id (oxide, citrate, glycinate, ..., topical)."""
    return _by_id("supplement_forms.csv", _cited("supplement_forms.csv", SupplementForm), _id)


@cache
def medicine_classes() -> Mapping[str, MedicineClass]:
    """Medicine classes that interact with magnesium, by id."""
    return _by_id("medicines.csv", _cited("medicines.csv", MedicineClass), _id)


@cache
def medicine_names() -> tuple[MedicineName, ...]:
    """Generic and brand names, each pointing at a medicine class."""
    names = _cited("medicine_names.csv", MedicineName)
    classes = medicine_classes()
    for name in names:
        if name.class_id not in classes:
            raise BadFile(f"medicine_names.csv: {name.name!r} has unknown class {name.class_id!r}.")
    _by_id("medicine_names.csv", names, lambda n: n.name.casefold())
    return names


@cache
def conditions() -> Mapping[str, Condition]:
    """Conditions by id: risk factors, malabsorption, supplement hard stops and cautions."""
    return _by_id("conditions.csv", _cited("conditions.csv", Condition), _id)


@cache
def symptoms() -> Mapping[str, Symptom]:
    """Possible signs of low magnesium, by id."""
    return _by_id("symptoms.csv", _cited("symptoms.csv", Symptom), _id)


@cache
def too_much_magnesium_signs() -> tuple[TooMuchMagnesiumSign, ...]:
    """Warning signs of too much magnesium (hypermagnesaemia): stop supplements, get advice."""
    return _cited("too_much_magnesium.csv", TooMuchMagnesiumSign)


@cache
def risk_factors() -> Mapping[str, RiskFactor]:
    """Risk factors for running low, by id, with the weights of the heuristic score."""
    return _by_id("risk_factors.csv", _cited("risk_factors.csv", RiskFactor), _id)


@cache
def red_flags() -> Mapping[str, RedFlag]:
    """Back-pain red flags by id, each with its urgency and what to do now."""
    return _by_id("red_flags.csv", _cited("red_flags.csv", RedFlag), _id)


def _id(item: Any) -> str:
    return str(item.id)


def load_all() -> None:
    """Load (and so validate) every table; raises BadFile on the first problem."""
    evidence()
    requirement_rows()
    supplement_forms()
    medicine_classes()
    medicine_names()
    conditions()
    symptoms()
    too_much_magnesium_signs()
    risk_factors()
    red_flags()
