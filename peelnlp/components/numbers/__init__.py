"""``peelnlp_numbers``: the numeric claims a statement makes (GUIDELINES section 5).

:func:`extract_claims` is a pure function from a statement's text to its claims,
in text order. Each claim is a dict with always the same keys:

``text``, ``start``, ``end``
    the shortest stretch of the statement that holds the number and what it
    counts ("9 of the 48 cases", "91.4 percent", "an additional 3,200 crimes");
    ``text == statement[start:end]``.
``value``
    the number as a float (for "x of y" the x; for money the full amount, so
    "£1.2m" is 1200000.0).
``kind``
    ``count``, ``percent``, ``proportion``, ``rate``, ``duration``, ``money``,
    ``change`` or ``interval``.
``unit``
    what is counted or measured ("cases", "percent", "days", "GBP"), or None.
``denominator``
    the y of "x of y" / "x in y", else None.
``per``
    what a rate is per ("1,000 population", "officer", "day"), else None.
``interval``
    the confidence interval given for this value ("91.4 percent (with a
    confidence interval of +/- 2.6 percent)" -> 2.6), else None. The interval is
    also a claim of its own, of kind ``interval``.
``period``
    the time period the statement gives ("in the year ending 31 March 2022"),
    else None.
``comparison``
    the value this one is compared with ("12 percent, compared to 14 percent
    across England and Wales" -> 14.0), else None. The compared value is also a
    claim of its own.
``qualifier``
    a hedge before the number ("more than", "about", "at least"), else None.
``upper``
    the top of a range ("between 20 and 30 days": value 20.0, upper 30.0), else None.

Not claims: dates and years, identifiers and codes ("outcome 15", "PIP level
2", "999", "Figure 2", "2021/22", "section 54"), list numbers, page numbers,
footnote markers, times of day, ages, "24/7" and idioms ("one of the highest",
"in one case"). The word lists and patterns behind these rules live in
``numbers.json`` beside these modules.

The ``peelnlp_numbers`` component sets ``span._.numeric_claims`` on every span
of ``doc.spans["statements"]``.

One module a step: :mod:`.rules` compiles ``numbers.json``; :mod:`.scan` finds
the number mentions and what is not a claim; :mod:`.classify` reads each
mention as a claim; :mod:`.link` links claims to each other (comparisons,
"of the N", intervals, the period); :mod:`.component` is the spaCy component.
"""
from .component import NumericClaims, extract_claims
from .rules import CLAIM_KEYS, KINDS, RULES_FILE, NumberRules, default_rules, load_rules

__all__ = ["CLAIM_KEYS", "KINDS", "RULES_FILE", "NumberRules", "NumericClaims", "default_rules",
           "extract_claims", "load_rules"]
