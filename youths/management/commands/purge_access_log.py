import datetime

from axes.models import AccessFailureLog, AccessLog
from django.utils import timezone

from config.commands import BaseCommand
from youths.models import CaseFileAccess

RETENTION_DAYS = 365
BATCH_SIZE = 10_000


def purge(queryset, batch_size=BATCH_SIZE) -> int:
    """Delete the rows in batches of primary keys, each its own short statement; returns how many went."""
    deleted = 0
    while True:
        ids = list(queryset.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        deleted += queryset.model.objects.filter(pk__in=ids).delete()[0]


class Command(BaseCommand):
    help = (
        f"Supprime le journal des consultations de dossiers et le journal des connexions de plus de {RETENTION_DAYS} "
        "jours. --dry-run compte sans rien supprimer."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compte les lignes à supprimer sans rien supprimer."
        )

    def handle(self, *args, dry_run=False, **options):
        limit = timezone.now() - datetime.timedelta(days=RETENTION_DAYS)
        logs = [
            ("consultations de dossiers", CaseFileAccess.objects.filter(accessed_at__lt=limit)),
            ("connexions", AccessLog.objects.filter(attempt_time__lt=limit)),
            ("échecs de connexion", AccessFailureLog.objects.filter(attempt_time__lt=limit)),
        ]
        self.say(f"Journaux antérieurs au {timezone.localtime(limit):%d/%m/%Y %H:%M} :")
        for label, queryset in logs:
            if dry_run:
                count = queryset.count()
                self.say(f"  {label} : {count} ligne(s) à supprimer.")
            else:
                count = purge(queryset)
                self.say(f"  {label} : {count} ligne(s) supprimée(s).")
            self.counts[queryset.model._meta.model_name] += count
        if dry_run:
            self.say("Simulation : rien n'a été supprimé.", self.style.WARNING)
        else:
            self.say("Journaux purgés.", self.style.SUCCESS)
