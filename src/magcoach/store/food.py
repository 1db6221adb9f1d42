"""Food entries, with a snapshot of their nutrients taken when logged."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from magcoach.foods.model import NUTRIENT_KEYS
from magcoach.intake import (
    FoodItem,
)
from magcoach.store.models import (
    FoodEntryRow,
)

if TYPE_CHECKING:
    pass
from magcoach.store.base import added, check_entry_day, day_bounds, live

# ---------------------------------------------------------------- food


def clean_nutrients(values: Mapping[str, Any]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for key in NUTRIENT_KEYS:
        value = values.get(key)
        out[key] = None if value is None else round(float(value), 4)
    return out


def add_food_entry(
    session: Session,
    person_id: int,
    *,
    eaten_at: datetime,
    text: str,
    nutrients: Mapping[str, Any],
    now: datetime,
    food_id: str | None = None,
    food_description: str | None = None,
    food_source: str | None = None,
    quantity: float | None = None,
    unit: str | None = None,
    grams: float | None = None,
    magnesium_source: str = "usda",
    batch_id: int | None = None,
) -> FoodEntryRow:
    check_entry_day(session, person_id, eaten_at, now=now, what="The time eaten")
    return added(
        session,
        FoodEntryRow(
            person_id=person_id,
            eaten_at=eaten_at,
            text=text,
            food_id=food_id,
            food_description=food_description,
            food_source=food_source,
            quantity=quantity,
            unit=unit,
            grams=grams,
            nutrients=clean_nutrients(nutrients),
            magnesium_source=magnesium_source,
            batch_id=batch_id,
            created_at=now,
            updated_at=now,
        ),
    )


def log_parsed_food(
    session: Session, person_id: int, parsed: Any, *, eaten_at: datetime, now: datetime
) -> FoodEntryRow:
    """Store a `magcoach.foods.parse.ParsedEntry` with a snapshot of its nutrients."""
    food = parsed.food
    return add_food_entry(
        session,
        person_id,
        eaten_at=eaten_at,
        text=parsed.text,
        nutrients=parsed.nutrients,
        now=now,
        food_id=food.id,
        food_description=food.description,
        food_source=food.source,
        quantity=parsed.quantity,
        unit=parsed.unit,
        grams=parsed.grams,
        magnesium_source=str(food.source).split(":")[0] or "usda",
    )


def food_entries(
    session: Session, person_id: int, start: date, end: date, *, include_deleted: bool = False
) -> list[FoodEntryRow]:
    lo, hi = day_bounds(start, end)
    query = select(FoodEntryRow).where(
        FoodEntryRow.person_id == person_id,
        FoodEntryRow.eaten_at >= lo,
        FoodEntryRow.eaten_at < hi,
    )
    if not include_deleted:
        query = query.where(FoodEntryRow.deleted_at.is_(None))
    return list(session.scalars(query.order_by(FoodEntryRow.eaten_at, FoodEntryRow.id)))


def food_entry_days(
    session: Session, person_id: int, magnesium_sources: Iterable[str]
) -> set[date]:
    """The days with a food entry whose magnesium came from one of these sources."""
    rows = session.scalars(
        select(FoodEntryRow.eaten_at).where(
            *live(FoodEntryRow, person_id),
            FoodEntryRow.magnesium_source.in_(list(magnesium_sources)),
        )
    )
    return {r.date() for r in rows}


def food_item(row: FoodEntryRow) -> FoodItem:
    return FoodItem(
        eaten_at=row.eaten_at,
        text=row.text,
        nutrients=dict(row.nutrients or {}),
        description=row.food_description,
        grams=row.grams,
        magnesium_source=row.magnesium_source,
        entry_id=f"F{row.id}",
    )
