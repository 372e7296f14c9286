"""Validated, immutable content objects: questions, rubrics and their vocabularies.

Every model forbids unknown fields, so a typo in a YAML key is an error, not a silent default.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from assess.content.vocabulary import (
    Activity,
    ExemplarForm,
    FunctionalLevel,
    Isa95Part,
    MomCategory,
    QuestionStyle,
    RoleLevel,
    Topic,
)

QUESTION_ID_PATTERN = r"^Q\d{3}$"
MISCONCEPTION_ID_PATTERN = r"^M\d{1,2}$"
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
# Distinct score points a rubric's exemplars must anchor: the loader refuses fewer than the
# first; the content rule (issue 12) asks for the second.
LOADER_MIN_ANCHOR_POINTS = 3
MIN_ANCHOR_POINTS = 5


class Content(BaseModel):
    """Base for content: unknown fields are errors and objects never change once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _unique(values: tuple[object, ...], what: str) -> tuple[object, ...]:
    seen: set[object] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"{what} {value!r} is listed twice")
        seen.add(value)
    return values


class Competency(Content):
    """A competency area of the interview model (brief section 3)."""

    id: str = Field(pattern=SLUG_PATTERN)
    name: str = Field(min_length=3)
    levels: tuple[RoleLevel, ...] = Field(min_length=1, max_length=2)
    brief_areas: tuple[str, ...] = Field(
        default=(),
        description="Codes of the brief's competency maps, e.g. P1, E3, shared.",
    )
    description: str = Field(min_length=10)


class Misconception(Content):
    """A misconception interviewers should catch (brief section 2.3)."""

    id: str = Field(pattern=MISCONCEPTION_ID_PATTERN)
    title: str = Field(min_length=5)
    claim: str = Field(min_length=10)
    correction: str = Field(min_length=10)


class Isa95Tags(Content):
    """Where a question sits in ISA-95 and its neighbouring standards."""

    functional_levels: tuple[FunctionalLevel, ...] = ()
    parts: tuple[Isa95Part, ...] = ()
    mom_categories: tuple[MomCategory, ...] = ()
    activities: tuple[Activity, ...] = ()
    topics: tuple[Topic, ...] = ()

    @field_validator("functional_levels", "parts", "mom_categories", "activities", "topics")
    @classmethod
    def _no_repeats(cls, values: tuple[object, ...]) -> tuple[object, ...]:
        return _unique(values, "tag")


class Question(Content):
    """What is asked. Its rubrics (one per level) say what a good answer is."""

    id: str = Field(pattern=QUESTION_ID_PATTERN, description="Stable; never reused.")
    text: str = Field(min_length=20)
    competency: str = Field(pattern=SLUG_PATTERN)
    levels: tuple[RoleLevel, ...] = Field(min_length=1, max_length=2)
    difficulty: int = Field(ge=1, le=3)
    minutes: int = Field(ge=1, le=30)
    style: QuestionStyle = Field(
        default="technical",
        description="technical (knowledge), scenario (a situation) or behavioural (a past case).",
    )
    isa95: Isa95Tags = Isa95Tags()
    follow_ups: tuple[str, ...] = ()
    retired: bool = False

    @field_validator("levels")
    @classmethod
    def _levels_unique(cls, values: tuple[RoleLevel, ...]) -> tuple[RoleLevel, ...]:
        _unique(values, "level")
        return values


class KeyPoint(Content):
    """One thing a good answer shows, with the probe to ask when it is missing."""

    id: str = Field(pattern=SLUG_PATTERN)
    text: str = Field(min_length=10)
    weight: float = Field(gt=0, le=5)
    probe: str = Field(min_length=10)


class Exemplar(Content):
    """An anchored example answer for one point of the 0-5 scale."""

    score: int = Field(ge=0, le=5)
    answer: str = Field(min_length=10)
    form: ExemplarForm = Field(
        default="prose",
        description="prose (as a candidate says it) or notes (as an interviewer types it).",
    )


class RedFlag(Content):
    """A misconception as a candidate would assert it, with its correction."""

    misconception: str = Field(pattern=MISCONCEPTION_ID_PATTERN)
    claim: str = Field(min_length=10)
    correction: str = Field(min_length=10)


class Rubric(Content):
    """What a good answer to one question shows at one role level."""

    question: str = Field(pattern=QUESTION_ID_PATTERN)
    level: RoleLevel
    version: int = Field(ge=1, description="Bump on any change that alters scoring.")
    key_points: tuple[KeyPoint, ...] = Field(min_length=3, max_length=6)
    exemplars: tuple[Exemplar, ...] = Field(min_length=3)
    red_flags: tuple[RedFlag, ...] = Field(min_length=1, max_length=3)

    @field_validator("key_points")
    @classmethod
    def _point_ids_unique(cls, points: tuple[KeyPoint, ...]) -> tuple[KeyPoint, ...]:
        _unique(tuple(point.id for point in points), "key point id")
        return points

    @field_validator("exemplars")
    @classmethod
    def _anchors_spread(cls, exemplars: tuple[Exemplar, ...]) -> tuple[Exemplar, ...]:
        # The loader's floor. The content rule (MIN_ANCHOR_POINTS) is checked by
        # tests/test_content.py so the bank keeps loading while rubrics are brought up to it.
        points = {exemplar.score for exemplar in exemplars}
        if len(points) < LOADER_MIN_ANCHOR_POINTS:
            raise ValueError(
                f"exemplars must anchor at least {LOADER_MIN_ANCHOR_POINTS} different score "
                f"points, got {sorted(points)}"
            )
        return exemplars

    @field_validator("red_flags")
    @classmethod
    def _flags_unique(cls, flags: tuple[RedFlag, ...]) -> tuple[RedFlag, ...]:
        _unique(tuple(flag.misconception for flag in flags), "red flag misconception")
        return flags

    @property
    def total_weight(self) -> float:
        return sum(point.weight for point in self.key_points)
