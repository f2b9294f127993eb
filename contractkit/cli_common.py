"""What every ``contractkit`` command shares: the ``--app`` option and the exit-2 error."""

from __future__ import annotations

import typing as t

import click

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: Exit status of a command that could not do its job; 1 means "the contract has problems".
TROUBLE = 2


class CommandError(click.ClickException):
    """A command could not do its job: one line on stderr and exit status 2.

    Not click's default of 1, so that CI can tell "breaking change found" (1)
    from "the check could not run" (2), as ``diff`` and ``grep`` do.
    """

    exit_code = TROUBLE


def app_option(command: F) -> F:
    """``--app IMPORT``, read as ``flask --app`` reads it, ``FLASK_APP`` as its default."""
    return click.option(
        "--app",
        "import_path",
        metavar="IMPORT",
        envvar="FLASK_APP",
        help="The app, as for 'flask --app': module, module:app or module:create_app(). "
        "Defaults to $FLASK_APP, then wsgi.py or app.py.",
    )(command)
