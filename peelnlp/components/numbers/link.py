"""Linking a statement's claims to each other: an interval to its value, a
compared value to the claim it is compared with, a count to the "of the N"
it is a part of, and every claim to the statement's time period."""
from .rules import _OF_THE_LOOKBACK


def link_intervals(claims) -> None:
    """"91.4 percent (with a confidence interval of +/- 2.6 percent)": the
    nearest earlier claim that is not an interval gets ``interval`` 2.6."""
    for k, c in enumerate(claims):
        if c["kind"] == "interval":
            for prev in reversed(claims[:k]):
                if prev["kind"] != "interval":
                    if prev["interval"] is None:
                        prev["interval"] = c["value"]
                    break


def link_comparisons(ex, claims) -> None:
    """"12 percent, compared to 14 percent across England and Wales": the
    nearest earlier claim of a compatible kind gets ``comparison`` 14.0."""
    R, text = ex.R, ex.text
    last_end = None
    for k, c in enumerate(claims):
        if c["kind"] == "interval":
            last_end = c["end"]
            continue
        if last_end is not None:
            gap = text[last_end:c["_lstart"]]
            if len(gap) <= R.comparison_max_gap and R.comparison.search(gap):
                for prev in reversed(claims[:k]):
                    if prev["kind"] == "interval":
                        continue
                    if (c["kind"] == prev["kind"] or (c["unit"] is None and c["kind"] == "count")
                            or {c["kind"], prev["kind"]} <= {"percent", "change"}):
                        if prev["comparison"] is None:
                            prev["comparison"] = c["value"]
                            if c["unit"] is None and c["kind"] == "count":
                                c["kind"], c["unit"], c["per"] = prev["kind"], prev["unit"], prev["per"]
                        break
        last_end = c["end"]

def link_of_the(ex, claims) -> None:
    """"Of the 54 cases we reviewed, 8 were..." -> 8 is a proportion of 54."""
    R = ex.R
    # The counts with a unit seen so far, each a possible "of the N X"; only
    # the nearest few are looked at, so a statement of thousands of numbers
    # (hostile input) costs linear time, not quadratic.
    wholes: list[dict] = []
    for c in claims:
        if c["kind"] == "count" and c["unit"] is None:
            for d in wholes[-_OF_THE_LOOKBACK:]:
                if c["value"] < d["value"] and R.of_ends.find(ex.left(d["start"])[1]):
                    c["kind"], c["denominator"] = "proportion", d["value"]
                    break
        elif c["kind"] == "count" and c["unit"] is not None:
            wholes.append(c)


def set_periods(ex, claims) -> None:
    """Each claim gets the statement's time period nearest to it, if any."""
    R, text = ex.R, ex.text
    periods = []
    if any(len(m.raw) == 4 and m.raw.isdigit() for m in ex.ms) or R.period_hint.search(text.lower()):
        periods = [(m.start(), m.end()) for m in R.period.finditer(text)]
    for c in claims:
        if periods:
            ps, pe = min(periods, key=lambda se: max(se[0] - c["end"], c["start"] - se[1], 0))
            c["period"] = text[ps:pe]
