"""spaCy's English tokenizer with a cache that keeps working.

spaCy's tokenizer caches how it split each whitespace-delimited chunk, but
it stops adding to that cache for the rest of a text once any special case
(such as "Mr." or "'s") has been seen in it, and adds nothing inside a
memory zone. Reports hit a special case within their first lines, so most
chunks were split afresh every time. :class:`ChunkCachedTokenizer` wraps the
tokenizer, splits each distinct chunk with it once and reuses that split:
the tokens (text, whitespace, norm) are spaCy's, several times faster.
Registered as ``peelnlp.ChunkCachedTokenizer.v1``.

One known difference: spaCy's special-case matcher can match a run of
punctuation across a space (``' ''``), and that match, though never applied,
can block a special case inside one chunk; split alone, the chunk gets its
special case. Report text has no such runs (the project's corpora and the
dev report tokenize identically, see tests/test_tokenizer.py).
"""
from __future__ import annotations

import re
from itertools import chain
from operator import itemgetter

import spacy
from spacy.tokens import Doc

from .charmap import without_surrogates

# A chunk with the one space that may follow it ("word "), or a run of
# whitespace. spaCy makes one space after a chunk that chunk's trailing
# whitespace and any other whitespace a token of its own; tokenizing
# "word " alone gives exactly that. (str.isspace and re's \s agree.)
_RUNS = re.compile(r"\S+ ?|\s+")
_WORDS, _SPACES, _NORMS = itemgetter(0), itemgetter(1), itemgetter(2)  # of a cache entry
#: chunks longer than this are tokenized in pieces of this length (see _long_entry)
LONG_CHUNK = 200


