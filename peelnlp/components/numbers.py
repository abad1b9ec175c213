"""``peelnlp_numbers``: the numeric claims a statement makes (GUIDELINES section 5).

:func:`extract_claims` is a pure function from a statement's text to its claims,
in text order. Each claim is a dict with always the same keys:

``text``, ``start``, ``end``
    the shortest stretch of the statement that holds the number and what it
    counts ("8 of the 54 cases", "96.4 percent", "additional 4,700 crimes");
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
    the confidence interval given for this value ("96.4 percent (with a
    confidence interval of +/- 2.0 percent)" -> 2.0), else None. The interval is
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
``numbers.json`` beside this module.

The ``peelnlp_numbers`` component sets ``span._.numeric_claims`` on every span
of ``doc.spans["statements"]``.
"""
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import doc_text, register_extensions, set_span_values, statement_offsets
from .rules_io import JsonRules

RULES_FILE = "numbers.json"
#: how many earlier counts "of the N X" may refer back to (see _Extractor._link_of_the)
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


def _new_claim(text, start, end, value, kind, **extra) -> dict:
    claim = dict.fromkeys(CLAIM_KEYS)
    claim.update(text=text[start:end], start=start, end=end, value=round(float(value), 6), kind=kind)
    claim.update(extra)
    return claim


