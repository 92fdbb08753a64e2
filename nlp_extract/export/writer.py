"""``export_run``: read an annotate run's records and write them in one tool's format.

Everything is written into a fresh folder beside the destination and renamed into place at the
end, so a refused or failed export leaves nothing half-written.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import BadArgumentError
from ..version import __version__
from . import brat, conllu, label_studio
from .mentions import ExportMention, export_mentions, export_topics
from .paths import DocumentNames
from .records import read_records

FORMATS: tuple[str, ...] = ("brat", "conllu", "label-studio")


@dataclass
class ExportSummary:
    format: str
    documents: int = 0
    mentions: int = 0
    topics: int = 0
    left_out: list[str] = field(default_factory=list)  # mentions a format could not hold

    def line(self, dest: Path) -> str:
        text = (f"exported {self.documents} document(s), {self.mentions} mention(s), "
                f"{self.topics} topic label(s) → {dest} ({self.format})")
        if self.left_out:
            text += f"; {len(self.left_out)} mention(s) left out (not on token bounds)"
        return text


def check_destination(out_dir: Path, dest: Path) -> None:
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BadArgumentError(f"{dest} exists and is not an empty folder; choose a new one")
    resolved_out, resolved_dest = out_dir.resolve(), dest.resolve()
    if resolved_dest == resolved_out or resolved_out in resolved_dest.parents:
        raise BadArgumentError(f"{dest} is inside the run folder {out_dir}; choose a folder "
                               "outside it")


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")


def _model_version(record: dict[str, Any]) -> str:
    version = (record.get("pipeline") or {}).get("nlp_extract")
    return f"nlp-extract {version if isinstance(version, str) else __version__}"


def _taxonomy_topics() -> list[tuple[str, str]]:
    from ..topics.taxonomy import load_taxonomy

    return [(topic.id, topic.label_ru) for topic in load_taxonomy().topics]


Writer = Callable[[Path, Path, dict[str, Any], list[ExportMention], list[tuple[str, str]],
                   ExportSummary], None]


def _brat(root: Path, name: Path, record: dict[str, Any], mentions: list[ExportMention],
          topics: list[tuple[str, str]], summary: ExportSummary) -> None:
    _write(root / name.with_name(name.name + ".txt"), record["text"])
    _write(root / name.with_name(name.name + ".ann"), brat.ann_text(record["text"], mentions,
                                                                     topics))


def _conllu(root: Path, name: Path, record: dict[str, Any], mentions: list[ExportMention],
            topics: list[tuple[str, str]], summary: ExportSummary) -> None:
    text, left_out = conllu.conllu_text(record, mentions, topics)
    summary.mentions -= len(left_out)
    summary.left_out += [f"{record['id']}: {m.label} {m.start}-{m.end} {m.text!r}"
                         for m in left_out]
    _write(root / name.with_name(name.name + ".conllu"), text)


DOCUMENT_WRITERS: dict[str, Writer] = {"brat": _brat, "conllu": _conllu}  # files per record


def export_run(out_dir: str | Path, fmt: str, dest: str | Path) -> ExportSummary:
    """Export the records of the run in ``out_dir`` to ``dest`` as ``fmt`` (brat, conllu,
    label-studio)."""
    out_dir, dest = Path(out_dir), Path(dest)
    if fmt not in FORMATS:
        raise BadArgumentError(f"--to must be one of {', '.join(FORMATS)}, not {fmt!r}")
    check_destination(out_dir, dest)
    # a missing run, or tables for CoNLL-U (no tokens), is refused before writing
    records = read_records(out_dir, tokens=fmt == "conllu")
    summary = ExportSummary(fmt)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        names = DocumentNames()
        tasks: list[dict[str, Any]] = []
        choices: dict[str, str] = {}
        for record in records:
            mentions, topics = export_mentions(record), export_topics(record)
            summary.documents += 1
            summary.mentions += len(mentions)
            summary.topics += len(topics)
            name = names.name(str(record["id"]))
            if fmt in DOCUMENT_WRITERS:
                DOCUMENT_WRITERS[fmt](staging, name, record, mentions, topics, summary)
            else:
                tasks.append(label_studio.task(record, mentions, topics,
                                               _model_version(record)))
                choices.update({topic_id: label for topic_id, label in topics
                                if topic_id not in choices})
        if summary.documents == 0:
            raise BadArgumentError(f"{out_dir}: the run holds no records to export")
        if fmt == "brat":
            _write(staging / "annotation.conf", brat.annotation_conf())
            _write(staging / "visual.conf", brat.visual_conf())
        elif fmt == "label-studio":
            known = _taxonomy_topics()
            extra = sorted(set(choices) - {topic_id for topic_id, _ in known})
            _write(staging / "tasks.json",
                   json.dumps(tasks, ensure_ascii=False, sort_keys=True, indent=2) + "\n")
            _write(staging / "config.xml", label_studio.config_xml(
                known + [(topic_id, choices[topic_id]) for topic_id in extra]))
        if dest.exists():
            dest.rmdir()
        staging.rename(dest)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary
