"""A list of choices stored as one delimited string, queryable on SQLite and PostgreSQL alike.

`["work", "mobility"]` is stored as ",work,mobility,"; `filter(themes__contains=",mobility,")` finds it, and a
trigram index on PostgreSQL keeps that fast. See `ChoiceListField.lookup_value()`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class ChoiceListField(models.CharField):
    def __init__(self, *args, choices_enum=None, **kwargs):
        self.choices_enum = choices_enum
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("default", list)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choices_enum"] = self.choices_enum
        if kwargs.get("default") is list:
            del kwargs["default"]
        if kwargs.get("max_length") == 255:
            del kwargs["max_length"]
        if kwargs.get("blank") is True:
            del kwargs["blank"]
        return name, path, args, kwargs

    @staticmethod
    def lookup_value(value):
        """The string to pass to `__contains` to find rows holding `value`."""
        return f",{value},"

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return list(value)
        return [item for item in value.split(",") if item]

    def get_prep_value(self, value):
        if isinstance(value, str):
            return value
        items = self.to_python(value)
        return f",{','.join(items)}," if items else ""

    def validate(self, value, model_instance):
        if not self.editable:
            return
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")
        if self.choices_enum is not None:
            unknown = [item for item in value if item not in self.choices_enum.values]
            if unknown:
                raise ValidationError(f"Valeur inconnue : {', '.join(unknown)}.", code="invalid_choice")

    def value_to_string(self, obj):
        return ",".join(self.value_from_object(obj))

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.choices_enum.choices if self.choices_enum else [],
            "required": not self.blank,
            "widget": forms.CheckboxSelectMultiple,
            "label": self.verbose_name.capitalize(),
            "help_text": self.help_text,
        }
        defaults.update(kwargs)
        return forms.TypedMultipleChoiceField(**{k: v for k, v in defaults.items() if k != "form_class"})

    def display(self, value):
        labels = dict(self.choices_enum.choices) if self.choices_enum else {}
        return ", ".join(str(labels.get(item, item)) for item in value)
