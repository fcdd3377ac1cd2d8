"""The legal sources and notes of the policy parameters are shown on Polish pages, so they are
kept in Polish; this rewrites the English texts the earlier seed migrations stored."""

from django.db import migrations

LEGAL_SOURCES = {
    "1997 Act art. 10a ust. 3a": "Ustawa o rehabilitacji art. 10a ust. 3a",
    "1997 Act art. 10a ust. 3b": "Ustawa o rehabilitacji art. 10a ust. 3b",
    "1997 Act art. 10a ust. 5": "Ustawa o rehabilitacji art. 10a ust. 5",
    "1997 Act art. 10a ust. 6": "Ustawa o rehabilitacji art. 10a ust. 6",
    "1997 Act art. 10f ust. 2b": "Ustawa o rehabilitacji art. 10f ust. 2b",
    "1997 Act art. 10f ust. 4": "Ustawa o rehabilitacji art. 10f ust. 4",
    "1997 Act art. 15 ust. 1": "Ustawa o rehabilitacji art. 15 ust. 1",
    "1997 Act art. 15 ust. 2": "Ustawa o rehabilitacji art. 15 ust. 2",
    "1997 Act art. 17": "Ustawa o rehabilitacji art. 17",
    "1997 Act art. 19": "Ustawa o rehabilitacji art. 19",
    "1997 Act art. 26a": "Ustawa o rehabilitacji art. 26a",
    "1997 Act art. 26a (act of 5.12.2024)": (
        "Ustawa o rehabilitacji art. 26a (w brzmieniu nadanym ustawą z 5.12.2024)"
    ),
    "1997 Act art. 26c": "Ustawa o rehabilitacji art. 26c",
    "Algorithm Reg.": "Rozporządzenie w sprawie algorytmu PFRON",
    "Algorithm Reg. (Dz.U. 2023 poz. 1066)": (
        "Rozporządzenie w sprawie algorytmu PFRON (Dz.U. 2023 poz. 1066)"
    ),
    "Certification Reg.": "Rozporządzenie w sprawie orzekania o niepełnosprawności",
    "Certification Reg. § 32": "Rozporządzenie w sprawie orzekania o niepełnosprawności § 32",
    "Design rule (follow-up after a hire)": "Reguła systemu (monitoring po zatrudnieniu)",
    "Design rule (the path; the 365-day follow-up)": (
        "Reguła systemu (ścieżka; monitoring po 365 dniach)"
    ),
    "Design rule JST-04 (GDPR art. 5, 9)": "Reguła systemu JST-04 (RODO art. 5, 9)",
    "Design rule WTZ-05 / DIS-04": "Reguła systemu WTZ-05 / DIS-04",
    "OWES grant rules (ESF+ 2021-2027)": "Zasady przyznawania dotacji przez OWES (EFS+ 2021-2027)",
    "Pzp 2004 art. 4 pkt 8 (30 000 euro; average rate per art. 35 ust. 3)": (
        "Pzp z 2004 r. art. 4 pkt 8 (30 000 euro; średni kurs według art. 35 ust. 3)"
    ),
    "Pzp art. 361 (formerly art. 138p)": "Pzp art. 361 (dawniej art. 138p)",
    "SC Act (per fundacjarc)": "Ustawa o spółdzielniach socjalnych (według fundacjarc)",
    "SC Act (per wup.kielce.pl)": "Ustawa o spółdzielniach socjalnych (według wup.kielce.pl)",
    "SC Act art. 10": "Ustawa o spółdzielniach socjalnych art. 10",
    "SC Act art. 15c; Coop Law": "Ustawa o spółdzielniach socjalnych art. 15c; Prawo spółdzielcze",
    "SC Act art. 18": "Ustawa o spółdzielniach socjalnych art. 18",
    "SC Act art. 4": "Ustawa o spółdzielniach socjalnych art. 4",
    "SC Act art. 5": "Ustawa o spółdzielniach socjalnych art. 5",
    "SC Act art. 5, 18": "Ustawa o spółdzielniach socjalnych art. 5, 18",
    "SC Act art. 5a ust. 1": "Ustawa o spółdzielniach socjalnych art. 5a ust. 1",
    "UES (annual report to the voivode)": "UES (sprawozdanie roczne dla wojewody)",
    "UES via public-benefit act art. 9 ust. 1 pkt 2": (
        "UES w zw. z art. 9 ust. 1 pkt 2 ustawy o działalności pożytku publicznego"
        " i o wolontariacie"
    ),
    "WTZ Reg. (paragraph not retrieved)": "Rozporządzenie w sprawie WTZ (nie ustalono paragrafu)",
    "WTZ Reg. § 13 ust. 4": "Rozporządzenie w sprawie WTZ § 13 ust. 4",
    "WTZ Reg. § 14": "Rozporządzenie w sprawie WTZ § 14",
    "WTZ Reg. § 21": "Rozporządzenie w sprawie WTZ § 21",
    "WTZ Reg. § 8 ust. 2": "Rozporządzenie w sprawie WTZ § 8 ust. 2",
}

