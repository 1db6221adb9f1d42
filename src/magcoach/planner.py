"""Food ranking per realistic serving, and a food plan that closes a magnesium gap.

Pure: foods come in as values (nutrients per 100 g and household portions from USDA), plans
go out as values. The food plan is a small mixed-integer programme solved with scipy's HiGHS
(`magcoach.milp`: what `scipy.optimize.milp` solves, without its import): whole servings to
add (or swap for a low-magnesium food) so that magnesium reaches the target within an energy
budget, sugar and sodium caps, per-food and per-group serving caps, a minimum variety, the
person's diet pattern and allergies.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # numpy and scipy load only when a plan is solved: `foods rich` stays quick
    import numpy as np

# --- diet patterns and allergies ------------------------------------------------------------

#: Tags a diet pattern rules out.
DIET_EXCLUDES: Mapping[str, frozenset[str]] = {
    "omnivore": frozenset(),
    "pescatarian": frozenset({"animal"}),
    "vegetarian": frozenset({"animal", "fish", "shellfish"}),
    "vegan": frozenset({"animal", "fish", "shellfish", "dairy", "egg"}),
}

#: Words people type for an allergy or intolerance → the tag(s) it rules out.
ALLERGY_TAGS: Mapping[str, frozenset[str]] = {
    "nut": frozenset({"nuts"}),
    "nuts": frozenset({"nuts"}),
    "tree nut": frozenset({"nuts"}),
    "tree nuts": frozenset({"nuts"}),
    "treenuts": frozenset({"nuts"}),
    "peanut": frozenset({"peanuts"}),
    "peanuts": frozenset({"peanuts"}),
    "seed": frozenset({"seeds", "sesame"}),
    "seeds": frozenset({"seeds", "sesame"}),
    "sesame": frozenset({"sesame"}),
    "gluten": frozenset({"gluten"}),
    "wheat": frozenset({"gluten"}),
    "coeliac": frozenset({"gluten"}),
    "celiac": frozenset({"gluten"}),
    "fish": frozenset({"fish"}),
    "shellfish": frozenset({"shellfish"}),
    "seafood": frozenset({"fish", "shellfish"}),
    "milk": frozenset({"dairy"}),
    "dairy": frozenset({"dairy"}),
    "lactose": frozenset({"dairy"}),
    "egg": frozenset({"egg"}),
    "eggs": frozenset({"egg"}),
    "soy": frozenset({"soy"}),
    "soya": frozenset({"soy"}),
    "meat": frozenset({"animal"}),
}

#: Conditions (reference ids) that rule foods out the way an allergy does.
CONDITION_TAGS: Mapping[str, frozenset[str]] = {
    "celiac": frozenset({"gluten"}),
    "coeliac": frozenset({"gluten"}),
    "celiac_disease": frozenset({"gluten"}),
}


@dataclass(frozen=True)
class Exclusions:
    """What a person does not eat: tags (from diet and allergies) and free-text words."""

    tags: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    explained: tuple[str, ...] = ()

    def excludes(self, tags: Iterable[str], text: str) -> bool:
        if self.tags.intersection(tags):
            return True
        lowered = text.lower()
        return any(re.search(rf"\b{re.escape(word)}", lowered) for word in self.words)


def exclusions_for(
    diet: str = "omnivore",
    allergies: Iterable[str] = (),
    conditions: Iterable[str] = (),
    extra: Iterable[str] = (),
) -> Exclusions:
    """Combine a diet pattern, allergies, conditions (celiac) and `--exclude` words.

    A word that is not a known allergen ("banana") excludes foods whose name contains it.
    """
    tags = set(DIET_EXCLUDES.get(diet, frozenset()))
    words: set[str] = set()
    explained: list[str] = []
    if diet != "omnivore":
        explained.append(f"{diet} diet: no {', '.join(sorted(DIET_EXCLUDES[diet]))}")
    for raw in (*allergies, *extra):
        word = raw.strip().lower()
        if not word:
            continue
        if word in ALLERGY_TAGS:
            tags |= ALLERGY_TAGS[word]
            explained.append(f"{raw.strip()}: no {', '.join(sorted(ALLERGY_TAGS[word]))}")
        else:
            words.add(word.rstrip("s") if len(word) > 3 else word)
            explained.append(f"{raw.strip()}: no foods named '{word}'")
    for condition in conditions:
        if condition in CONDITION_TAGS:
            tags |= CONDITION_TAGS[condition]
            explained.append(f"{condition}: no gluten")
    return Exclusions(frozenset(tags), frozenset(words), tuple(explained))


# --- the food plan --------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolFood:
    """A pool serving with its nutrient values per serving (net values for a swap)."""

    food_id: str
    serving: str
    grams: float
    magnesium_mg: float
    kcal: float
    sugars_g: float | None
    sodium_mg: float | None
    max_servings: int = 1
    group: str = "other"
    tags: frozenset[str] = frozenset()
    slot: str = "snack"
    description: str = ""
    replaces: str | None = None  # the serving it replaces, for a swap


@dataclass(frozen=True)
class FoodPlanLimits:
    """The constraints of a food plan (all amounts are what the plan ADDS per day)."""

    kcal_budget: float = 300.0
    max_sugars_g: float = 30.0
    max_sodium_mg: float = 600.0
    max_servings_per_food: int = 2
    max_servings_per_group: int = 2
    min_distinct_foods: int | None = None  # None: 1 per started 100 mg of gap, at most 3


DEFAULT_LIMITS = FoodPlanLimits()
#: Groups with a tighter daily cap than `max_servings_per_group` (one big plate of greens a day).
GROUP_CAPS: Mapping[str, int] = {"leafy_greens": 1, "sweets": 1}
WEIGHT_LOSS_KCAL_BUDGET = 100.0


@dataclass(frozen=True)
class PlanItem:
    food_id: str
    food: str  # the serving as a person reads it: "1 oz pumpkin seeds"
    servings: int
    grams: float
    magnesium_mg: float
    kcal: float
    sugars_g: float
    sodium_mg: float
    slot: str
    replaces: str | None = None


@dataclass(frozen=True)
class FoodPlan:
    items: tuple[PlanItem, ...]
    magnesium_mg_needed: float
    magnesium_mg_added: float
    added_kcal: float
    added_sugars_g: float
    added_sodium_mg: float
    limits: FoodPlanLimits
    solve_ms: float
    feasible: Literal[True] = True


@dataclass(frozen=True)
class InfeasiblePlan:
    """No plan fits: which constraints bind and what relaxing each would take."""

    magnesium_mg_needed: float
    best_magnesium_mg: float  # the most the allowed foods can add within all the limits
    binding: tuple[str, ...]  # constraint names, e.g. ("energy", "variety")
    suggestions: tuple[str, ...]
    limits: FoodPlanLimits
    solve_ms: float
    feasible: Literal[False] = False

    @property
    def message(self) -> str:
        return (
            f"No food plan adds {self.magnesium_mg_needed:.0f} mg of magnesium within your limits; "
            f"the most the allowed foods can add is {self.best_magnesium_mg:.0f} mg."
        )


CONSTRAINT_NAMES = {
    "energy": "the energy budget",
    "sugar": "the sugar cap",
    "sodium": "the sodium cap",
    "per_food": "the servings-per-food cap",
    "per_group": "the servings-per-food-group cap",
    "variety": "the minimum number of different foods",
}


def default_min_distinct(gap_mg: float) -> int:
    return max(1, min(3, math.ceil(gap_mg / 100.0)))


@dataclass
class _Problem:
    foods: Sequence[PoolFood]
    need_mg: float
    limits: FoodPlanLimits
    drop: frozenset[str] = field(default_factory=frozenset)


Objective = Literal["plan", "max_mg", "energy", "sugar", "sodium"]


def _solve(problem: _Problem, objective: Objective = "plan") -> np.ndarray | None:
    import numpy as np

    from magcoach import milp

    foods, limits = problem.foods, problem.limits
    n = len(foods)
    if n == 0:
        return None
    columns = _columns(foods)
    big = 20
    if "per_food" in problem.drop:
        caps = np.full(n, big, dtype=float)
    else:
        caps = np.array([min(f.max_servings, limits.max_servings_per_food) for f in foods], float)
    rows, lower, upper = _constraint_rows(problem, objective, columns)
    zeros = np.zeros(n)
    cost = np.concatenate([_cost(objective, columns), zeros])
    x = milp.solve(
        cost,
        np.array(rows),
        np.array(lower),
        np.array(upper),
        np.zeros(2 * n),
        np.concatenate([caps, np.ones(n)]),
        time_limit=5.0,
    )
    if x is None:
        return None
    servings: np.ndarray = np.round(x[:n]).astype(int)
    return servings


def _columns(foods: Sequence[PoolFood]) -> dict[str, np.ndarray]:
    """Per-serving magnesium, energy, sugar and sodium of every food (missing counts as 0)."""
    import numpy as np

    return {
        "mg": np.array([f.magnesium_mg for f in foods]),
        "kcal": np.array([f.kcal for f in foods]),
        "sugar": np.array([f.sugars_g or 0.0 for f in foods]),
        "sodium": np.array([f.sodium_mg or 0.0 for f in foods]),
    }


def _cost(objective: Objective, columns: Mapping[str, np.ndarray]) -> np.ndarray:
    if objective == "plan":
        # Fewest added kcal, a small cost per serving, a small reward for extra magnesium.
        cost: np.ndarray = columns["kcal"] + 5.0 - 0.1 * columns["mg"]
        return cost
    if objective == "max_mg":
        return -columns["mg"]
    return columns[{"energy": "kcal", "sugar": "sugar", "sodium": "sodium"}[objective]]


def _constraint_rows(
    problem: _Problem, objective: Objective, columns: Mapping[str, np.ndarray]
) -> tuple[list[np.ndarray], list[float], list[float]]:
    """The rows over (servings x, used y): the need, the caps that are not dropped or being
    minimised, the group caps and the variety rule."""
    import numpy as np

    foods, limits, drop = problem.foods, problem.limits, problem.drop
    n = len(foods)
    zeros = np.zeros(n)
    rows: list[np.ndarray] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(row_x: np.ndarray, row_y: np.ndarray, lo: float, hi: float) -> None:
        rows.append(np.concatenate([row_x, row_y]))
        lower.append(lo)
        upper.append(hi)

    if objective != "max_mg":
        add(columns["mg"], zeros, problem.need_mg, np.inf)
    if "energy" not in drop and objective != "energy":
        add(columns["kcal"], zeros, -np.inf, limits.kcal_budget)
    if "sugar" not in drop and objective != "sugar":
        add(columns["sugar"], zeros, -np.inf, limits.max_sugars_g)
    if "sodium" not in drop and objective != "sodium":
        add(columns["sodium"], zeros, -np.inf, limits.max_sodium_mg)
    if "per_group" not in drop:
        for group in sorted({f.group for f in foods}):
            members = np.array([1.0 if f.group == group else 0.0 for f in foods])
            cap = min(limits.max_servings_per_group, GROUP_CAPS.get(group, 99))
            add(members, zeros, -np.inf, float(cap))
    min_distinct = (
        limits.min_distinct_foods
        if limits.min_distinct_foods is not None
        else default_min_distinct(problem.need_mg)
    )
    if "variety" not in drop and min_distinct > 1:
        # y_i = 1 only when food i is used (y_i <= x_i); at least `min_distinct` of them.
        for i in range(n):
            row_x = zeros.copy()
            row_x[i] = -1.0
            row_y = zeros.copy()
            row_y[i] = 1.0
            add(row_x, row_y, -np.inf, 0.0)
        add(zeros, np.ones(n), float(min_distinct), np.inf)
    return rows, lower, upper


def plan_foods(
    foods: Sequence[PoolFood],
    magnesium_mg_needed: float,
    limits: FoodPlanLimits = DEFAULT_LIMITS,
) -> FoodPlan | InfeasiblePlan:
    """Whole servings from `foods` adding at least `magnesium_mg_needed` within `limits`.

    `foods` must already be filtered to what the person eats (see `exclusions_for`).
    Foods without a magnesium or energy value are left out (missing is not zero).
    """
    from magcoach.milp import load_solver

    load_solver()  # before the clock starts: solve_ms is the solve

    started = time.perf_counter()
    usable = [f for f in foods if f.magnesium_mg > 0 and not math.isnan(f.kcal)]
    need = max(0.0, float(magnesium_mg_needed))
    if need == 0:
        return FoodPlan((), 0.0, 0.0, 0.0, 0.0, 0.0, limits, _ms(started))
    problem = _Problem(usable, need, limits)
    servings = _solve(problem)
    if servings is not None:
        items = tuple(
            PlanItem(
                food_id=f.food_id,
                food=f.serving,
                servings=int(k),
                grams=round(f.grams * k, 1),
                magnesium_mg=round(f.magnesium_mg * k, 1),
                kcal=round(f.kcal * k, 1),
                sugars_g=round((f.sugars_g or 0.0) * k, 1),
                sodium_mg=round((f.sodium_mg or 0.0) * k, 1),
                slot=f.slot,
                replaces=f.replaces,
            )
            for f, k in zip(usable, servings, strict=True)
            if k > 0
        )
        items = tuple(
            sorted(
                items,
                key=lambda item: (
                    "breakfast lunch dinner snack".find(item.slot),
                    -item.magnesium_mg,
                ),
            )
        )
        return FoodPlan(
            items=items,
            magnesium_mg_needed=round(need, 1),
            magnesium_mg_added=round(sum(i.magnesium_mg for i in items), 1),
            added_kcal=round(sum(i.kcal for i in items), 1),
            added_sugars_g=round(sum(i.sugars_g for i in items), 1),
            added_sodium_mg=round(sum(i.sodium_mg for i in items), 1),
            limits=limits,
            solve_ms=_ms(started),
        )
    return _diagnose(problem, started)


def _diagnose(problem: _Problem, started: float) -> InfeasiblePlan:
    import numpy as np

    foods, limits = problem.foods, problem.limits
    best = _solve(_Problem(foods, problem.need_mg, limits), "max_mg")
    best_mg = float(np.dot(best, [f.magnesium_mg for f in foods])) if best is not None else 0.0
    binding: list[str] = []
    suggestions: list[str] = []
    if not foods:
        return InfeasiblePlan(
            problem.need_mg,
            0.0,
            ("foods",),
            ("Your diet and allergy exclusions leave no foods in the pool; talk to a dietitian.",),
            limits,
            _ms(started),
        )
    resource = {
        "energy": ("kcal", limits.kcal_budget, "the energy budget"),
        "sugar": ("g of sugars", limits.max_sugars_g, "the sugar cap"),
        "sodium": ("mg of sodium", limits.max_sodium_mg, "the sodium cap"),
    }
    for name in CONSTRAINT_NAMES:
        relaxed = _Problem(foods, problem.need_mg, limits, frozenset({name}))
        if name in resource:
            unit, current, knob = resource[name]
            solution = _solve(relaxed, name)  # type: ignore[arg-type]
            if solution is None:
                continue
            values = {
                "energy": [f.kcal for f in foods],
                "sugar": [f.sugars_g or 0.0 for f in foods],
                "sodium": [f.sodium_mg or 0.0 for f in foods],
            }[name]
            needed = float(np.dot(solution, values))
            binding.append(name)
            suggestions.append(
                f"{CONSTRAINT_NAMES[name].capitalize()} binds ({current:.0f} {unit}): "
                f"about {math.ceil(needed)} {unit} would reach the target (raise {knob})."
            )
        elif _solve(relaxed) is not None:
            binding.append(name)
            suggestions.append(f"{CONSTRAINT_NAMES[name].capitalize()} binds: relaxing it works.")
    if not binding:
        suggestions.append(
            "No single limit is to blame: the foods you eat cannot close this gap alone. "
            "Ask your clinician or a dietitian whether a supplement is right for you."
        )
    return InfeasiblePlan(
        magnesium_mg_needed=round(problem.need_mg, 1),
        best_magnesium_mg=round(best_mg, 1),
        binding=tuple(binding),
        suggestions=tuple(suggestions),
        limits=limits,
        solve_ms=_ms(started),
    )


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 2)


def filter_pool(foods: Iterable[PoolFood], exclusions: Exclusions) -> list[PoolFood]:
    return [
        f
        for f in foods
        if not exclusions.excludes(f.tags, f"{f.serving} {f.description} {f.replaces or ''}")
    ]


# --- ranking foods per realistic serving ----------------------------------------------------

RankBy = Literal["serving", "100kcal", "100g"]
DEFAULT_MAX_SODIUM_MG_PER_SERVING = 400.0

#: USDA SR food groups (by code and by name) that are never a serving on their own.
NON_SERVING_GROUPS = frozenset(
    {"0200", "0300", "0400", "Spices and Herbs", "Baby Foods", "Fats and Oils"}
)
_GROUP_NAMES = {
    "0100": "Dairy and Egg Products",
    "0500": "Poultry Products",
    "0700": "Sausages and Luncheon Meats",
    "0800": "Breakfast Cereals",
    "0900": "Fruits and Fruit Juices",
    "1000": "Pork Products",
    "1100": "Vegetables and Vegetable Products",
    "1200": "Nut and Seed Products",
    "1300": "Beef Products",
    "1400": "Beverages",
    "1500": "Finfish and Shellfish Products",
    "1600": "Legumes and Legume Products",
    "1700": "Lamb, Veal, and Game Products",
    "1800": "Baked Products",
    "1900": "Sweets",
    "2000": "Cereal Grains and Pasta",
}
_MEAT_GROUPS = {
    "Poultry Products",
    "Sausages and Luncheon Meats",
    "Pork Products",
    "Beef Products",
    "Lamb, Veal, and Game Products",
}

#: Raw ingredients, supplement-like products and condiments: not a serving a person eats.
_NOT_A_SERVING = re.compile(
    r"\b(bran, (crude|raw)|^(wheat|rice|oat|corn) bran|germ, crude|agar|seaweed, .*dried|"
    r"infant formula|formula|supplement|meal replacement|protein (powder|isolate)|isolate|"
    r"fish sauce|soy sauce|powder|dry mix|mix, dry|flour|meal\b|leavening|yeast|molasses|"
    r"dehydrated|concentrate|bouillon|seasoning|gum|spirulina|baking chocolate|"
    r"unsweetened, squares|cocoa, dry|syrup|sweetener|sugars?, )",
    re.IGNORECASE,
)
_RAW_STAPLE = re.compile(r"\b(raw|dry|uncooked|unprepared)\b", re.IGNORECASE)

_TAG_WORDS: Mapping[str, re.Pattern[str]] = {
    "animal": re.compile(
        r"\b(beef|pork|chicken|turkey|lamb|veal|ham|bacon|sausage|meat|gelatin|"
        r"lard|duck|goose|venison|bison|liver)\b",
        re.I,
    ),
    "fish": re.compile(
        r"\b(fish|salmon|mackerel|tuna|cod|halibut|sardine|anchov|herring|trout|"
        r"pollock|haddock|tilapia|catfish|snapper|bass|perch|roe)",
        re.I,
    ),
    "shellfish": re.compile(
        r"\b(shrimp|crab|lobster|clam|oyster|mussel|scallop|squid|octopus|"
        r"crayfish|shellfish|mollus|crustacean|whelk|abalone)",
        re.I,
    ),
    "dairy": re.compile(r"\b(milk|cheese|yogurt|yoghurt|butter|cream|whey|kefir|dairy)\b", re.I),
    "egg": re.compile(r"\beggs?\b", re.I),
    "nuts": re.compile(
        r"\b(nuts?|almonds?|cashews?|walnuts?|pecans?|pistachios?|hazelnuts?|"
        r"filberts?|macadamias?|brazilnuts?|pine nuts|chestnuts?)\b",
        re.I,
    ),
    "peanuts": re.compile(r"\bpeanuts?\b", re.I),
    # "mature seeds" / "immature seeds" are how USDA names dry and green beans, not seeds
    "seeds": re.compile(r"(?<!mature )\bseeds?\b", re.I),
    "sesame": re.compile(r"\b(sesame|tahini)\b", re.I),
    "gluten": re.compile(
        r"\b(wheat|barley|rye|bread|pasta|spaghetti|macaroni|noodles?|couscous|"
        r"bulgur|semolina|spelt|farina|crackers?|cookies?|muffins?|bagels?|rolls?|"
        r"cake|pie|biscuits?|pretzels?|oats?|oatmeal|granola)\b",
        re.I,
    ),
    "soy": re.compile(r"\b(soy|soya|tofu|edamame|tempeh|miso|natto|soybeans?|soymilk)\b", re.I),
}

#: The seed's magnesium-rich foods, highlighted in the ranking.
SEED_FOODS: Mapping[str, re.Pattern[str]] = {
    "spinach": re.compile(r"\bspinach\b", re.I),
    "kale": re.compile(r"\bkale\b", re.I),
    "Swiss chard": re.compile(r"\bchard\b", re.I),
    "pumpkin seeds": re.compile(r"pumpkin and squash seed", re.I),
    "almonds": re.compile(r"\balmonds\b", re.I),
    "cashews": re.compile(r"\bcashew", re.I),
    "chia seeds": re.compile(r"\bchia\b", re.I),
    "black beans": re.compile(r"beans, black\b|\bblack beans\b", re.I),
    "chickpeas": re.compile(r"chickpea", re.I),
    "lentils": re.compile(r"\blentils?\b", re.I),
    "brown rice": re.compile(r"rice, brown", re.I),
    "oats": re.compile(r"^oats\b|cereals, oats|\boatmeal\b", re.I),
    "whole wheat bread": re.compile(r"bread, whole-wheat|whole.wheat bread", re.I),
    "bananas": re.compile(r"^bananas", re.I),
    "avocados": re.compile(r"^avocados", re.I),
    "dried figs": re.compile(r"figs, dried", re.I),
    "dark chocolate 70%+": re.compile(r"chocolate, dark, (70|45-59|60-69)", re.I),
    "salmon": re.compile(r"\bsalmon\b", re.I),
    "mackerel": re.compile(r"\bmackerel\b", re.I),
}


@dataclass(frozen=True)
class FoodFacts:
    """What ranking needs from one food: per-100 g values, group and USDA portions."""

    food_id: str
    description: str
    group: str  # USDA food group code ("1200") or name
    magnesium_mg: float | None
    kcal: float | None
    sugars_g: float | None
    sodium_mg: float | None
    portions: tuple[tuple[str, float], ...]  # (description as "1 oz", grams)
    #: Named in the foods people report eating (FNDDS / NHANES); the shell computes it
    common: bool = True


@dataclass(frozen=True)
class RankedFood:
    food_id: str
    description: str
    serving: str
    grams: float
    magnesium_mg: float
    kcal: float | None
    sugars_g: float | None
    sodium_mg: float | None
    magnesium_mg_per_100kcal: float | None
    magnesium_mg_per_100g: float
    seed_food: str | None
    tags: tuple[str, ...]
    in_pool: bool = False  # one of the curated pool's foods (the food plan chooses from them)
    variants: int = 1  # how many USDA records of this food (salted, roasted...) the row stands for


def group_name(group: str) -> str:
    return _GROUP_NAMES.get(group, group)


def tags_for(description: str, group: str) -> frozenset[str]:
    """Diet and allergen tags from the USDA food group plus words in the description."""
    name = group_name(group)
    tags = {tag for tag, pattern in _TAG_WORDS.items() if pattern.search(description)}
    if name in _MEAT_GROUPS:
        tags.add("animal")
    if name == "Finfish and Shellfish Products" and "shellfish" not in tags:
        tags.add("fish")
    if name == "Dairy and Egg Products":
        tags.add("egg" if re.search(r"\begg", description, re.I) else "dairy")
    if name == "Baked Products":
        tags.add("gluten")
    if name == "Nut and Seed Products" and not tags & {"nuts", "seeds", "sesame", "peanuts"}:
        tags.add("seeds" if "seed" in description.lower() else "nuts")
    if "peanuts" in tags and not re.search(
        r"\b(almond|cashew|walnut|pecan|mixed)", description, re.I
    ):
        tags.discard("nuts")  # peanuts are legumes; "nuts" means tree nuts here
    if re.search(r"nutmeg|coconut|butternut|doughnut|nutrition", description, re.I):
        tags.discard("nuts")
    if (
        re.search(
            r"peanut butter|cocoa butter|apple butter|butternut|butterbur|nut butter",
            description,
            re.I,
        )
        and name != "Dairy and Egg Products"
    ):
        tags.discard("dairy")
    if (
        re.search(
            r"(soy|almond|rice|oat|coconut) ?milk|soymilk|milkfish|buttermilk squash",
            description,
            re.I,
        )
        and name != "Dairy and Egg Products"
    ):
        tags.discard("dairy")
    without_buckwheat = re.sub("buckwheat", "", description, flags=re.I)
    if "gluten" in tags and not _TAG_WORDS["gluten"].search(without_buckwheat):
        tags.discard("gluten")
    return frozenset(tags)


def is_a_serving_food(description: str, group: str) -> bool:
    """False for spices, raw ingredients (bran, agar, flour, dry grains and beans), infant
    formula, supplement-like products and condiments such as fish sauce."""
    if group in NON_SERVING_GROUPS or group_name(group) in NON_SERVING_GROUPS:
        return False
    if _NOT_A_SERVING.search(description):
        return False
    name = group_name(group)
    if name == "Finfish and Shellfish Products" and re.search(r"\braw\b", description, re.I):
        return False  # raw fish and shellfish: cooked portions are the realistic servings
    if name == "Vegetables and Vegetable Products" and re.search(r"\bdried\b", description, re.I):
        return False  # dried vegetables are ingredients
    if name == "Cereal Grains and Pasta" and not re.search(r"cooked|prepared", description, re.I):
        return False  # dry grains (buckwheat, sorghum, oats) are ingredients
    if name in {"Cereal Grains and Pasta", "Legumes and Legume Products"} and _RAW_STAPLE.search(
        description
    ):
        # dry rice, pasta or beans are ingredients; tofu and peanuts are eaten as they are
        return bool(re.search(r"tofu|peanuts|peanut butter|tempeh|hummus", description, re.I))
    return True


_PREFERRED = (
    re.compile(r"nlea serving", re.I),
    re.compile(r"^1 oz\b|^oz\b", re.I),
    re.compile(r"^3 oz\b", re.I),
    re.compile(r"\b(medium|slice|fruit|fillet|piece|each|patty|container|bar)\b", re.I),
    re.compile(r"\bcup\b", re.I),
)


MAX_SERVING_KCAL = 400.0


def choose_serving(facts: FoodFacts) -> tuple[str, float] | None:
    """A realistic serving from the food's USDA portions (None when none fits).

    Portions of 5–350 g and at most 400 kcal; nuts, seeds and sweets by the ounce or
    tablespoon (never a cup), fish and meat by 3 oz, otherwise NLEA serving, a piece, a cup.
    """
    name = group_name(facts.group)
    kcal_per_g = (facts.kcal or 0.0) / 100.0
    portions = [
        (desc, grams)
        for desc, grams in facts.portions
        if 5.0 <= grams <= 350.0 and grams * kcal_per_g <= MAX_SERVING_KCAL
    ]
    if not portions:
        return None
    by_group: Sequence[re.Pattern[str]]
    if name in {"Nut and Seed Products", "Sweets", "Snacks"} or re.search(
        r"peanut butter|nut butter|peanuts|cheese", facts.description, re.I
    ):  # eaten by the ounce or spoonful
        by_group = (
            re.compile(r"^1 oz\b", re.I),
            re.compile(r"^2 tbsp\b", re.I),
            re.compile(r"\btbsp\b", re.I),
            re.compile(r"nlea serving", re.I),
            re.compile(r"\b(bar|piece|each)\b", re.I),
        )
    elif name == "Finfish and Shellfish Products" or name in _MEAT_GROUPS:
        by_group = (re.compile(r"^3 oz\b", re.I), *_PREFERRED)
    else:
        by_group = _PREFERRED
    for pattern in by_group:
        for desc, grams in portions:
            if pattern.search(desc):
                return desc, grams
    return None


#: Upper-case words that are not brand names (SR Legacy spells brands in capitals: "KASHI").
_NOT_BRANDS = frozenset({"USDA", "NFS", "NS", "DHA", "ARA", "BBQ"})
_UPPER_WORD = re.compile(r"\b[A-Z][A-Z0-9'&.\-]*[A-Z]\b")
_RESTAURANT_GROUPS = frozenset({"Restaurant Foods", "Fast Foods"})
#: Foods recorded for one community, not what most people eat ("Northern Plains Indians").
_REGIONAL_GROUPS = frozenset({"American Indian/Alaska Native Foods"})

#: Words of a description segment that name a form of the food, not another food: a segment
#: made only of these ("roasted", "with salt added", "cooked, boiled") ends the food's name.
_FORM_WORDS = frozenset(
    re.findall(
        r"\w+",
        "raw cooked boiled drained without with salt salted unsalted added lightly roasted dry "
        "dried toasted canned frozen prepared unprepared steamed baked broiled grilled "
        "microwaved stewed heat moist oil solids liquids and or regular pack mature seeds seed "
        "kernels whole blanched unblanched chopped leaf sliced diced halves pieces low sodium "
        "no smoke flavor rinsed in tap water vitamin mineral fortified enriched unenriched not "
        "smooth chunky chunk crunchy creamy style",
    )
)
_RAW = re.compile(r"\braw\b", re.I)
_SALTED = re.compile(r"\b(with salt|salted|salt added)\b", re.I)
_UNSALTED = re.compile(r"\b(without salt|unsalted|no salt|low sodium)\b", re.I)

Scope = Literal["common", "all"]


def is_branded(description: str, group: str) -> bool:
    """True for brand-name and restaurant records: SR Legacy writes brands in capitals
    ("Snacks, granola bar, KASHI GOLEAN"); restaurant foods have their own food groups."""
    if group_name(group) in _RESTAURANT_GROUPS or "restaurant" in description.lower():
        return True
    return any(word not in _NOT_BRANDS for word in _UPPER_WORD.findall(description))


def is_salted(description: str) -> bool:
    return bool(_SALTED.search(description)) and not _UNSALTED.search(description)


def variant_key(description: str) -> str:
    """The food a record describes, without its form: the leading description segments up to
    the first one that only says how it is prepared. "Seeds, pumpkin and squash seed kernels,
    roasted, with salt added" and "..., dried" share "seed pumpkin and squash seed"."""
    text = re.sub(r"\([^)]*\)", " ", description.lower())
    segments = [seg.strip() for seg in text.split(",") if seg.strip()] or [text]
    kept = segments[:1]
    for seg in segments[1:]:
        if all(word in _FORM_WORDS for word in re.findall(r"[a-z]+", seg)):
            break
        kept.append(seg)
    words = re.findall(r"[a-z0-9]+", " ".join(kept))
    return " ".join(
        word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
        for word in words
        if word not in {"kernels", "kernel", "whole"}
    )


