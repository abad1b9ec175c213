"""spaCy pipeline components, one module each. Importing this package
registers their factories."""
from . import statements, sections, grades, classifier, areas  # noqa: F401
try:  # numbers lands separately; the pipeline runs without it
    from . import numbers  # noqa: F401
except ImportError:  # pragma: no cover
    pass
