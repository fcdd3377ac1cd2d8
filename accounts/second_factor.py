"""Two-step sign-in: after the password, a code from an authenticator app (TOTP, django-otp).

- Anyone may set up an authenticator app on their profile page; it counts once a code from it
  has been accepted. Ten backup codes, each good once, come with it for a lost phone.
- A user with an authenticator app is asked for its code after the password: until the code is
  accepted the session is not verified (``user.is_verified()``), every page leads to the code
  step and the API does not count the session as signed in.
- Where ``REQUIRE_SECOND_FACTOR`` is on, a user whom the installed rule names (``config.roles
  .reads_personal_data``: administrators and whoever may read people's records, and so export
  them) must set one up before any other page opens, and gets an API token only with a code.
- Wrong codes are throttled by django-otp, per device: after the n-th wrong code in a row no code
  is checked for 2^(n-1) seconds (1, 2, 4, … — a million guesses would take longer than the
  world has), and an accepted code starts the count over. They do not count towards the
  password lockout (django-axes), which the password step has already passed.

``accounts`` imports no domain app, so who must have a second factor is a rule ``config``
installs when the apps are ready (``install``).
"""

import base64
import math
import time
from collections.abc import Callable
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex
from knox.models import AuthToken

BACKUP_CODES = 10
APP_CODE_DIGITS = 6
SESSION_SECRET = "second_factor_secret"  # the secret being set up, until a code confirms it


def _nobody(user) -> bool:
    return False


_must_have: Callable[[object], bool] = _nobody


def install(rule: Callable[[object], bool]) -> None:
    """Sets who must have a second factor where it is enforced (``config`` installs it)."""
    global _must_have
    _must_have = rule


def must_have_second_factor(user) -> bool:
    return settings.REQUIRE_SECOND_FACTOR and _must_have(user)


def has_second_factor(user) -> bool:
    """Whether ``user`` has set up an authenticator app (confirmed by a code)."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def authenticator_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


class CodeRefusedError(Exception):
    """A one-time code that was not accepted; the message says why, in the user's language."""


def _normalised(code: str) -> str:
    return "".join(str(code).split()).replace("-", "").lower()


def wait_message(device) -> str:
    _allowed, details = device.verify_is_allowed()
    locked_until = (details or {}).get("locked_until")
    seconds = 1
    if locked_until is not None:
        seconds = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    return ngettext(
        "Too many wrong codes in a row. Try again in %(seconds)d second.",
        "Too many wrong codes in a row. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}


def looks_like_app_code(code: str) -> bool:
    """Six digits: a code from the app (a backup code has eight letters and digits)."""
    code = _normalised(code)
    return code.isdigit() and len(code) == APP_CODE_DIGITS


def verify(user, code: str):
    """The device of ``user`` that accepts ``code`` (a code from the app, or a backup code, which
    is then used up). Raises ``CodeRefusedError`` for a wrong code and while throttled."""
    model = TOTPDevice if looks_like_app_code(code) else StaticDevice
    code = _normalised(code)
    refusal = _("The code is wrong or has expired. Enter the code the app shows now.")
    accepted = None
    with transaction.atomic():
        # Locked: two tabs sending the same code cannot both be accepted, nor a guess counted
        # twice as one failure.
        devices = model.objects.filter(user=user, confirmed=True).select_for_update()
        for device in devices:
            allowed, _details = device.verify_is_allowed()
            if not allowed:
                refusal = wait_message(device)
                continue
            if device.verify_token(code):  # a failure is counted (and committed) here
                accepted = device
                break
    if accepted is None:
        raise CodeRefusedError(refusal)
    return accepted


def new_secret() -> str:
    return random_hex(20)


def _unsaved_authenticator(user, secret: str) -> TOTPDevice:
    return TOTPDevice(user=user, key=secret, name=str(_("Authenticator app")), confirmed=False)


def secret_for_typing(secret: str) -> str:
    """The secret as an authenticator app asks for it when typed by hand: base32, in fours."""
    text = base64.b32encode(bytes.fromhex(secret)).decode().rstrip("=")
    return " ".join(text[start : start + 4] for start in range(0, len(text), 4))


def qr_code(user, secret: str) -> str:
    """The set-up address of ``secret`` as a QR code: an SVG ``data:`` URL for an ``<img>`` (the
    Content-Security-Policy allows images as ``data:``; the SVG is paths only, with no style)."""
    address = _unsaved_authenticator(user, secret).config_url
    image = qrcode.make(address, image_factory=qrcode.image.svg.SvgPathFillImage, border=4)
    svg = image.to_string(encoding="utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def set_up(user, secret: str, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirms the authenticator app holding ``secret`` with a ``code`` it shows, and gives the
    user new backup codes. Raises ``CodeRefusedError``, saving nothing, for a code that does not
    match."""
    code = _normalised(code)
    totp = TOTP(bytes.fromhex(secret))
    totp.time = time.time()
    # One step either way: the phone's clock and ours may differ by a few seconds.
    if not code.isdigit() or not totp.verify(int(code), tolerance=1):
        raise CodeRefusedError(_("The code does not match. Enter the code the app shows now."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = _unsaved_authenticator(user, secret)
        device.confirmed = True
        # The code just used cannot sign in again. A code one step old is the user's typing
        # time, not the phone's clock: no drift is recorded.
        device.last_t = totp.t() + totp.drift
        device.drift = 0
        device.save()
        codes = new_backup_codes(user)
        # Tokens taken with the password alone would go on working without the second step.
        AuthToken.objects.filter(user=user).delete()
    return device, codes


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Ten new backup codes for ``user``; any earlier ones stop working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Backup codes")), confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def remove(user) -> None:
    """Switches two-step sign-in off for ``user``: the authenticator app and the backup codes."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


def confirm_sign_in(request, device) -> None:
    """Marks the session verified by ``device``, under a new session key."""
    otp_login(request, device)
    request.session.cycle_key()


class SecondFactorMiddleware:
    """Holds a signed-in user at the door until the second step is done.

    A user with an authenticator app whose session is not yet verified is sent to the code step;
    where it is enforced, a user who must have one and has none is sent to set it up. Only
    signing in and out, the code step, the set-up page (for a user without an app), the language
    switch, static files and the health check stay open. In the API such a session does not count
    as signed in: a token, obtained with a code, does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @cached_property
    def open_paths(self) -> frozenset[str]:
        return frozenset(
            reverse(name)
            for name in (
                "accounts:login",
                "accounts:logout",
                "accounts:switch_language",
                "accounts:second_factor_code",
                "healthz",
            )
        )

    @cached_property
    def setup_path(self) -> str:
        return reverse("accounts:second_factor_setup")

    def __call__(self, request):
        user = request.user
        path = request.path_info
        if (
            user.is_authenticated
            and not user.is_verified()
            and path not in self.open_paths
            and not path.startswith("/" + settings.STATIC_URL.lstrip("/"))
        ):
            held = self.hold(request, user, path)
            if held is not None:
                return held
        return self.get_response(request)

    def hold(self, request, user, path):
        if has_second_factor(user):
            target = reverse("accounts:second_factor_code")
        elif must_have_second_factor(user):
            if path == self.setup_path:
                return None
            target = self.setup_path
        else:
            return None
        if path.startswith("/api/"):
            request.user = AnonymousUser()
            return None
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
