"""contractkit's body verdicts agree with reference JSON Schema validators on generated cases."""

from __future__ import annotations

from .differential import CLASSES, run


def test_body_checks_agree_with_the_reference_validators() -> None:
    # 30 schemas x 40 bodies x 2 OpenAPI versions, fixed seed: a few seconds.
    tally = run(schema_count=30, bodies_per_schema=40)
    examples = {key: tally.examples[key] for key in tally.disagreements}
    assert not tally.disagreements, examples
    assert tally.bodies > 2000
    assert 0.15 < tally.valid / tally.bodies < 0.85  # valid bodies and mutated ones
    # Each class of past false alarm or miss is exercised, not just possible.
    assert all(tally.covered[cls] >= 10 for cls in CLASSES if cls != "other"), tally.covered
