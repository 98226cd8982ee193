from django.utils import timezone

from config.commands import BaseCommand
from youths.retention import INACTIVITY_DAYS, RETENTION_AGE, anonymize_expired, retention_summary


class Command(BaseCommand):
    help = (
        f"Anonymise les dossiers arrivés en fin de conservation : jeunes de {RETENTION_AGE} ans révolus sans "
        f"programme en cours, ou sans contact depuis {INACTIVITY_DAYS} jours. Sans option, n'écrit rien et liste ce "
        "qui changerait ; --apply anonymise."
    )

    def add_arguments(self, parser):
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument(
            "--dry-run",
            action="store_true",
            help="Liste ce qui serait anonymisé sans rien modifier (le comportement par défaut).",
        )
        mode.add_argument("--apply", action="store_true", help="Anonymise réellement les dossiers listés.")

    def handle(self, *args, apply=False, **options):
        today = timezone.localdate()
        summary = retention_summary(today)
        self.counts["expired"] = summary.files
        self.say(
            f"Dossiers à anonymiser au {today:%d/%m/%Y} : {summary.files} "
            f"({summary.past_age} de {RETENTION_AGE} ans révolus sans programme en cours, "
            f"{summary.inactive} sans contact depuis {INACTIVITY_DAYS} jours ; un dossier peut relever des deux)."
        )
        if not summary.files:
            self.say("Aucun dossier à anonymiser.", self.style.SUCCESS)
            return
        if not apply:
            self.say(
                f"Notes de contact à effacer : {summary.contacts} ; précisions de situation : {summary.situations} ; "
                f"motifs de transfert : {summary.transfers}."
            )
            self.say(f"Premiers dossiers concernés (identifiants publics, {len(summary.sample)} au plus) :")
            for public_id in summary.sample:
                self.say(f"  {public_id}")
            self.say("Simulation : rien n'a été modifié. Relancez avec --apply pour anonymiser.", self.style.WARNING)
            return
        totals = anonymize_expired(today, progress=self.progress)
        for key, value in totals.items():
            self.counts[key] += value
        self.say(
            f"Dossiers anonymisés : {totals.get('files', 0)} ; "
            f"notes de contact effacées : {totals.get('contacts', 0)} ; "
            f"précisions de situation effacées : {totals.get('situations', 0)} ; "
            f"motifs de transfert effacés : {totals.get('transfers', 0)}."
        )
        for key, value in totals.items():
            if key not in ("files", "contacts", "situations", "transfers"):
                self.say(f"  {key} : {value} ligne(s) anonymisée(s).")
        self.say("Anonymisation terminée.", self.style.SUCCESS)

    def progress(self, done, total):
        self.say(f"  … {done} / {total} dossiers")
