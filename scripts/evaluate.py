#!/usr/bin/env python
"""Score predictions against a gold JSONL file (same as ``peelnlp evaluate``).

    python scripts/evaluate.py GOLD.jsonl --pred PRED.jsonl [--json]
    python scripts/evaluate.py GOLD.jsonl REPORT.txt [--model NAME[@VERSION]] [--json]
"""
from __future__ import annotations

import sys
from pathlib import Path

try:
    from peelnlp.cli import main
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from peelnlp.cli import main

if __name__ == "__main__":
    sys.exit(main(["evaluate", *sys.argv[1:]]))
