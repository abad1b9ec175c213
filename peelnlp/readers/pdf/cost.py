"""What a PDF page will cost to lay out, counted before pdfminer lays it out.

pdfminer builds an object for every character a page draws, so one page of a
few kilobytes whose compressed stream inflates to a megabyte of text costs
minutes and gigabytes before any per-page check could run. Here the page's
content streams (and the form XObjects it draws) are inflated with a bound and
the characters of their string operands counted: an upper estimate of the
characters the page draws, cheap to get.
"""
from __future__ import annotations

import re
import zlib

#: string operands: literal "(...)" (escapes allowed) and hex "<...>"
_LITERAL = re.compile(rb"\((?:[^()\\]|\\.)*\)", re.S)
_HEX = re.compile(rb"(?<![<])<([0-9A-Fa-f\s]*)>(?![>])")
_DRAW_FORM = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+Do\b")


class TooCostly(Exception):
    """The page holds more than the limit (its message says what)."""


def _data(stream, max_bytes: int) -> bytes:
    """The decoded data of a pdfminer stream, refusing to inflate past ``max_bytes``."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE

    filters = stream.get_filters() if hasattr(stream, "get_filters") else []
    raw = getattr(stream, "rawdata", None)
    if raw is not None and len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE:
        inflate = zlib.decompressobj()
        try:
            data = inflate.decompress(raw, max_bytes + 1)
        except zlib.error:
            return b""  # pdfminer will say what is wrong with it
        if len(data) > max_bytes:
            raise TooCostly(f"a content stream inflates past {max_bytes} bytes")
        return data
    data = stream.get_data()  # other filters: small in practice, decoded as pdfminer would
    if len(data) > max_bytes:
        raise TooCostly(f"a content stream is past {max_bytes} bytes")
    return data


def _shown_chars(data: bytes) -> int:
    return (sum(len(m) - 2 for m in _LITERAL.findall(data))
            + sum(len(re.sub(rb"\s", b"", m)) // 2 for m in _HEX.findall(data)))


def page_chars(page_obj, max_chars: int, max_bytes: int = 20_000_000) -> int:
    """Characters the pdfminer page ``page_obj`` draws (an upper estimate);
    raises :class:`TooCostly` past ``max_chars``."""
    from pdfminer.pdftypes import resolve1

    total = 0
    drawn: dict[bytes, int] = {}
    for stream in page_obj.contents or ():
        data = _data(resolve1(stream), max_bytes)
        total += _shown_chars(data)
        for name in _DRAW_FORM.findall(data):
            drawn[name] = drawn.get(name, 0) + 1
    if drawn:
        xobjects = resolve1((page_obj.resources or {}).get("XObject")) or {}
        for name, times in drawn.items():
            form = resolve1(xobjects.get(name.decode("latin-1")))
            if form is not None and hasattr(form, "get_data"):
                total += times * _shown_chars(_data(form, max_bytes))
            if total > max_chars:
                break
    if total > max_chars:
        raise TooCostly(f"draws about {total} characters, over the budget of {max_chars} a page")
    return total
