"""Bytes -> str for the text-based readers (``text``, ``lines``, ``html``).

:func:`decode_bytes` is strict about what it accepts: UTF-8 (with or without a
BOM), UTF-16/32 with a BOM, an encoding the caller found declared in the file
(an HTML ``<meta charset>``), and otherwise a legacy single-byte encoding that
charset-normalizer detects with confidence (Windows-1252 / Latin-1 is preferred
when it fits as well as any other candidate, and a guess must decode to mostly
Latin-script letters: UK reports are English). Binary
content and undecodable bytes raise :class:`~peelnlp.readers.ReaderError` with a
one-line reason.

Newlines are returned as found (``\\r\\n`` is not rewritten); callers that split
lines should use :meth:`str.splitlines`.
"""
from __future__ import annotations

import codecs
import re
import logging

log = logging.getLogger(__name__)

#: BOMs, longest first (UTF-32-LE's BOM starts with UTF-16-LE's).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Detected encodings we prefer when they fit as well as the best guess.
_PREFERRED_LEGACY = ("cp1252", "iso8859-1", "iso8859-15")  # codecs.lookup() names
#: Most chaos (0..1, charset-normalizer's "mess" measure) we accept from a guess.
_MAX_CHAOS = 0.10
#: Share of control characters above which decoded text is treated as binary.
_MAX_CONTROL_SHARE = 0.01
_ALLOWED_CONTROLS = set("\t\n\r\f\v\x1c\x1d\x1e\x85")


def _reader_error(path, reason: str):
    from . import ReaderError  # late import: readers/__init__ may import us

    return ReaderError(path, reason)


def _canonical(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError):
        return None


# C0 and C1 control characters other than the allowed whitespace ones.
_CONTROLS = re.compile("[" + "".join(
    re.escape(chr(c)) for c in list(range(32)) + list(range(0x7F, 0xA0)) if chr(c) not in _ALLOWED_CONTROLS
) + "]")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(_CONTROLS.findall(text)) / len(text)


def _looks_like_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs in (almost) every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    if odd >= 0.6 * half and even <= 0.05 * half:
        return "utf-16-le"
    if even >= 0.6 * half and odd <= 0.05 * half:
        return "utf-16-be"
    return None


def _first_bad_byte(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    return "unknown position"


def _guess_legacy(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) for a confident charset-normalizer guess, else None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    results = list(from_bytes(data))
    if not results:
        return None
    best = min(results, key=lambda m: m.chaos)
    if best.chaos > _MAX_CHAOS:
        return None
    # Among equally clean guesses prefer the Western European codepages.
    for preferred in _PREFERRED_LEGACY:
        for match in results:
            if match.chaos > best.chaos + 0.01:
                continue
            names = {_canonical(n) for n in [match.encoding, *match.could_be_from_charset]}
            if preferred in names:
                try:
                    return preferred, data.decode(preferred)
                except UnicodeDecodeError:
                    continue
    return best.encoding, str(best)


def decode_bytes(path, data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` (the content of ``path``) to text.

    ``declared`` is an encoding the file names itself (e.g. an HTML meta
    charset); it is tried before detection. Raises ``ReaderError`` for binary
    content and for bytes that are neither UTF-8 nor a confidently detected
    legacy encoding. Text that was decoded wrongly once before it was saved
    ("doesnâ€™t" for "doesn’t") is repaired (see :func:`_without_mojibake`).
    """
    return _without_mojibake(path, _decoded(path, data, declared))


#: What UTF-8 text read as Windows-1252 or Latin-1 shows: "â€" opens every
#: curly quote and dash, "Ã" and "Â" every accented letter and no-break
#: space. Rare in English otherwise; the repair runs only where one is found.
_MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]|Â[\u00a0-\u00bf]")


def _without_mojibake(path, text: str) -> str:
    """``text`` with the mojibake of an earlier wrong decoding repaired by
    ftfy (``fix_encoding``, which leaves text that is right as it is)."""
    if not _MOJIBAKE.search(text):
        return text
    from ftfy import fix_encoding

    fixed = fix_encoding(text)
    if fixed != text:
        log.warning("%s: text had been decoded with the wrong encoding before it was saved "
                    "('â€™' for '’'); repaired", path)
    return fixed


def _decoded(path, data: bytes, declared: str | None) -> str:
    if not data:
        return ""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise _reader_error(
                    path, f"not valid {encoding} text despite its byte-order mark ({exc.reason})"
                ) from None
    if b"\x00" in data:
        encoding = _looks_like_utf16(data)
        if encoding:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = None
            if text is not None and _control_share(text) <= _MAX_CONTROL_SHARE:
                return text
        raise _reader_error(path, "binary file (contains NUL bytes), not text")

    declared_name = _canonical(declared) if declared else None
    if declared_name:
        try:
            text = data.decode(declared_name)
        except UnicodeDecodeError:
            log.warning("%s: declared encoding %s doesn't fit the bytes; detecting", path, declared)
        else:
            if declared_name in ("iso8859-1", "ascii"):
                # Browsers read a declared Latin-1/ASCII page as Windows-1252.
                try:
                    text = data.decode("cp1252")
                except UnicodeDecodeError:
                    pass
            return _check_controls(path, text)

    try:
        return _check_controls(path, data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    guess = _guess_legacy(data)
    if guess is None:
        raise _reader_error(
            path,
            f"not valid UTF-8 text ({_first_bad_byte(data)}) and no legacy encoding "
            "could be detected with confidence; convert the file to UTF-8",
        )
    encoding, text = guess
    if _latin_share(text) < 0.9:
        raise _reader_error(
            path,
            f"not valid UTF-8 text ({_first_bad_byte(data)}); it might be {encoding}, but "
            "only Latin-script legacy encodings are accepted; convert the file to UTF-8",
        )
    log.warning("%s: not UTF-8; decoded as %s", path, encoding)
    return _check_controls(path, text)


def _latin_share(text: str) -> float:
    """Share of letters that are Latin script (a legacy guess for an English
    report that decodes to another script is a wrong guess)."""
    import unicodedata

    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return 0.0
    latin = sum(1 for ch in letters if ch.isascii() or unicodedata.name(ch, "").startswith("LATIN"))
    return latin / len(letters)


def _check_controls(path, text: str) -> str:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise _reader_error(path, "binary file (too many control characters), not text")
    return text


def read_text_file(path, **options) -> str:
    """The decoded text of the file at ``path``; ReaderError when unreadable
    or longer than the document budget (``max_chars``, see readers.budget)."""
    from pathlib import Path

    from .budget import Budget

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _reader_error(path, f"can't read: {exc.strerror or exc}") from None
    text = decode_bytes(path, data)
    Budget.from_options(path, options).add_chars(len(text))  # before any cleaning is paid for
    return text