class _Extractor:
    """One statement's extraction state."""

    def __init__(self, rules: NumberRules, text: str):
        self.R = rules
        self.text = text
        self.ms = []  # (start, end, value, raw_lower, is_word, has_scale)
        ms = self.ms
        for m in rules.digits.finditer(text):
            s = m.start()
            if s and (text[s - 1].isalnum() or text[s - 1] in "_.,"):
                continue  # part of a code or a footnote marker: "S136", "crimes.12"
            raw = m.group()
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                continue  # "3.2.1"
            e = m.end()
            sm = rules.digit_scale.match(text, e)
            if sm:
                if sm.group("suf"):
                    value *= rules.suffixes[sm.group("suf")]
                else:
                    value *= rules.scale_words[sm.group("sc").lower()]
                e = sm.end()
            ms.append((s, e, value, raw, False, sm is not None))
        starts = [m.start() + 1 for m in rules.word_candidate.finditer(text)]
        if text[:1].isalpha():
            starts.insert(0, 0)
        if starts:
            covered = -1
            for s in starts:
                if s < covered:
                    continue  # "twenty" inside "one hundred and twenty"
                m = rules.word_number.match(text, s)
                if m is None:
                    continue
                raw = m.group(0)
                if m.group("wsc"):
                    raw = raw[:m.start("wsc")].rstrip()
                value = _word_value(raw, rules.word_values)
                if m.group("wsc"):
                    value *= rules.scale_words[m.group("wsc").lower()]
                ms.append((s, m.end(), value, raw.lower(), True, m.group("wsc") is not None))
                covered = m.end()
            ms.sort()
        self.consumed = set()
        self._excl_cache = {}
        self._left_cache = {}
        self.blocked = []  # (start, end) of idioms met so far
        self.has_address = "://" in text or "www." in text or "@" in text

    def left(self, pos: int):
        """``(stripped, lowered, offset)``: the text left of ``pos`` (up to _LEFT
        characters from ``offset``), without trailing space, and lower-cased."""
        c = self._left_cache.get(pos)
        if c is None:
            lo = max(0, pos - _LEFT)
            ls = self.text[lo:pos].rstrip()
            c = (ls, ls.lower().replace("\n", " ").replace("\t", " "), lo)
            self._left_cache[pos] = c
        return c

    def phrase_start(self, pos: int, phrase: str) -> int:
        """Where ``phrase`` (found by an ``_Ends`` at ``pos``) starts in the text."""
        ls, _, lo = self.left(pos)
        return lo + len(ls) - len(phrase)

    def prev_word(self, pos: int) -> str:
        low = self.left(pos)[1]
        return low.rsplit(None, 1)[-1] if low else ""

    # -- exclusions -----------------------------------------------------------
    def excluded(self, i: int) -> Optional[str]:
        if i in self._excl_cache:
            return self._excl_cache[i]
        reason = self._exclusion(i)
        self._excl_cache[i] = reason
        return reason

    def _exclusion(self, i: int) -> Optional[str]:
        R, text = self.R, self.text
        s, e, value, raw, is_word, scaled = self.ms[i]
        for bs, be in self.blocked:
            if bs <= s < be:
                return "idiom"
        idiom = R.idioms.match(text, s)
        if idiom:
            self.blocked.append((s, idiom.end()))
            return "idiom"
        ls, low, lo = self.left(s)
        if R.idiom_ends.find(low):
            return "idiom"
        if ls[-1:].isdigit():
            last = ls.split()[-2:]  # the rest of a phone number: "0800 555 1234"
            if any(t.isdigit() and t[0] == "0" and len(t) > 2 for t in last) and all(t.isdigit() for t in last):
                return "code"
        if self.has_address:
            ts = max(text.rfind(" ", 0, s), text.rfind("\n", 0, s)) + 1
            te = len(text)
            for sep in (" ", "\n"):
                k = text.find(sep, e)
                if k != -1 and k < te:
                    te = k
            token = text[ts:te]
            if "://" in token or "www." in token or "@" in token:
                return "address"
        prev = text[s - 1] if s else ""
        nxt = text[e] if e < len(text) else ""
        if not is_word:
            if nxt.isalpha() and not R.percent.match(text, e) and not R.pp.match(text, e):
                return "attached"  # 2nd, 18s, 10am, S136-like codes
            if prev == "/" or (nxt == "/" and text[e + 1:e + 2].isdigit()):
                return "slash"  # 24/7, 2021/22, 31/03/2022
            if prev in "-\u2013" and s >= 2 and text[s - 2].isalnum():
                return "attached"  # COVID-19, 2021-22
            if prev == ":" or (nxt == ":" and text[e + 1:e + 2].isdigit()):
                return "time"
            if raw[0] == "0" and len(raw) > 1 and raw[1].isdigit():
                return "code"  # phone numbers, references
            if len(raw) == 4 and raw.isdigit() and self.R.year_lo <= value <= self.R.year_hi and not scaled:
                if not R.percent.match(text, e) and ls[-1:] not in R.currency_symbols:
                    return "year"
        # list numbers and page numbers
        line = text[text.rfind("\n", 0, s) + 1:s].strip(" \t")
        if not line or (len(line) == 1 and line in R.bullets):
            if R.list_marker_after.match(text, e) or R.line_end.match(text, e):
                return "list"
        # footnote and list markers: "[3]", "(2)"
        if prev and nxt and prev in "[(" and nxt in "])" and (prev == "[" or (value < 10 and value.is_integer())):
            return "list"
        # the base of a rate with no value before it: "per 1,000 population"
        if low.endswith(" per") or low == "per":
            return "rate base"
        # dates
        if value.is_integer() and 1 <= value <= 31 and R.month_after.match(text, e):
            return "date"
        if ls and R.month_ends.find(ls.rstrip(".,")):
            return "date"
        # codes and identifiers
        if R.code_ends.find(low):
            return "code"
        if R.acronym_code and value < 100 and ls:
            tok = ls.rsplit(None, 1)[-1]
            tok = tok[:-1] if tok.endswith("s") else tok
            if (2 <= len(tok) <= 6 and tok.isalpha() and tok.isupper()
                    and not R.percent.match(text, e) and not R.duration.match(text, e)):
                return "code"
        if not is_word and raw in R.emergency:
            nw = R.next_word.match(text, e)
            if (nw is None or nw.group(1).lower() in R.telephony_words
                    or self.prev_word(s) in R.telephony_preceding):
                return "code"
        # ages
        if R.age_ends.find(low) or R.age_after.match(text, e):
            return "age"
        # continuation of a code or an age list: "outcomes 15 and 16", "aged 10 to 17"
        if i > 0:
            pe = self.ms[i - 1][1]
            if self.excluded(i - 1) in ("code", "age", "list") and R.code_continuation.match(text[pe:s]):
                return self.excluded(i - 1)
        return None

    # -- helpers ----------------------------------------------------------------
    def head(self, p: int, value: float):
        """End and text of what the number at ``p`` counts ("16 police service
        volunteers", "1,310 officers and staff"), or ``(p, None)``."""
        found = self._scan_head(p, value, self.R.head_max)
        if found is None:
            return p, None
        end, unit_start = found
        co = self.R.coordination.match(self.text, end)
        if co:
            more = self._scan_head(co.end() - 1, 2, 2)  # "officers and staff", "officers and police staff"
            if more is not None and self.text[more[0] - 12:more[0]].rsplit(None, 1)[-1].lower() in self.R.irregular_heads:
                end = more[0]
        return end, self.text[unit_start:end]

    def _scan_head(self, p: int, value: float, max_words: int):
        """``(end, unit_start)`` of the words after ``p`` up to the first plural
        noun (or a word in ``irregular_heads``), within ``max_words`` words."""
        R, text = self.R, self.text
        q = p
        n = 0
        unit_start = None
        fallback = None
        while n < max_words:
            cm = R.compound.match(text, q)
            if cm:
                if unit_start is None:
                    unit_start = cm.start(1)
                q = cm.end()
                n += 1
                words = re.findall(r"[A-Za-z]+", cm.group(1).lower())
                if any(R.is_plural(w) for w in words) and not R.compound.match(text, q):
                    nxt = R.word.match(text, q)
                    if not nxt or nxt.group(1).lower() in R.stop or not R.is_plural(nxt.group(1).lower()):
                        return q, unit_start
                continue
            wm = R.word.match(text, q)
            if not wm:
                break
            w = wm.group(1)
            lw = w.lower()
            if lw in R.stop:
                break
            if unit_start is None:
                unit_start = wm.start(1)
            q = wm.end()
            n += 1
            if lw.endswith(("'s", "\u2019s")):
                continue  # a possessive modifies what follows: "children's services teams"
            if lw.endswith(("'", "\u2019")):
                fallback = q  # "victims' families": the head may follow
                continue
            if lw in R.irregular_heads:
                if lw in R.head_continuable and n < max_words:
                    nxt = R.word.match(text, q)
                    if nxt and nxt.group(1).lower() not in R.stop and not nxt.group(1).lower().endswith(("ed", "ly")):
                        fallback = q
                        continue
                return q, unit_start
            if R.is_plural(lw):
                return q, unit_start
            if value == 1 and n == 1 and not lw.endswith(("ed", "ing")):
                return q, unit_start
        if fallback is not None:
            return fallback, unit_start
        return None

    # -- classification -------------------------------------------------------
    def claim(self, i: int) -> Optional[dict]:
        R, text = self.R, self.text
        s, e, value, raw, is_word, scaled = self.ms[i]
        ls, low, _ = self.left(s)
        restricted = is_word and raw in R.restricted
        extra = {}
        tstart = s
        lstart = s  # where the left context of the claim (qualifier included) starts

        # interval: "+/- 2.0 percent"
        sign = R.interval_ends.find(low)
        if sign:
            tend = e
            pm = R.percent.match(text, e) or R.pp.match(text, e)
            if pm:
                tend = pm.end()
                extra["unit"] = "percent"
            start = self.phrase_start(s, sign)
            return self._emit(start, tend, value, "interval", start, extra)

        q = R.qualifier_ends.find(low)
        if q:
            extra["qualifier"] = q
            lstart = self.phrase_start(s, q)

        # money: "£1.2m", "£500,000", "2 million pounds"
        sym = ls[-1:]
        if sym and sym in R.currency_symbols:
            tstart = lstart = self.phrase_start(s, sym)
            q = R.qualifier_ends.find(self.left(tstart)[1])
            if q:
                extra["qualifier"] = q
                lstart = self.phrase_start(tstart, q)
            tend = e
            j = self._range(i, e, lstart)
            if j is not None:
                extra["upper"] = self.ms[j][2]
                tend = self.ms[j][1]
            extra["unit"] = R.currency_symbols[sym]
            return self._emit(tstart, tend, value, "money", lstart, extra)
        if not restricted:
            cw = R.currency_after.match(text, e)
            if cw:
                extra["unit"] = R.currency_words[re.sub(r"\s+", " ", cw.group("w").lower())]
                return self._emit(s, cw.end(), value, "money", lstart, extra)

        # ranges: "between 20 and 30 days", "20 to 30 percent", "20-30"
        p = e
        j = self._range(i, e, lstart)
        if j is not None:
            extra["upper"] = self.ms[j][2]
            p = self.ms[j][1]

        # percent and percentage points
        pm = R.percent.match(text, p)
        ppm = None if pm else R.pp.match(text, p)
        if pm or ppm:
            tend = (pm or ppm).end()
            kind = "percent" if pm else "change"
            extra["unit"] = "percent" if pm else "percentage points"
            ca = R.change_after.match(text, tend)
            if ca:
                kind = "change"
                tend = ca.end()
            kind, tstart = self._change_before(lstart, kind, tstart)
            if kind != "change" and R.change_ends_percent.find(self.left(lstart)[1]):
                kind = "change"  # "up 30 percent on last year"
            return self._emit(tstart, tend, value, kind, lstart, extra)

        # proportions: "8 of the 54 cases", "seven out of the nine", "one in five"
        if "upper" not in extra:
            prop = self._proportion(i, e)
            if prop is not None:
                j, tend, unit = prop
                extra.update(denominator=self.ms[j][2], unit=unit)
                return self._emit(s, tend, value, "proportion", lstart, extra)

        # hyphenated: "four-tier", "28-day", "12-month"
        hm = R.hyphen_word.match(text, p)
        if hm:
            w = hm.group("w").lower()
            if w in R.duration_units:
                extra["unit"] = R.duration_units[w]
                return self._emit(s, hm.end(), value, "duration", lstart, extra)
            if restricted:
                return None
            extra["unit"] = hm.group("w")
            return self._emit(s, hm.end(), value, "count", lstart, extra)

        # durations: "40 days", "every 4 hours", "within 60 working days"
        dm = R.duration.match(text, p)
        if dm:
            u = dm.group("u").lower()
            if restricted:
                if u in R.restricted_needs_prep.get(raw, ()) and self.prev_word(s) not in {
                        "within", "for", "after", "every", "in", "over", "than", "to", "about", "just",
                        "only", "least", "up", "under", "of", "per", "each"}:
                    return None
            extra["unit"] = R.duration_units[u]
            tend = dm.end()
            every = R.every_ends.find(self.left(lstart)[1])
            if every:
                tstart = self.phrase_start(lstart, every)
            rt = R.rate_time.match(text, tend)
            if rt:
                extra["per"] = rt.group("u").lower()
                tend = rt.end()
            return self._emit(tstart, tend, value, "duration", lstart, extra)

        if restricted:
            return None  # "in one case", "one of the highest", "none of them"

        # "3.1 times more likely"
        tm = R.times.match(text, p)
        if tm:
            extra["unit"] = "times"
            return self._emit(s, tm.end(), value, "rate" if tm.group("cmp") else "count", lstart, extra)

        # counts, changes and rates
        kind = "count"
        ca = R.change_after_unit.match(text, p)
        if ca:
            kind = "change"
            p = ca.end()
        kind, tstart = self._change_before(lstart, kind, tstart)
        tend, unit = self.head(p, value)
        if unit is None:
            om = R.of_the_plural.match(text, p)
            if om:
                tend, unit = om.end(), om.group("n")
            elif ca:
                tend = ca.end()
        extra["unit"] = unit
        # rates: "29.9 incidents per 1,000 population", "12 cases per officer", "300 calls a day"
        rp = R.rate_per.match(text, tend)
        if rp:
            q = rp.end()
            j = self.mention_at(q)
            if j is not None and self.excluded(j) in (None, "rate base"):
                pend, _ = self.head(self.ms[j][1], self.ms[j][2])
                pend = max(pend, self.ms[j][1])
                self.consumed.add(j)
                extra["per"] = text[q:pend]
                return self._emit(tstart, pend, value, "rate", lstart, extra)
            wm = R.per_word.match(text, q)
            if wm and wm.group(0).lower() not in R.stop:
                extra["per"] = wm.group(0)
                return self._emit(tstart, wm.end(), value, "rate", lstart, extra)
        rt = R.rate_time.match(text, tend)
        if rt and unit is not None:
            extra["per"] = rt.group("u").lower()
            return self._emit(tstart, rt.end(), value, "rate", lstart, extra)
        ct = R.count_time.match(text, tend)
        if ct and unit is not None:
            extra["per"] = ct.group("u").lower()  # "9,000 crimes a year"
        if kind == "count" and unit is not None:
            last = unit.rsplit(None, 1)[-1].lower()
            if last in R.duration_units:
                kind = "duration"  # "38,000 officer hours"
        if kind == "count" and R.rate_ends.find(self.left(lstart)[1]):
            kind = "rate"
        if "upper" in extra and unit is None and tend == p:
            tend = p
        return self._emit(tstart, tend, value, kind, lstart, extra)

    def _change_before(self, lstart: int, kind: str, tstart: int):
        """``(kind, tstart)`` after looking for a change word before the number:
        "an additional 4,700 crimes", "increase of 12 percent", "cut its backlog by 40 percent"."""
        low = self.left(lstart)[1]
        w = self.R.change_ends.find(low)
        if w:
            # the change word joins the text only when no qualifier stands between
            return "change", (self.phrase_start(lstart, w) if lstart == tstart else tstart)
        if low.endswith(" by") and self.R.change_before_far.search(self.text, max(0, lstart - _LEFT), lstart):
            return "change", tstart
        return kind, tstart

    def mention_at(self, pos: int) -> Optional[int]:
        """The index of the unconsumed mention starting at ``pos``, if any."""
        for k, m in enumerate(self.ms):
            if m[0] == pos:
                return None if k in self.consumed else k
            if m[0] > pos:
                break
        return None

    def _range(self, i: int, e: int, lstart: int) -> Optional[int]:
        R, text = self.R, self.text
        if i + 1 >= len(self.ms):
            return None
        j = i + 1
        js = self.ms[j][0]
        if js - e > 12:
            return None
        low = self.left(lstart)[1]
        if R.between_ends.find(low):
            m = R.range_and.match(text, e)
        elif R.from_ends.find(low):
            return None  # "rose from 20 to 30": two values
        else:
            m = R.range_conn.match(text, e)
        if m is None or m.end() != js or self.ms[j][4] != self.ms[i][4]:
            return None
        reason = self.excluded(j)
        if reason and not (reason == "attached" and text[js - 1] in "-\u2013\u2014"
                           and not text[self.ms[j][1]:self.ms[j][1] + 1].isalpha()):
            return None
        if self.ms[j][2] <= self.ms[i][2]:
            return None
        self.consumed.add(j)
        return j

    def _proportion(self, i: int, e: int):
        R, text = self.R, self.text
        j = i + 1
        if j >= len(self.ms):
            return None
        if self.ms[i][3] == "one" and self.prev_word(self.ms[i][0]) in R.membership_before:
            return None  # "is one of four forces"
        js, je = self.ms[j][0], self.ms[j][1]
        m = R.prop_of.match(text, e)
        if m is None or m.end() != js:
            m = R.prop_in.match(text, e)
            if m is None or m.end() != js:
                return None
            # "x in y": not "5 in 12 months", "3 in 2021"
            if R.duration.match(text, je) or R.percent.match(text, je) or self.ms[j][2] <= self.ms[i][2]:
                return None
        if self.excluded(j) or R.percent.match(text, je) or text[max(0, js - 3):js].rstrip()[-1:] in R.currency_symbols:
            return None
        if self.ms[j][2] < self.ms[i][2]:
            return None
        self.consumed.add(j)
        tend, unit = self.head(je, self.ms[j][2])
        if unit is None:
            tend = je
        return j, tend, unit

    def _emit(self, start, end, value, kind, lstart, extra) -> dict:
        claim = _new_claim(self.text, start, end, value, kind, **extra)
        claim["_lstart"] = min(lstart, start)
        return claim

    # -- whole statement --------------------------------------------------------
    def run(self) -> list:
        R, text = self.R, self.text
        claims = []
        for i in range(len(self.ms)):
            if i in self.consumed or self.excluded(i):
                continue
            c = self.claim(i)
            if c is None:
                continue
            self.consumed.add(i)
            if c["kind"] == "interval":
                for prev in reversed(claims):
                    if prev["kind"] != "interval":
                        if prev["interval"] is None:
                            prev["interval"] = c["value"]
                        break
            claims.append(c)
        if not claims:
            return claims
        if len(claims) > 1:
            self._link_comparisons(claims)
            self._link_of_the(claims)
        periods = []
        if any(len(m[3]) == 4 and m[3].isdigit() for m in self.ms) or R.period_hint.search(text.lower()):
            periods = [(m.start(), m.end()) for m in R.period.finditer(text)]
        for c in claims:
            if periods:
                ps, pe = min(periods, key=lambda se: max(se[0] - c["end"], c["start"] - se[1], 0))
                c["period"] = text[ps:pe]
            del c["_lstart"]
        return claims

    def _link_comparisons(self, claims) -> None:
        """"12 percent, compared to 14 percent across England and Wales": the
        nearest earlier claim of a compatible kind gets ``comparison`` 14.0."""
        R, text = self.R, self.text
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

    def _link_of_the(self, claims) -> None:
        """"Of the 54 cases we reviewed, 8 were..." -> 8 is a proportion of 54."""
        R = self.R
        # The counts with a unit seen so far, each a possible "of the N X"; only
        # the nearest few are looked at, so a statement of thousands of numbers
        # (hostile input) costs linear time, not quadratic.
        wholes: list[dict] = []
        for c in claims:
            if c["kind"] == "count" and c["unit"] is None:
                for d in wholes[-_OF_THE_LOOKBACK:]:
                    if c["value"] < d["value"] and R.of_ends.find(self.left(d["start"])[1]):
                        c["kind"], c["denominator"] = "proportion", d["value"]
                        break
            elif c["kind"] == "count" and c["unit"] is not None:
                wholes.append(c)


