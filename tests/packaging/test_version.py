"""The version users can read at runtime matches the package metadata."""

from __future__ import annotations

from importlib.metadata import version

from click.testing import CliRunner

import contractkit
from contractkit import DISTRIBUTION
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


def test_all_is_exactly_the_lazy_table() -> None:
    assert sorted(contractkit.__all__) == sorted(contractkit._HOMES)
    for name in contractkit.__all__:
        assert getattr(contractkit, name) is not None
