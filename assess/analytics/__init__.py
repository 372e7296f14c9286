"""Analytics: pure functions from store records to results that charts and reports draw.

A question's rating is the interviewer's ``final_rating``; the machine's suggestion is shown
beside it in fields named ``machine_*`` and never stands in for a missing rating. Where there
is no evidence a result says so (None, "not probed", "no evidence"), never a zero.

- ``records``: the plain records the store builds (input to everything here).
- ``profile``: requisition bar, competency profile, per-question machine vs final.
- ``coverage``: ISA-95 coverage grids (MOM category x activity, level x category).
- ``role_fit``: where the answers sit between the plant and the enterprise bar.
- ``credibility``: an index of named parts that describes the evidence, not honesty.
- ``panel``: ranking with bootstrap intervals, rater disagreement, member comparison.
- ``team``: interviewer calibration, item analysis and weak items.
- ``fairness``: the adverse-impact audit.
"""
