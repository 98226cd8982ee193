from django.core.management.base import CommandError

from config.commands import BaseCommand
from missions.reference import ReferenceError, load_all


class Command(BaseCommand):
    help = "Charge les communes du Nord et du Pas-de-Calais, les 27 missions locales, leurs lieux et les dispositifs."

    def handle(self, *args, **options):
        try:
            results = load_all()
        except ReferenceError as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError("Données de référence invalides : rien n'a été écrit.") from error
        for result in results:
            self.counts[f"{result.label.replace(' ', '_')}_created"] += result.created
            self.counts[f"{result.label.replace(' ', '_')}_updated"] += result.updated
            self.say(
                f"{result.label} : {result.total} dans les fichiers, {result.created} créé(s), "
                f"{result.updated} modifié(s), {result.unchanged} inchangé(s)."
            )
            for change in result.changes:
                self.say(f"  modifié — {change}")
        if not any(result.created or result.updated for result in results):
            self.say("Les données de référence étaient déjà à jour : rien n'a changé.", self.style.SUCCESS)
        else:
            self.say("Données de référence chargées.", self.style.SUCCESS)
