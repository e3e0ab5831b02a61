"""Fields that let siblings go different ways on one form: a level or an outcome for any
child who differs from the rest, and the team that takes a child on."""

from django import forms

from hub.models import Team, User
from workflow.states import HANDOVER_OUTCOMES

SIBLING_PREFIX = "outcome_for_"
LEVEL_PREFIX = "level_for_"


class SiblingsMixin:
    """One outcome for the children together, another for any child who goes a different way."""

    def add_sibling_fields(self, children, outcomes, area) -> None:
        self.sibling_names = {}
        if len(children) > 1:
            for child in children:
                name = f"{SIBLING_PREFIX}{child.pk}"
                self.sibling_names[name] = child.pk
                self.fields[name] = forms.ChoiceField(
                    choices=[("", "The same as above"), *[(o.value, o.label) for o in outcomes]],
                    required=False,
                    label=f"Outcome for {child.first_name}, if different",
                    widget=forms.Select(attrs={"class": "govuk-select"}),
                )
        self.fields["handover_team"] = forms.ModelChoiceField(
            queryset=Team.objects.filter(area=area).order_by("name") if area else Team.objects.none(),
            required=False,
            label="Team that takes the child on, for a plan or family help",
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        self.fields["handover_worker"] = forms.ModelChoiceField(
            queryset=User.objects.filter(area=area, is_active=True).order_by("first_name")
            if area
            else User.objects.none(),
            required=False,
            label="Named worker, if known",
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )
        # Every team and person offered is in this area: their names are enough.
        self.fields["handover_team"].label_from_instance = lambda team: team.name
        self.fields["handover_worker"].label_from_instance = lambda person: person.display_name

    def add_sibling_levels(self, children, levels) -> None:
        """A level of need for any child whose need differs from the family's."""
        self.sibling_levels = {}
        if len(children) > 1:
            for child in children:
                name = f"{LEVEL_PREFIX}{child.pk}"
                self.sibling_levels[name] = child.pk
                self.fields[name] = forms.ChoiceField(
                    choices=[("", "The same as above"), *levels],
                    required=False,
                    label=f"Level for {child.first_name}, if different",
                    widget=forms.Select(attrs={"class": "govuk-select"}),
                )

    def add_step_down_fields(self) -> None:
        """A step-down to early help names who leads it and says whether the family agreed."""
        self.fields["lead_professional"] = forms.CharField(
            required=False, max_length=200, label="Lead professional, for early help or family help"
        )
        self.fields["family_agreed"] = forms.ChoiceField(
            choices=[
                ("", "Not stepping down"),
                ("yes", "Yes, the family agreed"),
                ("no", "No, the family did not agree"),
            ],
            required=False,
            label="Did the family agree to early help?",
            widget=forms.Select(attrs={"class": "govuk-select"}),
        )

    def require_step_down(self, data: dict, step_down: str) -> None:
        if step_down in {data.get("outcome"), *self.child_outcomes().values()}:
            if not data.get("lead_professional"):
                self.add_error("lead_professional", "Enter the lead professional for early help")
            if not data.get("family_agreed"):
                self.add_error("family_agreed", "Select whether the family agreed to early help")

    def step_down(self) -> dict:
        data = self.cleaned_data
        if not data.get("family_agreed"):
            return {}
        return {"lead_professional": data["lead_professional"], "family_agreed": data["family_agreed"] == "yes"}

    def child_levels(self) -> dict[str, int]:
        data = getattr(self, "cleaned_data", {})
        return {str(pk): int(data[name]) for name, pk in getattr(self, "sibling_levels", {}).items() if data.get(name)}

    def child_outcomes(self) -> dict[str, str]:
        data = getattr(self, "cleaned_data", {})
        return {str(pk): data[name] for name, pk in self.sibling_names.items() if data.get(name)}

    def require_handover_team(self, data: dict) -> None:
        outcomes = {data.get("outcome"), *self.child_outcomes().values()}
        if outcomes & set(HANDOVER_OUTCOMES) and not data.get("handover_team"):
            self.add_error("handover_team", "Select the team that takes the child on")

    def handover_people(self) -> dict:
        return {"team": self.cleaned_data.get("handover_team"), "worker": self.cleaned_data.get("handover_worker")}

    def handover(self) -> dict:
        """The handover, as ids a decision's details keep until it is approved."""
        people = self.handover_people()
        return {
            f"handover_{role}": person.pk
            for role, person in (("team", people["team"]), ("worker", people["worker"]))
            if person
        }
