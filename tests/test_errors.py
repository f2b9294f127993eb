"""Error messages that list problems stay readable however many there are."""

from __future__ import annotations

from contractkit.errors import SHOWN_PROBLEMS, listed_problems


def test_a_few_problems_are_all_listed() -> None:
    assert listed_problems(["a is wrong", "b is wrong"]) == "  a is wrong\n  b is wrong"


def test_past_the_limit_the_rest_are_counted() -> None:
    problems = [f"problem {n}" for n in range(SHOWN_PROBLEMS + 5)]
    lines = listed_problems(problems).split("\n")
    assert lines[:SHOWN_PROBLEMS] == [f"  problem {n}" for n in range(SHOWN_PROBLEMS)]
    assert lines[SHOWN_PROBLEMS:] == ["  ... and 5 more"]


def test_exactly_the_limit_has_no_count() -> None:
    problems = [f"problem {n}" for n in range(SHOWN_PROBLEMS)]
    assert "more" not in listed_problems(problems)
