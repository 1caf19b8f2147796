"""Run a benchmark's worker in a child process: its figures (the JSON of its last output line) and its peak RSS."""

from __future__ import annotations

import json
import os
import subprocess
from typing import Any


def measured_child(cmd: list[str]) -> dict[str, Any]:
    """The child's figures plus ``peak_rss_mib`` (from ``os.wait4``); SystemExit when the child fails."""
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the benchmark's child failed: {' '.join(cmd)}")
    figures: dict[str, Any] = json.loads(output.decode().strip().splitlines()[-1])
    figures["peak_rss_mib"] = round(usage.ru_maxrss / 1024)
    return figures
