"""Enforcing a contract: each response checked, each violation recorded and reported.

Internal: the modules in here are not public API and may change in any release;
import public names from :mod:`contractkit`.
"""
