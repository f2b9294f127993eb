"""Recording what an app answers, as shapes and counts: never a value.

``pytest --contract-record=DIR`` records every response of the tests;
``CONTRACTKIT_RECORD`` records, in report and strict mode, the responses the
contract lacks. ``contractkit propose`` reads the records.

Internal: the modules in here are not public API and may change in any release.
"""
