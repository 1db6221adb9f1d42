"""The words the food ranking knows and the static features the build stores per food
(`rank_features`, the `food_rank` table): a prior for the kind of record and its source, the
cooking form, and the description's words sorted into head words, early and late extra words
and rarely meant variants. `search.py` combines them with the query in one SQL statement.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Final

from magcoach.foods.wording import (
    _NOUN_END,
    _OR,
    _PAREN,
    _READY,
    _WORD,
    COOKED_FORMS,
    DISH_NOUNS,
    NEUTRAL,
    OTHER_FORMS,
    RAW_FORM,
    alternatives,
    coded_as_generic,
    dish_modifiers,
    food_noun,
    held_foods,
    iced_words,
    left_open,
    left_out,
    name_end,
    normalise,
    padded,
    serial_or,
    word_set,
)

_set = word_set

# Nuts, seeds and coffee are sold roasted, ready to eat: roasting is not cooking them into a
# dish (boiled peanuts are a regional dish; roasted peanuts are the peanuts people snack on).
READY_ROASTED: Final = _set("roast")

# Food groups and foods people usually eat cooked (a query without a form picks the cooked
# record); fruit, nuts and salad vegetables default to raw.
COOKED_GROUPS: Final = (
    "cereal grains",
    "beef",
    "pork",
    "poultry",
    "finfish",
    "shellfish",
    "lamb",
    "game",
    "sausages",
)
COOKED_HEADS: Final = _set(
    "bean lentil chickpea pea rice quinoa pasta spaghetti macaroni noodl barlei buckwheat "
    "bulgur millet couscou salmon tuna cod chicken beef pork turkei lamb fish shrimp halibut "
    "mackerel sardin trout tilapia potato corn artichok okra eggplant asparagu brussel "
    "collard squash cowpea soybean edamam bacon sausag egg"
)

# Foods made from a cooked-head food that are not eaten as that food ("Potato chips", "Rice
# milk", "Bean dip"): the cooked form does not apply to them.
PRODUCT_HEADS: Final = _set(
    "chip crisp flour powder milk juic butter oil cracker bar pie cake cooki bread salad soup "
    "sauc dip spread drink beverag noodl cereal"
)

# SR files many foods under a category word ("Nuts, almonds", "Fish, salmon, ..."): the food
# itself is then named by the second segment.
CATEGORY_HEADS: Final = _set(
    "nut seed fish beverag alcohol cereal candi snack spice crustacean mollusk game babyfood "
    "formul soft drink"  # FNDDS "Soft drink, ginger ale"
)
# Variants much less often eaten than the plain food ("milk, sheep", "bagels, egg",
# "peanut butter, reduced fat"): a penalty when the query does not ask for them.
# Forms nobody eats as such: a glass of lemonade is not lemonade powder, a taco not filling;
# and a cocktail is not the mixer people name ("lemonade" is not "Vodka and lemonade").
UNUSUAL_FORMS: Final = _set(
    "powder mix concentr condens dehydr fill blend vodka rum whiskei gin tequila brandi liqueur"
)
UNUSUAL: Final = UNUSUAL_FORMS | _set(
    "sheep goat human buffalo duck goos quail emu ostrich turtl imit low sodium dietet reduc "
    "nonfat non free chocol flavor sweeten pod home homemad egg vegetabl immatur split sprout "
    # strained (Greek) yogurt, decaffeinated, diet and alcoholic drinks are named as such;
    # giblets are eaten apart when at all
    "greek decaffein diet alcohol giblet "
    # a whole-wheat or gluten-free crust, bun or pasta is named by those who eat it
    "wheat gluten"
)

KIND_PENALTY: Final = (0.0, 0.9, 1.6, 2.2, 2.5, 1.6)
# SR's prepared foods are single commercial products ("Soup, chicken noodle, canned,
# condensed"); for a sweet, a soup or a dish FNDDS's record of what people report eating is the
# reference, so these SR groups lose their analytic-source preference. (Not baked products:
# SR's breads are the reference breads.)
PREPARED_SR_GROUPS: Final = (
    "sweets",
    "fast foods",
    "meals, entrees",
    "soups, sauces",
    "snacks",
    "restaurant foods",
)
PREPARED_SR: Final = 0.6
# Baked sweets (SR files them with the breads): FNDDS's generic cookie, pie or muffin is the
# reference, with its typical size, rather than one commercial product.
SWEET_BAKERY: Final = _set(
    "cooki pie cake cheesecak muffin doughnut pancak waffl browni pastri danish croissant"
)
# SR Legacy, Foundation, FNDDS: for the same food the analytic record is preferred over the
# FNDDS "as eaten" record (a query naming an FNDDS-only preparation matches FNDDS alone).
SOURCE_PENALTY: Final = (0.0, 0.1, 0.45)
PLAIN_BONUS: Final = 0.2
# FNDDS "NFS" / "NS as to form" records are the ones USDA itself codes when a person names a
# food without saying which kind: for a generic phrase they are the reference. ("NS as to fat"
# is about added fat alone and earns nothing.)
GENERIC_BONUS: Final = 0.6
# a typed word a generic record leaves open ("instant" in "NS as to brewed or instant"): no match
NS_NAMED: Final = 0.4
# "NS as to form" (fresh, frozen or canned unknown) earns less: where SR has an analysis of
# exactly the food named ("Spinach, cooked, boiled") that analysis stays first.
FORM_UNKNOWN_BONUS: Final = 0.45
_FORM_UNKNOWN: Final = re.compile(r"\bns as to form\b", re.IGNORECASE)
# Vegetables most people buy frozen: their frozen record is the plain one.
USUALLY_FROZEN: Final = _set("pea edamam")
MORE_GENERIC_BONUS: Final = 0.2  # a second "NS as to": more generic still
# FNDDS's other names say it codes the food named alone as this record ("Fudge, chocolate":
# "fudge, NFS"): first among the FNDDS records of the food, not before SR's analysis of it
CODED_GENERIC_BONUS: Final = 0.05
SINGLE_NAME_BONUS: Final = 0.25  # FNDDS "Croissant", "Soy milk": the food under its plain name
_GENERIC: Final = re.compile(r"\b(?:nfs|ns as to (?!fat)[a-z ]+?)(?:,|$)", re.IGNORECASE)


def is_generic(description: str) -> bool:
    """USDA's record for a food named without saying which kind ("NFS", "NS as to ...")."""
    return bool(_GENERIC.search(description))


