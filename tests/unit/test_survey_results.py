"""Survey arithmetic: the NPS score, shares, what counts as a low score, a draft's round trip."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.club.surveys import (
    MULTI,
    NPS,
    RATING,
    YESNO,
    Draft,
    Question,
    QuestionResult,
    nps_score,
)


def question(kind: str, choices: tuple[str, ...] = ()) -> Question:
    return Question(1, 1, kind, "?", choices, True, None)


def test_nps_is_promoters_minus_detractors_in_percentage_points() -> None:
    assert nps_score({}) is None
    assert nps_score({10: 5}) == 100
    assert nps_score({0: 2, 6: 3}) == -100
    # 7 and 8 are passives: they count in the total only.
    assert nps_score({9: 3, 7: 4, 8: 1, 5: 2}) == 10  # (3 - 2) / 10
    assert nps_score({9: 1, 3: 1}) == 0
    assert nps_score({10: 2, 8: 1}) == 67


def test_shares_are_of_the_questions_answers_and_zero_without_any() -> None:
    result = QuestionResult(question(YESNO), answered=3, counts={1: 2, 0: 1})
    assert (result.percent(1), result.percent(0)) == (67, 33)
    assert QuestionResult(question(YESNO), answered=0, counts={}).percent(1) == 0
    # Multiple choice: each option's share of the responses, so they may add up past 100.
    picks = QuestionResult(question(MULTI, ("a", "b")), answered=2, counts={0: 2, 1: 1})
    assert (picks.percent(0), picks.percent(1)) == (100, 50)


def test_the_values_a_button_may_carry_and_the_low_scores() -> None:
    assert list(question(YESNO).options()) == [0, 1]
    assert list(question(RATING).options()) == [1, 2, 3, 4, 5]
    assert list(question(NPS).options()) == list(range(11))
    assert list(question(MULTI, ("a", "b", "c")).options()) == [0, 1, 2]
    assert [v for v in range(1, 6) if question(RATING).is_low(v)] == [1, 2]
    assert [v for v in range(11) if question(NPS).is_low(v)] == list(range(7))
    assert not question(YESNO).is_low(0) and not question(NPS).is_low(None)


def test_a_draft_survives_its_conversation_row() -> None:
    moment = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)
    draft = Draft(
        title="t",
        questions=[{"kind": "single", "text": "q", "choices": ["a", "b"], "required": False}],
        reward_points=50,
        segment_id=3,
        opens_at=moment,
        closes_at=moment,
        after_purchase_hours=2,
        pending={"kind": "text"},
    )
    again = Draft.of(draft.data())
    assert again == draft
    [shown] = again.as_questions()
    assert (shown.position, shown.choices, shown.required) == (1, ("a", "b"), False)
