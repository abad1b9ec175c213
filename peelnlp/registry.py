"""Placeholder until the model registry lands."""
from __future__ import annotations


class ModelError(Exception):
    pass


def resolve(model=None, required=False):
    if required:
        raise ModelError(f"model {model!r} not found")
    return None