# foods made of meat: their meatless or vegetarian versions are named as such
MEAT_NOUNS: Final = _set(
    "chicken turkei bacon sausag frankfurt meatbal dog burger patti steak ham beef pork link "
    "nugget tender strip fillet meatloaf jerki"
)
_SKIN_ONLY: Final = re.compile(r"\bskin only\b|^[^,]*,\s*skin\b")
# "prepared from mix": how the food was made, not the dry mix
_FROM_MIX: Final = re.compile(r"\b(?:prepared|made)\s+(?:from|with)\s+(?:a\s+)?(?:dry\s+)?mix\b")
# FNDDS "..., frozen meal": a packaged meal; its "NFS" leaves the brand open, not the dish
# a whole-wheat or whole-grain crust, bun or pasta is named by those who eat it: its "whole"
# is as rarely meant as its "wheat" ("Pizza, cheese and vegetables, whole wheat thin crust"
# is no veggie pizza), unlike the "whole" of whole milk or a whole fruit
_WHOLE_GRAIN: Final = re.compile(r"\b(whole)[- ](?=wheat|grain)")
_FROZEN_MEAL: Final = re.compile(r"\bfrozen meal\b", re.IGNORECASE)
PACKAGED_MEAL: Final = _set("dinner meal entre")

SALTED: Final = 0.3  # salted variants: the unsalted one is the reference
SKINLESS: Final = 0.3  # eaten with the skin unless the person says otherwise
FAT_ADDED: Final = 0.3  # "fat added in cooking", "canned in oil": unless the query says so
EXTRA_WORD: Final = 0.22  # per unasked-for word in the first two segments
LATE_EXTRA_WORD: Final = 0.1  # per unasked-for word further on (capped)
COOKED_FORM: Final = 0.9  # a food people eat cooked, in a cooked record
# methods that add fat or milk to the food (SR's scrambled egg holds milk and butter): the
# plain food is cooked otherwise unless the query says so
MIXED_METHODS: Final = _set("fri scrambl")


