"""Six apps written the way the Flask custom-status tutorials write them, nothing declared.

Each has its own tests beside it. ``tests/propose/test_tutorial_proof.py`` copies
this package elsewhere, records its tests, applies ``contractkit propose`` and
runs the tests again in strict mode with body checks on.
"""
