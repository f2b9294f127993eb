"""``contractkit schemathesis-config``: :mod:`contractkit.testing.schemathesis` as a command."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ContractError
from ..specfile.files import write_atomic
from ..testing.schemathesis import schemathesis_config, schemathesis_toml
from .common import CommandError, deep_documents, read_openapi

_EPILOG = """\b
Examples:
  contractkit schemathesis-config specs/api.yaml --output schemathesis.toml
  contractkit export - --format yaml --app myapp | contractkit schemathesis-config -
  st --config-file schemathesis.toml run http://127.0.0.1:5000/openapi.json --checks all

\b
schemathesis's positive_data_acceptance and negative_data_rejection checks
expect standard status codes only. For each operation with custom codes this
writes an [[operations]] block that adds them to what the checks expect: all
of them for valid requests, the 4xx ones for invalid requests, and their
fallbacks when clients may ask for those. Operations without custom codes
keep schemathesis's defaults.

\b
Exit status:
  0  the settings were written
  2  bad usage, or a file that is missing, not JSON/YAML or not OpenAPI 3
"""


@click.command("schemathesis-config", epilog=_EPILOG)
@click.argument("spec", metavar="SPEC")
@click.option(
    "--output",
    "-o",
    metavar="PATH",
    help="Write the settings to PATH (replaced atomically) instead of stdout.",
)
@deep_documents
def schemathesis_config_command(spec: str, output: str | None) -> None:
    """Write schemathesis settings for the custom status codes of SPEC.

    SPEC is an OpenAPI file (JSON or YAML), or - for stdin.
    """
    document = read_openapi(spec)
    text = schemathesis_toml(document, source="stdin" if spec == "-" else spec)
    if output is None:
        click.echo(text, nl=False)
        return
    try:
        write_atomic(Path(output), text)
    except ContractError as error:
        raise CommandError(str(error)) from error
    blocks = len(schemathesis_config(document)["operations"])
    click.echo(f"Wrote {output} ({blocks} operation(s) with custom codes).", err=True)
