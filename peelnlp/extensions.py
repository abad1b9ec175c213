"""Custom attributes that peelnlp's components write on ``Doc`` and ``Span``.

All components call :func:`register_extensions`, so the attributes exist
whichever subset of the pipeline is loaded.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

#: The span group holding a document's statements, in document order.
STATEMENTS = "statements"

_DOC_EXTENSIONS = {
    "blocks": None,      # list[peelnlp.document.Block] from the reader, or None
    "source": None,      # path of the input file, or None
    "framework": None,   # name of the report framework used for sections
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


def register_extensions() -> None:
    for name, default in _DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    for name, default in _SPAN_EXTENSIONS.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=default)


_TEXT_KEY = ("peelnlp", "text")


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy rebuilds it from every token on each
    access, and each component slices statement texts out of it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text
