"""The benchmark of DESIGN.md §5 on the database DATABASE_URL names (PostgreSQL, seeded with
``seed_demo --scale county`` or ``--scale national``): for each page and endpoint, the queries
it runs and its warm median and 95th percentile, in-process (no network, no gunicorn), as the
scoped demo user and as the administrator; an API page of 50 rows beside a bare view that
returns the same rows in the same run; /healthz as the floor; the report download's peak memory.

    DATABASE_URL=postgres://… .venv/bin/python bench/run.py [--repeat 15] [--write]

``--write`` puts the table, with the machine, the commit, the date and the data's size, into
docs/PERFORMANCE.md between its ``bench`` markers. Exits 1 when a bar is missed.
"""

import argparse
import datetime
import json
import logging
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import types
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Production settings, as a deployment runs them: no debug cursor, no toolbar. The test client
# asks over HTTPS; the second step of signing in is for browsers, not for this client.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.update(
    {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-" + "x" * 50),
        "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
        "DJANGO_REQUIRE_SECOND_FACTOR": "false",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_STATIC_ROOT": os.environ.get("DJANGO_STATIC_ROOT", "/tmp/sciezka-bench-static"),
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

call_command("collectstatic", "--noinput", verbosity=0)  # the pages' manifest of static files
logging.getLogger("django.request").setLevel(logging.ERROR)  # a role's 403s are expected here

from django.contrib import admin  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, path, reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from bench import import_rows  # noqa: E402
from bench.export_memory import peak  # noqa: E402
from config import urls as site_urls  # noqa: E402
from config.api import router  # noqa: E402
from participants.access import log_reads  # noqa: E402
from participants.models import AccessLog, AttendanceDay, Person  # noqa: E402
from wtz.models import Workshop  # noqa: E402

MARKERS = ("<!-- bench:begin -->", "<!-- bench:end -->")
DASHBOARD_MS, LIST_MS, API_RATIO, LOAD_P95_MS = 300, 150, 2.0, 1000
WORKERS = 2 * (os.cpu_count() or 1) + 1
MIB = 1024 * 1024
SIGN_IN_SECONDS = 40  # the users spawn and sign in before the measured window opens


@dataclass
class Row:
    what: str
    who: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    bar_ms: float | None = None
    url: str = ""

    @property
    def meets(self) -> bool:
        return self.status == 200 and (self.bar_ms is None or self.median_ms <= self.bar_ms)


def timed(call, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def measure(client, user, url, repeat, *, what=None, bar_ms=None) -> Row:
    def get():
        return client.get(url, secure=True)

    get()  # warm: the buffers, the templates, the connection
    with CaptureQueriesContext(connection) as captured:
        status = get().status_code
    # Counted now: the captured list is read from the connection's log, which the next request
    # empties.
    queries = len(captured)
    median, p95 = timed(get, repeat) if status == 200 else (0.0, 0.0)
    print(f"  {what or url} as {user.username}: {status}, {median:.0f} ms", file=sys.stderr)
    return Row(what or url, user.username, status, queries, median, p95, bar_ms, url)


def changelists():
    for model in admin.site._registry:
        try:
            yield reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue


def api_lists():
    for prefix, _viewset, basename in router.registry:
        try:
            yield reverse(f"{basename}-list")
        except NoReverseMatch:
            yield f"/api/v1/{prefix}/"


def longest_history() -> Person:
    return (
        Person.objects.annotate(
            steps=Count("enrolments", distinct=True)
            + Count("employments", distinct=True)
            + Count("placements", distinct=True)
        )
        .order_by("-steps", "pk")
        .first()
    )


def bare_attendance(request):
    """The bare view: the API page's rows, scoped, ordered and logged as read the same (the log of
    who read what is owed by any page of personal data), as plain JSON with no serializer,
    pagination, filters or permission classes."""
    fields = [f.attname for f in AttendanceDay._meta.concrete_fields]
    rows = list(
        AttendanceDay.objects.visible_to(request.user)
        .select_related("enrolment")
        .order_by("-day", "enrolment_id")[:50]
    )
    log_reads(request, rows, kind=AccessLog.Kind.LIST)
    return JsonResponse(
        {"results": [{name: getattr(row, name) for name in fields} for row in rows]}, safe=False
    )


# The site's addresses and the bare view beside them: both answered through the same middleware
# (sessions, sign-in, headers, the access log), so that the ratio is what the API adds.
bench_urls = types.ModuleType("bench_urls")
bench_urls.urlpatterns = [path("bench/bare/", bare_attendance), *site_urls.urlpatterns]


def api_against_bare(client, user, repeat) -> tuple[Row, Row]:
    """/api/v1/attendance/ (50 rows) beside the bare view, in the same run."""
    with override_settings(ROOT_URLCONF=bench_urls):
        api = measure(
            client, user, "/api/v1/attendance/?page_size=50", repeat, what="API attendance, 50 rows"
        )
        bare = measure(client, user, "/bench/bare/", repeat, what="bare view, the same 50 rows")
    return api, bare


def scale() -> dict:
    from participants.models import ProgressNote

    return {
        "workshops": Workshop.objects.count(),
        "people": Person.objects.count(),
        "attendance days": AttendanceDay.objects.count(),
        "progress notes": ProgressNote.objects.count(),
    }


def machine() -> str:
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split("\n")[0].split()[1])
        memory = f", {kib / 1024 / 1024:.1f} GiB RAM"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    processor = platform.processor() or platform.machine()
    return (
        f"{processor}, {os.cpu_count()} cores{memory}, PostgreSQL {server}, "
        f"Python {platform.python_version()}"
    )


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"


def spaced(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def table(rows: list[Row]) -> str:
    lines = [
        "| What | As | Status | Queries | Median ms | p95 ms | Bar |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        bar = "" if row.bar_ms is None else f"≤ {row.bar_ms:g} ms {'✓' if row.meets else '✗'}"
        lines.append(
            f"| {row.what} | {row.who} | {row.status} | {row.queries} | "
            f"{row.median_ms:.1f} | {row.p95_ms:.1f} | {bar} |"
        )
    return "\n".join(lines)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Load:
    users: int
    seconds: int
    requests: int
    errors: int
    p50_ms: float
    p95_ms: float
    p99_ms: float

    @property
    def meets(self) -> bool:
        return self.requests > 0 and self.errors == 0 and self.p95_ms <= LOAD_P95_MS

    def summary(self) -> str:
        return (
            f"Load: {self.users} users signed in once, walking their roles' pages with 2–5 s "
            f"between them, {self.seconds} s from the moment all had signed in, against gunicorn "
            f"({WORKERS} workers × 2 threads): "
            f"{spaced(self.requests)} requests, {self.requests / self.seconds:.1f} per second, "
            f"{self.errors} errors; p50 {self.p50_ms:.0f} ms, p95 {self.p95_ms:.0f} ms, "
            f"p99 {self.p99_ms:.0f} ms (bar: 0 errors, p95 ≤ {LOAD_P95_MS} ms) "
            f"{'✓' if self.meets else '✗'}."
        )


def load_test(journeys: dict, users: int, seconds: int) -> Load:
    """bench/locustfile.py against gunicorn, as production runs it behind its proxy."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "DJANGO_SECURE_PROXY_SSL_HEADER": "true"}
    venv = Path(sys.executable).parent
    server = subprocess.Popen(
        [venv / "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(WORKERS), "--threads", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "times.json"
            subprocess.run(
                [venv / "locust", "-f", ROOT / "bench" / "locustfile.py", "--headless",
                 "--users", str(users), "--spawn-rate", str(max(1, users // 10)),
                 "--run-time", f"{seconds + SIGN_IN_SECONDS}s", "--host", base,
                 "--only-summary", "--loglevel", "WARNING"],
                cwd=ROOT, check=False,
                env={**env, "BENCH_JOURNEYS": json.dumps(journeys), "BENCH_LOAD_OUT": str(out),
                     "BENCH_USERS": str(users), "BENCH_SECONDS": str(seconds)},
            )  # fmt: skip
            times = json.loads(out.read_text())
    finally:
        server.terminate()
        server.wait(timeout=30)
    durations = sorted(d for d, _failed in times if d is not None) or [float("inf")]

    def percentile(share: float) -> float:
        return durations[min(len(durations) - 1, round(share * (len(durations) - 1)))]

    return Load(
        users, seconds, len(times), sum(failed for _duration, failed in times),
        percentile(0.5), percentile(0.95), percentile(0.99),
    )  # fmt: skip


def journeys_of(rows: list[Row], clients: dict, users: dict) -> dict[str, list[str]]:
    """The pages each role walks in the load test: those it opened above (200), and the
    cooperative manager's, found the same way."""
    chosen = {
        name: [
            row.url
            for row in rows
            if row.who == name
            and row.status == 200
            and row.url.startswith(("/admin", "/api", "/reports", "/participants"))
        ]
        for name in ("staff", "admin", "officer")
    }
    manager = clients["manager"]
    candidates = ["/admin/", "/admin/todo/month/", "/reports/", *changelists()]
    chosen["manager"] = [
        url for url in candidates if manager.get(url, secure=True).status_code == 200
    ]
    return {name: urls for name, urls in chosen.items() if urls}


def measure_pages(clients: dict, users: dict, repeat: int) -> list[Row]:
    admin_user, officer = users["admin"], users["officer"]
    rows = [measure(clients["admin"], admin_user, "/healthz", repeat, what="/healthz")]
    rows.append(
        measure(clients["officer"], officer, "/reports/", repeat,
                what="dashboard, the officer's powiat", bar_ms=DASHBOARD_MS)
    )  # fmt: skip
    rows.append(
        measure(clients["admin"], admin_user, "/reports/?territory=PL", repeat,
                what="dashboard, the country", bar_ms=DASHBOARD_MS)
    )  # fmt: skip
    regions = {w.territory.code[:2] for w in Workshop.objects.select_related("territory")}
    for code in sorted(regions):
        rows.append(
            measure(clients["admin"], admin_user, f"/reports/?territory={code}", repeat,
                    what=f"dashboard, voivodeship {code}", bar_ms=DASHBOARD_MS)
        )  # fmt: skip
    person = longest_history()
    rows.append(
        measure(clients["admin"], admin_user, f"/participants/{person.pk}/path/", repeat,
                what="path page, the longest history", bar_ms=LIST_MS)
    )  # fmt: skip
    for name in ("staff", "admin"):
        client, user = clients[name], users[name]
        rows.append(measure(client, user, "/admin/", repeat, what="admin home, with the to-do"))
        for slug in ("overdue", "week", "month", "later", "watch"):
            rows.append(measure(client, user, f"/admin/todo/{slug}/", repeat, bar_ms=LIST_MS))
        for url in changelists():
            row = measure(client, user, url, repeat, bar_ms=LIST_MS)
            if row.status != 403:  # a list the role may not open is not its bar
                rows.append(row)
        for url in api_lists():
            row = measure(client, user, url, repeat)
            if row.status != 403:
                rows.append(row)
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="into docs/PERFORMANCE.md")
    parser.add_argument("--load", action="store_true", help="also the load test (locust)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        print("bench/run.py measures PostgreSQL: set DATABASE_URL", file=sys.stderr)
        return 2
    names = ("admin", "staff", "manager", "officer")
    users = {name: User.objects.get(username=name) for name in names}
    clients = {name: Client() for name in names}
    for name, client in clients.items():
        client.force_login(users[name])
    rows = measure_pages(clients, users, args.repeat)
    api, bare = api_against_bare(clients["staff"], users["staff"], args.repeat)
    ratio = api.median_ms / bare.median_ms if bare.median_ms else float("inf")
    rows += [api, bare]
    memory = {count: peak(count) for count in (1_000, 50_000)}
    imported = import_rows.measure(users["staff"])
    load = (
        load_test(journeys_of(rows, clients, users), args.users, args.seconds)
        if args.load
        else None
    )
    missed = [row for row in rows if not row.meets]
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    data = ", ".join(f"{spaced(value)} {name}" for name, value in scale().items())
    downloads = ", ".join(f"{spaced(n)} rows {size / MIB:.1f} MiB" for n, size in memory.items())
    lines = [
        f"Measured {today} at commit {commit()} on {machine()}.",
        f"Data: {data}.",
        "",
        table(rows),
        "",
        f"API page ÷ bare view: {ratio:.2f} (bar ≤ {API_RATIO:g}) "
        f"{'✓' if ratio <= API_RATIO else '✗'}.",
        f"Report download, peak memory: {downloads}.",
        "Import of 1 000 rows into a new workshop (in-process, as the background task runs it): "
        + ", ".join(
            f"{name} {seconds:.1f} s in {queries} queries"
            for name, (seconds, queries) in imported.items()
        )
        + ".",
    ]
    if load is not None:
        lines.append(load.summary())
    report = "\n".join(lines)
    print(report)
    if args.write:
        path = ROOT / "docs" / "PERFORMANCE.md"
        text = path.read_text()
        begin, end = text.index(MARKERS[0]), text.index(MARKERS[1])
        path.write_text(text[: begin + len(MARKERS[0])] + "\n" + report + "\n" + text[end:])
    failed = missed or ratio > API_RATIO or (load is not None and not load.meets)
    if missed:
        print(f"\nAbove their bar: {', '.join(f'{r.what} ({r.who})' for r in missed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