def rank_foods(
    foods: Iterable[FoodFacts],
    *,
    per: RankBy = "serving",
    exclusions: Exclusions = Exclusions(),
    max_sodium_mg: float | None = DEFAULT_MAX_SODIUM_MG_PER_SERVING,
    limit: int = 20,
    scope: Scope = "common",
    pool: Mapping[str, tuple[str, float]] | None = None,
) -> list[RankedFood]:
    """Foods ranked by magnesium per realistic serving (or per 100 kcal / 100 g).

    Every food shown has a real USDA serving; sodium above `max_sodium_mg` per serving is
    left out (None: no cap). Foods with no magnesium value are skipped (missing is not zero).

    `scope="common"` (the default) is the list to hand a person: no brand-name or restaurant
    records, only foods people commonly eat (`FoodFacts.common`, or in the curated `pool`:
    food id → its curated serving, shown instead of a USDA portion), and one row per food — its
    variants (salted, roasted, dried...) collapse into the best one (see `_one_per_food`).
    `scope="all"`: every USDA record that is a serving.
    """
    common_only = scope == "common"
    pool = pool or {}
    excluding = bool(exclusions.tags or exclusions.words)
    groups: dict[str, str] = {}  # food id → USDA group, for the tags of the foods shown
    candidates: list[RankedFood] = []
    for facts in foods:
        if not _worth_ranking(facts, per, pool, common_only=common_only):
            continue
        serving = pool.get(facts.food_id) or choose_serving(facts)
        if serving is None:
            continue
        sodium = _per_serving(facts.sodium_mg, serving[1])
        if max_sodium_mg is not None and sodium is not None and sodium > max_sodium_mg:
            continue
        tags: frozenset[str] = frozenset()
        if excluding:  # tags cost a dozen regex searches: only when something is excluded
            tags = tags_for(facts.description, facts.group)
            if exclusions.excludes(tags, facts.description):
                continue
        candidates.append(_at_serving(facts, serving, tags, in_pool=facts.food_id in pool))
        groups[facts.food_id] = facts.group

    key = _rank_key(per)
    if common_only:
        candidates = _one_per_food(candidates, key)
    candidates.sort(key=lambda r: (-key(r), r.description))
    return [
        replace(
            r,
            seed_food=seed_food(r.description),
            tags=r.tags if excluding else tuple(sorted(tags_for(r.description, groups[r.food_id]))),
        )
        for r in candidates[:limit]
    ]


