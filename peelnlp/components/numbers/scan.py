"""Number mentions in a statement, and the ones that are not claims.

A mention is a number in digits ("4,700", "96.4", "1.2m") or words ("twenty
one"); :meth:`Scanner.excluded` says why one is not a claim (a date, a code,
a list number, an idiom ...), :meth:`Scanner.head` finds what it counts.
"""
import re
from typing import NamedTuple, Optional

from .rules import _LEFT, NumberRules, _word_value


class Mention(NamedTuple):
    start: int
    end: int
    value: float
    raw: str        # as written; lower-cased for words
    is_word: bool   # "twenty" rather than "20"
    scaled: bool    # with a scale: "1.2m", "3 million"


class Scanner:
    """One statement's mentions (``ms``, in text order) and the context lookups on them."""

    def __init__(self, rules: NumberRules, text: str):
        self.R = rules
        self.text = text
        self.ms: list[Mention] = []
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
            ms.append(Mention(s, e, value, raw, False, sm is not None))
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
                ms.append(Mention(s, m.end(), value, raw.lower(), True, m.group("wsc") is not None))
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
            pe = self.ms[i - 1].end
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

    def mention_at(self, pos: int) -> Optional[int]:
        """The index of the unconsumed mention starting at ``pos``, if any."""
        for k, m in enumerate(self.ms):
            if m.start == pos:
                return None if k in self.consumed else k
            if m.start > pos:
                break
        return None

