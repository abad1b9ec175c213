"""spaCy pipeline components, one module each. Importing this package
registers their factories."""
from . import metadata, statements, sections, numbers, grades, classifier, areas  # noqa: F401