# Recurring endings of the notes, English as seeded and Polish.
NO_START_1997 = "Start date not from the brief (1997 Act)."
NO_START_1997_PL = "Data początkowa nie wynika ze źródła (ustawa o rehabilitacji)."
NO_START_WTZ = "Start date not from the brief (WTZ Reg. of 25.03.2004)."
NO_START_WTZ_PL = (
    "Data początkowa nie wynika ze źródła (rozporządzenie w sprawie WTZ z 25.03.2004)."
)
NO_START_SC = "Start date not from the brief (date of the SC Act of 27.04.2006)."
NO_START_SC_PL = (
    "Data początkowa nie wynika ze źródła (data ustawy o spółdzielniach socjalnych z 27.04.2006)."
)
NO_START_PZP = "Start date not from the brief (assumed in-force date of the 2019 Pzp)."
NO_START_PZP_PL = (
    "Data początkowa nie wynika ze źródła (przyjęto datę wejścia w życie Pzp z 2019 r.)."
)
SC_2018 = "Rule as after the 2018 amendment (in force 31.03.2018)."
SC_2018_PL = "Przepis w brzmieniu nadanym nowelizacją z 2018 r. (obowiązującą od 31.03.2018)."
DESIGN = "Design rule, not law; start set to 1998-01-01 to cover historic data."
DESIGN_PL = (
    "Reguła systemu, nie przepis prawa; początek ustalony na 1.01.1998, aby obejmował"
    " dane historyczne."
)

