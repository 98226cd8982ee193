import django_tables2 as tables

from .models import MissionLocale


class MissionLocaleTable(tables.Table):
    name = tables.Column("Mission locale", linkify=True)
    departement = tables.Column("Département")
    seat_commune = tables.Column("Siège", accessor="seat_commune__name", order_by="seat_commune__name")
    site_count = tables.Column("Lieux d'accueil", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})

    class Meta:
        model = MissionLocale
        fields = ["name", "departement", "seat_commune", "site_count"]
        order_by = "name"
        attrs = {"class": "table table-hover align-middle"}
        template_name = "missions/includes/missionlocale_table.html"
        empty_text = "Aucune mission locale ne correspond à ces critères."
