"""The static lint: status codes a view's source can answer that its contract does not declare.

Internal: the modules in here are not public API and may change in any release;
import public names from :mod:`contractkit`.
"""
