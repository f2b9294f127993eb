"""``contractkit propose``: the declarations an app already keeps, from its source and records.

Internal: the modules in here are not public API and may change in any release.
"""
