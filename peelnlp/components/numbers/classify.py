"""Reading a mention as a claim: its kind, unit, denominator, range, rate."""
import re
from typing import Optional

from .rules import _LEFT, CLAIM_KEYS
from .scan import Scanner


def _new_claim(text, start, end, value, kind, **extra) -> dict:
    claim = dict.fromkeys(CLAIM_KEYS)
    claim.update(text=text[start:end], start=start, end=end, value=round(float(value), 6), kind=kind)
    claim.update(extra)
    return claim


class Extractor(Scanner):
    """One statement's extraction: :meth:`claims` in text order, unlinked."""

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
                extra["upper"] = self.ms[j].value
                tend = self.ms[j].end
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
            extra["upper"] = self.ms[j].value
            p = self.ms[j].end

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
                extra.update(denominator=self.ms[j].value, unit=unit)
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
                pend, _ = self.head(self.ms[j].end, self.ms[j].value)
                pend = max(pend, self.ms[j].end)
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


    def _range(self, i: int, e: int, lstart: int) -> Optional[int]:
        R, text = self.R, self.text
        if i + 1 >= len(self.ms):
            return None
        j = i + 1
        js = self.ms[j].start
        if js - e > 12:
            return None
        low = self.left(lstart)[1]
        if R.between_ends.find(low):
            m = R.range_and.match(text, e)
        elif R.from_ends.find(low):
            return None  # "rose from 20 to 30": two values
        else:
            m = R.range_conn.match(text, e)
        if m is None or m.end() != js or self.ms[j].is_word != self.ms[i].is_word:
            return None
        reason = self.excluded(j)
        if reason and not (reason == "attached" and text[js - 1] in "-\u2013\u2014"
                           and not text[self.ms[j].end:self.ms[j].end + 1].isalpha()):
            return None
        if self.ms[j].value <= self.ms[i].value:
            return None
        self.consumed.add(j)
        return j

    def _proportion(self, i: int, e: int):
        R, text = self.R, self.text
        j = i + 1
        if j >= len(self.ms):
            return None
        if self.ms[i].raw == "one" and self.prev_word(self.ms[i].start) in R.membership_before:
            return None  # "is one of four forces"
        js, je = self.ms[j].start, self.ms[j].end
        m = R.prop_of.match(text, e)
        if m is None or m.end() != js:
            m = R.prop_in.match(text, e)
            if m is None or m.end() != js:
                return None
            # "x in y": not "5 in 12 months", "3 in 2021"
            if R.duration.match(text, je) or R.percent.match(text, je) or self.ms[j].value <= self.ms[i].value:
                return None
        if self.excluded(j) or R.percent.match(text, je) or text[max(0, js - 3):js].rstrip()[-1:] in R.currency_symbols:
            return None
        if self.ms[j].value < self.ms[i].value:
            return None
        self.consumed.add(j)
        tend, unit = self.head(je, self.ms[j].value)
        if unit is None:
            tend = je
        return j, tend, unit

    def _emit(self, start, end, value, kind, lstart, extra) -> dict:
        claim = _new_claim(self.text, start, end, value, kind, **extra)
        claim["_lstart"] = min(lstart, start)
        return claim

    def claims(self) -> list:
        """Every mention that is a claim, as a claim, in text order; not yet linked."""
        claims = []
        for i in range(len(self.ms)):
            if i in self.consumed or self.excluded(i):
                continue
            c = self.claim(i)
            if c is not None:
                self.consumed.add(i)
                claims.append(c)
        return claims
