"""``contractkit mock``: serve a document's contract from a stub, before the API exists."""

from __future__ import annotations

import logging
import typing as t
import warnings

import click

from ..errors import ContractError, ContractWarning
from .common import (
    AppCommand,
    CommandError,
    command_app,
    deep_documents,
    framework_loads,
    read_client_contract,
)
from .loading import load_app

if t.TYPE_CHECKING:
    from ..client import ClientContract

_EPILOG = """\b
Examples:
  contractkit mock specs/api.yaml
  contractkit mock specs/api.yaml --port 8080
  contractkit mock --app myapp
  contractkit mock specs/api.yaml --custom-codes-rate 0.2 --seed 7
  curl -H 'Prefer: code=460' http://127.0.0.1:4010/search
  curl -H 'Prefer: code=460, status-fallback' http://127.0.0.1:4010/search

\b
Each operation answers its lowest declared 2xx with the documented example,
else a body generated from its schema (the same body for the same method, path,
query and --seed). The Prefer header picks another answer: code=461 a declared code,
sent with its registered phrase; example=NAME a named example; dynamic=true a
generated body where an example exists; status-fallback a custom code's
documented fallback, with Contract-Original-Status, Preference-Applied and
Vary: Prefer, as the real server sends it; a code the operation does not list
is answered with its 4XX range or default response. Requests are checked as the
real app checks them: each parameter read in its documented style and checked
against its schema, JSON and form bodies against theirs. Invalid input gets the
operation's input error (422, else 400, else 422 under 4XX or default;
problem+json); where none is declared, a bad path variable is 404 and the rest
the strict server's 500. An unknown path is 404 and a known path with another
method 405, both problem+json naming the operations.

\b
Exit status:
  2  bad usage, a document that cannot be read (as for 'check'), or a body
     that cannot be generated (each named)
"""


@click.command("mock", cls=AppCommand, epilog=_EPILOG)
@click.argument("spec", metavar="SPEC", required=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to listen on.")
@click.option("--port", default=4010, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--custom-codes-rate",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="The share of requests answered with one of the operation's custom codes "
    "(or its fallback, for clients that ask); seeded, each choice logged.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="Seeds generated bodies and the custom codes drawn; another seed, another run.",
)
@deep_documents
def mock_command(
    spec: str | None,
    host: str,
    port: int,
    custom_codes_rate: float,
    seed: int,
    import_path: str | None = None,
) -> None:
    """Serve a stub that answers as SPEC promises: every operation, every declared code.

    SPEC is a .json/.yaml/.yml file (OpenAPI 3.0/3.1 or Swagger 2.0), an
    http(s) URL or - for stdin. Without SPEC, --app (or FLASK_APP) names the
    app whose own document is served.
    """
    from werkzeug.serving import run_simple

    from ..mock import MockApp

    contract = read_client_contract(spec) if spec is not None else _app_contract(import_path)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ContractWarning)
            stub = MockApp(contract, custom_codes_rate=custom_codes_rate, seed=seed)
    except ContractError as error:
        raise CommandError(str(error)) from error
    log = logging.getLogger("contractkit.mock")
    log.setLevel(logging.INFO)
    logging.basicConfig(format="%(message)s")
    for warning in caught:  # examples left out: said once, where the log starts
        log.warning("warning: %s", warning.message)
    log.info(
        "contractkit mock: %s, seed %d, custom codes rate %s",
        contract.name,
        seed,
        custom_codes_rate,
    )
    run_simple(host, port, stub, threaded=True)


def _app_contract(import_path: str | None) -> ClientContract:
    """The contract of the app the command names, as its own document states it."""
    from ..client import ClientContract
    from ..openapi.exporting import app_documents

    if import_path is None and not framework_loads():
        raise click.UsageError("give SPEC, or --app (or FLASK_APP) to serve an app's document.")
    try:
        app = load_app(command_app(import_path))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ContractWarning)  # check's to report, not mock's
            return ClientContract(app_documents(app).spec, name=app.name)
    except ContractError as error:
        raise CommandError(str(error)) from error
