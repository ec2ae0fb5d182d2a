"""The one ``thongthin`` command.

``thongthin demo|serve|worker|migrate|createlocality|createstaff|localities|apikey ...`` run the
matching management command; ``thongthin manage ...`` reaches anything else of Django's.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thongthin.config.settings")
    from django.core.management import execute_from_command_line

    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(__doc__.strip())
        print("\nCommands: demo, serve, worker, migrate, createlocality, createstaff, localities,")
        print("          apikey create, loadgeography, manage <django command>")
        return
    if argv[0] == "manage":
        argv = argv[1:]
    execute_from_command_line(["thongthin", *argv])


if __name__ == "__main__":
    main()
