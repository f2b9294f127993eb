"""Declaring a contract: decorators, status codes, the registry, and the app's operations.

Internal: the modules in here are not public API and may change in any release;
import public names from :mod:`contractkit`.
"""