def extract_claims(text: str, rules: Optional[NumberRules] = None) -> list:
    """Every numeric claim in the statement ``text``, in order (see the module docstring)."""
    if not text:
        return []
    ex = _Extractor(rules or default_rules(), text)
    if not ex.ms:
        return []
    return ex.run()


@Language.factory("peelnlp_numbers", default_config={"rules_path": None})
class NumericClaims(JsonRules):
    """Set ``span._.numeric_claims`` on each span of ``doc.spans["statements"]``.

    ``rules_path`` names a JSON file to use instead of the packaged ``numbers.json``.
    The rules in use are saved with the pipeline (``to_disk``/``to_bytes``), so a
    saved pipeline keeps them, and loads even where ``rules_path`` no longer exists
    (the file is only read when the rules are first needed and none were loaded).
    """

    rules_file = RULES_FILE

    def __init__(self, nlp: Language, name: str = "peelnlp_numbers", rules_path: Optional[str] = None):
        register_extensions()
        self.name = name
        self.rules_path = rules_path
        self._rules: Optional[dict] = None
        self._compiled: Optional[NumberRules] = None

    @property
    def rules(self) -> dict:
        """The rules dict in use."""
        return self.compiled.data

    @property
    def compiled(self) -> NumberRules:
        """The compiled rules in use (loaded on first use)."""
        if self._compiled is None:
            if self.rules_path:
                self._compiled = NumberRules(load_rules(self.rules_path))
            else:
                self._compiled = default_rules()
        return self._compiled

    def _set_rules(self, data: dict) -> None:
        self._compiled = NumberRules(data)

    def __call__(self, doc: Doc) -> Doc:
        offsets = statement_offsets(doc)
        rules = self.compiled
        text = doc_text(doc)
        set_span_values(doc, offsets, "numeric_claims", [extract_claims(text[s:e], rules) for s, e in offsets])
        return doc