def _fat_added(stems: Sequence[str]) -> bool:
    for i in range(len(stems) - 1):
        pair = (stems[i], stems[i + 1])
        if pair in (("fat", "ad"), ("ad", "fat")) and (i == 0 or stems[i - 1] not in ("no", "not")):
            return True
    return False


# "without skin", "peeled" ("Squash, includes skin, ..., without salt" has its skin)
_SKINLESS: Final = re.compile(
    r"\b(?:without|no)\s+(?:skin|peel)\b|\bskinless\b|\bpeeled\b|\bskin(?: and \w+)? removed\b"
)
_UNSALTED: Final = re.compile(r"\b(?:without|no|unsalted)\b(?:\s+added)?\s+salt|\bunsalted\b")
# "mixed species", "all types": the record covers every variant, so these are not extra words
_COVERS_ALL: Final = re.compile(
    r"\b(?:mixed species|all types|all varieties|all kinds"
    # the middle of FNDDS's thin, medium and thick crusts is the pizza named without one
    r"|medium crust)\b"
)
_X_AND_Y: Final = re.compile(r"^\s*([^\W_]+)\s+and\s+([^\W_]+)\s*$")
# fat the food was cooked or packed in ("canned in oil", "cooked with butter")
_FAT_IN: Final = re.compile(
    r"\b(?:cooked|fried|made|prepared)\s+(?:in|with)\s+(?:\w+\s+)?(?:oil|butter|margarine|lard)\b"
)

# The columns of the food_rank table, in order (after rowid). Everything here is static: the
# build computes it once per food, and search combines it with the query in one SQL statement.
RANK_COLUMNS: Final = (
    "prior",  # kind, source, household portions, missing magnesium, "plain"
    "form0",  # form score when the query names no form (raw fruit, cooked beans...)
    "name",  # every stem of the description, space-padded (" spinach cook boil ")
    "head",  # stems naming the food (first segment, or the first two after a category word)
    "head_plain",  # head words a query must cover to name this exact food
    "n_head_plain",
    "second",  # stems of the second segment
    "early",  # informative stems of the first two segments (extra words unless asked for)
    "n_early",
    "late",  # informative stems further on
    "n_late",
    "unusual",  # stems of rarely meant variants (sheep, reduced, homemade...)
    "n_unusual",
    "cooked",  # cooking-form stems of the description
    "n_cooked",
    "raw",  # 1 when the description says raw
    "forms",  # cooking and other form stems (cooked, canned, frozen, dried...)
    "n_forms",
    "salted",
    "skinless",
    "fat_added",
    "plain_other",  # 1 when canned, frozen, dried... and the query names no such form
    "noun",  # stems naming the food, padded ("Ice cream sundae": sundae; "Pie, pumpkin": pie)
    "also",  # stems of USDA's other names for the food (FNDDS additional descriptions)
    "alts",  # stems of "X or Y" alternatives ("bar or stick", "tenders or strips")
    "n_alts",
    "ns_of",  # stems a record leaves open ("Cream, NS as to light, heavy...") or out ("no cheese")
    "mods",  # stems before the noun naming which dish it is ("Tuna salad": tuna)
)
ALSO_WEIGHT: Final = 0.3
# The record's noun is the query's noun (its last word): "pumpkin pie" is a pie, not "Spices,
# pumpkin pie spice"; "milk chocolate" is chocolate, not "Milk, chocolate".
NOUN_BONUS: Final = 0.4
# The record's noun is the word the query puts just before its noun, as a modifier: "milk
# chocolate" is not "Milk, chocolate, fluid"; "chocolate milk" is not chocolate candy.
NOUN_SWAPPED: Final = 0.4
# The word before the query's noun names the dish ("tuna salad" is a salad of tuna): a record
# of that noun named by it gains, one named by other words loses ("Macaroni or pasta salad
# with tuna" is a pasta salad; the tuna only goes in it).
DISH_NAMED: Final = 0.3
DISH_OTHER: Final = 0.3


