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
