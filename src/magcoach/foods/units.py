"""Units a person types, and how they turn into grams or millilitres.

The alias table is plain data and cheap to import. The conversion factors come from `pint`,
but only when the food database is built (`unit_factors()`): they are stored in the
database's `units` table so that parsing an amount at run time never imports pint.
"""

from __future__ import annotations

from typing import Any, Final

MASS: Final = "mass"
VOLUME: Final = "volume"

# canonical unit -> (kind, pint expression)
CANONICAL_UNITS: Final[dict[str, tuple[str, str]]] = {
    "g": (MASS, "gram"),
    "kg": (MASS, "kilogram"),
    "mg": (MASS, "milligram"),
    "oz": (MASS, "avoirdupois_ounce"),
    "lb": (MASS, "avoirdupois_pound"),
    "ml": (VOLUME, "milliliter"),
    "l": (VOLUME, "liter"),
    "dl": (VOLUME, "deciliter"),
    "cl": (VOLUME, "centiliter"),
    "cup": (VOLUME, "cup"),
    "tbsp": (VOLUME, "tablespoon"),
    "tsp": (VOLUME, "teaspoon"),
    "fl oz": (VOLUME, "fluid_ounce"),
    "pint": (VOLUME, "liquid_pint"),
    "quart": (VOLUME, "liquid_quart"),
    "gallon": (VOLUME, "gallon"),
    "cubic inch": (VOLUME, "cubic_inch"),
}

# what people type -> canonical unit
UNIT_ALIASES: Final[dict[str, str]] = {
    "g": "g",
    "gr": "g",
    "gm": "g",
    "gms": "g",
    "gram": "g",
    "grams": "g",
    "gramme": "g",
    "grammes": "g",
    "kg": "kg",
    "kgs": "kg",
    "kilo": "kg",
    "kilos": "kg",
    "kilogram": "kg",
    "kilograms": "kg",
    "mg": "mg",
    "milligram": "mg",
    "milligrams": "mg",
    "oz": "oz",
    "ozs": "oz",
    "ounce": "oz",
    "ounces": "oz",
    "lb": "lb",
    "lbs": "lb",
    "pound": "lb",
    "pounds": "lb",
    "ml": "ml",
    "mls": "ml",
    "milliliter": "ml",
    "milliliters": "ml",
    "millilitre": "ml",
    "millilitres": "ml",
    "cc": "ml",
    "l": "l",
    "liter": "l",
    "liters": "l",
    "litre": "l",
    "litres": "l",
    "ltr": "l",
    "dl": "dl",
    "cl": "cl",
    "cup": "cup",
    "cups": "cup",
    "cupful": "cup",
    "cupfuls": "cup",
    "c": "cup",
    "tbsp": "tbsp",
    "tbsps": "tbsp",
    "tbs": "tbsp",
    "tbl": "tbsp",
    "tbls": "tbsp",
    "tablespoon": "tbsp",
    "tablespoons": "tbsp",
    "tsp": "tsp",
    "tsps": "tsp",
    "teaspoon": "tsp",
    "teaspoons": "tsp",
    "fl oz": "fl oz",
    "fl. oz": "fl oz",
    "floz": "fl oz",
    "fluid ounce": "fl oz",
    "fluid ounces": "fl oz",
    "pint": "pint",
    "pints": "pint",
    "pt": "pint",
    "qt": "quart",
    "quart": "quart",
    "quarts": "quart",
    "gallon": "gallon",
    "gallons": "gallon",
}

