"""A faster body for the django-tables2 tables of pages opened all day (the caseload, the aid requests).

django-tables2 renders every cell through its template and `BoundRow`: for each cell it resolves the accessor
twice (once for `get_FOO_display()`), looks the model field up again, inspects the signature of the column's render
method and computes the column's <td> attributes, so that a 25-row table costs more than the rest of its page.
`FastBodyMixin.body_html()` renders the same rows in Python: the same values, `get_FOO_display()`, defaults and
`render_FOO()` methods, localized and escaped as `{{ cell }}` would, the same row and cell attributes, with what does
not change from one row to the next (signatures, model fields, static attributes) worked out once per column.

A table's template uses it in place of django-tables2's rows:

    {% block table.tbody %}<tbody {{ table.attrs.tbody.as_html }}>{{ table.body_html }}</tbody>{% endblock %}

Rows and columns it has no shortcut for (pinned rows, records that are not model instances, many-to-many and link
columns) go through django-tables2's own `BoundRow.get_cell()`.
"""

import uuid

from django.db import models
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django_tables2.columns.linkcolumn import BaseLinkColumn
from django_tables2.columns.manytomanycolumn import ManyToManyColumn
from django_tables2.rows import BoundRow
from django_tables2.utils import AttributeDict, signature

_UNSET = object()


class UuidUrl:
    """`reverse(viewname, kwargs={kwarg: a_uuid})` for every row of a table at the cost of one reverse(): the URL of a
    placeholder UUID, cut around it. A <uuid:…> converter writes str(uuid), hexadecimal digits and dashes that
    reverse() leaves as they are, so another UUID put in the placeholder's place gives what reverse() would give.
    Built while rendering, it keeps the request's script prefix."""

    PLACEHOLDER = uuid.UUID(int=0)

    def __init__(self, viewname, kwarg="public_id"):
        self.viewname, self.kwarg = viewname, kwarg
        url = reverse(viewname, kwargs={kwarg: self.PLACEHOLDER})
        self.prefix, _, self.suffix = url.partition(str(self.PLACEHOLDER))

    def __call__(self, value):
        if not isinstance(value, uuid.UUID):  # what the converter would refuse or write otherwise: reverse() says
            return reverse(self.viewname, kwargs={self.kwarg: value})
        return f"{self.prefix}{value}{self.suffix}"


class FastBodyMixin:
    def body_html(self):
        columns = [_CellRenderer(self, column) for column in self.columns]
        row_attrs = _static_row_attrs(self.row_attrs)
        rows = []
        for row in self.paginated_rows:
            cells = "".join([column.td(row) for column in columns])
            if row_attrs is None or type(row) is not BoundRow:
                attrs = row.attrs.as_html()
            else:
                attrs = row_attrs[row.row_counter % 2]
            rows.append(f"<tr {attrs}>{cells}</tr>")
        if not rows and self.empty_text:
            rows.append(format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text))
        return mark_safe("".join(rows))


def _static_row_attrs(row_attrs):
    """The rendered attributes of even and odd rows when they depend on no record (as `BoundRow.attrs`), or None."""
    if any(callable(value) or isinstance(value, dict) for value in row_attrs.values()):
        return None
    rendered = []
    for parity in ("even", "odd"):
        attrs = dict(row_attrs)
        attrs["class"] = f"{attrs['class']} {parity}" if attrs.get("class") else parity
        rendered.append(AttributeDict(attrs).as_html())
    return rendered


