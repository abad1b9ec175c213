"""``python -m peelnlp``: the same as the ``peelnlp`` command."""
import sys

from .cli import main

sys.exit(main())
