"""The `kb` command's entry point: Ctrl-C and SIGTERM end it with a short message, never a traceback.

Kept free of heavy imports so that the signal handling is in place before the tool loads its libraries.
"""

from __future__ import annotations

import signal
import sys

from kb.core.messages import CLI  # standard library only, like this module


def _terminate(signum, frame):
    raise KeyboardInterrupt


def run() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from kb.cli import main
        from kb.infra import atomic

        atomic.command_line = True
        code = main()
    except KeyboardInterrupt:
        print(CLI["interrupted"], file=sys.stderr)
        code = 130
    sys.exit(code)
