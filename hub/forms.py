from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Layout
from django import forms
from django.contrib.auth.forms import AuthenticationForm


class SignInForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator to restore it.",
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text(
                "username", label_size="m", field_width=Fixed.TWENTY, autocomplete="username", spellcheck="false"
            ),
            Field.text("password", label_size="m", field_width=Fixed.TWENTY),
            Button("submit", "Sign in"),
        )
