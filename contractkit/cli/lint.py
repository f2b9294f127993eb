"""``contractkit lint``: the static lint of :mod:`contractkit.lint` on the command line."""

from __future__ import annotations

import json

import click

from ..errors import ContractError
from .common import (
    AppCommand,
    CommandError,
    command_app,
    report_format_option,
)
from .loading import AppLoader, load_app

_EPILOG = """\b
Examples:
  contractkit lint --app myapp
  contractkit lint --app 'myapp:create_app("ci")' --format json
  flask --app myapp contract lint

\b
Reads the source of every view and reports each literal status code it can
answer that its contract does not declare: return body, 418 (also with
headers, HTTPStatus.X or a status string), abort(418), make_response(body,
418), Response(status=418), redirect(), raise NotFound(),
response.status_code = 418 and request.get_json() (415, 400), in the view
and in the app's own helpers it calls. Views that declare nothing yet are
read too: 'contractkit propose' writes their declarations. Declared codes
its own code never answers are listed as info.

\b
Exit status:
  0  no undeclared code found
  1  at least one undeclared code
  2  bad usage, an app that cannot be loaded or does not use contractkit,
     or a contract that cannot be built
"""


@click.command("lint", cls=AppCommand, epilog=_EPILOG)
@report_format_option("undeclared codes with file, line and endpoint; info; skips")
def lint_command(fmt: str, import_path: str | None = None) -> None:
    """Find undeclared status codes in view source."""
    _lint(command_app(import_path), fmt)


def _lint(info: AppLoader, fmt: str) -> None:
    # Imported here: check and diff read files only, and load none of the app machinery.
    from ..lint.linter import lint_app, lint_text

    try:
        app = load_app(info)
        report = lint_app(app)
    except ContractError as error:
        raise CommandError(str(error)) from error
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2))
    else:
        click.echo(lint_text(report))
    if not report.ok:
        click.get_current_context().exit(1)
