"""Testing a contract: coverage, the pytest plugin, and schemathesis settings.

Internal, but for two entry points: the ``pytest11`` plugin
:mod:`contractkit.testing.pytest_plugin` and the helpers :mod:`contractkit`
exports (``schemathesis_config``, ``schemathesis_toml``).
"""
