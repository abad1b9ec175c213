"""Compiling the rule data (``numbers.json``) into patterns and word lists."""
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

RULES_FILE = "numbers.json"
#: how many earlier counts "of the N X" may refer back to (see link.link_of_the)
_OF_THE_LOOKBACK = 8
KINDS = ("count", "percent", "proportion", "rate", "duration", "money", "change", "interval")
CLAIM_KEYS = ("text", "start", "end", "value", "kind", "unit", "denominator", "per", "interval",
              "period", "comparison", "qualifier", "upper")

_LEFT = 60  # characters of left context the rules look at


def _alt(words, escape=True) -> str:
    """A regex alternation of ``words``, longest first, spaces matching any whitespace."""
    items = sorted(set(words), key=len, reverse=True)
    if escape:
        items = [re.escape(w).replace(r"\ ", r"\s+") for w in items]
    return "|".join(items)


def _left(pattern: str, flags=re.IGNORECASE) -> "re.Pattern":
    """A pattern that must end right where the left context ends."""
    return re.compile(r"(?:" + pattern + r")\s*\Z", flags)


class _Ends:
    """Phrases that can end the text just left of a number.

    ``find`` is given that text with trailing space stripped (lower-cased, unless
    ``case``) and returns the longest phrase it ends with that starts on a word
    boundary. Plain string tests: much faster than an end-anchored regex search.
    """

    __slots__ = ("phrases",)

    def __init__(self, phrases, case: bool = False):
        norm = {" ".join(p.split()) if case else " ".join(p.lower().split()) for p in phrases}
        self.phrases = tuple(sorted((p for p in norm if p), key=len, reverse=True))

    def find(self, left: str) -> Optional[str]:
        if not self.phrases or not left.endswith(self.phrases):
            return None
        for p in self.phrases:
            if left.endswith(p):
                k = len(left) - len(p)
                if k == 0 or not p[0].isalnum() or not (left[k - 1].isalnum() or left[k - 1] in "_.'\u2019-"):
                    return p
        return None


def _word_value(raw: str, values: dict) -> float:
    total = 0
    current = 0
    for tok in re.split(r"[\s-]+", raw.lower()):
        if tok == "and" or not tok:
            continue
        v = values[tok]
        if v == 100:
            current = max(current, 1) * 100
        elif v >= 1000:
            total += max(current, 1) * v
            current = 0
        else:
            current += v
    return float(total + current)


