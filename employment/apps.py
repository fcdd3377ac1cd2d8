from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmploymentConfig(AppConfig):
    name = "employment"
    verbose_name = _("Work and employment")

    def ready(self):
        from common.files import delete_files_with_their_records

        delete_files_with_their_records(self.get_model("HoursWaiver"))
