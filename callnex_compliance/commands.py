"""The base of every project management command: operational errors end in one clear line and exit 1.

An unreachable database, a file that cannot be written or an option out of range are the operator's to
fix, not a bug: they get one line on stderr (no traceback; `--traceback` still shows it) and a non-zero
exit. Options are checked by argparse before anything starts, so nothing is recorded for a bad call.
"""

import argparse
from collections.abc import Callable

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, InterfaceError, OperationalError

from .logging_filters import redact


def bounded(kind: type, low: float, high: float) -> Callable[[str], float]:
    """Return an argparse type accepting a number of `kind` from `low` to `high`."""

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low} and {high}, not {text}")
        return value

    return parse


def _first_line(error: BaseException) -> str:
    return redact(str(error).strip().splitlines()[0]) if str(error).strip() else type(error).__name__


class ProjectCommand(BaseCommand):
    """BaseCommand whose operational failures (database, files, options) end in one line and exit 1."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def error(message: str):
            if not parser.called_from_command_line:
                raise CommandError(f"Error: {message}")
            parser.exit(2, f"{parser.prog}: error: {message}\n")

        parser.error = error
        return parser

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except (OperationalError, InterfaceError) as error:
            raise CommandError(
                f"The database is unreachable or refused the work ({_first_line(error)}); check DATABASE_URL "
                "and that the server is running."
            ) from error
        except DatabaseError as error:
            raise CommandError(f"Database error: {_first_line(error)}") from error
        except OSError as error:
            where = f" {error.filename}" if error.filename else ""
            raise CommandError(f"Cannot read or write{where}: {error.strerror or error}.") from error
