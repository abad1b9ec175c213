"""Load the data files that ship beside peelnlp's modules.

Resources are found with :mod:`importlib.resources`, so they work from a wheel,
a zip or an editable install alike.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_json(package: str, name: str):
    """Parse the JSON file ``name`` that ships inside ``package``."""
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))
