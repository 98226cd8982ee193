import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from .actions import ActionSession


def session_when(session):
    """ "mar. 12/03/2011, 9 h 30 – 12 h" or, over several days, "du 12/03/2011 au 14/03/2011"."""
    starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    if starts.date() == ends.date():
        return f"{starts:%d/%m/%Y}, {starts:%H:%M} – {ends:%H:%M}"
    return f"du {starts:%d/%m/%Y %H:%M} au {ends:%d/%m/%Y %H:%M}"


class ActionSessionTable(tables.Table):
    """The sessions of the actions a staff member may see, with the places left (the list's order is the period's)."""

    starts_at = tables.Column("Date", orderable=False)
    action = tables.Column("Action", orderable=False)
    kind = tables.Column("Type", accessor="action__kind", orderable=False)
    place = tables.Column("Lieu", empty_values=(), orderable=False)
    organiser = tables.Column("Porteuse", accessor="action__mission_locale__name", orderable=False)
    places = tables.Column(
        "Places restantes",
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    waiting = tables.Column(
        "Liste d'attente",
        accessor="waiting_count",
        orderable=False,
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )
    own = tables.Column(
        "Vos jeunes",
        accessor="own_count",
        orderable=False,
        attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}},
    )

    class Meta:
        model = ActionSession
        fields = []
        sequence = ["starts_at", "action", "kind", "place", "organiser", "places", "waiting", "own"]
        attrs = {"class": "table table-hover align-middle mb-0"}
        template_name = "mobility/actions/includes/session_table.html"
        empty_text = "Aucune session ne correspond à ces critères."

    def render_starts_at(self, record):
        return session_when(record)

    def render_action(self, record):
        action = record.action
        return format_html('<a href="{}#session-{}">{}</a>', action.get_absolute_url(), record.pk, action.title)

    def render_kind(self, record):
        return record.action.get_kind_display()

    def render_place(self, record):
        return record.place

    def render_places(self, record):
        if record.places_left == 0:
            return format_html('<span class="badge text-bg-secondary">complet</span> sur {}', record.capacity)
        return f"{record.places_left} sur {record.capacity}"
