from django.apps import AppConfig


class YouthsConfig(AppConfig):
    name = "youths"
    verbose_name = "Jeunes et suivi"
