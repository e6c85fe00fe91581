"""Run one `kb import` batch in this process and print its wall time and peak memory as JSON."""

from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import time

from kb.cli import main as kb_main


def main(root: str, files: list[str]) -> None:
    started = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = kb_main(["--root", root, "import", *files])
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "exit_code": code}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