def _worth_ranking(
    facts: FoodFacts, per: RankBy, pool: Mapping[str, object], *, common_only: bool
) -> bool:
    """A food with a magnesium value (and energy, per 100 kcal) that is a serving food; for the
    common list also one people commonly eat and no brand or regional record — unless the
    curated pool holds it."""
    if facts.magnesium_mg is None or facts.magnesium_mg <= 0:
        return False
    if per == "100kcal" and not facts.kcal:
        return False
    if (
        common_only
        and facts.food_id not in pool
        and (
            not facts.common
            or group_name(facts.group) in _REGIONAL_GROUPS
            or is_branded(facts.description, facts.group)
        )
    ):
        return False
    return is_a_serving_food(facts.description, facts.group)


def _per_serving(value_per_100g: float | None, grams: float) -> float | None:
    factor = grams / 100.0  # as the figures were always scaled: same rounding, same digits
    return None if value_per_100g is None else round(value_per_100g * factor, 1)


def _at_serving(
    facts: FoodFacts, serving: tuple[str, float], tags: frozenset[str], *, in_pool: bool
) -> RankedFood:
    """The food's figures for one serving (magnesium per 100 g and per 100 kcal beside)."""
    desc, grams = serving
    mg = facts.magnesium_mg or 0.0  # _worth_ranking let only foods with magnesium through
    return RankedFood(
        food_id=facts.food_id,
        description=facts.description,
        serving=desc,
        grams=round(grams, 1),
        magnesium_mg=round(mg * (grams / 100.0), 1),
        kcal=_per_serving(facts.kcal, grams),
        sugars_g=_per_serving(facts.sugars_g, grams),
        sodium_mg=_per_serving(facts.sodium_mg, grams),
        magnesium_mg_per_100kcal=round(mg / facts.kcal * 100, 1) if facts.kcal else None,
        magnesium_mg_per_100g=mg,
        seed_food=None,  # named later, only for the foods shown
        tags=tuple(sorted(tags)),
        in_pool=in_pool,
    )


