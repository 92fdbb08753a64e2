"""Optional packages a run needs, checked before any work is done."""

from __future__ import annotations

import importlib

from .run_errors import MissingExtraError

# option → (module to import, extra, what it is for)
EXTRAS: dict[str, tuple[str, str, str]] = {
    "parquet": ("pyarrow.parquet", "parquet", "--format parquet"),
    "dask": ("distributed", "dask", "--dask"),
    "report": ("vl_convert", "report", "nlp-extract report"),
    "report_charts": ("altair", "report", "nlp-extract report"),
}


def require_extra(name: str) -> None:
    """Raise :class:`MissingExtraError` with the exact ``pip install`` line when the package
    behind an option cannot be imported."""
    module, extra, option = EXTRAS[name]
    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(
            f"{option} needs the {module.split('.')[0]} package, which is not installed: "
            f"pip install 'nlp-extract[{extra}]' ({exc})") from None


def required_extras(fmt: str, dask: str | None) -> list[str]:
    return [name for name, wanted in (("parquet", fmt == "parquet"), ("dask", bool(dask)))
            if wanted]
