from django.contrib import admin

from .models import YearlyFigures


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(admin.ModelAdmin):
    list_display = ["mission_locale", "year", "sites", "youths_in_contact", "first_contacts", "imported_at"]
    list_filter = ["year", "mission_locale__departement"]
    list_select_related = ["mission_locale"]
    search_fields = ["mission_locale__name", "mission_locale__code"]
    autocomplete_fields = ["mission_locale"]
    readonly_fields = ["imported_at", "source_file"]
    fieldsets = [
        (None, {"fields": ["mission_locale", "year", "sites", "youths_in_contact", "first_contacts"]}),
        (
            "parmi les jeunes en contact",
            {
                "fields": [
                    "men",
                    "minors",
                    "no_diploma",
                    "zus",
                    "own_housing",
                    "driving_licence",
                    "own_vehicle",
                    "public_transport",
                    "no_means_of_transport",
                ]
            },
        ),
        ("import", {"fields": ["imported_at", "source_file"]}),
    ]
