"""What a database id can be: the admin and the API answer "not found" for anything else, and
filters refuse it, instead of passing a number to the database that overflows its integers."""

MAX_ID = 2**63 - 1  # the largest value of a PostgreSQL bigint and of a SQLite integer


def is_id(value) -> bool:
    """Whether ``value`` (an int or the text of a URL) is a whole number between 1 and MAX_ID."""
    text = str(value)
    return text.isdecimal() and text.isascii() and 0 < int(text) <= MAX_ID