class ChunkCachedTokenizer:
    """Tokenize like ``tokenizer``, remembering each chunk's split.

    ``max_entries`` bounds the cache (new reports keep bringing new words);
    when full it is emptied and refilled.

    ``reader``: how a string given to ``nlp(text)`` is read first, as the
    peelnlp reader of that format reads a file ("text": PDF-extracted text,
    cleaned and its layout rebuilt; "lines": one statement per line), so that
    ``nlp(text)`` gives the statements ``peelnlp tag`` gives for the same
    text. None (the class's default) tokenizes the string as it is; the
    pipeline's tokenizer (``peelnlp.ChunkCachedTokenizer.v1``) reads "text"
    unless its config says otherwise. :meth:`tokenize` never reads:
    it is for text a reader has already cleaned (``pipeline.make_doc``)."""

    def __init__(self, tokenizer, max_entries: int = 50_000, reader: str | None = None):
        self.tokenizer = tokenizer
        self.vocab = tokenizer.vocab
        self.max_entries = max_entries
        self.reader = reader
        # Our own chunk cache, not spaCy's: spaCy's stops filling after a text's first special case.
        self._cache: dict[str, tuple[tuple[str, ...], tuple[tuple[int, str], ...]]] = {}

    def _entries(self, text: str) -> list[tuple]:
        """Tokenize ``text`` with the wrapped tokenizer; for each token its
        text, trailing space and, where a special case set a norm of its own
        (``"n't"`` -> ``"not"``), that norm. Read as arrays: a Token object per
        token costs more than the tokenizing."""
        from spacy.attrs import IDX, LENGTH, NORM, SPACY

        doc = self.tokenizer(text)
        if not len(doc):
            return []
        starts, lengths, spaces, norms = doc.to_array([IDX, LENGTH, SPACY, NORM]).T.tolist()
        words = [text[i:i + n] for i, n in zip(starts, lengths)]
        # A Doc of the same words holds each word's own (lexeme) norm.
        lexeme_norms = Doc(self.vocab, words=words).to_array(NORM).tolist()
        strings = self.vocab.strings
        return [(w, i, bool(sp), strings[nm] if nm != ln else None)
                for w, i, sp, nm, ln in zip(words, starts, spaces, norms, lexeme_norms)]

    def _long_entry(self, chunk: str) -> tuple:
        """A chunk longer than LONG_CHUNK characters (no report has one; a
        hostile input may), split in pieces of LONG_CHUNK: spaCy's prefix and
        suffix loop takes time quadratic in a run of punctuation ("((((...")."""
        body, space = (chunk[:-1], True) if chunk.endswith(" ") else (chunk, False)
        tokens = []
        for start in range(0, len(body), LONG_CHUNK):
            tokens += [(w, i, False, norm) for w, i, _, norm in self._entries(body[start:start + LONG_CHUNK])]
        if tokens and space:
            w, i, _, norm = tokens[-1]
            tokens[-1] = (w, i, True, norm)
        return self._entry(tokens)

    @staticmethod
    def _entry(tokens: list[tuple]) -> tuple:
        """A cache entry: (token texts, their trailing spaces, (index, norm)
        where a special case set the norm)."""
        return (tuple(t[0] for t in tokens), tuple(t[2] for t in tokens),
                tuple((i, t[3]) for i, t in enumerate(tokens) if t[3] is not None))

    def _split(self, runs: list[str]) -> dict[str, tuple]:
        """Split ``runs`` not in the cache with the wrapped tokenizer: the
        whitespace runs one by one, the rest in one call on the runs joined by
        newlines (spaCy splits at whitespace first, so each run splits as it
        would alone), cut back into runs by offset."""
        new = {run: self._entry(self._entries(run)) for run in runs if run[0].isspace()}
        new.update((run, self._long_entry(run)) for run in runs if len(run) > LONG_CHUNK and not run[0].isspace())
        chunks = [run for run in runs if not run[0].isspace() and len(run) <= LONG_CHUNK]
        if chunks:
            ends, end = [], -1
            for chunk in chunks:
                end += len(chunk) + 1
                ends.append(end)  # offset of the newline after the chunk
            k, group = 0, []
            for token in self._entries("\n".join(chunks)):
                if token[1] == ends[k]:  # the separating newline
                    new[chunks[k]] = self._entry(group)
                    k, group = k + 1, []
                else:
                    group.append(token)
            new[chunks[k]] = self._entry(group)
        if len(self._cache) + len(new) > self.max_entries:
            self._cache.clear()
        if len(new) <= self.max_entries:
            self._cache.update(new)
        return new

    def __call__(self, text: str) -> Doc:
        text = without_surrogates(text)
        if self.reader is None:
            return self.tokenize(text)
        from .readers import from_string

        source = from_string(text, self.reader)
        doc = self.tokenize(source.text)
        doc.user_data[("peelnlp", "text")] = source.text  # == doc.text; see extensions.doc_text
        doc._.blocks = source.blocks
        doc.user_data[("peelnlp", "front")] = source.front  # extensions.FRONT_KEY; read by peelnlp_metadata
        return doc

    def tokenize(self, text: str) -> Doc:
        """The tokens of ``text`` as it is (spaCy's English tokenizer's)."""
        runs = _RUNS.findall(text)
        entries = list(map(self._cache.get, runs))
        if None in entries:
            new = self._split(list(dict.fromkeys(run for run, e in zip(runs, entries) if e is None)))
            entries = [e if e is not None else new[run] for run, e in zip(runs, entries)]
        # Flattened at C speed; the few norms special cases set, patched after.
        words = list(chain.from_iterable(map(_WORDS, entries)))
        spaces = list(chain.from_iterable(map(_SPACES, entries)))
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if any(map(_NORMS, entries)):
            start = 0
            for entry in entries:
                for i, norm in entry[2]:
                    doc[start + i].norm_ = norm
                start += len(entry[0])
        return doc

    def pipe(self, texts, batch_size: int = 1000):
        for text in texts:
            yield self(text)

    # Serialisation is the wrapped tokenizer's: the cache is rebuilt as it runs.
    def to_bytes(self, **kwargs):
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data, **kwargs):
        self.tokenizer.from_bytes(data, **kwargs)
        self._cache.clear()
        return self

    def to_disk(self, path, **kwargs):
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path, **kwargs):
        self.tokenizer.from_disk(path, **kwargs)
        self._cache.clear()
        return self


@spacy.registry.tokenizers("peelnlp.ChunkCachedTokenizer.v1")
def create_chunk_cached_tokenizer(max_entries: int = 50_000, reader: str | None = "text"):
    def make(nlp):
        from spacy.util import registry

        from .extensions import register_extensions

        register_extensions()
        base = registry.tokenizers.get("spacy.Tokenizer.v1")()(nlp)
        return ChunkCachedTokenizer(base, max_entries=max_entries, reader=reader)

    return make
