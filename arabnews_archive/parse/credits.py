# TEMPORARY STUB (not committed): the helper's parse/credits.py replaces it.
def is_credit_line(p): return False
def strip_credit(p): return p
def canonical_agency(n): return {"رويترز":"رويترز","reuters":"رويترز","afp":"فرانس برس","أ ف ب":"فرانس برس"}.get(n.lower())
def agency_names(): return ("رويترز","فرانس برس")
