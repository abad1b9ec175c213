"""The review loop: choose the statements whose correction is worth most,
write them as annotation tasks, and read a person's corrections back as a
gold corpus that ``peelnlp train`` takes beside the shipped ones.

- :mod:`.select`: which statements to review (least confident first, spread
  over documents, sections and predicted types);
- :mod:`.tasks`: Label Studio JSON tasks (with ``labelling_config.xml``) or a
  CSV to fill in, plus a sidecar holding every statement of each document;
- :mod:`.importer`: a Label Studio export or the filled CSV back to gold JSONL.
"""
from __future__ import annotations

from .api import import_review, review  # noqa: F401
