"""The ``contractkit`` command line, and the same commands as ``flask contract``."""

from __future__ import annotations

import os
import typing as t
import warnings
from pathlib import Path

import click
from flask.cli import load_dotenv

from .. import DISTRIBUTION
from ..config import OPENAPI_VERSIONS
from ..errors import ContractError, ContractWarning
from ..specfile.diff import RANK, DiffError, diff_documents, diff_json, diff_markdown, diff_text
from ..specfile.files import Format, format_of, write_atomic
from ..specfile.locations import iter_operations
from ..specfile.problems import Problem
from ..specfile.swagger2 import convert_document, is_swagger2
from .check_output import problems_json, problems_text, summary
from .codes import codes_command
from .common import (
    AppCommand,
    CommandError,
    command_app,
    deep_documents,
    framework_loads,
    read_openapi,
    read_spec,
    report_format_option,
    require_operations,
)
from .lint import lint_command
from .loading import AppLoader, load_app
from .mock import mock_command
from .propose import propose_command
from .schemathesis import schemathesis_config_command

if t.TYPE_CHECKING:
    from ..openapi.documents import Documents

_EXPORT_EPILOG = """\b
Examples:
  contractkit export specs/api.yaml --app myapp
  contractkit export specs/api.json --app 'myapp:create_app("ci")'
  contractkit export specs/api-3.0.yaml --app myapp --openapi-version 3.0.3
  contractkit export - --format json --app myapp | jq .paths
  contractkit export - --app myapp | less
  flask --app myapp contract export specs/api.yaml
  FLASK_APP=myapp flask contract export - --format json
  quart --app my_quart_app contract export specs/api.yaml

\b
The app (Flask or Quart) is the one flask would load: --app, else FLASK_APP
(also from .flaskenv), else QUART_APP, else wsgi.py or app.py; under 'flask
contract' or 'quart contract' give --app to flask or quart. The file is
replaced atomically and the output is the same for the same code, so a
committed spec diffs cleanly.

\b
Exit status:
  0  the document was written
  2  bad usage, an app that cannot be loaded or does not use contractkit,
     a contract that cannot be built or has no operation, or a file that
     cannot be written
"""

_CHECK_EPILOG = """\b
Examples:
  contractkit check specs/api.yaml
  contractkit check third-party.json --format json
  contractkit export - --format yaml --app myapp | contractkit check -
  contractkit check --app myapp

\b
Each problem is printed on stdout as "JSONPATH: message", in two headed
groups: "Invalid OpenAPI" (what openapi-spec-validator rejects, and $refs
that lead nowhere) and contractkit's contract rules (custom codes registered
in x-status-codes with an x-fallback, non-empty descriptions), which a valid
third-party document may break. --format json gives each problem its kind
("openapi" or "contract"). Only $refs inside the document are followed: a
$ref to a URL or another file is a problem, never fetched or read. With
--app, the app's contract is built too; for an app that enforces an OpenAPI
document (CONTRACTKIT_SPEC), each document operation no route serves and
each route no operation describes is printed as "app NAME: ..." and is a
problem of the contract.

\b
Exit status:
  0  the document is valid and its contract rules hold
  1  problems were found
  2  bad usage, or a file that is missing, not JSON/YAML, or past the limits
     (YAML aliases adding over 100,000 nodes, nesting over 1000 levels), or an
     app that cannot be loaded or whose contract cannot be built
"""

_DIFF_EPILOG = """\b
Examples:
  contractkit diff specs/api.yaml new-api.yaml
  git show main:specs/api.yaml > /tmp/base.yaml
  contractkit diff /tmp/base.yaml specs/api.yaml --format json
  contractkit diff /tmp/base.yaml specs/api.yaml --format markdown > comment.md
  contractkit export - --format yaml --app myapp | contractkit diff specs/api.yaml -

\b
Each change has a rule id (oasdiff's where it names the rule) and a level.
Requests (parameters, bodies) break clients when the server accepts less;
responses break them when the server may send what old clients cannot read
(a property added to a response is not breaking). $refs are followed, and a
change in a shared component is listed at every operation that uses it.
The documentation's diff rules page lists every rule with its level.

\b
Exit status:
  0  nothing at or above the --fail-on level (changes may be listed)
  1  at least one change at or above the --fail-on level
  2  bad usage, or a file that is missing, not JSON/YAML or not OpenAPI 3
"""


