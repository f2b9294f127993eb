"""Enforcing a contract: each response checked, each violation recorded and reported."""
