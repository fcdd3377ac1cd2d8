from contextlib import suppress

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import second_factor
from accounts.middleware import SUPPORTED_LANGUAGES
from accounts.models import SavedView, User


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def switch_language(request):
    """Remember the chosen language: on the user's profile when signed in, in a cookie always."""
    language = request.POST.get("language")
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language not in SUPPORTED_LANGUAGES:
        return response
    if request.user.is_authenticated and request.user.language != language:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 60 * 60,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("language", "wants_digest")


@login_required
def profile(request):
    """The user's own settings: the language of the pages and whether the daily digest comes."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings are saved."))
        response = redirect("accounts:profile")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            request.user.language,
            max_age=365 * 24 * 60 * 60,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
        return response
    context = {
        "form": form,
        "authenticator": second_factor.authenticator_of(request.user),
        "backup_codes_left": second_factor.backup_codes_left(request.user),
        "must_have_second_factor": second_factor.must_have_second_factor(request.user),
        "removal_form": RemoveSecondFactorForm(),
    }
    return render(request, "accounts/profile.html", context)


SAVED_VIEWS_PER_USER = 30


@login_required
@require_POST
def save_view(request):
    """Keeps the list the user is on (``address``, an admin list) under ``name``; the same name
    again replaces it."""
    address = request.POST.get("address", "")
    name = request.POST.get("name", "").strip()[: SavedView._meta.get_field("name").max_length]
    is_list = address.startswith("/admin/") and url_has_allowed_host_and_scheme(
        address, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not is_list or len(address) > SavedView._meta.get_field("address").max_length:
        messages.error(request, _("Only a list of these pages can be saved as a view."))
        return redirect("admin:index")
    if not name:
        messages.error(request, _("Give the view a name."))
        return HttpResponseRedirect(address)
    with transaction.atomic():
        kept = SavedView.objects.select_for_update().filter(user=request.user)
        if kept.count() >= SAVED_VIEWS_PER_USER and not kept.filter(name=name).exists():
            messages.error(
                request,
                _("You keep %(count)d views already: delete one on the home page first.")
                % {"count": SAVED_VIEWS_PER_USER},
            )
            return HttpResponseRedirect(address)
        # The same name saved twice at the same moment: the first one is there, and stays.
        with suppress(IntegrityError), transaction.atomic():
            SavedView.objects.update_or_create(
                user=request.user, name=name, defaults={"address": address}
            )
    messages.success(request, _("The view “%(name)s” is saved on the home page.") % {"name": name})
    return HttpResponseRedirect(address)


@login_required
@require_POST
def delete_view(request, pk):
    view = get_object_or_404(SavedView, pk=pk, user=request.user)
    view.delete()
    messages.success(request, _("The view “%(name)s” is deleted.") % {"name": view.name})
    return redirect("admin:index")


def _safe_next(request, fallback="home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(fallback)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "off", "spellcheck": "false"}
        ),
    )


@never_cache  # a secret or codes shown once: no copy kept by the browser
@login_required
def second_factor_code(request):
    """The second step of signing in: a code from the authenticator app, or a backup code."""
    next_url = _safe_next(request)
    if request.user.is_verified():
        return HttpResponseRedirect(next_url)
    if not second_factor.has_second_factor(request.user):
        if second_factor.must_have_second_factor(request.user):
            return redirect("accounts:second_factor_setup")
        return HttpResponseRedirect(next_url)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = second_factor.verify(request.user, form.cleaned_data["code"])
        except second_factor.CodeRefusedError as refused:
            form.add_error("code", str(refused))
        else:
            second_factor.confirm_sign_in(request, device)
            return HttpResponseRedirect(next_url)
    return render(request, "accounts/second_factor_code.html", {"form": form, "next": next_url})


@never_cache  # a secret or codes shown once: no copy kept by the browser
@login_required
def second_factor_setup(request):
    """Setting up an authenticator app: scan the QR code (or type the secret), confirm with a code.
    Nothing is saved until a code from the app is accepted."""
    if second_factor.has_second_factor(request.user):
        messages.info(request, _("Two-step sign-in is already on."))
        return redirect("accounts:profile")
    secret = request.session.get(second_factor.SESSION_SECRET)
    if not secret:
        secret = request.session[second_factor.SESSION_SECRET] = second_factor.new_secret()
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = second_factor.set_up(request.user, secret, form.cleaned_data["code"])
        except second_factor.CodeRefusedError as refused:
            form.add_error("code", str(refused))
        else:
            del request.session[second_factor.SESSION_SECRET]
            second_factor.confirm_sign_in(request, device)
            return render(
                request,
                "accounts/second_factor_backup_codes.html",
                {"codes": codes, "next": _safe_next(request), "just_set_up": True},
            )
    context = {
        "form": form,
        "qr_code": second_factor.qr_code(request.user, secret),
        "secret": second_factor.secret_for_typing(secret),
        "must_have": second_factor.must_have_second_factor(request.user),
        "next": _safe_next(request),
    }
    return render(request, "accounts/second_factor_setup.html", context)


class RemoveSecondFactorForm(forms.Form):
    confirmation = forms.CharField(
        label=gettext_lazy("Your password or a code from the app"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


@login_required
@require_POST
def second_factor_remove(request):
    """Switches two-step sign-in off, once the user confirms with the password or a code."""
    form = RemoveSecondFactorForm(request.POST)
    device = second_factor.authenticator_of(request.user)
    if device is None:
        return redirect("accounts:profile")
    if not form.is_valid():
        messages.error(request, _("Enter your password or a code from the app."))
        return redirect("accounts:profile")
    confirmation = form.cleaned_data["confirmation"]
    allowed, _details = device.verify_is_allowed()
    if not allowed:  # throttled like a code: a taken-over session cannot guess the password here
        messages.error(request, second_factor.wait_message(device))
        return redirect("accounts:profile")
    if not request.user.check_password(confirmation):
        try:
            second_factor.verify(request.user, confirmation)
        except second_factor.CodeRefusedError:
            if not second_factor.looks_like_app_code(confirmation):
                device.throttle_increment()  # a wrong password counts as a wrong code
            messages.error(
                request,
                _("Neither the password nor the code was accepted: two-step sign-in is still on."),
            )
            return redirect("accounts:profile")
    second_factor.remove(request.user)
    messages.success(request, _("Two-step sign-in is off."))
    return redirect("accounts:profile")


@never_cache  # a secret or codes shown once: no copy kept by the browser
@login_required
@require_POST
def second_factor_backup_codes(request):
    """New backup codes, shown once; the earlier ones stop working."""
    if not second_factor.has_second_factor(request.user):
        return redirect("accounts:profile")
    codes = second_factor.new_backup_codes(request.user)
    return render(
        request,
        "accounts/second_factor_backup_codes.html",
        {"codes": codes, "next": resolve_url("accounts:profile"), "just_set_up": False},
    )
