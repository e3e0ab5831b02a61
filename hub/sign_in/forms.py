from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout
from django import forms
from django.contrib.auth.forms import PasswordChangeForm


class CodeForm(forms.Form):
    """The six-digit code from the person's authenticator app."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6 digits your app shows now, for example 123456",
        max_length=10,
        error_messages={"required": "Enter the code from your authenticator app"},
    )

    def __init__(self, *args, submit: str = "Continue", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text(
                "code",
                label_size="m",
                field_width=Fixed.FIVE,
                autocomplete="one-time-code",
                inputmode="numeric",
                spellcheck="false",
            ),
            Button("submit", submit),
        )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the 6 digits your authenticator app shows")
        return code

    def code_refused(self) -> None:
        self.add_error("code", "The code is not right or has run out. Enter the code your app shows now")


class GovukPasswordChangeForm(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again",
        "password_mismatch": "The new passwords do not match. Enter the same password twice",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"
        self.fields["old_password"].error_messages["required"] = "Enter your current password"
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("old_password", field_width=Fixed.TWENTY),
            Field.text("new_password1", field_width=Fixed.TWENTY),
            Field.text("new_password2", field_width=Fixed.TWENTY),
            Button("submit", "Change password"),
        )

    def save(self, commit: bool = True):
        # The view calls user_password_change, which also signs out other sessions and revokes tokens.
        raise NotImplementedError("use hub.sign_in.services.user_password_change")
