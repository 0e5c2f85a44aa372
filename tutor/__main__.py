"""`mltutor` and `python -m tutor`: parse the command line and run the right front end."""

from __future__ import annotations

import sys

from tutor.cli import run


def main(argv: list[str] | None = None) -> int:
    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
