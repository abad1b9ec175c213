"""Assemble the peelnlp spaCy pipeline on ``spacy.blank("en")``.

Components run in data-flow order: metadata -> statements -> sections ->
numbers -> grades -> classifier (type) -> areas. The trained models are found through
:mod:`peelnlp.registry`; without one the pipeline still segments, places and
extracts, and leaves ``type``/``area`` unset.
"""
from __future__ import annotations

from .document import SourceDocument

#: Pipe names in order; the classifier and areas pipes need a trained model.
STRUCTURE_PIPES = ("peelnlp_metadata", "peelnlp_statements", "peelnlp_sections", "peelnlp_numbers", "peelnlp_grades")
MODEL_PIPES = ("peelnlp_classifier", "peelnlp_areas")


def build(entry=None, framework: str | None = None, model_pipes: bool = True):
    """A fresh pipeline with the model of the registry ``entry`` (a checked
    :class:`~peelnlp.registry.ModelEntry`), or none."""
    import spacy

    from . import components, tokenizer  # noqa: F401  registers the factories and the tokenizer

    # spaCy's English tokenizer behind a cache that keeps working (see peelnlp.tokenizer).
    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": "peelnlp.ChunkCachedTokenizer.v1"}}})
    nlp.add_pipe("peelnlp_metadata")
    nlp.add_pipe("peelnlp_statements")
    nlp.add_pipe("peelnlp_sections", config={"framework": framework})
    for name in STRUCTURE_PIPES[3:]:
        if nlp.has_factory(name):
            nlp.add_pipe(name)
    if model_pipes and entry is not None:
        for name in MODEL_PIPES:
            # The config names the model, not where it lies: a saved pipeline travels.
            pipe = nlp.add_pipe(name, config={"model": f"{entry.name}@{entry.version}"})
            pipe.initialize(entry=entry)
    return nlp


def load(model: str | None = None, framework: str | None = None, verify: bool = True,
         models_dir=None):
    """The pipeline with the trained model ``model`` (``NAME[@VERSION]``);
    ``model=None`` picks the newest model, ``model="none"`` tags structure
    only. Models are looked up in ``models_dir``, else ``$PEELNLP_MODELS``,
    else the shipped models; none found raises :class:`~peelnlp.registry.ModelError`."""
    entry = None
    if model != "none":
        from .registry import resolve

        entry = resolve(model, models_dir)
        if verify:
            entry.verify()
    try:
        return build(entry, framework=framework)
    except (ValueError, OSError) as exc:
        if entry is None:
            raise
        from .registry import ModelError

        raise ModelError(f"model {entry.name}@{entry.version} can't be loaded: {exc}") from None


def model_name(nlp) -> str | None:
    """``NAME@VERSION`` of the model that types statements in ``nlp``, or None."""
    if "peelnlp_classifier" not in nlp.pipe_names:
        return None
    return nlp.get_pipe("peelnlp_classifier").model_name


def make_doc(nlp, source: SourceDocument):
    """A ``Doc`` over the cleaned text, carrying the reader's blocks."""
    if len(source.text) > nlp.max_length:  # as nlp.make_doc checks
        raise ValueError(f"text of {len(source.text)} characters exceeds nlp.max_length ({nlp.max_length})")
    from .charmap import without_surrogates

    text = without_surrogates(source.text)  # a SourceDocument made in Python may hold them
    tokenize = getattr(nlp.tokenizer, "tokenize", nlp.tokenizer)  # the reader has cleaned it already
    doc = tokenize(text)
    doc.user_data[("peelnlp", "text")] = text  # == doc.text; see extensions.doc_text
    doc._.blocks = source.blocks
    doc._.source = source.path
    doc.user_data[("peelnlp", "front")] = source.front  # extensions.FRONT_KEY; read by peelnlp_metadata
    return doc
