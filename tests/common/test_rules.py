"""The rule registry: every implemented rule of DOMAIN.md §11 is registered once, named by a test,
and listed with its status in docs/RULES.md."""

import re
from pathlib import Path

import pytest

from common.rules import ALL_RULE_IDS, Severity, register, registered_rules

ROOT = Path(__file__).resolve().parents[2]
RULE_MARK = re.compile(r"""mark\.rule\(\s*["']([A-Z]+-\d\d)["']\s*\)""")


def rule_ids_named_by_tests() -> set[str]:
    named = set()
    for path in (ROOT / "tests").rglob("test_*.py"):
        named |= set(RULE_MARK.findall(path.read_text(encoding="utf-8")))
    return named


def rules_md_rows() -> dict[str, str]:
    rows = {}
    for line in (ROOT / "docs" / "RULES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and re.fullmatch(r"[A-Z]+-\d\d", cells[0]):
            rows[cells[0]] = cells[2]
    return rows


def test_domain_md_has_sixty_four_rules():
    assert len(ALL_RULE_IDS) == len(set(ALL_RULE_IDS)) == 64


def test_every_registered_rule_is_named_by_a_test():
    missing = set(registered_rules()) - rule_ids_named_by_tests()
    assert not missing, f"registered rules without a test marked with them: {sorted(missing)}"


def test_every_rule_a_test_names_is_registered():
    unknown = rule_ids_named_by_tests() - set(registered_rules())
    assert not unknown, f"tests name rules that no code registers: {sorted(unknown)}"


def test_rules_md_lists_all_rules_with_the_registered_ones_implemented():
    rows = rules_md_rows()
    assert set(rows) == set(ALL_RULE_IDS)
    implemented = {rule_id for rule_id, status in rows.items() if status == "implemented"}
    assert implemented == set(registered_rules())


def test_a_rule_cannot_be_registered_twice_or_invented():
    with pytest.raises(ValueError, match="twice"):
        register("DIS-08", severity=Severity.DESIGN, title="again")
    with pytest.raises(ValueError, match="not a rule"):
        register("XYZ-01", severity=Severity.WARN, title="invented")


def test_a_rule_error_names_the_rule():
    rule = registered_rules()["DIS-08"]
    error = rule.error("%(who)s may not see this", params={"who": "Officer"})
    assert error.code == "DIS-08"
    assert error.messages == ["DIS-08: Officer may not see this"]


B, W, T, F = Severity.BLOCK, Severity.WARN, Severity.TASK, Severity.FLAG
R, D, REPORT = Severity.RULE, Severity.DESIGN, Severity.REPORT

# DOMAIN.md §11's "Severity" column, rule by rule: "BLOCK above limit; WARN below 35" is (B, W),
# "WARN → TASK" is (W, T), "auto-flag" is F; the first is the rule's usual way.
DOMAIN_SEVERITIES = {
    "WTZ-01": (B,), "WTZ-02": (B,), "WTZ-03": (T,), "WTZ-04": (F,), "WTZ-05": (W, T),
    "WTZ-06": (B, W), "WTZ-07": (B,), "WTZ-08": (T, W), "WTZ-09": (T, W), "WTZ-10": (B,),
    "WTZ-11": (W,), "WTZ-12": (W,), "WTZ-13": (B,), "WTZ-14": (B,), "WTZ-15": (B,),
    "WTZ-16": (T,), "WTZ-17": (W,), "WTZ-18": (T,), "WTZ-19": (W,), "WTZ-20": (W,),
    "WTZ-21": (W,),
    "DIS-01": (B,), "DIS-02": (B,), "DIS-03": (B,), "DIS-04": (T,), "DIS-05": (R,),
    "DIS-06": (B,), "DIS-07": (B,), "DIS-08": (D,), "DIS-09": (B,), "DIS-10": (T,),
    "EMP-01": (B,), "EMP-02": (B,), "EMP-03": (B,), "EMP-04": (R,), "EMP-05": (W,),
    "EMP-06": (R,), "EMP-07": (W,), "EMP-08": (R,), "EMP-09": (W,), "EMP-10": (T,),
    "SC-01": (B,), "SC-02": (T, W), "SC-03": (W,), "SC-04": (W,), "SC-05": (W,), "SC-06": (W,),
    "SC-07": (T,), "SC-08": (B,), "SC-09": (B,), "SC-10": (W,), "SC-11": (T,),
    "PS-01": (W,), "PS-02": (W,), "PS-03": (W,), "PS-04": (W,), "PS-05": (T,), "PS-06": (B,),
    "OWES-01": (W, T),
    "JST-01": (W,), "JST-02": (R,), "JST-03": (W,), "JST-04": (D,), "JST-05": (REPORT,),
}  # fmt: skip


def test_the_table_covers_every_rule_of_domain_md():
    assert set(DOMAIN_SEVERITIES) == set(ALL_RULE_IDS)


@pytest.mark.rule("WTZ-06")
def test_every_registered_rule_has_the_severities_domain_md_gives_it():
    wrong = {
        rule_id: (rule.severities, DOMAIN_SEVERITIES[rule_id])
        for rule_id, rule in registered_rules().items()
        if rule.severities != DOMAIN_SEVERITIES[rule_id]
    }
    assert not wrong, f"registered severities differ from DOMAIN.md §11: {wrong}"


def test_a_rule_is_shown_only_in_a_way_domain_md_gives_it():
    from common.todo import TodoItem

    wtz_06 = registered_rules()["WTZ-06"]
    assert wtz_06.as_(Severity.WARN) == Severity.WARN
    with pytest.raises(ValueError, match="never"):
        wtz_06.as_(Severity.TASK)
    with pytest.raises(ValueError, match="task or a warning"):
        TodoItem("WTZ-06", Severity.BLOCK, "fewer class hours")
    with pytest.raises(ValueError, match="never"):
        TodoItem("WTZ-18", Severity.WARN, "the annual report")
    # A refusal found broken afterwards (a workshop that shrank under its practices) is to do.
    assert TodoItem("WTZ-14", Severity.WARN, "too many on practice").severity == Severity.WARN
