import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test import RequestFactory

from config.renderers import FormRenderer
from tests.missions.factories import SiteFactory, StaffMemberFactory
from youths.filters import CaseloadFilterSet


def normalise(html):
    """What the two template languages write differently, with the same meaning in HTML: line breaks and blank lines
    (Jinja2 drops a template's last newline), the entities of quotes."""
    html = str(html).replace("&#39;", "&#x27;").replace("&#34;", "&quot;")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html)).strip()


class SampleForm(forms.Form):
    name = forms.CharField(label="Nom", max_length=10, widget=forms.TextInput(attrs={"class": "form-control"}))
    count = forms.IntegerField(min_value=0, max_value=3650, widget=forms.NumberInput(attrs={"step": 0.5}))
    place = forms.ChoiceField(
        choices=[("", "Tous"), ("Lieux", [("1", "L'antenne <Lens>"), ("2", 'Le "siège"')]), ("3", "Arras")]
    )
    days = forms.MultipleChoiceField(choices=[("lu", "lundi"), ("ma", "mardi")], widget=forms.CheckboxSelectMultiple)
    sex = forms.ChoiceField(choices=[("f", "femme"), ("h", "homme")], widget=forms.RadioSelect)
    note = forms.CharField(widget=forms.Textarea, required=False, help_text="Pas d'<b>information</b> sensible.")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    agreed = forms.BooleanField()
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Le formulaire est refusé : « l'un ou l'autre ».")


def both_renderers(render):
    return normalise(render(DjangoTemplates())), normalise(render(FormRenderer()))


class TestFormRenderer:
    def test_is_the_sites_renderer(self):
        assert isinstance(get_default_renderer(), FormRenderer)

    def test_jinja2_for_django_widgets_django_templates_for_the_others(self):
        renderer = FormRenderer()
        assert isinstance(renderer.get_template("django/forms/widgets/select.html"), Jinja2Template)
        assert isinstance(renderer.get_template("admin/widgets/related_widget_wrapper.html"), DjangoTemplate)
        assert isinstance(renderer.get_template("django_filters/widgets/multiwidget.html"), DjangoTemplate)

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"name": "beaucoup trop long", "count": "-1", "place": "2", "days": ["ma"], "sex": "h", "agreed": "on"},
            {"name": "L'un <b>", "count": "12", "place": "1", "day": "2024-03-05", "note": "a\nb", "secret": 'x"y'},
        ],
    )
    def test_same_html_as_django_templates(self, data):
        def render(renderer):
            form = SampleForm(data or None, renderer=renderer, auto_id="id_%s")
            form.is_valid()
            parts = [form.as_div(), str(form.errors), str(form.non_field_errors())]
            parts += [field.as_widget(attrs={"aria-describedby": "aide"}) for field in form]
            parts += [str(form["name"].errors), form["place"].label_tag(), form["days"].legend_tag()]
            return "".join(parts)

        django_html, jinja2_html = both_renderers(render)
        assert "<select" in django_html and "<optgroup" in django_html
        assert jinja2_html == django_html

    @pytest.mark.django_db
    def test_caseload_filters_unchanged(self):
        staff = StaffMemberFactory(user__first_name="Zoé", user__last_name="D'Arras")
        StaffMemberFactory(mission_locale=staff.mission_locale, user__last_name="O'Brien")
        SiteFactory(mission_locale=staff.mission_locale, name="Antenne d'Hénin <Beaumont>")
        request = RequestFactory().get("/jeunes/", {"site": "0", "no_contact_days": "x"})

        def render(renderer):
            form = CaseloadFilterSet(request.GET, staff=staff, request=request).form
            form.renderer = renderer
            form.is_valid()
            return "".join(str(field) + str(field.errors) for field in form)

        django_html, jinja2_html = both_renderers(render)
        assert "O&#x27;Brien" in django_html and "&lt;Beaumont&gt;" in django_html and "errorlist" in django_html
        assert jinja2_html == django_html