def rank_features(
    description: str,
    stem: Callable[[str], str],
    *,
    kind: int,
    source_rank: int,
    group: str,
    n_portions: int,
    magnesium: float | None,
    also: Sequence[str] = (),
) -> tuple[object, ...]:
    """The static ranking features of one food (values for RANK_COLUMNS, in order)."""
    desc = normalise(description)
    noted = _noted_words(desc)
    core = _READY.sub(" ", _PAREN.sub(" ", desc))
    raw_segments = core.split(",")
    wide = _wide_words(core, raw_segments, stem)
    segments = [[stem(w) for w in _WORD.findall(seg) if w not in noted] for seg in raw_segments]
    segments = [seg for seg in segments if seg] or [[]]
    all_stems = {stem(w) for w in _WORD.findall(desc)}
    core_stems = {w for seg in segments for w in seg}
    flat = [w for seg in segments for w in seg]
    head = set(segments[0])
    filed_under = len(segments) > 1 and bool(head) and head <= CATEGORY_HEADS
    if filed_under:
        head |= set(segments[1])
    category = _free_category_words(segments, filed_under)
    # "Chicken or turkey noodle soup": either bird names the soup, neither is required
    first_or = {stem(w) for pair in _OR.findall(raw_segments[0]) for w in pair}
    head_plain = head - NEUTRAL - category - first_or
    second = set(segments[1]) if len(segments) > 1 else set()
    wide |= category | first_or  # an "X or Y" pair costs one extra word, as in `alts`
    early, late, unusual = _with_held_foods(
        *_extra_words(segments, wide), raw_segments, wide, stem, is_generic(description)
    )
    salted, skinless, fat_added = _flags(core_stems, flat, core, group)
    prior = _prior(description, segments, raw_segments, kind, source_rank, group, n_portions)
    prior = _name_bonus(prior, description, raw_segments, kind, source_rank, magnesium)
    # a brand's product is named by no noun; a restaurant's, when FNDDS codes the food as it
    noun = food_noun(raw_segments, filed_under, stem)
    coded = not is_generic(description) and coded_as_generic(also, core_stems, noun, stem)
    noun = noun if kind == 0 or coded or is_generic(description) else ""
    unusual = _unusual_for(unusual, segments, noun, coded, core) | iced_words(core, stem)
    unusual |= _rare_kinds(desc, core_stems, raw_segments, stem)
    eaten_cooked = _eaten_cooked(segments[0], group) and not _is_dish(raw_segments, stem)
    c_cooked, c_raw, c_other, plain_other = _forms_named(
        core_stems, all_stems, raw_segments, group, stem
    )
    form0 = _form0(eaten_cooked, c_cooked, c_raw, early, late)
    form0 += _other_form0(plain_other, segments[0])
    forms = c_cooked | c_other
    return (
        round(prior + _coded_bonus(coded, kind), 4),
        round(form0, 4),
        padded(all_stems),
        padded(head),
        padded(head_plain),
        len(head_plain),
        padded(second),
        padded(early),
        len(early),
        padded(late),
        len(late),
        padded(unusual),
        len(unusual),
        padded(c_cooked),
        len(c_cooked),
        int(c_raw),
        padded(forms),
        len(forms),
        salted,
        skinless,
        fat_added,
        int(bool(plain_other)),
        noun,  # brand names come first; restaurant records count when USDA's generic one
        padded({stem(w) for text in also for w in _WORD.findall(normalise(text))}),
        *alternatives(raw_segments, stem),
        padded(left_open(raw_segments, stem) | left_out(raw_segments, stem)),
        dish_modifiers(raw_segments, filed_under, stem, noun),
    )


def _flags(core_stems: set[str], flat: list[str], core: str, group: str) -> tuple[int, int, int]:
    """Salted, without skin, fat added in cooking (1 or 0 each)."""
    salted = "salt" in core_stems and not _UNSALTED.search(core)
    # SR's poultry "meat only" is the meat without its skin ("wing, meat only, stewed")
    skinless = bool(_SKINLESS.search(core)) or ("poultry" in group.lower() and "meat only" in core)
    fat_added = _fat_added(flat) or bool(_FAT_IN.search(core))
    return int(salted), int(skinless), int(fat_added)