# USDA portion words (singular) a person may use as the unit, with their plural forms.
PORTION_WORDS: Final[dict[str, str]] = {
    "slice": "slice",
    "slices": "slice",
    "piece": "piece",
    "pieces": "piece",
    "pc": "piece",
    "pcs": "piece",
    "medium": "medium",
    "large": "large",
    "small": "small",
    "extra large": "extra large",
    "extra small": "extra small",
    "jumbo": "jumbo",
    "fillet": "fillet",
    "fillets": "fillet",
    "filet": "fillet",
    "filets": "fillet",
    "fruit": "fruit",
    "fruits": "fruit",
    "whole": "whole",
    "each": "each",
    "item": "item",
    "items": "item",
    "serving": "serving",
    "servings": "serving",
    "portion": "serving",
    "portions": "serving",
    "helping": "serving",
    "helpings": "serving",
    "link": "link",
    "links": "link",
    "patty": "patty",
    "patties": "patty",
    "breast": "breast",
    "breasts": "breast",
    "thigh": "thigh",
    "thighs": "thigh",
    "drumstick": "drumstick",
    "drumsticks": "drumstick",
    "wing": "wing",
    "wings": "wing",
    "leg": "leg",
    "legs": "leg",
    "clove": "clove",
    "cloves": "clove",
    "stalk": "stalk",
    "stalks": "stalk",
    "spear": "spear",
    "spears": "spear",
    "leaf": "leaf",
    "leaves": "leaf",
    "bar": "bar",
    "bars": "bar",
    "can": "can",
    "cans": "can",
    "tin": "can",  # British for a can (a tin of tuna)
    "tins": "can",
    "container": "container",
    "containers": "container",
    "package": "package",
    "packages": "package",
    "packet": "packet",
    "packets": "packet",
    "pkg": "package",
    "pack": "packet",  # "a pack of crackers": a packet of them
    "packs": "packet",
    "bottle": "bottle",
    "bottles": "bottle",
    "scoop": "scoop",
    "scoops": "scoop",
    "stick": "stick",
    "sticks": "stick",
    "strip": "strip",
    "strips": "strip",
    "steak": "steak",
    "steaks": "steak",
    "chop": "chop",
    "chops": "chop",
    "muffin": "muffin",
    "muffins": "muffin",
    "cookie": "cookie",
    "cookies": "cookie",
    "cracker": "cracker",
    "crackers": "cracker",
    "biscuit": "biscuit",
    "biscuits": "biscuit",
    "loaf": "loaf",
    "head": "head",
    "heads": "head",
    "bunch": "bunch",
    "sprig": "sprig",
    "sprigs": "sprig",
    "wedge": "wedge",
    "wedges": "wedge",
    "cube": "cube",
    "cubes": "cube",
    "floret": "floret",
    "florets": "floret",
    "ear": "ear",
    "ears": "ear",
    "bowl": "bowl",
    "bowls": "bowl",
    "bowlful": "bowl",
    "bowlfuls": "bowl",
    "glass": "glass",
    "glasses": "glass",
    "glassful": "glass",
    "glassfuls": "glass",
    "tumbler": "glass",
    "flute": "glass",  # a flute of champagne is a glass of wine
    "flutes": "glass",
    "tumblers": "glass",
    "mug": "mug",
    "mugs": "mug",
    "mugful": "mug",
    "pat": "pat",
    "pats": "pat",
    "nlea serving": "nlea serving",
    "square": "square",
    "squares": "square",
    "kernel": "kernel",
    "kernels": "kernel",
    "nut": "nut",
    "nuts": "nut",
    "sheet": "sheet",
    "sheets": "sheet",
    "tortilla": "tortilla",
    "tortillas": "tortilla",
    "egg": "egg",
    "eggs": "egg",
    "handful": "handful",
    "handfuls": "handful",
    "fistful": "handful",
    "fistfuls": "handful",
    "pouch": "pouch",  # USDA's "1 pouch" of applesauce, frozen waffles, fruit cocktail
    "pouches": "pouch",
    "sleeve": "sleeve",  # USDA's "1 sleeve" of crackers
    "sleeves": "sleeve",
    "shot": "shot",
    "shots": "shot",
    "bag": "bag",
    "bags": "bag",
    "splash": "splash",
    "dash": "splash",
    "plate": "plate",
    "plates": "plate",
    "plateful": "plate",
    "platter": "plate",  # a platter of nachos or wings: a plate of them (FNDDS's order)
    "platters": "plate",
    "box": "box",  # USDA's "1 box" of raisins, of juice: else asked, never one kernel
    "boxes": "box",
    "tub": "tub",
    "tubs": "tub",
    "order": "order",
    "orders": "order",
    "side": "side",
    "sides": "side",
    # coffee-shop sizes are sizes, never foods (see household_measures.csv)
    "short": "short",
    "tall": "tall",
    "grande": "grande",
    "venti": "venti",
    # menu and wrapper sizes USDA names ("1 kids meal order", "1 child/senior drink", "1 fun
    # size bar", "1 snack size container", "1 king size bar"): sizes, never foods
    "kids": "kids",
    "kid's": "kids",
    "kids'": "kids",
    "kids size": "kids",
    "kid size": "kids",
    "kid's size": "kids",
    "kids-size": "kids",
    "child size": "kids",
    "child's size": "kids",
    "children's size": "kids",
    "kids meal": "kids",
    "junior size": "kids",  # not bare "junior": Junior Mints are a candy
    "jr size": "kids",
    "snack size": "snack",
    "snack-size": "snack",
    "snack sized": "snack",
    "fun size": "fun",
    "fun-size": "fun",
    "fun sized": "fun",
    "king size": "king",
    "king-size": "king",
    "king sized": "king",
    "personal": "personal",  # FNDDS "1 personal size pizza (5-7\" diameter)"
    "personal size": "personal",
    "personal-size": "personal",
    "personal sized": "personal",
}

