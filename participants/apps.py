from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        from common.files import delete_files_with_their_records

        delete_files_with_their_records(self.get_model("DisabilityCertificate"))
