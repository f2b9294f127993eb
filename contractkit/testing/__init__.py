"""Testing a contract: coverage, the pytest plugin, and schemathesis settings."""
