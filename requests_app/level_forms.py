"""The questions that depend on the child's area: which area, the indicators of
need in its framework, and the level the referrer thinks applies."""

from crispy_forms_gds.layout import Field, Size
from django import forms

from hub.models import Area
from lib.form_copies import instance_fields
from thresholds.models import FrameworkVersion
from thresholds.rules import FACTS, RuleError, facts_clean
from thresholds.shapes import version_shape

from .forms import SectionForm


class AreaChoiceField(forms.ModelChoiceField):
    """The area radios. The area already read for the other sections is taken as it is,
    so checking the answer is not a second read of the same row."""

    known: Area | None = None

    def to_python(self, value):
        if self.known is not None and value == self.known.slug:
            return self.known
        return super().to_python(value)


class AreaForm(SectionForm):
    area = AreaChoiceField(
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

    def __init__(self, *args, known: Area | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.own_field("area").known = known

    def layout_fields(self) -> list:
        return [Field.radios("area", legend_size=Size.LARGE, legend_tag="h1")]


def _fact_field(fact) -> forms.Field:
    if fact.kind in ("int", "number"):
        return forms.CharField(label=fact.label, required=False, max_length=6)
    if fact.kind == "bool":
        return forms.ChoiceField(
            label=fact.label,
            required=False,
            widget=forms.RadioSelect(attrs={"class": "govuk-radios__input"}),
            choices=[("true", "Yes"), ("false", "No")],
        )
    return forms.ChoiceField(
        label=fact.label,
        required=False,
        widget=forms.Select(attrs={"class": "govuk-select"}),
        choices=[("", "Not known or not assessed"), *[(c, c.capitalize()) for c in fact.choices]],
    )


# The countable facts a referrer may give, the same in every framework: built once, and held by each
# form as its class's declared fields are (lib/form_copies.py). A fact known from another answer
# (the youngest child's age) is never asked.
FACT_FIELDS = {f"fact_{fact.name}": _fact_field(fact) for fact in FACTS.values() if not fact.derived}


class IndicatorsForm(SectionForm):
    """The indicators a referrer ticks, and the countable facts they know."""

    def __init__(self, *args, version: FrameworkVersion, child_ages=(), **kwargs) -> None:
        self.version = version
        known_ages = [age for age in child_ages if age is not None]
        # The youngest child's age: the rules that read it protect younger children.
        self.derived = {"age_years": str(min(known_ages))} if known_ages else {}
        shape = version_shape(version)
        self.groups = shape.groups  # (level, [(domain name, [indicator, ...]), ...]) for the template
        super().__init__(*args, **kwargs)
        self.fields["indicators"] = forms.MultipleChoiceField(
            choices=shape.indicator_choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            label="Indicators that apply",
        )
        self.fields.update(instance_fields(FACT_FIELDS))

    def clean(self) -> dict:
        data = super().clean()
        raw = {name[5:]: value for name, value in data.items() if name.startswith("fact_")} | self.derived
        try:
            data["facts"] = facts_clean(raw)
        except RuleError as error:
            name = str(error).split(":")[0]
            field = next((f"fact_{f.name}" for f in FACTS.values() if f.label == name), None)
            self.add_error(field, f"{name}: enter a whole number, like 3" if field else str(error))
        return data

    def relevant_fields(self) -> set[str]:
        """The ticked indicators and the facts the referrer gave; an empty fact was never asked for."""
        return {"indicators"} | {name for name in self.fields if name.startswith("fact_") and self.data.get(name)}

    def levels_with_counts(self) -> list[tuple]:
        """(level, domains, how many ticked) for each level's collapsible section."""
        ticked = set(self.data.getlist("indicators")) if self.is_bound else set()
        return [
            (level, domains, sum(str(i.pk) in ticked for _, indicators in domains for i in indicators))
            for level, domains in self.groups
        ]

    def ticked_by_level(self) -> list[tuple]:
        """(level, [indicator, ...]) for each level with something ticked, for the page's summary."""
        ticked = set(self.data.getlist("indicators")) if self.is_bound else set()
        return [
            (level, [i for _, indicators in domains for i in indicators if str(i.pk) in ticked])
            for level, domains in self.groups
            if any(str(i.pk) in ticked for _, indicators in domains for i in indicators)
        ]


class LevelForm(SectionForm):
    def __init__(self, *args, version: FrameworkVersion, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        levels = version_shape(version).levels
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

    def layout_fields(self) -> list:
        return [Field.radios("level", legend_size=Size.LARGE, legend_tag="h1")]
