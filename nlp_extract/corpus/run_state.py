"""What a run was started with, kept in ``DIR/.nlp_extract/`` so ``--resume`` can check it.

- ``run.json``: the output format, the settings that shape the output and a digest of the
  pipeline (package, model and data versions);
- ``inputs.jsonl``: one line per input file, in walk order: its input (position on the command
  line), its path relative to that input, size, modification time and sha256;
- ``boilerplate.json``: the lines learned as corpus boilerplate, reused on resume.

A resumed run is refused (exit 2) when any of these changed, naming what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..record import dumps
from .atomic import write_atomic
from .run_errors import ResumeError
from .walk import InputFile, iter_inputs

SHOWN_CHANGES = 5


def fingerprint(index: int, item: InputFile) -> dict[str, Any]:
    """An input file's identity: where it is, its size, mtime and content hash (None for
    what is not a regular file or cannot be read: read_path reports those)."""
    path = item.path
    entry: dict[str, Any] = {"input": index, "path": item.relative, "size": None,
                             "mtime_ns": None, "sha256": None}
    try:
        info = path.lstat()
    except OSError:
        return entry
    entry["size"], entry["mtime_ns"] = info.st_size, info.st_mtime_ns
    if stat.S_ISREG(info.st_mode):
        try:
            with path.open("rb") as stream:
                entry["sha256"] = hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError:
            pass
    return entry


def input_fingerprints(inputs: list[Path], skip: Path | None = None
                       ) -> Iterator[dict[str, Any]]:
    for index, given in enumerate(inputs):
        for item in iter_inputs([given], skip=skip):
            yield fingerprint(index, item)


class RunState:
    def __init__(self, state_dir: Path) -> None:
        self.dir = state_dir
        self.run_file = state_dir / "run.json"
        self.inputs_file = state_dir / "inputs.jsonl"
        self.boilerplate_file = state_dir / "boilerplate.json"

    # -- a fresh run ----------------------------------------------------------------------
    def record(self, settings: dict[str, Any], fingerprints: Iterable[dict[str, Any]]
               ) -> int:
        """Write the run's settings and input listing; the number of input files."""
        self.dir.mkdir(parents=True, exist_ok=True)
        count = 0
        temporary = self.inputs_file.with_name(self.inputs_file.name + ".tmp")
        with temporary.open("w", encoding="utf-8", newline="\n") as stream:
            for entry in fingerprints:
                stream.write(dumps(entry) + "\n")
                count += 1
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, self.inputs_file)
        write_atomic(self.run_file, dumps(settings, indent=2) + "\n")
        return count

    def save_boilerplate(self, lines: frozenset[str]) -> None:
        write_atomic(self.boilerplate_file, dumps(sorted(lines)) + "\n")

    def boilerplate(self) -> frozenset[str] | None:
        try:
            return frozenset(json.loads(self.boilerplate_file.read_text("utf-8")))
        except (OSError, ValueError):
            return None

    # -- a resumed run --------------------------------------------------------------------
    def verify(self, settings: dict[str, Any], fingerprints: Iterable[dict[str, Any]]) -> int:
        """Refuse to resume if the settings or inputs changed; the number of input files."""
        try:
            before = json.loads(self.run_file.read_text("utf-8"))
        except (OSError, ValueError):
            raise ResumeError(f"{self.run_file} is missing or damaged: this --out cannot be "
                              "resumed; start again with --overwrite") from None
        if before.get("format") != settings["format"]:
            raise ResumeError(
                f"the earlier run in this --out wrote --format {before.get('format')}, not "
                f"{settings['format']}: resume with --format {before.get('format')}, or start "
                "again with --overwrite")
        changed = [f"{key}: {before['config'].get(key)!r} → {value!r}"
                   for key, value in settings["config"].items()
                   if before.get("config", {}).get(key) != value]
        if before.get("pipeline") != settings["pipeline"]:
            changed.append("the pipeline (nlp-extract, its models, data or taxonomy) changed")
        if changed:
            raise ResumeError("the settings changed since the earlier run in this --out ("
                              + "; ".join(changed) + "): run with the same settings, or start "
                              "again with --overwrite")
        return self._verify_inputs(fingerprints)

    def _verify_inputs(self, fingerprints: Iterable[dict[str, Any]]) -> int:
        old = self._listing()
        changes: list[str] = []
        count = 0
        for entry in fingerprints:
            count += 1
            key = (entry["input"], entry["path"])
            before = old.pop(key, None)
            if before is None:
                changes.append(f"added {entry['path']}")
            elif _differs(before, entry):
                changes.append(f"changed {entry['path']}")
        changes.extend(f"removed {path}" for _, path in old)
        if changes:
            shown = ", ".join(changes[:SHOWN_CHANGES])
            more = f" and {len(changes) - SHOWN_CHANGES} more" if len(changes) > SHOWN_CHANGES \
                else ""
            raise ResumeError(f"the inputs changed since the earlier run in this --out "
                              f"({shown}{more}): --resume would mix two versions of the "
                              "corpus; start again with --overwrite")
        return count

    def _listing(self) -> dict[tuple[int, str], dict[str, Any]]:
        try:
            with self.inputs_file.open(encoding="utf-8") as stream:
                entries = [json.loads(line) for line in stream]
        except (OSError, ValueError):
            raise ResumeError(f"{self.inputs_file} is missing or damaged: this --out cannot be "
                              "resumed; start again with --overwrite") from None
        return {(entry["input"], entry["path"]): entry for entry in entries}


def _differs(before: dict[str, Any], now: dict[str, Any]) -> bool:
    """A file changed when its size or content did; a new mtime alone (a copy, a checkout)
    counts only when there is no hash to compare."""
    if before["size"] != now["size"]:
        return True
    if before["sha256"] is not None and now["sha256"] is not None:
        return before["sha256"] != now["sha256"]
    return before["mtime_ns"] != now["mtime_ns"]
