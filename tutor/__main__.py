"""`mltutor` and `python -m tutor`: parse the command line and run the right front end."""

from __future__ import annotations

import os
import sys

from tutor.cli import run

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl+C


def main(argv: list[str] | None = None) -> int:
    try:
        code = run(sys.argv[1:] if argv is None else argv)
        sys.stdout.flush()  # a closed pipe shows up here, while it can still be caught
        return code
    except BrokenPipeError:
        # The reader went away (`mltutor lessons | head`): stop quietly. Point stdout at
        # devnull so that the flush at interpreter exit does not raise again, as the
        # Python documentation on SIGPIPE recommends.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        # Ctrl+C: whoever was running has already saved and said goodbye (line mode prints
        # its summary first); end the way interrupted programs do, without a traceback.
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
