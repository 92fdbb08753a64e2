"""A run owns its ``--out``: a fresh run needs an empty (or new) folder, ``--overwrite``
clears a folder an earlier run wrote, ``--resume`` continues the run a folder holds."""

from __future__ import annotations

import shutil
from pathlib import Path

from .ledger import STATE_DIR
from .lock import LOCK_NAME
from .run_errors import RunRefused


def check_out_dir(out_dir: Path, *, resume: bool, overwrite: bool) -> None:
    """Refuse, before anything is written, an ``--out`` this run may not use."""
    if out_dir.is_symlink() and not out_dir.is_dir():
        raise RunRefused(f"--out {out_dir} is a symlink that leads nowhere")
    if not out_dir.exists():
        return
    if not out_dir.is_dir():
        raise RunRefused(f"--out {out_dir} exists and is not a directory")
    if not any(out_dir.iterdir()):
        return
    ours = (out_dir / STATE_DIR).is_dir()
    if resume:
        if not ours:
            raise RunRefused(f"--resume: {out_dir} holds no nlp-extract run (no {STATE_DIR}/); "
                             "choose the --out of the interrupted run")
        return
    if overwrite:
        if not ours:
            raise RunRefused(f"--overwrite: {out_dir} was not written by nlp-extract (no "
                             f"{STATE_DIR}/), so it is not cleared; choose an empty or new "
                             "folder")
        return
    raise RunRefused(f"--out {out_dir} is not empty: add --resume to continue the run it "
                     "holds, --overwrite to replace it, or choose an empty or new folder")


def clear_out_dir(out_dir: Path) -> None:
    """Remove everything in ``out_dir`` but the run's own lock (held by this run). Symlinks
    are removed, never followed."""
    for entry in out_dir.iterdir():
        if entry.name == STATE_DIR and entry.is_dir() and not entry.is_symlink():
            for inner in entry.iterdir():
                if inner.name != LOCK_NAME:
                    _remove(inner)
            continue
        _remove(entry)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
