import django_tables2 as tables
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html

from config.tables import FastBodyMixin, UuidUrl

from .enums import AidStatus
from .models import AidRequest

DATE_FORMAT = "d/m/Y"
STATUS_BADGES = {
    AidStatus.REQUESTED: "text-bg-primary",
    AidStatus.ADJOURNED: "text-bg-warning",
    AidStatus.GRANTED: "text-bg-success",
    AidStatus.REFUSED: "text-bg-danger",
    AidStatus.PAID: "text-bg-dark",
    AidStatus.CANCELLED: "text-bg-secondary",
}


def person(member):
    if member is None:
        return "—"
    return member.user.get_full_name() or member.user.get_username()


class AidRequestTable(FastBodyMixin, tables.Table):
    """The aid requests of a mission locale. No justification here: it may hold personal details."""

    requested_on = tables.DateColumn(format=DATE_FORMAT, verbose_name="Date", order_by=("requested_on", "id"))
    youth = tables.Column("Jeune", order_by=("youth__last_name", "youth__first_name"))
    scheme = tables.Column("Dispositif", accessor="scheme__name", order_by=("scheme__name", "requested_on"))
    amount = tables.Column("Demandé", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    amount_granted = tables.Column(
        "Accordé", default="—", attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}}
    )
    status = tables.Column("Statut")
    requested_by = tables.Column("Conseiller", orderable=False)
    site = tables.Column("Lieu de suivi", accessor="youth__site__name", orderable=False, default="—")
    link = tables.Column("Demande", accessor="public_id", orderable=False, exclude_from_export=True, empty_values=())

    class Meta:
        model = AidRequest
        fields = []
        sequence = [
            "requested_on",
            "youth",
            "scheme",
            "amount",
            "amount_granted",
            "status",
            "requested_by",
            "site",
            "link",
        ]
        attrs = {"class": "table table-hover align-middle mb-0"}
        template_name = "mobility/includes/aid_table.html"
        empty_text = "Aucune demande d'aide ne correspond à ces critères."

    def render_requested_on(self, value):
        """What DateColumn's template shows, without compiling that template again for every cell."""
        return date_format(value, DATE_FORMAT)

    def value_requested_on(self, value):
        return value.isoformat()  # DateColumn's export, which render_requested_on() would replace otherwise

    @cached_property
    def youth_url(self):
        """Youth.get_absolute_url() for each row, with a single reverse()."""
        return UuidUrl("youths:detail")

    @cached_property
    def aid_url(self):
        """AidRequest.get_absolute_url() for each row, with a single reverse()."""
        return UuidUrl("mobility:aid_detail")

    def render_youth(self, record):
        return format_html('<a href="{}">{}</a>', self.youth_url(record.youth.public_id), str(record.youth))

    def value_youth(self, record):
        return str(record.youth)

    def render_amount(self, record):
        return record.amount_display

    def value_amount(self, record):
        return record.amount_display

    def render_amount_granted(self, record):
        return record.amount_granted_display

    def value_amount_granted(self, record):
        return record.amount_granted_display if record.amount_granted is not None else ""

    def render_status(self, record):
        return format_html(
            '<span class="badge {}">{}</span>', STATUS_BADGES[record.status], record.get_status_display()
        )

    def value_status(self, record):
        return record.get_status_display()

    def render_requested_by(self, record):
        return person(record.requested_by)

    def value_requested_by(self, record):
        return person(record.requested_by)

    def render_link(self, record):
        label = "Décider" if record.is_pending and self.is_manager else "Voir"
        return format_html(
            '<a class="btn btn-sm btn-outline-primary" href="{}">{}'
            '<span class="visually-hidden"> la demande de {} du {}</span></a>',
            self.aid_url(record.public_id),
            label,
            str(record.youth),
            record.requested_on.strftime("%d/%m/%Y"),
        )

    def __init__(self, *args, is_manager=False, **kwargs):
        self.is_manager = is_manager
        super().__init__(*args, **kwargs)
