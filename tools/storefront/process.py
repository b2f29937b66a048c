"""How the `storefront` process ends: flushed, exit handlers run, its heap left to the system."""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
from typing import NoReturn


def leave(code: int) -> NoReturn:
    """End the process with ``code`` as the command does (``cli.run``): flushed, exit handlers
    run, heap left to the operating system (the usual shutdown while another thread runs)."""
    if any(t.is_alive() and not t.daemon for t in threading.enumerate()
           if t is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`storefront prices | head`): as usual
            code = code or 1
    os._exit(code)


def exit_code(code: object) -> int:
    """The process status ``sys.exit(code)`` gives: None is 0, a message is printed and 1.

    >>> exit_code(None), exit_code(2)
    (0, 2)
    """
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1