# Words that may stand as the unit with no number before them ("glass of OJ", "slice of pizza",
# "grande latte"): containers, pieces and sizes. Other portion words ("whole", "egg", "link")
# start food names too ("whole milk", "egg salad"), so they need a number to be a unit.
IMPLICIT_ONE: Final[frozenset[str]] = frozenset(
    {
        "glass",
        "mug",
        "bowl",
        "cup",
        "handful",
        "scoop",
        "square",
        "slice",
        "piece",
        "can",
        "bottle",
        "shot",
        "wedge",
        "small",
        "medium",
        "large",
        "tall",
        "grande",
        "venti",
        "kids",
        "snack",
        "fun",
        "king",
        "personal",
        "serving",
        "bar",
        "packet",
        "container",
        "fillet",
        "splash",
        "plate",
        "order",
    }
)

# Portion words that may follow the food they measure ("2 sausage links", "6 asparagus
# spears", "2 pizza slices"): not sizes, nor words that name a food or say nothing of size.
TRAILING_UNITS: Final[frozenset[str]] = frozenset(
    {
        "slice", "piece", "fillet", "link", "patty", "breast", "thigh", "drumstick", "wing",
        "leg", "clove", "stalk", "spear", "leaf", "bar", "can", "container", "package",
        "packet", "bottle", "scoop", "stick", "strip", "steak", "chop", "loaf", "head",
        "bunch", "sprig", "wedge", "cube", "floret", "ear", "bowl", "glass", "mug", "pat", "square",
        "sheet", "handful", "shot", "bag", "plate", "order", "serving", "pouch", "sleeve",
        "box", "tub",
    }
)  # fmt: skip

# Portion words that are foods themselves: the unit in "2 eggs" or "3 cookies", but part of
# the name in "an egg salad sandwich" or "2 muffin tops".
FOOD_NAMED_PORTIONS: Final[frozenset[str]] = frozenset(
    {"egg", "muffin", "cookie", "cracker", "biscuit", "tortilla", "nut", "fruit"}
)

# Cuts that are also what a dish is made of or named for ("a steak burrito", "a patty melt",
# "chop suey"): a unit before "of" or a food that takes it, else part of the food's name.
FOOD_NAMED_CUTS: Final[frozenset[str]] = frozenset(
    {"steak", "patty", "chop", "breast", "thigh", "drumstick", "wing", "leg", "fillet", "link"}
)

# USDA's names for one of an item counted by another word: FNDDS weighs one of its sauced
# chicken "wings" only as "1 drummette" (24168000-24168020), so "6 buffalo wings" are 6 of them.
ITEM_PIECE_NAMES: Final[dict[str, tuple[str, ...]]] = {"wing": ("drummette", "wingette")}

