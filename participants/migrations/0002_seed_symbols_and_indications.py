"""The official cause-of-disability symbols (certification regulation § 32) and the indications a
certificate may carry, in their official Polish wording."""

from django.db import migrations

SYMBOLS = [
    ("01-U", "upośledzenie umysłowe", True),
    ("02-P", "choroby psychiczne", True),
    ("03-L", "zaburzenia głosu, mowy i choroby słuchu", False),
    ("04-O", "choroby narządu wzroku", False),
    ("05-R", "upośledzenie narządu ruchu", False),
    ("06-E", "epilepsja", True),
    ("07-S", "choroby układu oddechowego i krążenia", False),
    ("08-T", "choroby układu pokarmowego", False),
    ("09-M", "choroby układu moczowo-płciowego", False),
    ("10-N", "choroby neurologiczne", False),
    ("11-I", "inne", False),
    ("12-C", "całościowe zaburzenia rozwojowe", True),
]

INDICATIONS = [
    ("suitable_employment", "odpowiednie zatrudnienie uwzględniające psychofizyczne możliwości"),
    ("training", "szkolenie, w tym specjalistyczne"),
    ("zaz_employment", "zatrudnienie w zakładzie aktywności zawodowej"),
    ("occupational_therapy", "uczestnictwo w terapii zajęciowej"),
    ("orthopaedic_items", "zaopatrzenie w przedmioty ortopedyczne i środki pomocnicze"),
    ("community_support", "korzystanie z systemu środowiskowego wsparcia"),
    ("permanent_care", "konieczność stałej lub długotrwałej opieki lub pomocy innej osoby"),
    ("carer_in_treatment", "konieczność stałego współudziału opiekuna w leczeniu i rehabilitacji"),
    ("parking_card", "spełnia przesłanki do karty parkingowej"),
]


def seed(apps, schema_editor):
    symbol = apps.get_model("participants", "CauseSymbol")
    indication = apps.get_model("participants", "Indication")
    symbol.objects.bulk_create(
        [symbol(code=code, name=name, is_special_condition=special) for code, name, special in SYMBOLS]
    )
    indication.objects.bulk_create(
        [
            indication(code=code, name=name, position=position)
            for position, (code, name) in enumerate(INDICATIONS, start=1)
        ]
    )


def unseed(apps, schema_editor):
    apps.get_model("participants", "CauseSymbol").objects.all().delete()
    apps.get_model("participants", "Indication").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("participants", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
