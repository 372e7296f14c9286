"""Reports: a candidate report and a panel debrief (HTML and PDF) and CSV exports.

``candidate`` and ``panel`` build frozen report models (what is shown) from store records and
analytics; ``html`` and ``pdf`` render them; ``exports`` writes neutralised CSV
(``assess.store.csv_safe``). Every report carries a ``footer.Footer``: when it was generated,
the models, rubric versions and calibrations seen in its scores, and "decision support, not a
decision".
"""