def _forms_named(
    core_stems: set[str],
    all_stems: set[str],
    raw_segments: list[str],
    group: str,
    stem: Callable[[str], str],
) -> tuple[set[str], bool, set[str], set[str]]:
    """The record's cooking forms, whether it says raw, its other forms (canned, frozen...)
    and those of them that are not the food's plain form."""
    c_cooked = core_stems & COOKED_FORMS
    if any(seg.strip() == "prepared" for seg in raw_segments[1:]):
        c_cooked = c_cooked | {"cook"}  # "Edamame, frozen, prepared": cooked as directed
    c_other = core_stems & OTHER_FORMS
    if "previous" in all_stems:
        c_other = c_other - {"frozen"}  # "not previously frozen"
    # "home recipe, canned, or ready-to-serve": canned is one of the forms it covers
    listed = c_other & {stem(w) for seg in serial_or(raw_segments) for w in _WORD.findall(seg)}
    return c_cooked, RAW_FORM in core_stems, c_other, _plain_other(c_other, group) - listed


def _is_dish(raw_segments: list[str], stem: Callable[[str], str]) -> bool:
    """ "Turkey, ham, and roast beef club sandwich" is a sandwich, not turkey to cook."""
    for seg in raw_segments:
        found = _WORD.findall(_NOUN_END.sub("", seg.strip()))
        if found and stem(found[-1]) in DISH_NOUNS:
            return True
    return False


def _free_category_words(segments: list[list[str]], filed_under: bool) -> set[str]:
    """Category words that name no food: the "Nuts" of "Nuts, almonds" and the last word of
    "Dark chocolate candy" or "Mixed nuts". Not "Snack cake" (a kind of cake), "..., with
    nuts" (an extra), or the "spice" of "Spices, pumpkin pie spice" (the food's own name)."""
    free: set[str] = set()
    if filed_under:
        free |= set(segments[0]) - set(segments[1])
    for i, seg in enumerate(segments[:2]):
        if seg and seg[-1] in CATEGORY_HEADS and not (filed_under and i == 1):
            free.add(seg[-1])
    return free


def _plain_other(c_other: set[str], group: str) -> set[str]:
    """The forms (canned, frozen, dried...) that are not the food's plain form."""
    grp = group.lower()
    if "dri" in c_other and not ("fruit" in grp or "vegetable" in grp):
        return c_other - {"dri"}  # dried is the plain form of nuts, seeds, spices
    return c_other


def _eaten_cooked(first_segment: list[str], group: str) -> bool:
    """Whether people usually eat the food cooked (its group, or a head word such as beans)."""
    grp = group.lower()
    # "Potato chips" are chips, not potatoes: the last word of the first segment names the food
    product = bool(first_segment) and first_segment[-1] in PRODUCT_HEADS
    return any(g in grp for g in COOKED_GROUPS) or (
        bool(set(first_segment) & COOKED_HEADS) and not product
    )


def _noted_words(desc: str) -> set[str]:
    """Parenthesised notes and "ready-to-eat" say how the product is sold or what it
    includes: they are neither the food's name nor extra words."""
    noted: set[str] = set()
    for part in _PAREN.findall(desc) + _READY.findall(desc):
        noted.update(_WORD.findall(part))
    # "Bread, white (includes soft bread crumbs)": a word of the name stays in the name
    named = set(_WORD.findall(_READY.sub(" ", _PAREN.sub(" ", desc))))
    return noted - named


def _wide_words(core: str, raw_segments: list[str], stem: Callable[[str], str]) -> set[str]:
    """Words that widen the record rather than narrow it ("red or green", "Atlantic and
    Pacific", "mixed species"): not extra words."""
    wide: set[str] = set()
    for part in _COVERS_ALL.findall(core):
        wide.update(stem(w) for w in _WORD.findall(part))
    for seg in raw_segments[1:]:
        for pair in _OR.findall(seg):
            wide.update(stem(w) for w in pair)
        both = _X_AND_Y.match(seg)
        if both:
            wide.update(stem(w) for w in both.groups())
    for item in serial_or(raw_segments):
        wide.update(stem(w) for w in _WORD.findall(item))
    return wide - (COOKED_FORMS | OTHER_FORMS)


def _rare_kinds(
    desc: str, core_stems: set[str], raw_segments: list[str], stem: Callable[[str], str]
) -> set[str]:
    """Words of a packaged meal, a whole grain and a kind named after the food's name."""
    found = _packaged_meal(desc, core_stems) | _late_kind(raw_segments, stem)
    return found | set(_WHOLE_GRAIN.findall(desc)[:1])


