"""Spec files without Flask: reading, locating, checking and diffing OpenAPI documents.

Internal: the modules in here are not public API and may change in any release;
import public names from :mod:`contractkit`.
"""