class _CellRenderer:
    """One column of the table, ready to render its cell in any row."""

    def __init__(self, table, bound_column):
        self.table = table
        self.column = bound_column
        self.name = bound_column.name
        self.render = bound_column.render
        self.arguments, self.catch_all = signature(self.render)
        self.link = bound_column.link
        self.default = bound_column.default
        self.empty_values = bound_column.column.empty_values
        self.localize = bound_column.localize
        accessor = bound_column.accessor
        self.path, _, self.remainder = accessor.rpartition(accessor.SEPARATOR)
        self.path_bits = tuple(self.path.split(accessor.SEPARATOR)) if self.path else ()
        self.accessor = accessor
        # django-tables2 resolves these through the accessor's slow path (link texts, related managers).
        self.generic = isinstance(bound_column.column, ManyToManyColumn | BaseLinkColumn) or bool(
            accessor.callable_args or accessor.callable_kwargs
        )
        self.choice_fields = {}  # record's class -> does the accessor end on a field with choices
        attrs = {**dict(table.attrs), **dict(bound_column.column.attrs)}
        raw = attrs.get("td", attrs.get("cell", {}))
        # Attributes computed from the record or the value are worked out for each cell, as django-tables2 does.
        dynamic = any(callable(value) or isinstance(value, dict) for value in raw.values())
        self.static_attrs = None if dynamic else bound_column.attrs["td"].as_html()

    def td(self, row):
        if self.generic or type(row) is not BoundRow:
            value = row.get_cell(self.name)
        else:
            value = self.cell(row)
        if self.static_attrs is None:
            self.column.current_value, self.column.current_record = value, row.record
            attrs = self.column.attrs["td"].as_html()
        else:
            attrs = self.static_attrs
        if type(value) is SafeString:  # a render_FOO() built with format_html(): nothing to localize or escape
            return f"<td {attrs}>{value}</td>"
        shown = localize(template_localtime(value), use_l10n=self.localize)
        return f"<td {attrs}>{conditional_escape(shown)}</td>"

    def cell(self, row):
        """What `BoundRow.get_cell()` returns, without its per-cell look-ups."""
        record = row.record
        if not isinstance(record, models.Model):
            return row.get_cell(self.name)
        value = _UNSET
        penultimate = _resolve(record, self.path_bits)
        if isinstance(penultimate, models.Model) and self.has_choices(record):
            display = getattr(penultimate, f"get_{self.remainder}_display", None)
            if display:
                value = display()
        if value is _UNSET:
            value = None
            if self.remainder and penultimate is not None:
                # django-tables2 shows the default for an accessor it cannot resolve (issue #257).
                value = _resolve(penultimate, (self.remainder,))
        if value in self.empty_values:
            return self.default
        return self.call(row, value)

    def has_choices(self, record):
        model = type(record)
        choices = self.choice_fields.get(model, _UNSET)
        if choices is _UNSET:
            field = self.accessor.get_field(record)
            choices = self.choice_fields[model] = bool(getattr(field, "choices", ()))
        return choices

    def call(self, row, value):
        available = {
            "value": value,
            "record": row.record,
            "column": self.column.column,
            "bound_column": self.column,
            "bound_row": row,
            "table": self.table,
        }
        if self.catch_all:
            kwargs = available
        else:
            kwargs = {name: available[name] for name in self.arguments if name in available}
            if len(kwargs) < len(self.arguments):
                return None
        content = self.render(**kwargs)
        return self.link(content, **available) if self.link else content


def _resolve(current, bits):
    """`Accessor.resolve(quiet=True)` along the given bits: item, attribute then index look-up, callables called
    (unless they alter data), None stops, None for a failed look-up. A model instance goes straight to getattr(), as
    its item look-up can only fail."""
    try:
        for bit in bits:
            if isinstance(current, models.Model) and not hasattr(current, "__getitem__"):
                current = getattr(current, bit)
            else:
                try:
                    current = current[bit]
                except (TypeError, AttributeError, KeyError):
                    try:
                        current = getattr(current, bit)
                    except (TypeError, AttributeError):
                        current = current[int(bit)]
            if callable(current):
                if getattr(current, "alters_data", False):
                    return None
                if not getattr(current, "do_not_call_in_templates", False):
                    current = current()
            if current is None:
                break
    except Exception:
        return None
    return current
