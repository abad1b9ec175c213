"""Custom attributes that peelnlp's components write on ``Doc`` and ``Span``.

All components call :func:`register_extensions`, so the attributes exist
whichever subset of the pipeline is loaded.
"""
from __future__ import annotations

import weakref

from spacy.tokens import Doc, Span

#: The span group holding a document's statements, in document order.
STATEMENTS = "statements"

_DOC_EXTENSIONS = {
    "source": None,      # path of the input file, or None
    "framework": None,   # the framework key used for tagging (peelnlp.frameworks)
    "body": None,        # the force or service the report is about, as the report names it
    "programme": None,   # the inspection programme the report names, as a framework key
    "published": None,   # publication date the report gives, ISO 8601 ("2022-05-12" or "2022-05")
    "model": None,       # NAME@VERSION of the model that typed the statements, or None
}
_SPAN_EXTENSIONS = {
    "kind": None,            # title | finding_heading | list_item | sentence
    "section": None,         # policing-area heading the statement sits under
    "box": None,             # report sub-heading ("Main findings", ...) or None
    "heading": None,         # text of the finding heading the statement falls under
    "type": None,            # strength | area_for_improvement | ... | other
    "type_score": None,      # calibrated probability of ``type``
    "area": None,            # one of the framework's area labels
    "grade": None,           # outstanding | good | adequate | requires_improvement | inadequate
    "numeric_claims": None,  # list[dict]; see peelnlp.components.numbers
}


_BLOCKS_KEY = ("peelnlp", "blocks")
# Why a cache beside user_data: Block objects are rebuilt from the plain lists once per doc, not per access.
_blocks_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # doc -> (raw, blocks)


def _get_blocks(doc: Doc):
    """``doc._.blocks``: the reader's layout blocks, or None. Kept in
    ``doc.user_data`` as plain lists, so that DocBin, ``doc.to_bytes()`` and
    ``nlp.pipe(n_process=...)`` carry them; read back as Block objects."""
    raw = doc.user_data.get(_BLOCKS_KEY)
    if raw is None:
        return None
    cached = _blocks_cache.get(doc)
    if cached is None or cached[0] is not raw:
        from .document import Block

        cached = (raw, [Block(*b) for b in raw])
        _blocks_cache[doc] = cached
    return cached[1]


def _set_blocks(doc: Doc, blocks) -> None:
    if blocks is None:
        doc.user_data.pop(_BLOCKS_KEY, None)
        return
    blocks = list(blocks)
    raw = [[b.start, b.end, b.kind, b.level] for b in blocks]
    doc.user_data[_BLOCKS_KEY] = raw
    _blocks_cache[doc] = (raw, blocks)


#: ``doc._.statement_inputs``: the statements' model inputs
#: (:class:`peelnlp.learn.features.StatementInput`), built by the type tagger
#: and read by the area tagger, which sets it back to None. Kept beside the Doc,
#: not in ``doc.user_data``: DocBin and ``to_bytes`` could not serialise them.
_statement_inputs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # doc -> inputs


def _set_statement_inputs(doc: Doc, inputs) -> None:
    if inputs is None:
        _statement_inputs.pop(doc, None)
    else:
        _statement_inputs[doc] = inputs


def register_extensions() -> None:
    if not Doc.has_extension("blocks"):
        Doc.set_extension("blocks", getter=_get_blocks, setter=_set_blocks)
    if not Doc.has_extension("statement_inputs"):
        Doc.set_extension("statement_inputs", getter=_statement_inputs.get, setter=_set_statement_inputs)
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


_TEXT_KEY = ("peelnlp", "text")
#: ``doc.user_data`` key of the reader's ``SourceDocument.front``
FRONT_KEY = ("peelnlp", "front")


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy rebuilds it from every token on each
    access, and each component slices statement texts out of it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


# --- statement attributes in bulk -------------------------------------------
# Every component reads and writes a few attributes on each of a report's few
# hundred statements; through ``span._`` each access builds a Span and an
# Underscore object, which cost more than the work itself. These helpers read
# and write the very entries ``span._`` does (``doc.user_data`` keyed by
# ("._.", name, start_char, end_char)), so ``span._`` sees the same values.

_offsets_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # doc -> (group, length, offsets)


def statement_offsets(doc: Doc) -> list[tuple[int, int]]:
    """(start_char, end_char) of each statement, read once per doc (again
    when the group is replaced or changes length)."""
    if STATEMENTS not in doc.spans:
        return []
    group = doc.spans[STATEMENTS]
    cached = _offsets_cache.get(doc)
    if cached is None or cached[0] is not group or cached[1] != len(group):
        cached = (group, len(group), [(s.start_char, s.end_char) for s in group])
        _offsets_cache[doc] = cached
    return cached[2]


def set_statements(doc: Doc, spans: list[Span]) -> list[tuple[int, int]]:
    """Make ``spans`` the document's statements; returns their offsets."""
    doc.spans[STATEMENTS] = spans
    group = doc.spans[STATEMENTS]
    offsets = [(s.start_char, s.end_char) for s in spans]
    _offsets_cache[doc] = (group, len(group), offsets)
    return offsets


def _plain(name: str) -> bool:
    """Is ``name`` a plain stored attribute (no getter, setter or method)?
    Someone may have re-registered it otherwise; then go through ``span._``."""
    ext = Span.get_extension(name)
    return ext is not None and ext[1:] == (None, None, None)


def span_values(doc: Doc, offsets: list[tuple[int, int]], name: str) -> list:
    """The value of ``span._.<name>`` for the statements at ``offsets``."""
    # Not spaCy's ``span._`` per statement: it builds a Span and an Underscore per access (see above).
    if not _plain(name):
        return [getattr(doc.char_span(s, e)._, name) for s, e in offsets]
    default = Span.get_extension(name)[0]
    get = doc.user_data.get
    return [get(("._.", name, s, e), default) for s, e in offsets]


def set_span_values(doc: Doc, offsets: list[tuple[int, int]], name: str, values) -> None:
    """``span._.<name> = value`` for the statements at ``offsets``."""
    if not _plain(name):
        for (s, e), value in zip(offsets, values):
            setattr(doc.char_span(s, e)._, name, value)
        return
    data = doc.user_data
    for (s, e), value in zip(offsets, values):
        data[("._.", name, s, e)] = value
