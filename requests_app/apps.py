from django.apps import AppConfig


class RequestsAppConfig(AppConfig):
    name = "requests_app"
    verbose_name = "Requests for support"
