"""File names of exported documents: the record id as a relative path, made safe."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

NAME_LIMIT = 120  # bytes of one path part, room left for suffixes


def _safe_part(part: str) -> str:
    part = "".join("_" if ch in "\\:*?\"<>|" or ord(ch) < 32 else ch for ch in part).strip()
    if part in ("", ".", "..") or part.startswith("."):
        part = "_" + part.lstrip(".")
    if len(part.encode("utf-8", "surrogateescape")) > NAME_LIMIT:
        digest = hashlib.sha256(part.encode("utf-8", "surrogateescape")).hexdigest()[:16]
        part = part.encode("utf-8", "surrogateescape")[:NAME_LIMIT - 17].decode(
            "utf-8", "ignore") + "~" + digest
    return part


class DocumentNames:
    """Relative paths (without suffix) for record ids, unique within one export: a record id
    «a/b» is ``a/b``; parts that could leave the folder («..») or hide a file («.x») get a
    «_»; two ids that come out the same get a stable hash of the id added."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def name(self, doc_id: str) -> PurePosixPath:
        path = PurePosixPath(*[_safe_part(part) for part in doc_id.split("/")])
        if path.as_posix().casefold() in self.taken:
            digest = hashlib.sha256(doc_id.encode("utf-8", "surrogateescape")).hexdigest()[:12]
            path = path.with_name(f"{path.name}~{digest}")
        self.taken.add(path.as_posix().casefold())
        return path
