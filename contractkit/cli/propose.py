"""``contractkit propose``: the declarations the app's source and records show, as a patch."""

from __future__ import annotations

import typing as t
from pathlib import Path

import click

from ..errors import ContractError
from .common import AppCommand, CommandError, command_app
from .loading import AppLoader, load_app

if t.TYPE_CHECKING:
    from ..propose.plan import Proposal

_EPILOG = """\b
Examples:
  pytest --contract-record=records
  contractkit propose --app myapp records/
  contractkit propose --app myapp records/ prod-records/ --output contract.patch
  contractkit propose --app myapp records/ --apply
  flask --app myapp contract propose records/

\b
Merges the records (files, or directories of them: every worker and host)
with the status codes each view's source sends, as 'contractkit lint' finds
them, and proposes what the contract lacks: @responds(code, Schema,
description=...) on each view, register_status(code, phrase, fallback=...)
once per custom code, and marshmallow schemas from the recorded shapes in one
module beside the app's. For an app enforcing an OpenAPI document
(CONTRACTKIT_SPEC), the document file instead, in its own format: the missing
responses, their schemas and custom codes' x-status-codes entries; a document
built by code gets a fragment to carry into that code. What is declared is
never changed: recorded bodies that disagree with a declared schema are
reported as drift. Prints a summary and a unified diff to review.

\b
Exit status:
  0  nothing to propose, or the proposal was printed or written
  2  bad usage, an app that cannot be loaded, records that cannot be read,
     or --apply refused (an edit that cannot be placed, a file changed since
     it was read, or a document built by code): nothing was written
"""


@click.command("propose", cls=AppCommand, epilog=_EPILOG)
@click.argument("records", nargs=-1, type=click.Path(exists=True, dir_okay=True))
@click.option("--apply", "apply_", is_flag=True, help="Write the proposal: every file or none.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Also save the unified diff to this file (for 'git apply' or 'patch -p1').",
)
def propose_command(
    records: tuple[str, ...], apply_: bool, output: str | None, import_path: str | None = None
) -> None:
    """Propose the declarations the app's records and source show."""
    _propose(command_app(import_path), records, apply_, output)


def _propose(info: AppLoader, paths: tuple[str, ...], apply_: bool, output: str | None) -> None:
    # Imported here: check and diff read files only, and load none of the app machinery.
    from ..propose.document_drift import document_drift
    from ..propose.document_patch import DocumentPatch, build_document_patch
    from ..propose.patch import ApplyError, Patch, build_patch, schema_module
    from ..propose.plan import plan
    from ..recording.reading import read_records
    from ..state import app_state

    try:
        app = load_app(info)
        records = read_records(paths)
        if app_state(app).spec_driven:
            proposal = plan(app, records)
            proposal.drift += document_drift(app, records)
            patch: Patch = build_document_patch(proposal, app)
        else:
            schemas = schema_module(app)
            proposal = plan(app, records, schemas.taken())
            patch = build_patch(proposal, schemas, app)
    except ContractError as error:
        raise CommandError(str(error)) from error
    except OSError as error:
        raise CommandError(f"cannot read records: {error}") from error
    for problem in records.problems:
        click.echo(f"warning: skipped {problem}", err=True)
    click.echo(
        f"Read {records.responses} recorded response(s) from {records.files} file(s).", err=True
    )
    click.echo(summary(proposal))
    diff = patch.diff()
    if diff:
        click.echo(diff, nl=False)
    fragments = patch.fragments if isinstance(patch, DocumentPatch) else []
    for fragment in fragments:
        click.echo(
            "The app's OpenAPI document is built by code: add this to the code that builds it "
            "(the responses under each operation, the schemas, x-status-codes):"
        )
        click.echo(fragment, nl=False)
        diff += fragment
    if isinstance(patch, DocumentPatch):
        for note in patch.notes:
            click.echo(f"note: {note}", err=True)
    for problem in patch.problems:
        click.echo(f"error: {problem}", err=True)
    if output is not None:
        Path(output).write_text(diff, encoding="utf-8")
        click.echo(f"Saved the patch to {output}.", err=True)
    if apply_ and (patch.changes or fragments):
        try:
            patch.apply()
        except ApplyError as error:
            raise CommandError(f"--apply refused: {error}") from error
        click.echo(f"Wrote {len(patch.changes)} file(s).", err=True)
    elif apply_ and patch.problems:
        raise CommandError("--apply refused: " + "; ".join(patch.problems))


def summary(proposal: Proposal) -> str:
    """The table of codes and where each was seen, then registrations, drift and stale records."""
    header = ("Operation", "Code", "Tests", "Production", "Source", "Count", "Action")
    rows = [
        (
            row.operation,
            str(row.code),
            "yes" if row.tests else "-",
            "yes" if row.production else "-",
            f"{row.source} site(s)" if row.source else "-",
            str(row.tests + row.production),
            row.action,
        )
        for row in proposal.rows
    ]
    lines = []
    if rows:
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            lines.append(
                "  ".join(
                    cell.ljust(width) for cell, width in zip(row, widths, strict=True)
                ).rstrip()
            )
    for registration in proposal.registrations:
        lines.append(
            f"register {registration.code} {registration.phrase!r} (fallback "
            f"{registration.fallback}; phrase from {registration.origin})"
        )
    lines += [f"drift: {line}" for line in proposal.drift]
    lines += [f"stale: {line}" for line in proposal.stale]
    lines += [f"note: {line}" for line in proposal.notes]
    count = len(proposal.additions)
    lines.append(
        f"{count} response(s) and {len(proposal.registrations)} custom code(s) to declare."
        if not proposal.empty
        else "Nothing to propose: the contract declares every code the source and records show."
    )
    return "\n".join(lines)
