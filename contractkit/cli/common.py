"""What every ``contractkit`` command shares: the app it works on and the exit-2 error.

Internal: the commands' own module is :mod:`contractkit.cli`.
"""

from __future__ import annotations

import functools
import sys
import typing as t
from pathlib import Path

import click
from flask.sansio.app import App

from ..errors import ContractError, SpecFileError
from ..specfile.depth import run_deep
from ..specfile.files import parse_document, read_document
from ..specfile.swagger2 import is_swagger2, to_openapi3
from .loading import AppLoader, group_loader, script_info

if t.TYPE_CHECKING:
    from ..client import ClientContract

F = t.TypeVar("F", bound=t.Callable[..., t.Any])

#: Exit status of a command that could not do its job; 1 means "the contract has problems".
TROUBLE = 2


class CommandError(click.ClickException):
    """A command could not do its job: one line on stderr and exit status 2.

    Not click's default of 1, so that CI can tell "breaking change found" (1)
    from "the check could not run" (2), as ``diff`` and ``grep`` do.
    """

    exit_code = TROUBLE


def deep_documents(command: F) -> F:
    """Run ``command`` where any document :func:`read_spec` accepts can be walked.

    The validators and the diff walk documents recursively; the command runs
    where they can (:func:`~contractkit.specfile.depth.run_deep`). A document
    they cannot walk all the same is exit 2 with one line, never the traceback
    and exit 1 that would read as "problems found" or "breaking change".
    """

    @functools.wraps(command)
    def run(*args: t.Any, **kwargs: t.Any) -> t.Any:
        context = click.get_current_context()

        def work() -> t.Any:
            with context:  # click's current context is per thread
                return command(*args, **kwargs)

        try:
            return run_deep(work, "a document")
        except SpecFileError as error:
            raise CommandError(str(error)) from error

    return t.cast(F, run)


class AppCommand(click.Command):
    """A command about an app: the one ``flask`` or ``quart`` loads, else the one ``--app`` names.

    Under ``flask contract`` Flask's own ``--app``, ``FLASK_APP`` and
    ``.flaskenv`` choose the app and put it in the context as a
    :class:`~flask.cli.ScriptInfo` (under ``quart contract``, Quart's own
    options and its ``ScriptInfo``); the command then has no ``--app`` of its
    own, which would be a second, conflicting way to say the same. Under
    ``contractkit`` it has one (``FLASK_APP``, then ``QUART_APP``, as its
    default), read by :func:`command_app`. The command is defined once and
    added to every group.
    """

    def __init__(self, *args: t.Any, **kwargs: t.Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.insert(
            0,
            click.Option(
                ["--app", "import_path"],
                metavar="IMPORT",
                envvar=["FLASK_APP", "QUART_APP"],
                help="The Flask or Quart app, as for 'flask --app': module, module:app or "
                "module:create_app(). Defaults to $FLASK_APP, $QUART_APP, then wsgi.py or app.py.",
            ),
        )

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        params = super().get_params(ctx)
        if group_loader(ctx) is None:
            return params
        return [param for param in params if param.name != "import_path"]


def command_app(import_path: str | None) -> AppLoader:
    """The loader of the app the running command works on."""
    return group_loader(click.get_current_context()) or script_info(import_path)


def framework_loads() -> bool:
    """Whether ``flask`` or ``quart`` runs the command, and so chooses the app."""
    return group_loader(click.get_current_context()) is not None


def report_format_option(
    json_holds: str, formats: tuple[str, ...] = ("text", "json")
) -> t.Callable[[F], F]:
    """``--format text|json`` of a command that reports findings; ``json_holds`` says what."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(formats)),
        default="text",
        show_default=True,
        help=f"'json' for machines: {json_holds}.",
    )


def read_spec(path: str) -> dict[str, t.Any]:
    """The JSON or YAML document at ``path`` (``-`` for stdin), or a one-line error."""
    try:
        if path == "-":
            # YAML is a superset of JSON, so stdin may hold either.
            return parse_document(sys.stdin.read(), "yaml", name="stdin")
        return read_document(Path(path))
    except ContractError as error:
        raise CommandError(str(error)) from error


def read_client_contract(spec: str) -> ClientContract:
    """The contract of ``spec`` (a file, an http(s) URL or ``-``), read as a client reads it.

    A document that cannot be read is a one-line error naming what is wrong.
    """
    from ..client import ClientContract

    try:
        if spec == "-":
            return ClientContract(parse_document(sys.stdin.read(), "yaml", name="stdin"))
        if spec.startswith(("http://", "https://")):
            return ClientContract.from_url(spec)
        return ClientContract.from_file(spec)
    except ContractError as error:
        raise CommandError(str(error)) from error


def read_openapi(path: str, *, compared: bool = False) -> dict[str, t.Any]:
    """Like :func:`read_spec`, and refuse anything that is not OpenAPI 3.

    :param compared: read a Swagger 2.0 document as its OpenAPI 3.0.3
        conversion, what contractkit enforces for it (``diff``); a note on
        stderr says so, since locations in the report then name the
        conversion's places (``components/schemas/Pet`` for ``definitions/Pet``,
        ``requestBody`` for a ``body`` parameter).
    """
    document = read_spec(path)
    if compared and is_swagger2(document):
        click.echo(
            f"note: {path} is Swagger 2.0; it is compared as its OpenAPI 3.0.3 conversion, "
            "and locations name the conversion's (#/components/schemas/X for "
            "#/definitions/X, requestBody for body and formData parameters).",
            err=True,
        )
        return to_openapi3(document)
    version = document.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.")):
        raise CommandError(
            f"{path} is not an OpenAPI 3 document (openapi: {version!r}); "
            f"run 'contractkit check {path}' to see what is wrong."
        )
    return document


def require_operations(app: App) -> None:
    """Refuse an app whose contract has no operation: an empty document is never the goal.

    The usual cause is declarations on blueprints or the app only, which add
    codes to views with declarations of their own and make no view an operation.

    :raises CommandError: naming the app and what to do.
    """
    # Imported here: check and diff read files only, and load none of the app machinery.
    from ..state import app_state

    contract = app_state(app).contract()
    if contract.operations:
        return
    advice = next(iter(contract.undocumented.values()), None)
    why = f" For its routes: {advice}." if advice else ""
    raise CommandError(
        f"app {app.name!r} uses contractkit but its contract has no operation: no view has a "
        f"declaration of its own (@responds or @accepts on the view).{why}"
    )