# USDA names the same kind of portion differently from food to food: a slice of cake or pizza
# is its "piece", a wedge of melon its "slice". Tried in order after the word itself.
PORTION_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "slice": ("piece", "wedge"),
    "piece": ("slice", "each", "item", "wedge", "fillet"),
    "wedge": ("slice", "piece"),
    "fillet": ("piece", "steak"),
    "strip": ("slice",),  # a strip of bacon is USDA's slice
    "cube": ("cubic", "piece"),  # a cube of cheese or meat is USDA's "1 cubic inch"
    "floret": ("floweret",),
    "steak": ("fillet", "piece"),
    "square": ("piece",),
    "bar": ("piece",),
    "patty": ("piece", "burger"),
    "packet": ("package", "individual", "envelope"),
    "container": ("individual", "package", "cup"),
    # a plate or an order of a dish: FNDDS's order, else its typical amount
    "bag": ("package", "packet"),
    "plate": ("order", "quantity"),
    "order": ("quantity",),
    # a side of a dish is USDA's amount for it reported without one, else its order
    "side": ("quantity", "order"),
    # a kids size is USDA's "kids meal order", "kid's meal serving" or "child/senior drink"
    "kids": ("kid", "child"),
    "snack": ("fun",),  # "1 fun/snack size" bar
    "fun": ("snack",),
}

# Portion words that are units only before "of": "a side of fries", but "a side salad".
UNITS_BEFORE_OF: Final[frozenset[str]] = frozenset({"side"})

# Size words people write that USDA does not: "a big bowl", "a little glass" (a size only when
# no USDA name holds the pair: "Big Mac" is a sandwich).
# Menus and receipts shorten sizes ("a med iced coffee", "lg fries", "xl pizza") the same way.
SIZE_SYNONYMS: Final[dict[str, str]] = {
    "big": "large",
    "little": "small",
    "med": "medium",
    "lg": "large",
    "lrg": "large",
    "sm": "small",
    "sml": "small",
    "reg": "regular",
    "xl": "extra large",
    "huge": "large",
    "giant": "large",
    "tiny": "small",
}

# Words that say how full a measure is ("a heaping tablespoon", "a level teaspoon", "a scant
# cup"): no source weighs them, so the measure is weighed as it is and the word said in a note.
MEASURE_QUALIFIERS: Final = frozenset(
    {"heaping", "heaped", "rounded", "level", "scant", "generous", "good", "tall"}
)
# Words that say the measure is all there ("a whole bag of chips", "a full glass of milk"):
# one of the measure, nothing to note.
WHOLE_MEASURE: Final = frozenset({"whole", "full", "entire"})

# Shots in one drink ("a double espresso", "a triple vodka"), for foods served by the shot.
SHOT_COUNTS: Final[dict[str, int]] = {"single": 1, "double": 2, "triple": 3}

# Words that could be either of two sizes three times apart: never guessed, always asked.
AMBIGUOUS_UNITS: Final[dict[str, str]] = {
    "spoon": "a teaspoon (5 mL) or a tablespoon (15 mL)",
    "spoons": "teaspoons (5 mL) or tablespoons (15 mL)",
    "spoonful": "a teaspoon (5 mL) or a tablespoon (15 mL)",
    "spoonfuls": "teaspoons (5 mL) or tablespoons (15 mL)",
    # recipes write T for a tablespoon and t for a teaspoon; typed lower case, it is either
    "t": "a teaspoon (t, 5 mL) or a tablespoon (T, 15 mL)",
}

# A glass or mug of a drink, or a bowl of a food, that no household measure covers is taken
# as one cup (household_measures.csv: a bowl of cereal, soup, rice, fruit is 1 cup).
DRINK_CONTAINERS: Final[dict[str, str]] = {"glass": "cup", "mug": "cup", "bowl": "cup"}

# Portion words that mean "one of the thing" when no unit is typed ("a banana", "2 eggs").
COUNT_PORTION_WORDS: Final[tuple[str, ...]] = (
    "medium",
    "regular",  # FNDDS sizes sandwiches and bagels as "1 regular ..."
    "whole",
    "fruit",
    "each",
    "item",
    "large",
    "piece",
    "serving",
    "small",
    "kernel",
    "nut",
    "patty",  # one falafel or sausage patty is USDA's "1 patty", not its usual helping of several
)


def unit_factors() -> dict[str, tuple[str, float]]:
    """Canonical unit -> (kind, grams or millilitres per unit), computed with pint.

    Called when the database is built; the results are stored in the database.
    """
    import pint

    ureg: Any = pint.UnitRegistry()
    factors: dict[str, tuple[str, float]] = {}
    for unit, (kind, expression) in CANONICAL_UNITS.items():
        target = "gram" if kind == MASS else "milliliter"
        factors[unit] = (kind, float(ureg.Quantity(1, expression).to(target).magnitude))
    return factors