class _Standalone(click.Group):
    """The ``contractkit`` group: reads ``.flaskenv`` and ``.env`` as ``flask`` does."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: t.Any,
    ) -> click.Context:
        # The same files, with the same precedence and opt-out, as FlaskGroup: an
        # app chosen by FLASK_APP in .flaskenv is found by both commands alike.
        if os.environ.get("FLASK_SKIP_DOTENV", "").lower() in ("", "0", "false", "no"):
            load_dotenv()
        return super().make_context(info_name, args, parent, **extra)


@click.group(cls=_Standalone, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name=DISTRIBUTION, prog_name="contractkit")
def cli() -> None:
    """Export, check, diff and lint a Flask API's OpenAPI contract."""


@click.group("contract")
def flask_group() -> None:
    """Export, check, diff and lint the app's OpenAPI contract (contractkit).

    \f
    The same group is ``flask contract`` and ``quart contract``: each command
    line finds it through its own entry point group.
    """


@click.command("export", cls=AppCommand, epilog=_EXPORT_EPILOG)
@click.argument("path", metavar="PATH")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "yaml"]),
    help="Output format: for '-', yaml unless told; otherwise it must match PATH's suffix.",
)
@click.option(
    "--openapi-version",
    type=click.Choice(OPENAPI_VERSIONS),
    help="Export for this OpenAPI version instead of CONTRACTKIT_OPENAPI_VERSION.",
)
def export_command(
    path: str, fmt: Format | None, openapi_version: str | None, import_path: str | None = None
) -> None:
    """Write the app's OpenAPI document to PATH.

    PATH ends in .json, .yaml or .yml, or is - for stdout (YAML unless --format json).
    """
    _export(command_app(import_path), path, fmt, openapi_version)


@click.command("check", cls=AppCommand, epilog=_CHECK_EPILOG)
@click.argument("path", metavar="PATH", required=False)
@report_format_option("the verdicts, and every problem with its kind (openapi or contract)")
@deep_documents
def check_command(path: str | None, fmt: str = "text", import_path: str | None = None) -> None:
    """Validate a spec file (OpenAPI and the contract rules), or an app's contract.

    PATH is a .json/.yaml/.yml file or - for stdin. Without PATH, --app (or
    FLASK_APP) names the app whose contract and document are checked.
    """
    if path is None:
        if import_path is None and not framework_loads():
            raise click.UsageError("give PATH, or --app (or FLASK_APP) to check an app.")
        _check_app(command_app(import_path), fmt)
        return
    document = read_spec(path)
    if is_swagger2(document):
        for note in convert_document(document).notes:
            click.echo(f"warning: {note}", err=True)
    _report(path, document, _check_document(document), fmt)


def _check_app(info: AppLoader, fmt: str) -> None:
    # Imported here: check and diff read files only, and load none of the app machinery.
    from ..openapi.exporting import app_documents
    from ..state import app_state

    try:
        app = load_app(info)
    except ContractError as error:
        raise CommandError(str(error)) from error
    with warnings.catch_warnings():
        # The mismatches are this command's output, not a warning about it.
        warnings.simplefilter("ignore", ContractWarning)
        documents = _documents(app.name, lambda: app_documents(app))
        contract = app_state(app).contract()
    name = f"app {app.name!r}"
    problems = [Problem(name, line, "contract") for line in contract.unmatched]
    _report(name, documents.spec, [*_check_document(documents.spec), *problems], fmt)


def _check_document(document: dict[str, t.Any]) -> list[Problem]:
    # Imported here: openapi-spec-validator's full validator (jsonschema-path,
    # requests) is for this command; export and diff do not load it.
    from ..specfile.rules import check_document

    return list(check_document(document))


