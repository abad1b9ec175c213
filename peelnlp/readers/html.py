"""Reader for HTML reports (BeautifulSoup with the stdlib ``html.parser``).

What becomes a block:

* ``h1``-``h6`` (and ``role="heading"`` with ``aria-level``) -> ``heading`` with
  that level; a ``<p>`` whose text is all bold (``strong``/``b``), short and
  not ending like a sentence -> ``heading`` without a level;
* ``p`` -> ``paragraph``, or ``list_item`` where it opens with a bullet or a
  number typed before its text ("•\tThe force ...", "1. Make sure ..."); text written straight into a ``div``/``section``/
  ``td``/... with no ``<p>`` around it -> ``paragraph`` (two ``<br>`` in a row
  split it);
* ``li`` -> ``list_item``: items of a ``ul`` get a "• " prefix (unless they
  start with a bullet already) and items of an ``ol`` their number ("1. ",
  honouring ``start``, ``value`` and ``type``), so they read like the PDF's
  items. Nested lists become items of their own, after their parent item.

What is ignored: ``head``, ``script``, ``style``, ``noscript``, ``template``,
``svg``, ``button``, form controls, ``iframe``/media; ``nav`` and
``role="navigation"``/``"search"``/``"banner"``/``"contentinfo"``; ``footer``;
``header`` outside an ``article``/``main``/``section``; a contents list
(three items or more, each wholly a link to a place in the page); forms that hold no
headings or paragraphs; navigation-like ``aside``s (link-heavy or named like
a menu/related-links/sidebar) unless they hold a report box heading such as
"Innovative practice"; cookie banners, breadcrumbs and skip links; hidden
elements (``hidden``, ``aria-hidden="true"``, ``display: none``,
``visibility: hidden``, screen-reader-only classes); footnote references
(``<sup>1</sup>``, ``<a href="#fn1">[1]</a>``) and footnote sections; blocks
that are only a URL. When the page has a ``<main>`` holding most of its
text, only ``<main>`` is read.

Bytes are decoded with the charset the page declares (``<meta charset>``, the
http-equiv content type, an XML declaration: bs4's ``EncodingDetector``), else by detection
(:func:`~peelnlp.readers.decode.decode_bytes`).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..charmap import CharMap
from ..document import FRONT_CHARS, HEADING, LIST_ITEM, PARAGRAPH, SourceDocument
from . import ReaderError
from .budget import Budget

BLOCK_TAGS = frozenset("""
    address article aside blockquote body caption center dd details dialog dir div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html legend li
    main menu nav ol p pre search section summary table tbody td tfoot th thead tr ul
""".split())
DROP_TAGS = frozenset("""
    head title meta link script style noscript template svg math button input select option
    optgroup textarea iframe object embed canvas audio video source track map area img picture
    nav footer dialog
