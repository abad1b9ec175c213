"""The shipped models, installed as the package ``peelnlp.shipped_models``
(see pyproject.toml). Model folders are data: NAME/VERSION/ with meta.json."""