_TEXTURES: Final = frozenset(["chunky", "chunk", "smooth", "cream"])


def _late_kind(raw_segments: list[str], stem: Callable[[str], str]) -> set[str]:
    """The kind a record names after the food's name ("Cheese, goat, hard type"; "Cake,
    shortcake, sponge type") and a style it is made in ("Potato salad, German style";
    "Beef stew, Puerto Rican style"): rarely meant unless typed, so "goat cheese" is FNDDS's
    "Cheese, goat", not SR's hard goat cheese nobody named."""
    kinds: set[str] = set()
    for i, segment in enumerate(raw_segments[1:], start=1):
        found = _WORD.findall(segment.lower())
        if len(found) < 2 or found[-2] in ("to", "unspecified"):
            continue
        # ("chunky style", "smooth style": a texture, as often the usual product as not)
        styled = found[-1] == "style" and not set(found) & _TEXTURES
        if (found[-1] == "type" and i >= 2) or styled:
            kinds.update(stem(w) for w in found[:-1])
    return kinds


def _with_held_foods(
    early: set[str],
    late: set[str],
    unusual: set[str],
    raw_segments: list[str],
    wide: set[str],
    stem: Callable[[str], str],
    generic: bool,
) -> tuple[set[str], set[str], set[str]]:
    """The extra and rarely meant words once what the food holds is counted: named after
    "with", it is as telling as the first two segments; and after the food's name
    ("Chocolate, milk, with peanuts") a variant of that food, as rarely meant as a sheep's
    milk ("Lasagna with meat" is the dish's own name; and USDA's generic record, "Chow mein,
    NS as to type of meat, with noodles", sorts the dish, it names no product)."""
    added = held_foods(raw_segments[1:], stem) - wide
    # "Burrito with meat and beans": meat the dish's own name holds is a filling people name
    # ("meat only" of SR's cuts stays neutral); "meatless" says what it leaves out
    meat = {"meat"} & held_foods(raw_segments[:1], stem)
    early = (early | meat) - {"meatless"}
    unusual = unusual | meat  # the filling a person names when they mean it ("beef taco")
    past = [] if generic else raw_segments[name_end(raw_segments) :]
    past_name = held_foods(past, stem, nouns=True) - wide - early
    return early | added, late - added, unusual | past_name


def _extra_words(segments: list[list[str]], wide: set[str]) -> tuple[set[str], set[str], set[str]]:
    """Informative stems of the first two segments, of the rest, and rarely meant variants."""
    early: set[str] = set()
    late: set[str] = set()
    unusual: set[str] = set()
    for i, seg_stems in enumerate(segments):
        for w in seg_stems:
            if w in NEUTRAL or w in wide or len(w) < 2 or w.isdigit():
                continue
            (early if i < 2 else late).add(w)
            if w in UNUSUAL:
                unusual.add(w)
    return early, late - early, unusual


def _prior(
    description: str,
    segments: list[list[str]],
    raw_segments: list[str],
    kind: int,
    source_rank: int,
    group: str,
    n_portions: int,
) -> float:
    """The record's prior from its kind, source, household portions and generic wording."""
    prior = -(KIND_PENALTY[kind] if kind < len(KIND_PENALTY) else 2.0)
    prior -= SOURCE_PENALTY[min(source_rank, 2)]
    if source_rank < 2 and (
        any(g in group.lower() for g in PREPARED_SR_GROUPS)
        or ("baked products" in group.lower() and set(segments[0]) & SWEET_BAKERY)
    ):
        prior -= PREPARED_SR
    prior += 0.02 * min(n_portions, 10)  # common foods have more household measures
    return prior


