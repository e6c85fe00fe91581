"""The `kb` command's entry point: Ctrl-C and SIGTERM end it with a short message, never a traceback.

Kept free of heavy imports so that the signal handling is in place before the tool loads its libraries.
"""

from __future__ import annotations

import signal
import sys


def _terminate(signum, frame):
    raise KeyboardInterrupt


def run() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        from . import atomic
        from .cli import main

        atomic.command_line = True
        code = main()
    except KeyboardInterrupt:
        print("kb：已中断。正在写入的文件保持原样，未做任何修改。", file=sys.stderr)
        code = 130
    sys.exit(code)
