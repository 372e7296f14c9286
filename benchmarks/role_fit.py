"""Role fit on answers it has not seen: the bank's score-3 exemplars, pitched at each level.

Run by hand: ``.venv/bin/python benchmarks/role_fit.py``. For every question with both rubrics,
the level's bar is taken from its score-5 exemplars only, so the score-3 exemplars are held out
(they also play no part in the rubric's axis, which comes from the reference and key points).
A plant exemplar should sit left of 0 and an enterprise one right of it. For comparison, the
position the scorer used before (the difference of the two levels' scores / 2.5), which sees
the score-3 exemplars among its anchors and so is favoured here.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assess.content.bank import load_bank  # noqa: E402
from assess.scoring.evaluation import held_out_role_fit, role_fit_separation  # noqa: E402
from assess.scoring.scorer import Scorer, ScoringConfig  # noqa: E402
from assess.scoring.suggest import default_scorer  # noqa: E402


def main() -> int:
    shipped = default_scorer()
    config = ScoringConfig(bar_min_exemplar_score=5)
    scorer = Scorer(shipped.encoder, shipped.calibration, config)
    altitude, difference, enterprise = held_out_role_fit(load_bank(), scorer)
    for name, positions in (("altitude (as shipped)", altitude), ("score difference", difference)):
        m = role_fit_separation(positions, enterprise)
        print(
            f"{name:24s} n={m['n']:.0f} AUC {m['auc']:.3f} sign accuracy {m['sign_accuracy']:.3f} "
            f"leaning the right way {m['leaning_accuracy']:.3f} mean enterprise "
            f"{m['mean_enterprise']:+.2f} mean plant {m['mean_plant']:+.2f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
