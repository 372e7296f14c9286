"""Closed vocabularies shared by the content files and the code.

A value outside these lists is a content error, reported by the bank loader.
"""

from __future__ import annotations

from typing import Literal, get_args

RoleLevel = Literal["plant", "enterprise"]
FunctionalLevel = Literal["L0", "L1", "L2", "L3", "L4"]
Isa95Part = Literal[1, 2, 3, 4, 5, 6, 7, 8]
MomCategory = Literal["production", "maintenance", "quality", "inventory"]
# The generic Part 3 activity pattern, repeated in each MOM category.
Activity = Literal[
    "definition-management",
    "resource-management",
    "detailed-scheduling",
    "dispatching",
    "execution-management",
    "data-collection",
    "tracking",
    "performance-analysis",
]
# Standards, boundaries and patterns a question can be about, beyond parts and categories.
Topic = Literal[
    "l3-l4-boundary",
    "l2-l3-boundary",
    "b2mml",
    "isa-88",
    "iec-62443",
    "iso-22400",
    "opc-ua",
    "packml",
    "purdue-model",
    "uns",
    "mesa-11",
    "part-11-annex-11",
    "gamp-5",
    "isa95-tr01",
]

# How a question asks: about knowledge, a situation to handle, or past behaviour
# ("tell me about a time...").
QuestionStyle = Literal["technical", "scenario", "behavioural"]
# How an exemplar is written: as a candidate would say it, or as an interviewer types it.
ExemplarForm = Literal["prose", "notes"]
# Whether a built kit takes behavioural questions too, leaves them out, or takes only them.
BehaviouralChoice = Literal["include", "exclude", "only"]

ROLE_LEVELS: tuple[RoleLevel, ...] = get_args(RoleLevel)
FUNCTIONAL_LEVELS: tuple[FunctionalLevel, ...] = get_args(FunctionalLevel)
ISA95_PARTS: tuple[Isa95Part, ...] = get_args(Isa95Part)
MOM_CATEGORIES: tuple[MomCategory, ...] = get_args(MomCategory)
ACTIVITIES: tuple[Activity, ...] = get_args(Activity)
TOPICS: tuple[Topic, ...] = get_args(Topic)
QUESTION_STYLES: tuple[QuestionStyle, ...] = get_args(QuestionStyle)
EXEMPLAR_FORMS: tuple[ExemplarForm, ...] = get_args(ExemplarForm)
BEHAVIOURAL_CHOICES: tuple[BehaviouralChoice, ...] = get_args(BehaviouralChoice)
