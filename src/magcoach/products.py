"""A supplement product as its label describes it: elemental magnesium per unit, read from
the label or computed from the weight of the magnesium compound and the form's share of
magnesium. Pure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from magcoach.errors import InvalidInput, NotFound


@dataclass(frozen=True)
class ProductDose:
    elemental_mg_per_unit: float
    basis: str  # "label" | "computed"
    computed_mg: float | None
    explanation: str


def product_dose(
    *,
    form_id: str | None,
    form_name: str | None,
    elemental_pct: float | None,
    label_elemental_mg: float | None,
    salt_mg: float | None,
) -> ProductDose:
    """Elemental magnesium per unit from the label, or the salt weight × the form's elemental %.

    Pure. With both, the label wins and the explanation says how far the computed value is off.
    """
    if label_elemental_mg is None and salt_mg is None:
        raise InvalidInput(
            "Give the elemental magnesium per unit from the label, or the weight of the "
            "magnesium compound with its form.",
            hint="Labels usually say 'Magnesium (as magnesium glycinate) 100 mg': that is "
            "the elemental amount.",
            field="elemental_mg",
        )
    for value, field, what_it_is in (
        (label_elemental_mg, "elemental_mg", "The elemental magnesium"),
        (salt_mg, "salt_mg", "The weight of the compound"),
    ):
        if value is not None and not 0 < value <= 5000:
            raise InvalidInput(f"{what_it_is} must be between 0 and 5000 mg per unit.", field=field)
    what = form_name or form_id or "magnesium compound"
    computed = None
    if salt_mg is not None:
        if elemental_pct is None:
            raise InvalidInput(
                f"To compute elemental magnesium from {salt_mg:g} mg, magcoach needs the form "
                "(e.g. glycinate, citrate, oxide).",
                hint="Or give the label's elemental amount.",
                field="form",
            )
        computed = salt_mg * elemental_pct / 100
    if label_elemental_mg is not None:
        explanation = f"{label_elemental_mg:g} mg elemental magnesium per unit (from the label)"
        if computed is not None:
            diff = label_elemental_mg - computed
            explanation += (
                f"; {salt_mg:g} mg {what} at {elemental_pct:g} % would give ≈{computed:.0f} mg"
                f" ({diff:+.0f} mg vs the label) - the label figure is used"
            )
        return ProductDose(label_elemental_mg, "label", computed, explanation)
    assert computed is not None and salt_mg is not None
    explanation = (
        f"{salt_mg:g} mg {what} ≈ {computed:.0f} mg magnesium "
        f"({elemental_pct:g} % elemental magnesium by weight)"
    )
    return ProductDose(computed, "computed", computed, explanation)


def form_elemental_pct(form_id: str, hydrate: bool = False) -> tuple[str, float | None]:
    """(display name, elemental %) of a supplement form from the reference data."""
    from magcoach.reference import supplement_forms

    forms: Mapping[str, Any] = supplement_forms()
    key = form_id.strip().lower().replace(" ", "-")
    form = forms.get(key) or forms.get(f"magnesium-{key}") or forms.get(key.replace("-", "_"))
    if form is None:
        raise NotFound(
            f"Unknown supplement form {form_id!r}.",
            hint=f"Known forms: {', '.join(sorted(forms))}.",
        )
    pct = getattr(form, "elemental_pct_hydrate" if hydrate else "elemental_pct_anhydrous", None)
    if pct is None:
        pct = getattr(form, "elemental_pct_anhydrous", None) or getattr(
            form, "elemental_pct_hydrate", None
        )
    name = getattr(form, "name", None) or key
    return str(name), (None if pct is None else float(pct))
