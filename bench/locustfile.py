"""The load test of DESIGN.md §5: users who sign in once and walk their role's daily journeys
with a few seconds' thought between pages. Run by ``bench/run.py --load`` against gunicorn
(production settings); the pages each role opens are given in ``BENCH_JOURNEYS`` (JSON: role →
list of URLs), chosen by bench/run.py from the data so that every page is one the role may see.

gunicorn is reached over plain HTTP as nginx would reach it, with ``X-Forwarded-Proto: https``:
the app's cookies are ``Secure``, so the client sends them itself.
"""

import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

JOURNEYS = json.loads(os.environ.get("BENCH_JOURNEYS", "{}"))
PASSWORD = os.environ.get("BENCH_PASSWORD", "demo")
HEADERS = {"X-Forwarded-Proto": "https"}
SIGNING_IN = {"sign-in page", "sign in"}  # once per user, at the start: not the journeys
OUT = os.environ.get("BENCH_LOAD_OUT", "")
USERS = int(os.environ.get("BENCH_USERS", "0"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "0"))
TIMES: list[tuple[float | None, bool]] = []
# The measured window opens once every user has signed in: fifty password hashes at once fill
# the processors for seconds, which is the start of a morning, not the load of a day.
WINDOW = {"signed_in": 0, "opened": None}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class RoleUser(HttpUser):
    abstract = True
    wait_time = between(2, 5)
    role = ""

    def carry_cookies(self):
        """The proxy's side of TLS: the app's Secure cookies travel on over plain HTTP (the
        client's own jar would keep them back)."""
        cookies = "; ".join(f"{cookie.name}={cookie.value}" for cookie in self.client.cookies)
        self.client.headers["Cookie"] = cookies

    def on_start(self):
        self.client.headers.update(HEADERS)
        page = self.client.get("/accounts/login/", name="sign-in page")
        self.carry_cookies()
        token = CSRF.search(page.text).group(1)
        with self.client.post(
            "/accounts/login/",
            data={"username": self.role, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host.replace('http://', 'https://')}/accounts/login/"},
            allow_redirects=False,
            name="sign in",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"signing in as {self.role}: {response.status_code}")
        self.carry_cookies()
        WINDOW["signed_in"] += 1
        if WINDOW["signed_in"] >= USERS and WINDOW["opened"] is None:
            WINDOW["opened"] = time.monotonic()

    @task
    def next_page(self):
        url = random.choice(JOURNEYS[self.role])
        name = re.sub(r"/\d+/", "/<id>/", url.split("?")[0])
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
        self.carry_cookies()  # a session pushed forward comes back as a new cookie


@events.request.add_listener
def record(name, response_time, exception, **kwargs):
    # Signing in is timed apart (once per user, its password hash is slow by design); a failed
    # one counts among the errors all the same. Pages count within the window.
    if name in SIGNING_IN:
        if exception is not None:
            TIMES.append((None, True))
        return
    opened = WINDOW["opened"]
    if opened is not None and time.monotonic() - opened <= SECONDS:
        TIMES.append((response_time, exception is not None))


@events.quitting.add_listener
def write(environment, **kwargs):
    if OUT:
        with open(OUT, "w") as out:
            json.dump(TIMES, out)


class Staff(RoleUser):
    role, weight = "staff", 5


class Manager(RoleUser):
    role, weight = "manager", 2


class Officer(RoleUser):
    role, weight = "officer", 2


class Admin(RoleUser):
    role, weight = "admin", 1
