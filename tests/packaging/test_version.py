"""The version users can read at runtime matches the package metadata."""

from __future__ import annotations

from importlib.metadata import version

from click.testing import CliRunner

import contractkit
from contractkit import DISTRIBUTION, errors
from contractkit.cli import cli


def test_version_attribute_is_the_installed_version() -> None:
    assert contractkit.__version__ == version(DISTRIBUTION)
    assert contractkit.__version__.count(".") == 2


def test_cli_prints_the_version() -> None:
    result = CliRunner().invoke(cli, ["--version"], prog_name="contractkit")
    assert result.exit_code == 0
    assert result.output == f"contractkit, version {version(DISTRIBUTION)}\n"


def test_unknown_attributes_still_raise() -> None:
    try:
        contractkit.no_such_name  # noqa: B018
    except AttributeError as error:
        assert "no_such_name" in str(error)
    else:
        raise AssertionError("contractkit.no_such_name did not raise")


def test_all_is_what_an_app_or_its_tests_write() -> None:
    assert sorted(contractkit.__all__) == [
        "ClientContract",
        "ContractKit",
        "ProblemSchema",
        "Violation",
        "accepts",
        "exempt",
        "responds",
        "schemathesis_toml",
        "violation_recorded",
    ]
    assert set(contractkit.__all__) <= set(contractkit._HOMES)


def test_every_error_and_warning_lives_in_contractkit_errors() -> None:
    public = {
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, errors.ContractError | Warning)
    }
    assert {"ConfigWarning", "DeclarationError", "InfrastructureCodeWarning"} <= public
    assert not public & set(contractkit.__all__)


def test_names_0_3_exported_still_import_from_contractkit() -> None:
    from contractkit import DeclarationError, InfrastructureCodeWarning, ViolationStore

    assert DeclarationError is errors.DeclarationError
    assert InfrastructureCodeWarning is errors.InfrastructureCodeWarning
    assert ViolationStore.__name__ == "ViolationStore"
    for name in contractkit._HOMES:
        assert getattr(contractkit, name) is not None
