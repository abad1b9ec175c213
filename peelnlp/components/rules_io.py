"""Serialisation shared by components whose state is a JSON rules dict.

A component keeps its rules in ``self.rules``, applies new ones with
``self._set_rules(rules)`` and names its file in ``rules_file``; saving the
pipeline then saves the rules, so a saved pipeline keeps custom rules.
"""
from __future__ import annotations

import json
from pathlib import Path


class JsonRules:
    rules_file = "rules.json"
    rules: dict

    def _set_rules(self, rules: dict) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def to_bytes(self, exclude=tuple()) -> bytes:
        return json.dumps(self.rules, ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, exclude=tuple()):
        self._set_rules(json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path, exclude=tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / self.rules_file).write_text(json.dumps(self.rules, indent=2, ensure_ascii=False), encoding="utf-8")

    def from_disk(self, path, exclude=tuple()):
        self._set_rules(json.loads((Path(path) / self.rules_file).read_text(encoding="utf-8")))
        return self
