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

ROLE_LEVELS: tuple[RoleLevel, ...] = get_args(RoleLevel)
FUNCTIONAL_LEVELS: tuple[FunctionalLevel, ...] = get_args(FunctionalLevel)
ISA95_PARTS: tuple[Isa95Part, ...] = get_args(Isa95Part)
MOM_CATEGORIES: tuple[MomCategory, ...] = get_args(MomCategory)
ACTIVITIES: tuple[Activity, ...] = get_args(Activity)
TOPICS: tuple[Topic, ...] = get_args(Topic)
