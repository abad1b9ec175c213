"""spaCy pipeline components. Importing this package registers their factories."""
from . import statements, sections  # noqa: F401  (registration side effect)
