"""What every CSV or spreadsheet export shares: cells that a spreadsheet would run as a formula are neutralised.

A value such as `=HYPERLINK(...)` typed into a name or a label would otherwise become a live formula when a manager
opens the export in a spreadsheet (CSV injection). Every export passes each cell through `neutralise()`.
"""

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading apostrophe if it is a string a spreadsheet would read as a formula.

    Numbers, dates and other non-string values are returned unchanged: a negative number stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value
