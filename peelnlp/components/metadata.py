"""``peelnlp_metadata``: what report this is, read from its own text.

Sets ``doc._.body`` (the force or fire and rescue service, as the report
names it), ``doc._.programme`` (the inspection programme as a framework key,
``peel_2021_22``) and ``doc._.published`` (an ISO 8601 date, or year-month
where the text gives only a month). They are read from the reader's
``SourceDocument.front`` (the first lines as read, with the title page and
running header that cleaning drops) and the start of the cleaned text; the
file name is a fallback for ``body`` only, and only when it holds an
organisation word. Whatever the text does not give stays None.

The patterns are data: ``metadata.json`` beside this module. The sections
component tags with the framework of ``doc._.programme`` when peelnlp has one.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import PurePath

from spacy.language import Language
from spacy.tokens import Doc

from ..document import FRONT_CHARS
from ..extensions import FRONT_KEY, doc_text, register_extensions
from ..resources import load_json

FIELDS = ("body", "programme", "published")

_MONTHS = {m: i + 1 for i, m in enumerate((
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december"))}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATES = [
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?", re.I),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)? " + _MONTH + r",? (?P<year>(?:19|20)\d\d)", re.I),
    re.compile(_MONTH + r" (?P<day>\d{1,2})(?:st|nd|rd|th)?, (?P<year>(?:19|20)\d\d)", re.I),
    re.compile(r"(?P<day>\d{1,2})/(?P<mon>\d{1,2})/(?P<year>(?:19|20)\d\d)"),  # UK order
    re.compile(_MONTH + r" (?P<year>(?:19|20)\d\d)", re.I),
]
_WS = re.compile(r"\s+")


def parse_date(text: str) -> str | None:
    """``text`` as an ISO date when it is a date and nothing else (``"12 May
    2022"`` -> ``"2022-05-12"``, ``"May 2022"`` -> ``"2022-05"``); else None."""
    text = _WS.sub(" ", text).strip().rstrip(".")
    for pattern in _DATES:
        m = pattern.fullmatch(text)
        if m is None:
            continue
        parts = m.groupdict()
        month = int(parts["mon"]) if parts.get("mon") else _MONTHS[parts["month"].lower()]
        year = int(parts["year"])
        if parts.get("day") is None:
            return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
        try:
            return date(year, month, int(parts["day"])).isoformat()
        except ValueError:
            return None
    return None


class _Patterns:
    def __init__(self, rules: dict):
        endings = "|".join(re.escape(e).replace(r"\ ", " ") for e in
                           sorted(rules["body_endings"], key=len, reverse=True))
        word = r"[A-Z][\w'\u2019.-]*"
        refused = "|".join(re.escape(w) for w in rules["not_bodies"])
        # Capitalised words, lazily, up to the first organisation word; a name
        # may also be an organisation word alone ("Police Scotland").
        name = (rf"(?P<body>(?:(?!(?:{refused})\b){word}(?: (?:{word}|and|of|on|upon|the|&))*? )?"
                rf"(?:{endings}))(?![\w'\u2019-])")
        self.bodies = [re.compile(p.replace("{NAME}", name)) for p in rules["body_patterns"]]
        self.programmes = [(re.compile(p["pattern"]), p["key"]) for p in rules["programmes"]]
        self.body_programmes = rules["body_programmes"]
        self.published = re.compile(rules["published_labels"], re.I)
        self.title_page_lines = rules["title_page_lines"]
        self.file_name = rules["file_name"]


@lru_cache(maxsize=None)
def patterns() -> _Patterns:
    return _Patterns(load_json(__package__, "metadata.json"))


def read_metadata(front: str, text: str = "", path: str | None = None) -> dict:
    """``{"body", "programme", "published"}`` of a report: ``front`` is its
    first lines as read, ``text`` its cleaned text, ``path`` its file name
    (the fallback for ``body``). Values the text does not give are None."""
    rules = patterns()
    head = _WS.sub(" ", f"{front}\n{text[:FRONT_CHARS]}").strip()
    body = None
    for pattern in rules.bodies:
        m = pattern.search(head)
        if m is not None:
            body = m.group("body").strip()
            break
    if body is None and path:
        body = body_from_file_name(path)
    programme = None
    for pattern, key in rules.programmes:
        m = pattern.search(head)
        if m is not None:
            found = m.groupdict()
            programme = key.format(y1=found.get("y1"), y2=(found.get("y2") or "")[-2:])
            break
    if programme is None and path:
        programme = programme_from_file_name(path)
    if programme is None and body is not None:
        programme = next((p for end, p in rules.body_programmes.items() if body.endswith(end)), None)
    return {"body": body, "programme": programme, "published": _published(front or text[:FRONT_CHARS])}


def _published(front: str) -> str | None:
    rules = patterns()
    lines = [ln.strip() for ln in front.splitlines() if ln.strip()]
    for line in lines:
        m = rules.published.match(line)
        if m is not None:
            found = parse_date(m.group("date"))
            if found is not None:
                return found
    for line in lines[:rules.title_page_lines]:
        found = parse_date(line)
        if found is not None:
            return found
    return None


def _name_words(path: str) -> list[str]:
    return [w for w in re.split(r"[\W_]+", PurePath(path).stem.lower()) if w]


def programme_from_file_name(path: str) -> str | None:
    """"peel-2021-22-cleveland-police.pdf" -> "peel_2021_22"; else None."""
    m = re.search(patterns().file_name["programme"], " ".join(_name_words(path)))
    return f"peel_{m.group('y1')}_{m.group('y2')}" if m else None


def body_from_file_name(path: str) -> str | None:
    """The body a file name names, when it holds an organisation word with a
    name before it ("cleveland-police-peel-2021-22.pdf" -> "Cleveland Police");
    else None (a name like "aldermoor.txt" says nothing of what it is)."""
    rules = patterns().file_name
    words = _name_words(path)
    for i in range(len(words)):
        for ending in rules["endings"]:
            if words[i:i + len(ending)] != ending:
                continue
            before = []
            for w in reversed(words[:i]):
                if w in rules["stop_words"] or w.isdigit():
                    break
                before.insert(0, w)
            while before and before[0] in rules["small_words"]:
                before.pop(0)
            if not before:
                continue
            end = " ".join(ending)
            display = rules["display"].get(end, end.title().replace(" And ", " and "))
            return " ".join(w if w in rules["small_words"] else w.capitalize() for w in before) + " " + display
    return None


class MetadataReader:
    def __init__(self, nlp: Language, name: str):
        register_extensions()
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        found = read_metadata(doc.user_data.get(FRONT_KEY) or "", doc_text(doc), doc._.source)
        for field in FIELDS:
            setattr(doc._, field, found[field])
        return doc


@Language.factory("peelnlp_metadata")
def make_metadata_reader(nlp: Language, name: str) -> MetadataReader:
    return MetadataReader(nlp, name)
