"""Shared fixtures: a tiny valid bank in a temporary folder, and the real bank."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assess.content.bank import Bank, load_bank
from assess.errors import BankError

pytest_plugins = ["tests.plugins.services"]

ROOT = Path(__file__).resolve().parent.parent
REAL_BANK = ROOT / "question_bank"
REAL_RUBRICS = ROOT / "rubrics"

# Two questions written here, beside the real Q001: one plant-only, one enterprise-only, so
# the tiny bank has a level that a question does not claim.
Q002 = """\
id: Q002
text: >-
  Walk me through the life of a production order at your plant, from ERP release to
  confirmation.
competency: order-execution
levels: [plant]
difficulty: 2
minutes: 10
isa95:
  functional_levels: [L3, L4]
  parts: [2, 3]
  mom_categories: [production]
  activities: [dispatching, execution-management, tracking]
  topics: [l3-l4-boundary]
follow_ups:
  - What happens when the ERP changes the order quantity after release?
"""

Q002_PLANT = """\
question: Q002
level: plant
version: 1
key_points:
  - id: release-and-download
    text: >-
      ERP releases the order with its bill of materials and routing; the MES receives it as a
      production schedule.
    weight: 1.5
    probe: How does the order get from the ERP into your MES?
  - id: readiness-and-dispatch
    text: >-
      The MES checks readiness of material, equipment and people, then dispatches work to a unit
      or line.
    weight: 2
    probe: What does the MES check before it dispatches an order?
  - id: confirmation
    text: >-
      Actual quantities, consumption and times are reported back to ERP as a production
      performance confirmation.
    weight: 1.5
    probe: What goes back to the ERP when the order is done?
exemplars:
  - score: 1
    answer: The ERP sends the order straight to the machine and the operator presses start.
  - score: 3
    answer: >-
      ERP releases the order, the MES dispatches it to the line, and at the end we confirm the
      quantity back to ERP.
  - score: 5
    answer: >-
      ERP releases the order with its BOM and routing, the MES checks that material, equipment
      and operators are ready, dispatches it to the line, tracks the execution states and at the
      end reports actual quantities and consumption back to ERP as a production performance.
red_flags:
  - misconception: M8
    claim: The ERP schedules each machine and the MES only shows the list to operators.
    correction: >-
      Level 4 sets the plant schedule; detailed scheduling and dispatching on equipment are
      Level 3 activities.
"""

Q003 = """\
id: Q003
text: >-
  How would you roll out a common MOM template to twelve plants that run different systems
  today?
competency: multisite-template
levels: [enterprise]
difficulty: 3
minutes: 15
isa95:
  functional_levels: [L3]
  parts: [3]
  mom_categories: [production, quality]
  topics: [l3-l4-boundary]
follow_ups:
  - How do you decide what a site may change in the template?
"""

Q003_ENTERPRISE = """\
question: Q003
level: enterprise
version: 1
key_points:
  - id: global-core-local-extensions
    text: >-
      A global core process and data model with governed local extensions for site-specific
      needs.
    weight: 2
    probe: What is global in your template and what can a site change?
  - id: lighthouse-and-waves
    text: >-
      A lighthouse site proves the template before rollout waves grouped by similarity and
      readiness.
    weight: 1.5
    probe: In what order would you roll out, and why?
  - id: design-authority
    text: A design authority owns the template and decides on change requests from sites.
    weight: 1.5
    probe: Who decides when a site asks for a change to the template?
exemplars:
  - score: 1
    answer: We buy one MOM product and install the same thing everywhere at once.
  - score: 3
    answer: >-
      I would build a template at one pilot plant and then copy it to the other plants one after
      the other.
  - score: 5
    answer: >-
      I would define a global core of processes and data with governed local extensions, prove
      it at a lighthouse plant, then roll out in waves grouped by similarity, with a design
      authority deciding on every change request from the sites.
red_flags:
  - misconception: M12
    claim: MOM is one product you buy and then install the same way at every plant.
    correction: >-
      MOM is a functional domain delivered by several systems; a template governs processes and
      data, not only a product.
"""


@pytest.fixture
def tiny_bank_dir(tmp_path: Path) -> Path:
    """A small valid bank: ``<root>/question_bank`` and ``<root>/rubrics``.

    Built from the real competencies, misconceptions and Q001 (both levels), plus Q002
    (plant only) and Q003 (enterprise only) written above.
    """
    root = tmp_path / "tiny"
    bank = root / "question_bank"
    questions = bank / "questions"
    plant = root / "rubrics" / "plant"
    enterprise = root / "rubrics" / "enterprise"
    for folder in (questions, plant, enterprise):
        folder.mkdir(parents=True)
    shutil.copy(REAL_BANK / "competencies.yaml", bank / "competencies.yaml")
    shutil.copy(REAL_BANK / "misconceptions.yaml", bank / "misconceptions.yaml")
    shutil.copy(REAL_BANK / "questions" / "Q001.yaml", questions / "Q001.yaml")
    shutil.copy(REAL_RUBRICS / "plant" / "Q001.yaml", plant / "Q001.yaml")
    shutil.copy(REAL_RUBRICS / "enterprise" / "Q001.yaml", enterprise / "Q001.yaml")
    (questions / "Q002.yaml").write_text(Q002, encoding="utf-8")
    (plant / "Q002.yaml").write_text(Q002_PLANT, encoding="utf-8")
    (questions / "Q003.yaml").write_text(Q003, encoding="utf-8")
    (enterprise / "Q003.yaml").write_text(Q003_ENTERPRISE, encoding="utf-8")
    return root


@pytest.fixture
def tiny_bank(tiny_bank_dir: Path) -> Bank:
    """The tiny bank, loaded."""
    return load_bank(tiny_bank_dir / "question_bank", tiny_bank_dir / "rubrics")


@pytest.fixture(scope="session")
def real_bank_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real bank taken once per session.

    Other people edit the content while tests run; tests that compare two reads of the bank
    (a subprocess and this process, or two runs) use this copy so both see the same files.
    Returns a root with ``question_bank/`` and ``rubrics/``.
    """
    root = tmp_path_factory.mktemp("real-bank")
    shutil.copytree(REAL_BANK, root / "question_bank")
    shutil.copytree(REAL_RUBRICS, root / "rubrics")
    return root


@pytest.fixture(scope="session")
def real_bank(real_bank_snapshot: Path) -> Bank:
    """The real bank (from the session snapshot), loaded; fails with every problem listed."""
    try:
        return load_bank(real_bank_snapshot / "question_bank", real_bank_snapshot / "rubrics")
    except BankError as exc:
        listing = "\n".join(str(problem) for problem in exc.problems)
        pytest.fail(f"the real bank does not load:\n{listing}")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path):
    """An empty, migrated store: a real SQLite file, then a real PostgreSQL database."""
    from assess.store.db import Store

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'assess.db'}"
    else:
        url = request.getfixturevalue("pg_fresh_url")
    opened = Store.open(url)
    yield opened
    opened.dispose()
