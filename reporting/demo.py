"""Demo data of the reporting app: the synthetic 2011 yearly figures shipped in reporting/data/."""

from pathlib import Path

from .imports import YearlyFiguresFileError
from .models import YearlyFigures
from .services import yearly_figures_import

SAMPLE_FILE = Path(__file__).resolve().parent / "data" / "chiffres_annuels_2011_exemple.csv"


def import_sample_figures(rng, options, say):
    """Import the 2011 sample once; figures already there (imported or typed) are left alone."""
    if YearlyFigures.objects.exists():
        say("Chiffres annuels : déjà présents, l'exemple 2011 n'est pas réimporté.")
        return
    try:
        result = yearly_figures_import(path=SAMPLE_FILE)
    except YearlyFiguresFileError as error:
        # The sample names the 27 missions locales of the reference data: one missing means it was not loaded.
        raise LookupError(
            f"Chiffres annuels d'exemple impossibles à importer ({error.errors[0]}). Lancez d'abord load_reference."
        ) from error
    say(f"Chiffres annuels 2011 (exemple synthétique) : {result.created} mission(s) locale(s) importée(s).")
