from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GoalsConfig(AppConfig):
    name = "forbedring.web.goals"
    label = "goals"
    verbose_name = _("Local goals")
