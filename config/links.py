"""A link is shown only where the user may follow it.

The admin shows a read-only foreign key as a link to the related record's page whether or not
the user may open it (a manager's candidate links the person and the workshop, which answer 404
for them). Here the link is kept only when the related record's admin would show that record to
this user; otherwise the record is named without a link. The admin has no hook for it, so the
one method that makes the link is replaced when the project starts (``install``), and the
request being answered is kept for it by ``CurrentRequestMiddleware``.
"""

import contextvars

from django.contrib.admin import helpers

_request = contextvars.ContextVar("admin_request", default=None)
_django_admin_url = helpers.AdminReadonlyField.get_admin_url


class CurrentRequestMiddleware:
    """Keeps the request for the read-only links while the response, templates included, is
    made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


# A page checks at most this many related records; past them (a long read-only table) records
# are named without a link, so that a page's queries do not grow with its rows.
MOST_CHECKS_PER_PAGE = 25


def may_open(request, model_admin, obj) -> bool:
    """Whether ``request.user`` may open ``obj``'s page in ``model_admin``."""
    cache = request.__dict__.setdefault("_may_open", {})
    key = (type(obj), obj.pk)
    if key not in cache:
        if len(cache) >= MOST_CHECKS_PER_PAGE:
            return False
        cache[key] = (
            model_admin.has_view_or_change_permission(request, obj)
            and model_admin.get_queryset(request).filter(pk=obj.pk).exists()
        )
    return cache[key]


def _admin_url_if_allowed(field, remote_field, remote_obj):
    request = _request.get()
    target = field.model_admin.admin_site._registry.get(remote_field.model)
    if request is None or target is None or not may_open(request, target, remote_obj):
        return str(remote_obj)
    return _django_admin_url(field, remote_field, remote_obj)


def install():
    helpers.AdminReadonlyField.get_admin_url = _admin_url_if_allowed
