"""The installed ``nlp-extract`` command typed in a terminal: a pseudo-terminal, a progress bar.

Every other CLI test runs without a terminal (stderr is a pipe), which is how a crash in the
progress bar once reached users unseen. These run the console script the package installs,
with stdin, stdout and stderr on a pseudo-terminal of 100 columns, as a shell would.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from conftest import SAMPLES

SCRIPT = Path(sys.executable).parent / "nlp-extract"


def run_in_terminal(args: list[str], timeout: float = 300) -> tuple[int, str]:
    """Run the installed command on a pseudo-terminal; its exit status and everything it
    printed (stdout and stderr, as a terminal shows them)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    process = subprocess.Popen([str(SCRIPT), *args], stdin=slave, stdout=slave, stderr=slave,
                               close_fds=True, start_new_session=True)
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the terminal's last writer has gone
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                break
        else:
            process.kill()
            pytest.fail(f"nlp-extract {' '.join(args)} did not finish in {timeout} s")
    finally:
        os.close(master)
    return process.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize("extra", [[], ["--progress"]], ids=["terminal", "--progress"])
def test_annotate_typed_in_a_terminal_shows_a_progress_bar(tmp_path: Path,
                                                           extra: list[str]) -> None:
    out = tmp_path / "out"
    status, shown = run_in_terminal(["annotate", str(SAMPLES), "--out", str(out),
                                     "--workers", "1", *extra])
    assert status == 0, shown
    assert "Traceback" not in shown
    assert "2 articles" in shown  # the bar's count
    assert "annotated 2 article(s), 0 failed" in shown
    for name in ("000_a5760198d369cf0a.json", "002_0aca802ec92ce916.json"):
        assert (out / name).stat().st_size > 0


def test_no_progress_in_a_terminal_prints_only_the_summary(tmp_path: Path) -> None:
    status, shown = run_in_terminal(["annotate", str(SAMPLES), "--out", str(tmp_path / "o"),
                                     "--workers", "1", "--no-progress"])
    assert status == 0, shown
    assert "articles/s" not in shown
    assert "annotated 2 article(s), 0 failed" in shown
