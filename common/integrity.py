"""What to tell someone whose save lost a race: the database refused it (a constraint), or another
person saved the same record first (a stale version). The answer names the rule the database held,
in the words the model's own check uses, so it reads like the refusal the check would have given
a moment later."""

import re
from functools import cache

from django.apps import apps
from django.db import IntegrityError, models
from django.utils.translation import gettext as _

DATABASE_ONLY: dict[str, str] = {}  # constraints a migration adds beyond the models' Meta


def explain_constraint(name: str, message) -> None:
    """The message for a constraint the database holds but no model declares (an exclusion
    constraint added by a PostgreSQL-only migration)."""
    DATABASE_ONLY[name] = message


SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<columns>[\w., ]+)")
SQLITE_CHECK = re.compile(r"CHECK constraint failed: (?P<name>\w+)")
CONFLICT = "conflict"


@cache
def _constraints() -> dict:
    """Every named constraint of the project's models, and every unique column set by table."""
    named, unique = {}, {}
    for model in apps.get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            named[constraint.name] = (model, constraint)
            fields = getattr(constraint, "fields", ())
            if isinstance(constraint, models.UniqueConstraint) and fields:
                columns = tuple(model._meta.get_field(name).column for name in fields)
                unique[(table, columns)] = (model, constraint)
        for field in model._meta.concrete_fields:
            if field.unique and not field.primary_key:
                unique[(table, (field.column,))] = (model, field)
    return {"named": named, "unique": unique}


def _message(model, rule) -> str:
    if isinstance(rule, models.Field):
        return str(rule.error_messages["unique"]) % {
            "model_name": model._meta.verbose_name,
            "field_label": rule.verbose_name,
        }
    if (
        isinstance(rule, models.UniqueConstraint)
        and rule.fields
        and not rule.condition
        and rule.violation_error_message == rule.default_violation_error_message
    ):
        return model().unique_error_message(model, rule.fields).messages[0]
    return str(rule.get_violation_error_message())


def conflict_message(error: IntegrityError) -> str:
    """The refusal to show for ``error``: the violated constraint's own message when it can be
    found (PostgreSQL names it; SQLite names it or its table and columns), else a general one."""
    known = _constraints()
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    text = str(error)
    if name is None and (check := SQLITE_CHECK.search(text)):
        name = check["name"]
    if name in known["named"]:
        return _message(*known["named"][name])
    if name in DATABASE_ONLY:
        return str(DATABASE_ONLY[name])
    if unique := SQLITE_UNIQUE.search(text):
        pairs = [column.strip().split(".") for column in unique["columns"].split(",")]
        table = pairs[0][0]
        columns = tuple(column for _table, column in pairs)
        for (known_table, known_columns), found in known["unique"].items():
            if known_table == table and set(known_columns) == set(columns):
                return _message(*found)
    return _(
        "This conflicts with a record saved at the same moment. Check what is recorded now and "
        "try again."
    )
