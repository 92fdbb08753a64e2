"""Where the models live: natasha's packaged files and our own ``models/`` folder.

natasha itself is never imported (it pulls pymorphy2); we only read the data files it ships.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
from functools import cache
from pathlib import Path

from .errors import InternalError

NAVEC_FILE = "emb/navec_news_v1_1B_250K_300d_100q.tar"
MORPH_FILE = "model/slovnet_morph_news_v1.tar"
NER_FILE = "model/slovnet_ner_news_v1.tar"
SYNTAX_FILE = "model/slovnet_syntax_news_v1.tar"


@cache
def natasha_data_dir() -> Path:
    spec = importlib.util.find_spec("natasha")
    if spec is None or not spec.submodule_search_locations:
        raise InternalError("the 'natasha' package is not installed: pip install natasha")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def natasha_file(relative: str) -> Path:
    path = natasha_data_dir() / relative
    if not path.is_file():
        raise InternalError(f"natasha model file missing: {path}; reinstall natasha")
    return path


@cache
def models_dir() -> Path:
    """The project's ``models/`` folder (``nlp_extract/_models`` links to it and ships with
    the package)."""
    return Path(__file__).resolve().parent / "_models"


@cache
def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def load_data_file(relative: str | Path, expected_format: str) -> dict:
    """Load a versioned plain-data file (YAML or JSON) from ``models/`` (or an absolute path)
    and check its ``format`` field; raise InternalError naming the file otherwise."""
    import json

    import yaml

    path = Path(relative)
    if not path.is_absolute():
        path = models_dir() / path
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InternalError(f"cannot read data file {path}: {exc.strerror or exc}") from exc
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present
        data = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=loader)
    except (ValueError, yaml.YAMLError) as exc:
        raise InternalError(f"{path} is corrupt ({type(exc).__name__}: {exc}); restore the "
                            "file or reinstall nlp_extract") from exc
    if not isinstance(data, dict) or data.get("format") != expected_format:
        raise InternalError(f"{path}: expected a file with format: {expected_format}")
    if not isinstance(data.get("version"), int | str):
        raise InternalError(f"{path}: missing its version field")
    return data
