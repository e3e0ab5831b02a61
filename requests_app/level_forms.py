"""The questions that depend on the child's area: which area, the indicators of
need in its framework, and the level the referrer thinks applies."""

from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from hub.models import Area
from thresholds.models import FrameworkVersion
from thresholds.rules import FACTS, RuleError, facts_clean

from .forms import SectionForm


class AreaForm(SectionForm):
    area = forms.ModelChoiceField(
        queryset=Area.objects.filter(framework__isnull=False).order_by("name"),
        to_field_name="slug",
        widget=forms.RadioSelect,
        label="Which area does the child live in?",
        help_text="Each area has its own levels of need and consent rules.",
        empty_label=None,
        error_messages={
            "required": "Select the area the child lives in",
            "invalid_choice": "Select the area the child lives in",
        },
    )

    def layout_fields(self) -> list:
        return [Field.radios("area", legend_size=Size.LARGE, legend_tag="h1")]


class IndicatorsForm(SectionForm):
    """The indicators a referrer ticks, and the countable facts they know."""

    def __init__(self, *args, version: FrameworkVersion, **kwargs) -> None:
        self.version = version
        self.groups = []  # (level, [(domain name, [indicator, ...]), ...]) for the template
        choices = []
        for level in version.levels.order_by("number").prefetch_related("indicators__domain"):
            by_domain: dict[str, list] = {}
            for indicator in level.indicators.all():
                by_domain.setdefault(indicator.domain.name, []).append(indicator)
                choices.append((str(indicator.pk), indicator.text))
            self.groups.append((level, list(by_domain.items())))
        super().__init__(*args, **kwargs)
        self.fields["indicators"] = forms.MultipleChoiceField(
            choices=choices, required=False, widget=forms.CheckboxSelectMultiple, label="Indicators that apply"
        )
        for fact in FACTS.values():
            if fact.kind in ("int", "number"):
                field = forms.CharField(label=fact.label, required=False, max_length=6)
            elif fact.kind == "bool":
                field = forms.ChoiceField(
                    label=fact.label,
                    required=False,
                    widget=forms.RadioSelect,
                    choices=[("true", "Yes"), ("false", "No")],
                )
            else:
                field = forms.ChoiceField(
                    label=fact.label,
                    required=False,
                    widget=forms.Select(attrs={"class": "govuk-select"}),
                    choices=[("", "Not known or not assessed"), *[(c, c.capitalize()) for c in fact.choices]],
                )
            self.fields[f"fact_{fact.name}"] = field

    def clean(self) -> dict:
        data = super().clean()
        raw = {name[5:]: value for name, value in data.items() if name.startswith("fact_")}
        try:
            data["facts"] = facts_clean(raw)
        except RuleError as error:
            name = str(error).split(":")[0]
            field = next((f"fact_{f.name}" for f in FACTS.values() if f.label == name), None)
            self.add_error(field, f"{name}: enter a whole number, like 3" if field else str(error))
        return data


class LevelForm(SectionForm):
    def __init__(self, *args, version: FrameworkVersion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        levels = version.levels.order_by("number")
        self.fields["level"] = forms.ChoiceField(
            choices=[(str(level.number), f"Level {level.number}: {level.display_name}") for level in levels],
            widget=forms.RadioSelect,
            label="Which level of need do you think applies?",
            help_text="You decide. The hub will screen your request against the same levels.",
            error_messages={
                "required": "Select the level of need you think applies",
                "invalid_choice": "Select the level of need you think applies",
            },
        )
        self.helper.layout = Layout(
            Field.radios("level", legend_size=Size.LARGE, legend_tag="h1"), Button("continue", "Continue")
        )
