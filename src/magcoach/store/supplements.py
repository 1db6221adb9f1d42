"""Supplement products and the doses taken."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from magcoach.errors import Conflict, InvalidInput, NotFound
from magcoach.intake import (
    SupplementItem,
)
from magcoach.store.models import (
    SupplementIntakeRow,
    SupplementProductRow,
)

if TYPE_CHECKING:
    pass
from magcoach.products import ProductDose
from magcoach.store.base import (
    added,
    check_entry_day,
    live,
    live_between,
)

# ---------------------------------------------------------------- supplements


def add_supplement_product(
    session: Session,
    person_id: int,
    *,
    name: str,
    dose: ProductDose,
    form_id: str | None,
    salt_mg: float | None,
    label_elemental_mg: float | None,
    unit_name: str,
    now: datetime,
) -> SupplementProductRow:
    if _product(session, person_id, name, required=False) is not None:
        raise Conflict(f"A supplement called {name!r} already exists.")
    return added(
        session,
        SupplementProductRow(
            person_id=person_id,
            name=name.strip(),
            form_id=form_id,
            unit_name=unit_name,
            elemental_mg_per_unit=dose.elemental_mg_per_unit,
            label_elemental_mg_per_unit=label_elemental_mg,
            salt_mg_per_unit=salt_mg,
            computed_elemental_mg_per_unit=dose.computed_mg,
            elemental_basis=dose.basis,
            explanation=dose.explanation,
            created_at=now,
            updated_at=now,
        ),
    )


def _product(
    session: Session, person_id: int, name: str, *, required: bool = True
) -> SupplementProductRow | None:
    rows = session.scalars(
        select(SupplementProductRow).where(*live(SupplementProductRow, person_id))
    ).all()
    for row in rows:
        if row.name.lower() == name.strip().lower():
            return row
    if required:
        raise NotFound(
            f"No supplement called {name!r}.",
            hint=(
                f"Your supplements: {', '.join(r.name for r in rows)}."
                if rows
                else "Add the product first, with the elemental magnesium from its label."
            ),
            field="supplement",
        )
    return None


def supplement_products(session: Session, person_id: int) -> list[SupplementProductRow]:
    return list(
        session.scalars(
            select(SupplementProductRow)
            .where(*live(SupplementProductRow, person_id))
            .order_by(SupplementProductRow.name)
        )
    )


def take_supplement(
    session: Session,
    person_id: int,
    product_name: str,
    *,
    units: float,
    taken_at: datetime,
    now: datetime,
) -> SupplementIntakeRow:
    if not 0 < units <= 50:
        raise InvalidInput("The units taken must be more than 0 and at most 50.", field="units")
    check_entry_day(session, person_id, taken_at, now=now, what="The time taken")
    product = _product(session, person_id, product_name)
    assert product is not None
    return added(
        session,
        SupplementIntakeRow(
            person_id=person_id,
            product_id=product.id,
            taken_at=taken_at,
            units=units,
            elemental_mg=units * product.elemental_mg_per_unit,
            created_at=now,
            updated_at=now,
        ),
    )


def supplement_intakes(
    session: Session, person_id: int, start: date, end: date
) -> list[SupplementItem]:
    """Supplements taken between two days (inclusive), oldest first."""
    rows = session.execute(
        select(SupplementIntakeRow, SupplementProductRow.name)
        .join(SupplementProductRow, SupplementProductRow.id == SupplementIntakeRow.product_id)
        .where(
            *live_between(SupplementIntakeRow, SupplementIntakeRow.taken_at, person_id, start, end)
        )
        .order_by(SupplementIntakeRow.taken_at, SupplementIntakeRow.id)
    ).all()
    return [
        SupplementItem(row.taken_at, name, row.units, row.elemental_mg, f"S{row.id}")
        for row, name in rows
    ]
