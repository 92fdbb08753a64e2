"""Packaging: ``python -m nlp_extract``, ``--version``, ``py.typed``, the LICENSE file and the
dependency metadata in pyproject.toml."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

import nlp_extract
from nlp_extract.cli.app import app

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(nlp_extract.__file__).resolve().parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_python_dash_m_runs_the_cli():
    run = subprocess.run([sys.executable, "-m", "nlp_extract", "--version"],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout == f"nlp-extract {nlp_extract.__version__}\n"


def test_version_option_and_version_command():
    runner = CliRunner()
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"nlp-extract {nlp_extract.__version__}\n"
    result = runner.invoke(app, ["version"])  # unchanged: versions of everything, as JSON
    assert result.exit_code == 0
    assert '"nlp_extract"' in result.output or nlp_extract.__version__ in result.output
    assert "--version" in runner.invoke(app, ["--help"]).output


def test_py_typed_ships():
    assert (PACKAGE / "py.typed").is_file()
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["nlp_extract"]


def test_license_file_and_metadata():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License")
    assert "Copyright (c) 2026 the nlp_extract authors" in text
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert project["license-files"] == ["LICENSE"]
    # a license expression (PEP 639) needs setuptools 77 or later
    assert PYPROJECT["build-system"]["requires"] == ["setuptools>=77"]


def _runtime_imports() -> set[str]:
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def _requirement_names(requirements: list[str]) -> set[str]:
    import re

    return {re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")
            for requirement in requirements}


def test_dependencies_are_the_ones_used_at_run_time():
    imported = _runtime_imports()
    runtime = _requirement_names(PYPROJECT["project"]["dependencies"])
    test = _requirement_names(PYPROJECT["project"]["optional-dependencies"]["test"])
    assert "jsonschema" not in imported and "jsonschema" not in runtime
    assert "jsonschema" in test  # the tests validate records against schema.json
    assert "charset_normalizer" not in imported and "charset-normalizer" not in runtime


@pytest.mark.skipif(not os.environ.get("NLP_EXTRACT_TEST_WHEEL"),
                    reason="builds a wheel (needs setuptools>=77 from the package index); "
                           "set NLP_EXTRACT_TEST_WHEEL=1")
def test_wheel_ships_models_py_typed_and_license(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path),
                    str(ROOT)], check=True, timeout=900)
    (wheel,) = tmp_path.glob("nlp_extract-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"nlp_extract/py.typed", "nlp_extract/__main__.py",
            "nlp_extract/_models/topics.yaml",
            "nlp_extract/_models/gazetteer/places.json"} <= names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)
