"""Statement classifiers with scikit-learn's estimator API, in one place.

Both models are a multinomial logistic regression over hashed features (no
vocabulary is stored, so a model file holds numbers only), with probabilities
calibrated by temperature scaling on out-of-fold predictions: learn.linear
holds that estimator, learn.hashing its features' columns, learn.type_model
and learn.area_model the two models, learn.context the type model's context
pass.
"""
from ..labels import AREAS, TYPES
from .area_model import AreaClassifier
from .context import context_matrix
from .linear import HashedLogisticClassifier
from .type_model import TypeClassifier

__all__ = ["AREAS", "TYPES", "AreaClassifier", "HashedLogisticClassifier", "TypeClassifier", "context_matrix"]
