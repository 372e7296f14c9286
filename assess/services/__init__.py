"""Use cases: one function per thing a user does, shared by the pages and the command line.

A page reads its widgets, calls one function here and renders what it returns; the CLI calls
the same functions. Services open the store's transactions, apply the rules (who may see
which candidates, the panel's blind rating, the adopted calibration, export with its audit
entry, the console's view/save/score steps) and hand back plain frozen data, never ORM rows.
Nothing here imports streamlit.
"""
