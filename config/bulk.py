"""Loading many rows fast, for commands that build a region's worth of data (seed_demo).

On PostgreSQL rows go through `COPY … FROM STDIN` (psycopg 3's `cursor.copy()`), an order of magnitude faster than
INSERT; elsewhere (SQLite) through one `executemany()` of a plain INSERT, far cheaper than `bulk_create` there.
Rows are tuples of the values a model instance would hold, in the order of the attribute names given (a
ChoiceListField as its stored string); columns left out take their field's default, or now for `auto_now` fields.

No model `save()`, no signal, no validation: only for data a command builds itself, consistent by construction,
while it is the only writer (seed_demo runs in one transaction).
"""

from django.db import connection
from django.db.models import NOT_PROVIDED, DateTimeField, Max
from django.utils import timezone


def is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def reserve_ids(model, count: int) -> list[int]:
    """`count` primary keys for new rows, so that rows referring to them can be built before they are inserted.

    On PostgreSQL they come from the table's sequence; elsewhere they follow the largest key in the table.
    """
    if count <= 0:
        return []
    if is_postgresql():
        table, column = model._meta.db_table, model._meta.pk.column
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, count]
            )
            return [row[0] for row in cursor.fetchall()]
    start = (model._default_manager.aggregate(last=Max("pk"))["last"] or 0) + 1
    return list(range(start, start + count))


def insert_rows(model, attnames: list[str], rows: list[tuple]) -> int:
    """Insert `rows` (tuples of the values of `attnames`) and return how many there were.

    Give the primary key among `attnames` (from `reserve_ids`) when other rows need it. Columns left out are
    computed once for all the rows: give every unique or per-row value.
    """
    if not rows:
        return 0
    fields = [model._meta.get_field(name) for name in attnames]
    others = _defaults(model, attnames)
    columns = [field.column for field in fields] + list(others)
    tail = tuple(others.values())
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        if is_postgresql():
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row + tail)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({placeholders})",
                [
                    tuple(field.get_db_prep_save(value, connection) for field, value in zip(fields, row, strict=True))
                    + tail
                    for row in rows
                ],
            )
    return len(rows)


def _defaults(model, attnames) -> dict:
    now = timezone.now()
    values = {}
    for field in model._meta.concrete_fields:
        if field.attname in attnames or field.primary_key or field.db_default is not NOT_PROVIDED:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = now if isinstance(field, DateTimeField) else timezone.localdate(now)
        else:
            value = field.get_default()
        values[field.column] = field.get_db_prep_save(value, connection)
    return values