NOTES = {
    "1 = from losing the job, 2 = from leaving the WTZ. Which one the act means is uncertain"
    " [U]: store both dates and confirm against the exact wording.": (
        "1 = od utraty pracy, 2 = od opuszczenia WTZ. Nie jest pewne, o który moment chodzi"
        " w ustawie [U]: należy odnotować obie daty i zweryfikować to z dokładnym brzmieniem"
        " przepisu."
    ),
    "30 000 euro at the rate of Dz.U. 2017 poz. 2477; not exceeding it is outside the Pzp.": (
        "30 000 euro po kursie z Dz.U. 2017 poz. 2477; do zamówień o wartości"
        " nieprzekraczającej tej kwoty nie stosuje się Pzp."
    ),
    "30 000 euro at the rate of Dz.U. 2019 poz. 2453; not exceeding it is outside the Pzp.": (
        "30 000 euro po kursie z Dz.U. 2019 poz. 2453; do zamówień o wartości"
        " nieprzekraczającej tej kwoty nie stosuje się Pzp."
    ),
    "70 % of 7 540,36 zł (GUS, Q4 2023), rounded up to 10 grosze.": (
        "70 % z 7 540,36 zł (GUS, IV kwartał 2023 r.), w zaokrągleniu w górę do 10 groszy."
    ),
    "70 % of 8 477,21 zł (GUS, Q4 2024), rounded up to 10 grosze.": (
        "70 % z 8 477,21 zł (GUS, IV kwartał 2024 r.), w zaokrągleniu w górę do 10 groszy."
    ),
    "= 2,008 zł/month PFRON.": "= 2 008 zł miesięcznie ze środków PFRON.",
    "A certificate lists at most three symbols. " + NO_START_1997: (
        "Orzeczenie zawiera najwyżej trzy symbole przyczyny niepełnosprawności. " + NO_START_1997_PL
    ),
    "Added by the 'Za życiem' act of 10.05.2018.": (
        "Przepis dodany ustawą „Za życiem” z 10.05.2018."
    ),
    "Added by the act of 15.12.2017 (Dz.U. 2017 poz. 2494).": (
        "Przepis dodany ustawą z 15.12.2017 (Dz.U. 2017 poz. 2494)."
    ),
    "After the support period; regional rules vary, override per region. Start = 2021-2027"
    " programming period, not a date from the brief.": (
        "Po zakończeniu okresu wsparcia; zasady różnią się między regionami, więc wartość można"
        " określić odrębnie dla województwa. Data początkowa = początek okresu programowania"
        " 2021-2027, a nie data wynikająca ze źródła."
    ),
    "Also the PFRON levy threshold (art. 21 [M]). " + NO_START_1997: (
        "Również próg obowiązku wpłat na PFRON (art. 21 [M]). " + NO_START_1997_PL
    ),
    "Amount first adopted for 2024; later raised to 35,196.": (
        "Kwota pierwotnie przyjęta na 2024 r.; później podwyższona do 35 196 zł."
    ),
    "At least every 3 years. " + NO_START_1997: ("Co najmniej raz na 3 lata. " + NO_START_1997_PL),
    "Automatic from the certificate since 2014 [M]. " + NO_START_1997: (
        "Od 2014 r. obowiązuje z mocy samego orzeczenia [M]. " + NO_START_1997_PL
    ),
    "Base of the 50 % share: 1 = persons on employment-type contracts. [U] in the brief.": (
        "Podstawa udziału 50 %: 1 = osoby zatrudnione na podstawie umowy o pracę lub"
        " spółdzielczej umowy o pracę. Podstawa niepewna [U]."
    ),
    "Below it, Pzp procedures do not apply. " + NO_START_PZP: (
        "Poniżej tej wartości nie stosuje się procedur Pzp. " + NO_START_PZP_PL
    ),
    "Commonly cited split [M/U]. " + NO_START_SC: (
        "Powszechnie przytaczany podział [M/U]. " + NO_START_SC_PL
    ),
    "Continuous employment. " + SC_2018: "Nieprzerwane zatrudnienie. " + SC_2018_PL,
    "Counted as working time; any degree. " + NO_START_1997: (
        "Wliczana do czasu pracy; przy każdym stopniu niepełnosprawności. " + NO_START_1997_PL
    ),
    DESIGN: DESIGN_PL,
    "Due by 31 March.": "Termin: do 31 marca.",
    "Each counted employee at least 1/2 FTE.": (
        "Każdy wliczany pracownik zatrudniony w wymiarze co najmniej 1/2 etatu."
    ),
    "Exact base of the percentage uncertain [U]. " + SC_2018: (
        "Dokładna podstawa obliczania odsetka jest niepewna [U]. " + SC_2018_PL
    ),
    "Exact wording [U]. Start not from the brief: date of the regulation of 2.06.2025"
    " (gazetaprawna.pl 9823412), which says the 2-month rule came from a 2024 amendment of"
    " the 1997 Act; verify.": (
        "Dokładne brzmienie przepisu niepewne [U]. Data początkowa nie wynika ze źródła: to data"
        " rozporządzenia z 2.06.2025 (gazetaprawna.pl 9823412); według tego źródła zasada"
        " 2 miesięcy pochodzi z nowelizacji ustawy o rehabilitacji z 2024 r. Wymaga weryfikacji."
    ),
    "Exception for SCs converted from cooperatives of disabled/blind persons.": (
        "Wyjątek dla spółdzielni socjalnych powstałych z przekształcenia spółdzielni inwalidów"
        " i spółdzielni niewidomych."
    ),
    "Fewer weekly hours reduce PFRON co-financing proportionally. " + NO_START_WTZ: (
        "Przy mniejszej liczbie godzin tygodniowo dofinansowanie z PFRON maleje proporcjonalnie. "
        + NO_START_WTZ_PL
    ),
    "Frequency under Coop Law [M/U]. " + NO_START_SC: (
        "Częstotliwość według Prawa spółdzielczego [M/U]. " + NO_START_SC_PL
    ),
    "From KRS entry: admit and employ 2 more disadvantaged persons. " + SC_2018: (
        "Od wpisu do KRS: należy przyjąć w poczet członków i zatrudnić 2 kolejne osoby z grup"
        " defaworyzowanych. " + SC_2018_PL
    ),
    "Including the extension.": "Łącznie z przedłużeniem.",
    "Longer below the member minimum is a liquidation ground. " + SC_2018: (
        "Dłuższy okres poniżej minimalnej liczby członków stanowi podstawę likwidacji. "
        + SC_2018_PL
    ),
    "New base amount, retroactive to 1.07.2024 by the act of 5.12.2024; reported unchanged"
    " for 2026. Proportional to FTE.": (
        "Nowa kwota podstawowa, obowiązująca wstecznie od 1.07.2024 na mocy ustawy"
        " z 5.12.2024; według dostępnych informacji bez zmian w 2026 r. Proporcjonalnie"
        " do wymiaru etatu."
    ),
    "New special-conditions extra amount, retroactive to 1.07.2024 by the act of 5.12.2024;"
    " reported unchanged for 2026. Proportional to FTE.": (
        "Nowa kwota zwiększenia z tytułu schorzeń specjalnych, obowiązująca wstecznie"
        " od 1.07.2024 na mocy ustawy z 5.12.2024; według dostępnych informacji bez zmian"
        " w 2026 r. Proporcjonalnie do wymiaru etatu."
    ),
    "Of all employed persons; reintegration-aim PS only.": (
        "W stosunku do ogółu zatrudnionych; dotyczy tylko przedsiębiorstw społecznych o celu"
        " reintegracyjnym."
    ),
    "Of founders/members. " + SC_2018 + " The brief does not date this rule.": (
        "Liczone wśród założycieli/członków. "
        + SC_2018_PL
        + " Źródło nie podaje daty wprowadzenia tej zasady."
    ),
    "Of the average enterprise-sector monthly wage of the previous year.": (
        "Krotność przeciętnego miesięcznego wynagrodzenia w sektorze przedsiębiorstw"
        " w poprzednim roku."
    ),
    "Of the contractor's (or unit's) employees. " + NO_START_PZP: (
        "Wśród pracowników wykonawcy (lub jego jednostki). " + NO_START_PZP_PL
    ),
    "Often cited 6 months from registration; deadline uncertain [U]. " + SC_2018: (
        "Często podaje się 6 miesięcy od rejestracji; termin niepewny [U]. " + SC_2018_PL
    ),
    "On employment or cooperative employment contracts.": (
        "Na podstawie umowy o pracę lub spółdzielczej umowy o pracę."
    ),
    "Open-ended: the 2026 amount (38,496 proposed) was not confirmed adopted [U].": (
        "Bez daty końcowej: nie potwierdzono przyjęcia kwoty na 2026 r. (proponowano 38 496 zł)"
        " [U]."
    ),
    "Previous base amount. Start 2018-01-01 is not from the brief. Left open: the newer row"
    " wins from 1.07.2024, and what was known before 5.12.2024 still finds this one.": (
        "Poprzednia kwota podstawowa. Data początkowa 1.01.2018 nie wynika ze źródła. Bez daty"
        " końcowej: od 1.07.2024 stosuje się nowszą wartość, ale według stanu wiedzy"
        " sprzed 5.12.2024 nadal obowiązuje ta."
    ),
    "Previous special-conditions extra amount. Start 2018-01-01 is not from the brief. Left"
    " open: the newer row wins from 1.07.2024, and what was known before 5.12.2024 still finds"
    " this one.": (
        "Poprzednia kwota zwiększenia z tytułu schorzeń specjalnych. Data początkowa 1.01.2018"
        " nie wynika ze źródła. Bez daty końcowej: od 1.07.2024 stosuje się nowszą wartość, ale"
        " według stanu wiedzy sprzed 5.12.2024 nadal obowiązuje ta."
    ),
    "Raise adopted late 2024 (exact date not in the brief; known_on approximate).": (
        "Podwyżkę przyjęto pod koniec 2024 r. (dokładna data nie wynika ze źródła; data"
        " „znane od” jest przybliżona)."
    ),
    "Report due by 1 March of the following year. Start 2004-01-01 is not from the brief.": (
        "Sprawozdanie składa się do 1 marca następnego roku. Data początkowa 1.01.2004"
        " nie wynika ze źródła."
    ),
    SC_2018: SC_2018_PL,
    SC_2018 + " Founding with 3 is possible (see sc.three_founders_deadline_months).": (
        SC_2018_PL + " Możliwe jest założenie spółdzielni przez 3 osoby"
        " (zob. sc.three_founders_deadline_months)."
    ),
    "Secondary source [S]; final wording of art. 10a ust. 6 uncertain [U].": (
        "Źródło wtórne [S]; ostateczne brzmienie art. 10a ust. 6 niepewne [U]."
    ),
    "Share of one WTZ's participants on practice at the same time.": (
        "Odsetek uczestników jednego WTZ odbywających praktykę w tym samym czasie."
    ),
    "Small-cell suppression in JST reports. " + DESIGN: (
        "Ukrywanie komórek o małej liczebności w raportach dla JST. " + DESIGN_PL
    ),
    NO_START_1997: NO_START_1997_PL,
    NO_START_WTZ: NO_START_WTZ_PL,
    "Task from the 1st of the month before the deadline (1 February).": (
        "Zadanie pojawia się od pierwszego dnia miesiąca poprzedzającego termin (1 lutego)."
    ),
    "The figure for 2022, compared in 2023.": (
        "Wartość za 2022 r., stosowana do porównań w 2023 r."
    ),
    "The figure for 2023, compared in 2024.": (
        "Wartość za 2023 r., stosowana do porównań w 2024 r."
    ),
    "Under-16 certificates carry no degree. " + NO_START_1997: (
        "Orzeczenia dla osób poniżej 16. roku życia nie określają stopnia niepełnosprawności. "
        + NO_START_1997_PL
    ),
    "Until the end of the month following the expiry month. " + NO_START_1997: (
        "Do końca miesiąca następującego po miesiącu, w którym orzeczenie utraciło ważność. "
        + NO_START_1997_PL
    ),
    "Verified criterion of 2021, in force from 1 January 2022.": (
        "Kryterium po weryfikacji w 2021 r., obowiązujące od 1 stycznia 2022 r."
    ),
    "Verified criterion of 2024, in force from 1 January 2025.": (
        "Kryterium po weryfikacji w 2024 r., obowiązujące od 1 stycznia 2025 r."
    ),
    "Waivable under art. 16. " + NO_START_1997: (
        "Możliwe zwolnienie z tej normy na podstawie art. 16. " + NO_START_1997_PL
    ),
    "Widely cited minimum; exact paragraph not found [U]. " + NO_START_WTZ: (
        "Powszechnie przytaczane minimum; nie ustalono dokładnego paragrafu [U]. " + NO_START_WTZ_PL
    ),
    "With the participant; statute gives no interval. Reform UD348 (not adopted) would make"
    " it yearly. " + NO_START_WTZ: (
        "Z udziałem uczestnika; ustawa nie określa częstotliwości. Projekt reformy UD348"
        " (nieprzyjęty) przewiduje ocenę coroczną. " + NO_START_WTZ_PL
    ),
    "Wording 'should not exceed': a compliance warning. " + NO_START_WTZ: (
        "Sformułowanie „nie powinna przekraczać”: przekroczenie skutkuje ostrzeżeniem. "
        + NO_START_WTZ_PL
    ),
    "Working days; not if already >26 days or other extra leave. " + NO_START_1997: (
        "Dni robocze; nie przysługuje przy urlopie wypoczynkowym dłuższym niż 26 dni ani przy"
        " innym urlopie dodatkowym. " + NO_START_1997_PL
    ),
    "[S] for old art. 138p, [M] for art. 361. " + NO_START_PZP: (
        "[S] dla dawnego art. 138p, [M] dla art. 361. " + NO_START_PZP_PL
    ),
}


def seed(apps, schema_editor):
    parameter = apps.get_model("organisations", "PolicyParameter")
    for old, new in LEGAL_SOURCES.items():
        parameter.objects.filter(legal_source=old).update(legal_source=new)
    for old, new in NOTES.items():
        parameter.objects.filter(note=old).update(note=new)


def unseed(apps, schema_editor):
    """The English texts are not restored."""


class Migration(migrations.Migration):
    dependencies = [("organisations", "0012_seed_path_retained_months")]

    operations = [migrations.RunPython(seed, unseed)]