def _rank_key(per: RankBy) -> Callable[[RankedFood], float]:
    def key(r: RankedFood) -> float:
        if per == "100kcal":
            return r.magnesium_mg_per_100kcal or 0.0
        return r.magnesium_mg_per_100g if per == "100g" else r.magnesium_mg

    return key


def seed_food(description: str) -> str | None:
    """Which of the seed's magnesium-rich foods this is ("pumpkin seeds"), if any."""
    return next((name for name, p in SEED_FOODS.items() if p.search(description)), None)


def _one_per_food(
    candidates: Sequence[RankedFood], key: Callable[[RankedFood], float]
) -> list[RankedFood]:
    """The best record of each food (see `variant_key`): in the pool, else unsalted, cooked
    rather than raw when both exist, else the one with the most magnesium; it remembers how
    many records it stands for."""
    by_food: dict[str, list[RankedFood]] = {}
    for r in candidates:
        by_food.setdefault(variant_key(r.description), []).append(r)
    best: list[RankedFood] = []
    for records in by_food.values():
        cooked = any(not _RAW.search(r.description) for r in records)
        records.sort(
            key=lambda r: (
                not r.in_pool,
                is_salted(r.description),
                cooked and bool(_RAW.search(r.description)),  # cooked beans, not raw
                -key(r),
                r.description,
            )
        )
        best.append(replace(records[0], variants=len(records)))
    return best