def _name_bonus(
    prior: float,
    description: str,
    raw_segments: list[str],
    kind: int,
    source_rank: int,
    magnesium: float | None,
) -> float:
    """The prior after the missing magnesium and the wording of a plain or generic record
    (added in this order, so the stored numbers stay what they were)."""
    if magnesium is None:
        prior -= 0.3  # a record without a magnesium value is little use here
    n_generic = len(_GENERIC.findall(description))
    if any("plain" in seg for seg in raw_segments[1:]) and not n_generic:
        # "Bagels, plain": the reference variant of the food; a generic record is that
        # already ("Hot dog sandwich, NFS, plain, on whole grain white bun" is no more the
        # hot dog than "Hot dog sandwich, NFS, on white bun")
        prior += PLAIN_BONUS
    if n_generic and not _FROZEN_MEAL.search(description):
        # restaurant pizza "NS as to type of crust" is the pizza people mean by "pizza"
        bonus = FORM_UNKNOWN_BONUS if _FORM_UNKNOWN.search(description) else GENERIC_BONUS
        prior += bonus + MORE_GENERIC_BONUS * (n_generic > 1)
        prior += KIND_PENALTY[kind] if kind == 2 else 0.0
    elif source_rank == 2 and kind == 0 and len(raw_segments) == 1:
        prior += SINGLE_NAME_BONUS
    return prior


def _coded_bonus(coded: bool, kind: int) -> float:
    """The bonus of the record FNDDS codes a food named alone as; a restaurant's record
    ("Milk shake, fast food, ...") then loses its restaurant penalty, as a generic one does."""
    if not coded:
        return 0.0
    return CODED_GENERIC_BONUS + (KIND_PENALTY[kind] if kind == 2 else 0.0)


def _packaged_meal(desc: str, core_stems: set[str]) -> set[str]:
    """A frozen "dinner" or "meal" is a packaged meal, not the dish it is named after
    ("Spaghetti and meatballs dinner, NFS, frozen meal"): those words are rarely meant."""
    return core_stems & PACKAGED_MEAL if _FROZEN_MEAL.search(desc) else set()


def _unusual_for(
    unusual: set[str], segments: list[list[str]], noun: str, coded: bool, core: str
) -> set[str]:
    """The rarely meant variant words, for a record whose segments and noun are these: not
    the kind of the record FNDDS codes the food named alone as ("Fudge, chocolate"); a
    meatless version of a meat ("Meatballs, meatless"; "Chicken, meatless, breaded, fried")
    is rarely meant, a meatless burrito is the bean burrito."""
    first_segment = segments[0]
    if _SKIN_ONLY.search(core):
        unusual = unusual | {"skin"}  # "Chicken, ..., skin only, cooked, fried": a part
    if _FROM_MIX.search(core):
        unusual = unusual - {"mix"}  # "Cornbread, prepared from mix": the bread, not the mix
    if coded and len(segments) > 1:  # its kind is the food's usual one ("Fudge, chocolate")
        unusual = unusual - (set(segments[1]) - UNUSUAL_FORMS)
    if {"meatless", "vegetarian"} & {w for seg in segments for w in seg} and (
        set(noun.split()) & MEAT_NOUNS
    ):
        unusual = unusual | ({"meatless", "vegetarian"} & {w for seg in segments for w in seg})
    if len(first_segment) > 1 and "beverag" in first_segment:
        unusual = unusual | {"beverag"}  # "Oatmeal beverage with milk" is not oatmeal
    # "Egg omelet or scrambled egg" is no egg variant of omelets ("Cocoa mix" still a mix)
    return unusual - (set(noun.split()) - UNUSUAL_FORMS)


def _other_form0(plain_other: set[str], first_segment: list[str]) -> float:
    """Form score of a canned, frozen or dried record when the query names no form."""
    if "frozen" in plain_other and set(first_segment) & USUALLY_FROZEN:
        return 0.3  # "a cup of peas": most peas eaten were frozen
    return -0.4 if plain_other else 0.0


def _form0(
    eaten_cooked: bool, c_cooked: set[str], c_raw: bool, early: set[str], late: set[str]
) -> float:
    """Form score when the query names no form: the form people usually eat."""
    form0 = 0.0
    if eaten_cooked:
        if c_cooked:
            form0 += COOKED_FORM + EXTRA_WORD * len(c_cooked & early)  # not "extra" words
            form0 += LATE_EXTRA_WORD * len(c_cooked & late)
        elif c_raw:
            form0 -= 0.6
        if c_cooked & MIXED_METHODS:
            form0 -= 0.3  # roasted, baked or boiled before fried; scrambled is mixed with milk
    else:
        if c_raw:
            form0 += 0.4
        if c_cooked - READY_ROASTED:
            form0 -= 0.2  # boiled peanuts, stewed apples: dishes of their own
    return form0