""".split())
DROP_ROLES = frozenset({"navigation", "search", "banner", "contentinfo", "menu", "menubar",
                        "toolbar", "dialog", "alertdialog"})
#: Class/id substrings that always mark furniture.
STRONG_FURNITURE = ("breadcrumb", "cookie", "skip-link", "skiplink", "skip-to", "visually-hidden",
                    "visuallyhidden", "sr-only", "screen-reader", "footnote")
#: Class/id parts that mark furniture when the element is also link-heavy.
NAV_PARTS = frozenset({"nav", "navbar", "navigation", "menu", "sidebar", "related", "share",
                       "sharing", "social", "toc", "contents", "pagination", "pager", "links",
                       "tags", "subnav"})
HIDDEN_CLASSES = frozenset({"hidden", "d-none", "hide", "is-hidden", "js-hidden"})
BOX_HEADINGS = re.compile(
    r"^\s*(main findings|areas? for improvement|innovative practice|causes? of concern|"
    r"recommendations?|promising practice|good practice|summary of findings|our judgements?)\s*$",
    re.I)
STRONG_BULLETS = "•●▪■◦○‣⁃∙◾◼►➢✓✔"
_BR = "\ue000"  # stands for <br> inside collected text
_WS = re.compile(r"\s+")
_INVISIBLE = CharMap(dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_URL_ONLY = re.compile(r"^(?:\d{1,3}\.?\s*)?(?:[•\-–]\s*)?(?:https?://|www\.)\S+$", re.I)
_FOOTNOTE_MARK = re.compile(r"^\s*[\[(]?(\d{1,3}|[*†‡§])[\])]?\s*$")
_SENTENCE_END = re.compile(r"[.!?:;][)’”'\"]*$")


# --------------------------------------------------------------- filtering

def _attr_text(tag) -> str:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    return " ".join([*classes, tag.get("id") or "", tag.get("aria-label") or ""]).lower()


def _link_density(tag) -> float:
    total = len(_WS.sub("", tag.get_text()))
    if not total:
        return 0.0
    linked = sum(len(_WS.sub("", a.get_text())) for a in tag.find_all("a"))
    return linked / total


def _has_box_heading(tag) -> bool:
    for h in tag.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "strong", "b"]):
        if BOX_HEADINGS.match(h.get_text(" ", strip=True)):
            return True
    return False


def _is_hidden(tag) -> bool:
    if tag.has_attr("hidden") or (tag.get("aria-hidden") or "").lower() == "true":
        return True
    style = (tag.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    return any(c.lower() in HIDDEN_CLASSES for c in classes)


def _is_nav_named(attrs: str) -> bool:
    parts = set(re.split(r"[\s_\-]+", attrs))
    return bool(parts & NAV_PARTS)


def _dropped(tag) -> bool:
    name = tag.name
    if name in DROP_TAGS:
        return True
    if _is_hidden(tag):
        return True
    role = (tag.get("role") or "").lower()
    if role in DROP_ROLES:
        return True
    attrs = _attr_text(tag)
    if attrs and any(s in attrs for s in STRONG_FURNITURE):
        return True
    if name == "header":
        return tag.find_parent(["article", "main", "section"]) is None
    if name == "form":
        return tag.find(["h1", "h2", "h3", "h4", "h5", "h6"]) is None and len(tag.find_all("p")) < 2
    if name == "aside":
        if _has_box_heading(tag):
            return False
        return _is_nav_named(attrs) or _link_density(tag) >= 0.5
    if name in ("div", "section", "ul", "ol") and attrs and _is_nav_named(attrs):
        return _link_density(tag) >= 0.5 and not _has_box_heading(tag)
    if name == "sup" and _FOOTNOTE_MARK.match(tag.get_text()):
        return True
    if name == "a":
        href = (tag.get("href") or "").lower()
        if href.startswith(("#fn", "#footnote", "#note", "#ref")) and _FOOTNOTE_MARK.match(tag.get_text()):
            return True
    return False


# ------------------------------------------------------------ text + walk

def _clean(text: str) -> str:
    text = _INVISIBLE(text).replace("\xa0", " ")
    return _WS.sub(" ", text).strip()


class _Collector:
    def __init__(self) -> None:
        self.blocks: list[tuple[str, str, int | None]] = []
        self._has_block: dict[int, bool] = {}

    # -- helpers
    def contains_block(self, tag) -> bool:
        key = id(tag)
        if key not in self._has_block:
            self._has_block[key] = tag.find(BLOCK_TAGS) is not None
        return self._has_block[key]

    def inline_text(self, node, skip_lists: bool = False) -> str:
        from bs4 import NavigableString, Tag
        from bs4.element import PreformattedString

        parts: list[str] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, CDATA, doctype
                    parts.append(str(child))
            elif isinstance(child, Tag):
                if _dropped(child):
                    continue
                if child.name == "br":
                    parts.append(_BR)
                elif skip_lists and child.name in ("ul", "ol"):
                    continue
                elif child.name in BLOCK_TAGS:
                    parts.append(" " + self.inline_text(child, skip_lists) + " ")
                else:
                    parts.append(self.inline_text(child, skip_lists))
        return "".join(parts)

    def emit(self, kind: str, raw: str, level: int | None = None) -> None:
        # two <br> in a row separate paragraphs; one is a space
        pieces = re.split(rf"{_BR}\s*{_BR}[\s{_BR}]*", raw) if kind == PARAGRAPH else [raw]
        for piece in pieces:
            text = _clean(piece.replace(_BR, " "))
            if not text or _URL_ONLY.match(text):
                continue
            self.blocks.append((kind, text, level))

    # -- structure
    def walk(self, node) -> None:
        """Block-level children are handled in turn; loose inline content in
        between becomes paragraphs."""
        from bs4 import NavigableString, Tag
        from bs4.element import PreformattedString

        buffer: list[str] = []

        def flush() -> None:
            if buffer:
                self.emit(PARAGRAPH, "".join(buffer))
                buffer.clear()

        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):
                    buffer.append(str(child))
                continue
            if not isinstance(child, Tag) or _dropped(child):
                continue
            if child.name == "br":
                buffer.append(_BR)
            elif child.name in BLOCK_TAGS or self.contains_block(child):
                flush()
                self.block(child)
            else:
                buffer.append(self.inline_text(child))
        flush()

    def block(self, tag) -> None:
        name = tag.name
        role = (tag.get("role") or "").lower()
        if name in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.emit(HEADING, self.inline_text(tag), int(name[1]))
        elif role == "heading":
            level = tag.get("aria-level")
            self.emit(HEADING, self.inline_text(tag),
                      int(level) if level and str(level).isdigit() else None)
        elif name == "p" and not self.contains_block(tag):
            text = _clean(self.inline_text(tag).replace(_BR, " "))
            if self._bold_only(tag, text):
                self.emit(HEADING, text)
            elif _typed_item(text):
                self.blocks.append((LIST_ITEM, _typed_item(text), None))
            else:
                self.emit(PARAGRAPH, self.inline_text(tag))
        elif name in ("ul", "ol", "menu", "dir"):
            self.list(tag)
        elif name == "li":  # an li outside a list
            self.item(tag, "• ")
        elif name == "hr":
            return
        elif name == "pre":
            self.emit(PARAGRAPH, self.inline_text(tag))
        else:
            self.walk(tag)

    @staticmethod
    def _bold_only(tag, text: str) -> bool:
        if not text or len(text.split()) > 25 or _SENTENCE_END.search(text):
            return False
        outer = [b for b in tag.find_all(["strong", "b"])
                 if not any(p.name in ("strong", "b") for p in _parents_until(b, tag))]
        bold = " ".join(b.get_text(" ") for b in outer)
        return _clean(bold) == text

    def list(self, tag) -> None:
        from bs4 import Tag

        if _in_page_links(tag):
            return  # a contents list: its items are the titles that follow, not statements

        ordered = tag.name == "ol"
        try:
            number = int(tag.get("start", 1))
        except (TypeError, ValueError):
            number = 1
        style = tag.get("type", "1")
        if ordered and tag.has_attr("reversed"):
            step = -1
        else:
            step = 1
        for child in tag.children:
            if not isinstance(child, Tag) or _dropped(child):
                continue
            if child.name == "li":
                if ordered:
                    try:
                        number = int(child.get("value", number))
                    except (TypeError, ValueError):
                        pass
                    self.item(child, _ordinal(number, style) + " ")
                    number += step
                else:
                    self.item(child, "• ")
            elif child.name in ("ul", "ol"):
                self.list(child)
            elif child.name in BLOCK_TAGS or self.contains_block(child):
                self.block(child)
            else:
                self.emit(PARAGRAPH, self.inline_text(child))

    def item(self, li, prefix: str) -> None:
        text = _clean(self.inline_text(li, skip_lists=True).replace(_BR, " "))
        if text and not _URL_ONLY.match(text):
            if prefix == "• " and (text[0] in STRONG_BULLETS or re.match(r"[-–—*]\s", text)):
                text = text[0] + " " + text[1:].lstrip()  # already bulleted
            else:
                text = prefix + text
            self.blocks.append((LIST_ITEM, text, None))
        for nested in li.find_all(["ul", "ol"]):
            # lists belonging to this item (not to a deeper item), not inside dropped furniture
            if nested.find_parent("li") is li and not _dropped(nested) and \
                    not any(_dropped(p) for p in _parents_until(nested, li)):
                self.list(nested)


def _in_page_links(tag) -> bool:
    """Is the list a contents list: three items or more, each wholly a link
    to a place in the page ("#investigating-crime")? Its items read as
    statements, and were typed as findings ("\u2022 Overall summary": a
    strength)."""
    items = tag.find_all("li", recursive=False)
    if len(items) < 3:
        return False
    for li in items:
        links = li.find_all("a", href=True)
        if not links or not all(str(a["href"]).startswith("#") for a in links):
            return False
        if _clean(" ".join(a.get_text(" ") for a in links)) != _clean(li.get_text(" ", strip=False)):
            return False
    return True


def _typed_item(text: str) -> str | None:
    """A paragraph that opens with a bullet or a number typed before its text
    ("•\tThe force ...", "1. Make sure ..."), as a word processor keeps the
    list of a PDF it opened, or a page written by hand: the list item, its
    marker as the text reader writes it; else None."""
    from ..text import bullet_pattern, private_use_bullets

    first = private_use_bullets().get(text[:1])
    if first is not None:
        text = first + text[1:]
    m = bullet_pattern().match(text)
    if m is None or not text[m.end():].strip():
        return None
    return m.group(1) + " " + text[m.end():].lstrip()


def _parents_until(tag, stop):
    for parent in tag.parents:
        if parent is stop:
            return
        yield parent


def _ordinal(number: int, style: str) -> str:
    if style in ("a", "A"):
        letters = ""
        n = max(number, 1)
        while n:
            n, r = divmod(n - 1, 26)
            letters = chr(ord("a") + r) + letters
        return (letters if style == "a" else letters.upper()) + "."
    if style in ("i", "I"):
        roman = _roman(max(number, 1))
        return (roman.lower() if style == "i" else roman) + "."
    return f"{number}."


def _roman(n: int) -> str:
    out = ""
    for value, symbol in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                          (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                          (4, "IV"), (1, "I")):
        while n >= value:
            out += symbol
            n -= value
    return out


# ----------------------------------------------------------------- read

def declared_charset(data: bytes) -> str | None:
    """The charset the page declares in its first bytes (meta, http-equiv, XML declaration)."""
    from bs4.dammit import EncodingDetector

    return EncodingDetector.find_declared_encoding(data, is_html=True)


def _content_root(soup):
    body = soup.body or soup
    mains = soup.find_all("main") or soup.find_all(attrs={"role": "main"})
    if len(mains) == 1:
        main = mains[0]
        total = len(_WS.sub("", body.get_text()))
        if total and len(_WS.sub("", main.get_text())) >= 0.3 * total:
            return main
    return body


def from_string(markup: str, path: str = "<html>") -> SourceDocument:
    import warnings

    from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

    with warnings.catch_warnings():
        # A page whose text looks like a URL or file name is still a page.
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(markup, "html.parser")
    collector = _Collector()
    root = _content_root(soup)
    if root is soup:
        collector.walk(soup)
    else:
        collector.block(root)
    return SourceDocument.from_blocks(path, collector.blocks, format="html", front=_front(soup))


def _front(soup) -> str:
    """The page's title, dated meta tags and first visible lines (a "Published"
    line often sits in the page furniture that the collector drops)."""
    lines = []
    if soup.title is not None:
        lines.append(soup.title.get_text(" ", strip=True))
    for meta in soup.find_all("meta"):
        name = str(meta.get("name") or meta.get("property") or "").lower()
        if ("date" in name or "published" in name or name.endswith("title")) and meta.get("content"):
            lines.append(str(meta["content"]))
    for tag in (soup.body or soup).strings:  # lazily: only the page's start is read
        if tag.parent is not None and tag.parent.name in ("script", "style", "template", "noscript", "title"):
            continue
        text = _WS.sub(" ", str(tag)).strip()
        if text:
            lines.append(text)
        if sum(map(len, lines)) > FRONT_CHARS:
            break
    return "\n".join(lines)[:FRONT_CHARS]


def read(path: Path, **options) -> SourceDocument:
    from .decode import decode_bytes

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReaderError(path, f"can't read: {exc.strerror or exc}") from None
    if not data.strip():
        raise ReaderError(path, "no text found in HTML (empty file)")
    markup = decode_bytes(path, data, declared=declared_charset(data))
    budget = Budget.from_options(path, options)
    budget.markup(len(markup))  # before BeautifulSoup is paid for
    doc = from_string(markup, str(path))
    budget.add_chars(len(doc.text))
    if not doc.blocks:
        raise ReaderError(path, "no text found in HTML (only markup, scripts or navigation)")
    return doc
