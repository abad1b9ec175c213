"""The model registry: versioned models under ``models/NAME/VERSION/``.

Each version folder holds the model files and ``meta.json``: name, version,
created, labels, training corpora with their SHA-256, held-out metrics,
library versions, and the SHA-256 of every model file. A model is checked
against those hashes before it is loaded.

Where models live: the folder the caller names (``--models-dir``), else
``$PEELNLP_MODELS`` if set, else the models that ship inside the package
(``peelnlp.shipped_models``: the repository's ``models/`` folder, installed
with the wheel). Nothing else is searched: a ``models`` folder that happens
to lie in the working directory never replaces the shipped default.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

META = "meta.json"
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")


class ModelError(Exception):
    """A model that can't be found, or fails its checks."""


def sha256(path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".")) if _VERSION.match(version) else (-1,)


#: The environment variable that names a models folder.
ENV = "PEELNLP_MODELS"


def shipped_dir() -> Path:
    """The folder of the models installed with the package."""
    from importlib import resources

    return Path(str(resources.files("peelnlp.shipped_models")))


def models_dir(explicit=None) -> Path:
    """The one folder models are looked up in (see the module's docstring)."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    return shipped_dir()


def where(directory) -> str:
    """Where a look-up went, and how to point it elsewhere, for error messages."""
    if directory:
        return f"{directory} (--models-dir)"
    if os.environ.get(ENV):
        return f"{os.environ[ENV]} (${ENV})"
    return f"{shipped_dir()} (the models shipped with peelnlp)"


@dataclass
class ModelEntry:
    path: Path
    meta: dict
    #: why the model can't be used (unreadable meta.json), else None
    broken: str | None = None

    @property
    def name(self) -> str:
        return self.meta["name"]

    @property
    def version(self) -> str:
        return self.meta["version"]

    def verify(self) -> None:
        """Refuse a model whose files don't match the hashes in its meta, a
        name that leaves the model's folder, and any file the meta does not
        list (an unlisted file would be loaded unchecked)."""
        from pathlib import PurePosixPath

        if self.broken:
            raise ModelError(f"{self.path}: {self.broken}")
        files = self.meta.get("files") or {}
        if not files or not isinstance(files, dict):
            raise ModelError(f"{self.path / META}: lists no model files to check")
        for name in files:
            parts = PurePosixPath(str(name)).parts
            if not parts or PurePosixPath(str(name)).is_absolute() or ".." in parts or "\\" in str(name):
                raise ModelError(f"{self.path / META}: file name {name!r} leaves the model folder; refusing the model")
        present = {f.relative_to(self.path).as_posix() for f in self.path.rglob("*") if f.is_file()}
        unlisted = sorted(present - set(files) - {META})
        if unlisted:
            raise ModelError(f"{self.path}: {', '.join(unlisted)} not listed in meta.json; "
                             f"refusing a model with unchecked files")
        for name, expected in files.items():
            target = self.path / name
            if not target.is_file():
                raise ModelError(f"{target}: model file missing")
            actual = sha256(target)
            if actual != expected:
                raise ModelError(
                    f"{target}: SHA-256 {actual[:12]}... does not match {expected[:12]}... "
                    f"recorded in meta.json; refusing to load a changed model"
                )

    def summary(self) -> dict:
        return {
            "name": self.name, "version": self.version, "created": self.meta.get("created", ""),
            "metrics": self.meta.get("metrics", {}), "path": str(self.path), "broken": self.broken,
        }


def list_models(directory=None) -> list[ModelEntry]:
    root = models_dir(directory)
    entries = []
    for meta_path in sorted(root.glob(f"*/*/{META}")):
        folder = meta_path.parent
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if not isinstance(meta, dict):
                raise ValueError("not a JSON object")
        except (OSError, ValueError) as exc:
            # One broken model is reported by name; it does not hide the others.
            entries.append(ModelEntry(folder, {"name": folder.parent.name, "version": folder.name},
                                      broken=f"unreadable meta.json ({exc})"))
            continue
        if _VERSION.match(str(meta.get("version", ""))):
            entries.append(ModelEntry(folder, meta))
    entries.sort(key=lambda e: (e.name, version_key(e.version)))
    return entries


def resolve(spec: str | None = None, directory=None, required: bool = True) -> ModelEntry | None:
    """The model for ``NAME``, ``NAME@VERSION`` or None (newest of the
    default-named model, else newest of any)."""
    everything = list_models(directory)
    entries = [e for e in everything if not e.broken]
    if spec is None:
        if not entries:
            if required:
                raise ModelError(
                    f"no trained model found in {where(directory)}; name a models folder with "
                    f"--models-dir or ${ENV}, train one with `peelnlp train`, or tag structure "
                    f"only with --model none")
            return None
        default = [e for e in entries if e.name == "peel"] or entries
        return max(default, key=lambda e: (version_key(e.version), e.meta.get("created", "")))
    name, _, version = spec.partition("@")
    matching = [e for e in entries if e.name == name and (not version or e.version == version)]
    broken = [e for e in everything if e.broken and e.name == name and (not version or e.version == version)]
    if not matching and broken:
        raise ModelError(f"model {spec!r} in {broken[0].path} is broken: {broken[0].broken}")
    if not matching:
        known = ", ".join(sorted({f"{e.name}@{e.version}" for e in entries})) or "none"
        raise ModelError(f"model {spec!r} not found in {where(directory)} (known: {known}); "
                         f"name another models folder with --models-dir or ${ENV}")
    return max(matching, key=lambda e: version_key(e.version))


def next_version(name: str, directory=None) -> str:
    versions = [e.version for e in list_models(directory) if e.name == name]
    if not versions:
        return "0.1.0"
    major, minor, patch = version_key(max(versions, key=version_key))
    return f"{major}.{minor}.{patch + 1}"
