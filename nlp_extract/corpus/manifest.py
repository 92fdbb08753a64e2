"""The run manifest: versions, config and counts of a corpus run (``DIR/manifest.json``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..record import dumps
from ..version import SCHEMA_VERSION
from .atomic import write_atomic


def write_manifest(out_dir: Path, *, pipeline: dict[str, Any], pipeline_id: str,
                   config: dict[str, Any], counts: dict[str, int], outputs: dict[str, Any],
                   complete: bool,
                   stopped: str | None = None) -> Path:
    """``stopped``: why an incomplete run ended (interrupted, no space left, ...);
    ``pipeline_id``: the digest records written with ``--slim-provenance`` carry."""
    manifest: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "complete": complete,
        "pipeline": pipeline,
        "pipeline_id": pipeline_id,
        "config": config,
        "counts": counts,
        "outputs": outputs,
    }
    if stopped is not None:
        manifest["stopped"] = stopped
    path = out_dir / "manifest.json"
    write_atomic(path, dumps(manifest, indent=2) + "\n")
    return path
