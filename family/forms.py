from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout
from django import forms

CONFIRM_LABEL = "I have read this copy and will share it with the family"


class ConfirmForm(forms.Form):
    """The referrer's confirmation: the copy counts as shared only once this is ticked."""

    confirmed = forms.BooleanField(
        label=CONFIRM_LABEL,
        error_messages={"required": "Confirm that you have read this copy and will share it with the family"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field.checkbox("confirmed"), Button("confirm", "Confirm and record the sharing"))