class NumberRules:
    """``numbers.json`` compiled: built once per rules dict."""

    def __init__(self, rules: dict):
        self.data = rules
        nw = rules["number_words"]
        self.word_values = {}
        for group in nw.values():
            self.word_values.update({k.lower(): v for k, v in group.items()})
        units, teens, tens = _alt(nw["units"]), _alt(nw["teens"]), _alt(nw["tens"])
        zero, scales = _alt(nw["zero"]), _alt(nw["scales"])
        small = rf"(?:(?:{tens})(?:[-\s]+(?:{units}))?|{teens}|{units}|{zero})"
        big = rf"{small}(?:\s+hundred(?:\s+(?:and\s+)?{small})?)?"
        full = rf"{big}(?:\s+(?:{scales})(?:\s+(?:and\s+)?{big})?)?"
        scale_words = _alt(rules["scale_words"])
        suffixes = _alt(rules["suffix_multipliers"])
        self.scale_words = {k.lower(): v for k, v in rules["scale_words"].items()}
        self.suffixes = rules["suffix_multipliers"]
        # Finding numbers is most of the time spent on a statement, so it runs in
        # two steps: fast scans for candidates (a digit; a number word after a
        # space), then the full grammar matched at each candidate.
        self.digits = re.compile(r"[0-9](?:[0-9]|,[0-9]{3}(?![0-9])|\.[0-9])*")
        self.digit_scale = re.compile(rf"(?P<suf>{suffixes})\b|\s+(?P<sc>(?i:{scale_words}))\b")
        starters = [w for g in ("units", "teens", "tens", "zero") for w in nw[g]]
        first = "".join(sorted({w[0].lower() for w in starters} | {w[0].upper() for w in starters}))
        rest = _alt({w[1:].lower() for w in starters})
        self.word_candidate = re.compile(r"[\s(\[\u201c\u2018\"][" + first + r"](?:" + rest + r")\b")
        self.word_number = re.compile(r"(?i:" + full + r")(?!\w)(?:\s+(?P<wsc>(?i:" + scale_words + r"))\b)?")
        self.restricted = {w.lower() for w in rules["restricted_words"]}
        self.restricted_needs_prep = {k.lower(): {u.lower() for u in v}
                                      for k, v in rules["restricted_duration_needs_preposition"].items()}

        months = _alt(rules["months"])
        self.month_after = re.compile(r"\s*(?:st|nd|rd|th)?\s+(?:of\s+)?(?:" + months + r")\b")
        self.month_ends = _Ends(rules["months"], case=True)
        self.year_lo, self.year_hi = rules["year_range"]

        self.percent = re.compile(r"\s*(?:" + "|".join(rules["percent_patterns"]) + ")", re.I)
        self.pp = re.compile(r"\s*(?:" + "|".join(rules["percentage_point_patterns"]) + ")", re.I)
        self.currency_symbols = rules["currency_symbols"]
        self.currency_words = {k.lower(): v for k, v in rules["currency_words"].items()}
        self.currency_after = re.compile(r"\s+(?P<w>" + _alt(rules["currency_words"]) + r")\b", re.I)
        self.interval_ends = _Ends(rules["interval_signs"])

        self.duration_units = {k.lower(): v for k, v in rules["duration_units"].items()}
        mods = _alt(rules["duration_modifiers"])
        self.duration = re.compile(
            r"(?:\s+|\s*[-\u2010\u2011]\s*)(?:(?:" + mods + r")[\s-]+)?(?P<u>" + _alt(rules["duration_units"]) + r")\b(?!-)", re.I)
        self.every_ends = _Ends(["every", "each"])
        self.hyphen_word = re.compile(r"[-\u2010\u2011](?P<w>[A-Za-z]+)\b(?![-\u2010\u2011])")

        self.code_ends = _Ends(rules["code_words"])
        self.acronym_code = bool(rules.get("acronym_code", True))
        self.code_continuation = re.compile(rules["code_continuation_pattern"] + r"\Z", re.I)
        self.emergency = set(rules["emergency_numbers"])
        self.telephony_words = {w.lower() for w in rules["telephony_words"]}
        self.telephony_preceding = {w.lower() for w in rules["telephony_preceding"]}
        self.next_word = re.compile(r"[ \t]*([A-Za-z][\w-]*)")
        self.age_ends = _Ends([f"{w} {f}" for w in rules["age_words"] for f in rules["age_word_followers"]]
                              + [f"{n} {f}" for n in rules["age_group_nouns"] for f in rules["age_group_followers"]])
        self.age_after = re.compile("|".join(rules["age_after_patterns"]), re.I)
        self.idioms = re.compile("|".join("(?:%s)" % p for p in rules["idiom_patterns"]), re.I)
        self.idiom_ends = _Ends(rules["idiom_left_phrases"])
        self.bullets = "\u2022\u25aa\u00b7*\u2013-"
        self.list_marker_after = re.compile(r"[.)](?:\s|\Z)")
        self.line_end = re.compile(r"[ \t]*(?:\n|\Z)")

        self.change_ends = _Ends(list(rules["change_before"])
                                 + [f"{n} {p}" for n in rules["change_nouns"] for p in ("of", "by")]
                                 + [f"{v}{p}" for v in rules["change_verbs"] for p in ("", " by")]
                                 + [f"{v} by" for v in rules["change_verbs_by_only"]])
        self.change_ends_percent = _Ends(rules["change_words_before_percent"])
        self.change_before_far = _left(r"\b(?:" + rules["change_verbs_far_pattern"] + r")\s+(?:[\w'\u2019-]+\s+){1,3}by")
        self.change_after = re.compile(r"\s+(?:" + _alt(rules["change_after"]) + r")\b", re.I)
        self.change_after_unit = re.compile(r"\s+(?:" + _alt(rules["change_after_with_unit"]) + r")\b", re.I)
        self.qualifier_ends = _Ends(rules["qualifiers"])

        fill = _alt(rules["proportion_fillers"])
        self.prop_of = re.compile(r"\s+(?:out\s+)?of\s+(?:(?:" + fill + r"|[\w-]+['\u2019]s?)\s+){0,3}", re.I)
        self.membership_before = {w.lower() for w in rules["membership_before"]}
        self.prop_in = re.compile(r"\s+in\s+(?:(?:" + _alt(rules["proportion_in_fillers"]) + r")\s+)?", re.I)
        self.of_the_plural = re.compile(
            r"\s+of\s+(?:the|these|those|its|their|our)\s+(?P<n>(?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*s)\b")
        self.range_conn = re.compile(r"\s*(?:-|\u2013|\u2014|to)\s*(?:[£$€]\s*)?", re.I)
        self.range_and = re.compile(r"\s+and\s+(?:[£$€]\s*)?", re.I)
        self.between_ends = _Ends(["between"])
        self.from_ends = _Ends(["from"])

        self.rate_per = re.compile(r"\s+(?:" + "|".join(rules["rate_per_patterns"]) + r")\s+", re.I)
        self.rate_time = re.compile(r"\s+(?:" + _alt(rules["rate_time_words"]) + r")\s+(?P<u>"
                                    + _alt(rules["rate_time_units"]) + r")\b", re.I)
        self.count_time = re.compile(r"\s+(?:" + _alt(rules["count_time_words"]) + r")\s+(?P<u>"
                                     + _alt(rules["rate_time_units"]) + r")\b", re.I)
        self.rate_ends = _Ends([f"{n} {k}" for n in rules["rate_nouns"] for k in rules["rate_links"]])
        self.per_word = re.compile(r"(?:head\s+of\s+(?:the\s+)?population|[A-Za-z][\w-]*)", re.I)
        self.times = re.compile(r"\s+(?:" + _alt(rules["times_words"]) + r")\b(?P<cmp>\s+(?:more|less|higher|lower|"
                                r"greater|as|likelier|the))?", re.I)

        self.head_max = int(rules["head_max_words"])
        self.irregular_heads = {w.lower() for w in rules["irregular_heads"]}
        self.head_continuable = {w.lower() for w in rules["head_continuable"]}
        self.compound = re.compile(r"\s+(" + _alt(rules["compounds"]) + r")\b", re.I)
        self.not_plural = {w.lower() for w in rules["not_plural"]}
        self.stop = {w.lower() for w in rules["head_stopwords"]}
        self.coordination = re.compile(r"\s+(?:and|or)\s(?=\s*[A-Za-z])")
        self.word = re.compile(r"\s+([A-Za-z](?:[A-Za-z'\u2019-]*[A-Za-z'\u2019])?)")

        self.comparison = re.compile("|".join(rules["comparison_patterns"]), re.I)
        self.comparison_max_gap = int(rules["comparison_max_gap"])
        num = r"(?:\d+|" + _alt(list(nw["units"]) + list(nw["teens"]) + list(nw["tens"])) + ")"
        self.period = re.compile("|".join(
            "(?:%s)" % p.replace("{MONTH}", months).replace("{NUM}", num) for p in rules["period_patterns"]), re.I)
        self.of_ends = _Ends(["of", "of the", "of these", "of those"])
        self.period_hint_words = tuple(w.lower() for w in rules["period_hint_words"])
        # Any of them anywhere in the lower-cased text (a substring test, as `in`).
        self.period_hint = re.compile("|".join(map(re.escape, self.period_hint_words)) or r"(?!)")

    def is_plural(self, w: str) -> bool:
        return (len(w) >= 3 and w.endswith("s") and not w.endswith(("ss", "us", "is"))
                and w not in self.not_plural)


def load_rules(path=None) -> dict:
    """The rules dict: from ``path`` when given, else the packaged ``numbers.json``."""
    if path is not None:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    return json.loads(resources.files(__package__).joinpath(RULES_FILE).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def default_rules() -> NumberRules:
    """The packaged rules, compiled on first use."""
    return NumberRules(load_rules())

