"""Every page each demo role can reach, crawled from its home page over the demo world: no link
leads to a refusal (403) or a page that is not there (404), no English is left on a Polish page,
and no number is written with a decimal point.

The crawl follows each kind of page a few times (the same change page of another row adds
nothing) and every kind of link it meets, so it stays bounded as the demo grows.
"""

import datetime
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
import time_machine
from django.db import transaction
from django.test import Client

from accounts.models import User
from config import demo

TODAY = datetime.date(2026, 11, 27)
HOMES = {"staff": "/admin/", "manager": "/admin/", "officer": "/reports/", "admin": "/admin/"}
LEAST_PAGES = {"staff": 60, "manager": 40, "officer": 2, "admin": 80}
PAGES_OF_A_KIND = 2  # pages opened for each kind of URL (its path with the numbers taken out)
LINKS_OF_A_KIND = 4  # links followed for each kind, to check where they lead
NOT_FOLLOWED = (
    "/static/",
    "/media/",
    "/accounts/logout/",
    "/admin/logout/",
    "/api/",  # the API's own browsable pages speak the API's language
    "/admin/export/",  # files, not pages: tests/config/test_export.py
)
# Words that are English and not Polish: one of them on a Polish page is a string left
# untranslated. (Short words Polish shares — "to", "a", "on", "do", "by" — are not here.)
ENGLISH = {
    "the", "and", "of", "with", "from", "for", "this", "that", "none", "view", "history",
    "add", "change", "delete", "save", "search", "filter", "home", "last", "day", "yes",
    "auth", "tokens", "date", "name", "type", "true", "false", "null", "show", "all",
    "select", "edit", "user", "users", "reason", "changes", "record", "records", "back",
    "next", "previous", "page", "items", "item", "total", "count", "is", "are", "not", "or",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z]+")
URL_OR_PATH = re.compile(r"\S*/\S*")
DATE_OR_TIME = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d+(?:\.\d+){2,}")
DECIMAL_POINT = re.compile(r"(?<![\w.])\d+\.\d+(?![\w.])")


class Page(HTMLParser):
    """The links of a page and its visible text (without scripts, styles or hidden parts)."""

    SILENT = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.links, self.text, self._silent = [], [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SILENT:
            self._silent += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag):
        if tag in self.SILENT and self._silent:
            self._silent -= 1

    def handle_data(self, data):
        if not self._silent:
            self.text.append(data)


def kind_of(url: str) -> str:
    parts = urlsplit(url)
    query_keys = sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair)
    return re.sub(r"/\d+/", "/<n>/", parts.path) + "?" + "&".join(query_keys)


def followable(href: str) -> bool:
    return (
        href.startswith("/")
        and not href.startswith("//")
        and not any(href.startswith(prefix) for prefix in NOT_FOLLOWED)
        and "_popup=" not in href
    )


@pytest.fixture(scope="module")
def demo_world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        with time_machine.travel(TODAY, tick=False):
            demo.seed(scale="demo", today=TODAY)
        yield
        transaction.set_rollback(True)


def crawl(username):
    """Opens the role's home page and, from each page, the links it shows: returns the URLs
    opened and what was wrong."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    seen, opened, problems = set(), [], []
    pages_of_kind, links_of_kind = defaultdict(int), defaultdict(int)
    queue = [(HOMES[username], None)]
    while queue:
        url, linked_from = queue.pop(0)
        response = client.get(url)
        if response.status_code in (403, 404):
            problems.append(f"{linked_from} links to {url}: {response.status_code}")
        kind = kind_of(url)
        if (
            response.status_code != 200
            or "text/html" not in response.get("Content-Type", "")
            or pages_of_kind[kind] >= PAGES_OF_A_KIND
        ):
            continue
        pages_of_kind[kind] += 1
        opened.append(url)
        page = Page()
        page.feed(response.content.decode())
        text = " ".join(page.text)
        words = URL_OR_PATH.sub(" ", text)  # a path shown as data ("/admin/…/add/") is no prose
        english = sorted({word for word in WORD.findall(words) if word.lower() in ENGLISH})
        if english:
            where = re.search(rf".{{0,60}}\b{english[0]}\b.{{0,60}}", words, re.S)
            problems.append(f"{url}: English {english} in “{where[0].strip() if where else ''}”")
        decimals = DECIMAL_POINT.findall(DATE_OR_TIME.sub(" ", text))
        if decimals:
            problems.append(f"{url}: decimal point in {decimals[:5]}")
        for href in page.links:
            if not followable(href) or href in seen:
                continue
            seen.add(href)
            if links_of_kind[kind_of(href)] < LINKS_OF_A_KIND:
                links_of_kind[kind_of(href)] += 1
                queue.append((href, url))
    return opened, problems


@pytest.mark.parametrize("username", sorted(HOMES))
def test_every_page_a_role_reaches_links_only_where_it_may_go_and_speaks_polish(
    demo_world, db, username
):
    with time_machine.travel(TODAY, tick=False):
        opened, problems = crawl(username)
    assert len(opened) >= LEAST_PAGES[username], opened  # the crawl did reach the pages
    assert not problems, "\n".join(problems)