def _report(name: str, document: dict[str, t.Any], problems: list[Problem], fmt: str) -> None:
    if fmt == "json":
        click.echo(problems_json(name, problems), nl=False)
    else:
        click.echo(problems_text(problems), nl=False)
    if problems:
        click.echo(f"{name}: {summary(problems)}", err=True)
        click.get_current_context().exit(1)
    operations = sum(1 for _ in iter_operations(document))
    # A Swagger 2.0 file: valid as 2.0, its conversion (what is enforced) judged by the rules.
    version = f"OpenAPI {document['openapi']}" if "openapi" in document else "Swagger 2.0"
    click.echo(
        f"{name}: valid {version}, contract rules hold ({operations} operations).",
        err=True,
    )


@click.command("diff", epilog=_DIFF_EPILOG)
@click.argument("old", metavar="OLD")
@click.argument("new", metavar="NEW")
@report_format_option(
    "every change with id, level, operation, pointers and message",
    formats=("text", "json", "markdown"),
)
@click.option(
    "--fail-on",
    type=click.Choice(["breaking", "warning"]),
    default="breaking",
    show_default=True,
    help="Exit 1 when a change has this level or a stricter one.",
)
@deep_documents
def diff_command(old: str, new: str, fmt: str, fail_on: str) -> None:
    """List contract changes from OLD to NEW; exit 1 if any is breaking."""
    if old == new == "-":
        raise click.UsageError("only one of OLD and NEW can be '-' (stdin).")
    try:
        changes = diff_documents(read_openapi(old, compared=True), read_openapi(new, compared=True))
    except DiffError as error:
        raise CommandError(f"cannot compare {old} and {new}: {error}") from error
    render = {"json": diff_json, "markdown": diff_markdown}.get(fmt, diff_text)
    click.echo(render(changes, old, new), nl=False)
    if any(RANK[change.level] >= RANK[fail_on] for change in changes):
        click.get_current_context().exit(1)


# Defined once, the same objects under both groups.
for _command in (
    export_command,
    check_command,
    diff_command,
    codes_command,
    lint_command,
    propose_command,
    schemathesis_config_command,
    mock_command,
):
    cli.add_command(_command)
    flask_group.add_command(_command)


def _export(info: AppLoader, path: str, fmt: Format | None, openapi_version: str | None) -> None:
    # Imported here: check and diff read files only, and load none of the app machinery.
    from ..openapi.exporting import app_documents

    fmt = _output_format(path, fmt)
    try:
        app = load_app(info)
    except ContractError as error:
        raise CommandError(str(error)) from error
    documents = _documents(app.name, lambda: app_documents(app, openapi_version))
    require_operations(app)
    text = documents.json if fmt == "json" else documents.yaml
    if path == "-":
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(path), text)
    except ContractError as error:
        raise CommandError(str(error)) from error
    operations = sum(1 for _ in iter_operations(documents.spec))
    click.echo(
        f"Wrote {path} (OpenAPI {documents.spec['openapi']}, {operations} operations).", err=True
    )


def _documents(app_name: str, build: t.Callable[[], Documents]) -> Documents:
    try:
        return build()
    except ContractError as error:
        raise CommandError(str(error)) from error
    except Exception as error:
        # Schemas, plugins and views are the app's code: report what they raised.
        raise CommandError(
            f"cannot build the OpenAPI document of app {app_name!r}: "
            f"{type(error).__name__}: {' '.join(str(error).split())}"
        ) from error


def _output_format(path: str, requested: Format | None) -> Format:
    if path == "-":
        return requested or "yaml"  # what people read in a terminal or pipe to a file
    try:
        found = format_of(Path(path))
    except ContractError as error:
        raise click.UsageError(str(error)) from error
    if requested is not None and requested != found:
        raise click.UsageError(
            f"--format {requested} does not match {path}; its suffix means {found}."
        )
    return found


def main() -> None:
    """Entry point of the ``contractkit`` console script."""
    # As flask's own CLI does: an unguarded app.run() in the imported module
    # must not start a server and block the export.
    os.environ.setdefault("FLASK_RUN_FROM_CLI", "true")
    cli.main(prog_name="contractkit")
