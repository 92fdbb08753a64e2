"""Versions of everything that shapes the output, for records and manifests."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from .resources import (
    MORPH_FILE,
    NAVEC_FILE,
    NER_FILE,
    file_sha256,
    models_dir,
    natasha_file,
    package_version,
)
from .version import __version__


def _model(relative: str) -> dict[str, str]:
    path = natasha_file(relative)
    return {"file": path.name, "sha256": file_sha256(path)}


@cache
def pipeline_versions() -> dict[str, Any]:
    from .pipeline.models import morph_analyzer

    meta = morph_analyzer().dictionary.meta
    source = f"{meta.get('source', '')} {meta.get('source_version', '')}".strip()
    return {
        "nlp_extract": __version__,
        "spacy": package_version("spacy") or "unknown",
        "razdel": package_version("razdel") or "unknown",
        "slovnet": package_version("slovnet") or "unknown",
        "natasha": package_version("natasha") or "unknown",
        "models": {
            "navec": _model(NAVEC_FILE),
            "slovnet_morph": _model(MORPH_FILE),
            "slovnet_ner": _model(NER_FILE),
        },
        "resources": resource_files(),
        "pymorphy3": {
            "version": package_version("pymorphy3") or "unknown",
            "dicts": package_version("pymorphy3-dicts-ru") or "unknown",
            "dictionary_source": source,
        },
    }


_YAML_VERSION = re.compile(r"^version:\s*['\"]?([^'\"#\n]+?)['\"]?\s*(?:#.*)?$", re.MULTILINE)


def resource_files() -> dict[str, dict[str, str]]:
    """Every data file of ``models/`` (taxonomy, gazetteer, lexicons) with its sha256 and the
    version it declares (read without parsing the whole file; the loaders check the files)."""
    files: dict[str, dict[str, str]] = {}
    root = models_dir()
    for path in sorted(root.rglob("*")):
        if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file():
            continue
        entry = {"sha256": file_sha256(path)}
        text = path.read_text(encoding="utf-8")
        version: Any = None
        if path.suffix == ".json":
            try:
                head = json.loads(text)
            except ValueError:
                head = None
            version = head.get("version") if isinstance(head, dict) else None
        elif match := _YAML_VERSION.search(text):
            version = match.group(1)
        if version is not None:
            entry["version"] = str(version)
        files[path.relative_to(root).as_posix()] = entry
    return files
