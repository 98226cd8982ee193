import json

from django.core.management.base import CommandError

from config.commands import BaseCommand
from reporting.enums import ReportSource
from reporting.figures import FIGURES, report_csv, report_text

NO_DATA = {
    ReportSource.IMPORTED: "Aucun chiffre annuel importé pour {year} : importez d'abord le fichier de l'année avec "
    "import_yearly_figures.",
    ReportSource.LIVE: "Aucun contact enregistré en {year} dans les dossiers : pas de chiffres à calculer pour "
    "cette année.",
}


class Command(BaseCommand):
    help = "Les chiffres régionaux d'une année (DESIGN.md §1), pour la région puis par département."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="année des chiffres, par exemple 2011")
        parser.add_argument(
            "--source",
            choices=ReportSource.values,
            default=ReportSource.IMPORTED.value,
            help="origine des chiffres : imported, les chiffres annuels importés (par défaut) ; live, calculés à "
            "partir des dossiers des jeunes",
        )
        parser.add_argument(
            "--format", choices=["text", "json", "csv"], default="text", help="text (par défaut), json ou csv"
        )

    def handle(self, *args, **options):
        year, source = options["year"], ReportSource(options["source"])
        report = FIGURES[source](year)
        if report is None:
            raise CommandError(NO_DATA[source].format(year=year))
        self.counts["missions_locales"] = report["missions_locales"]
        self.counts["youths_in_contact"] = report["youths_in_contact"]
        if options["format"] == "json":
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        elif options["format"] == "csv":
            self.stdout.write(report_csv(report), ending="")
        else:
            self.stdout.write(report_text(report), ending="")
