import random

from django.core.management.base import CommandError
from django.db import transaction

from config.commands import BaseCommand
from missions.demo import DEMO_LOGINS, DEMO_PASSWORD, seed


class Command(BaseCommand):
    help = "Crée les comptes et les données de démonstration (déterministes pour une graine donnée)."

    def add_arguments(self, parser):
        parser.add_argument("--youths", type=int, default=1000, help="nombre de jeunes à créer (1000 par défaut)")
        parser.add_argument("--seed", type=int, default=2011, help="graine du générateur (2011 par défaut)")

    def handle(self, *args, **options):
        if options["youths"] < 0:
            raise CommandError("--youths doit être positif ou nul.")
        rng = random.Random(options["seed"])
        try:
            with transaction.atomic():
                seed(rng, options, self.say)
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.say("")
        self.say(f"Comptes de démonstration (mot de passe commun : « {DEMO_PASSWORD} ») :", self.style.SUCCESS)
        for login in DEMO_LOGINS:
            self.say(f"  {login.username:<24} {login.description}")
