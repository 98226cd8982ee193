from pathlib import Path

from django.core.management.base import CommandError
from django.db import IntegrityError

from config.commands import BaseCommand
from reporting.figures import format_number
from reporting.imports import YearlyFiguresFileError
from reporting.services import yearly_figures_import


class Command(BaseCommand):
    help = (
        "Importe le fichier des chiffres annuels des missions locales (CSV « ; » ou « , », UTF-8 ou Windows-1252, "
        "ou classeur .xlsx) : tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier .csv ou .xlsx, une ligne par mission locale et par année")
        parser.add_argument(
            "--dry-run", action="store_true", help="vérifie le fichier et dit ce qui changerait, sans rien écrire"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            result = yearly_figures_import(path=path, dry_run=options["dry_run"])
        except YearlyFiguresFileError as error:
            for line in error.errors:
                self.stderr.write(line)
            self.counts["errors"] = len(error.errors)
            raise CommandError(f"{len(error.errors)} erreur(s) : rien n'a été importé.") from error
        except IntegrityError as error:
            raise CommandError(
                "Un autre import a écrit les mêmes chiffres au même moment : rien n'a été importé, "
                "relancez la commande."
            ) from error
        self.counts.update(created=result.created, replaced=result.replaced, unchanged=result.unchanged)
        total = result.created + result.replaced + result.unchanged
        if result.dry_run:
            self.say("Simulation (--dry-run) : voici ce que l'import ferait.", self.style.WARNING)
        self.say(f"{path.name} : {total} ligne(s) de chiffres, toutes valides.")
        self.say(f"{result.created} créée(s), {result.replaced} remplacée(s), {result.unchanged} inchangée(s).")
        for line in result.replaced_lines:
            self.say(f"  remplacée — {line}")
        self.say("Totaux par année :")
        for year, totals in result.years.items():
            self.say(
                f"  {year} : {totals.missions_locales} mission(s) locale(s), "
                f"{format_number(totals.youths_in_contact)} jeunes en contact, "
                f"{format_number(totals.first_contacts)} premiers accueils"
            )
        if result.dry_run:
            self.say("Simulation (--dry-run) : rien n'a été écrit.", self.style.WARNING)
        elif not (result.created or result.replaced):
            self.say("Les chiffres étaient déjà à jour : rien n'a changé.", self.style.SUCCESS)
        else:
            self.say("Chiffres annuels importés.", self.style.SUCCESS)
