from django.apps import AppConfig
from django.db.models.signals import post_migrate


class MobilityConfig(AppConfig):
    name = "mobility"
    verbose_name = "Mobilité et aides"

    def ready(self):
        from missions.demo import register_step
        from missions.reference import register_loader
        from youths.retention import register_anonymizer
        from youths.sections import CaseFileSection, register_section
        from youths.subject_access import register_subject_access_section

        from . import action_sections, sections
        from .actions_demo import seed_actions
        from .demo import seed_mobility
        from .reference import load_aid_schemes
        from .roles import grant_role_permissions

        register_loader(load_aid_schemes)
        # After the youths step (youths is before mobility in INSTALLED_APPS): it needs the files to exist.
        register_step(seed_mobility)
        register_step(seed_actions)  # after the mobility step: workshops compare its assessments
        post_migrate.connect(grant_role_permissions, sender=self, dispatch_uid="mobility_role_permissions")
        register_section(
            CaseFileSection(
                key="mobility",
                title="Mobilité",
                template="mobility/sections/mobility.html",
                fetch=sections.fetch_mobility,
                order=40,
            )
        )
        register_section(
            CaseFileSection(
                key="possible_aids",
                title="Aides possibles",
                template="mobility/sections/possible_aids.html",
                fetch=sections.fetch_possible_aids,
                order=50,
            )
        )
        register_section(
            CaseFileSection(
                key="aid_passport",
                title="Passeport mobilité",
                template="mobility/sections/passport.html",
                fetch=sections.fetch_passport,
                order=60,
            )
        )
        register_subject_access_section(
            "mobility_assessments", "Bilans de mobilité", sections.subject_access_assessments, order=40
        )
        register_subject_access_section(
            "mobility_refusals", "Offres et formations refusées", sections.subject_access_refusals, order=41
        )
        register_subject_access_section("mobility_aids", "Demandes d'aide", sections.subject_access_aids, order=42)
        register_section(
            CaseFileSection(
                key="collective_actions",
                title="Actions collectives",
                template="mobility/sections/actions.html",
                fetch=action_sections.fetch_actions,
                order=70,
            )
        )
        register_subject_access_section(
            "collective_actions", "Actions collectives", action_sections.subject_access_actions, order=43
        )
        register_anonymizer(action_sections.anonymize_registrations)
