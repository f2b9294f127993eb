"""Contract coverage of a test scenario, measured with contractkit's own recorder."""

from __future__ import annotations

import typing as t

from contractkit.runtime.violations import violation_recorded
from contractkit.testing.coverage import CoverageData, Recorder


def run_covered(app_name: str, scenario: t.Iterable[t.Callable[[], None]]) -> CoverageData:
    """Run ``scenario``'s tests, then assert that they answered every declared code.

    No violation may be recorded meanwhile: in strict mode each would be a 500.
    """
    data = CoverageData()
    recorder = Recorder(data, apps=[app_name])
    violations: list[t.Any] = []

    def keep(sender: t.Any, violation: t.Any, **extra: t.Any) -> None:
        violations.append(violation)

    recorder.connect()
    violation_recorded.connect(keep)
    try:
        for test in scenario:
            test()
    finally:
        violation_recorded.disconnect(keep)
        recorder.disconnect()
    assert not violations, [v.detail for v in violations]
    missing = {r.name: r.missing for r in data.sorted_operations() if r.missing}
    undeclared = {r.name: r.undeclared for r in data.sorted_operations() if r.undeclared}
    assert (missing, undeclared) == ({}, {}), (missing, undeclared)
    assert data.totals().percent == 100.0
    return data
