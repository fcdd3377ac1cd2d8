"""How long Ścieżka waits for PostgreSQL before it gives up.

A database that hangs must not hang every request with it: connecting gives up after the connect
timeout, and in the web process a statement is cancelled after the statement timeout (the request
then answers 503, see ``common.middleware.database_unavailable``). Management commands (migrate,
seed_demo, loaddata …) legitimately run long statements, so only the web process gets a statement
timeout: ``config.wsgi`` and ``config.asgi`` mark it with ``WEB_PROCESS_VARIABLE``.
"""

WEB_PROCESS_VARIABLE = "SCIEZKA_WEB_PROCESS"


def milliseconds(seconds: float) -> int:
    return round(seconds * 1000)


def postgresql_options(options: dict, *, connect_timeout: int, statement_timeout: float) -> dict:
    """``options`` (a database's ``OPTIONS``) with the timeouts added: ``connect_timeout`` in
    seconds for libpq, and a server-side ``statement_timeout`` (0: none) appended to whatever
    ``options`` the database URL already passes to the server."""
    merged = {**options, "connect_timeout": connect_timeout}
    if statement_timeout:
        server_options = options.get("options", "")
        merged["options"] = (
            f"{server_options} -c statement_timeout={milliseconds(statement_timeout)}".strip()
        )
    return merged
