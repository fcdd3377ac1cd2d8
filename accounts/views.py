from contextlib import suppress

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

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
    return render(request, "accounts/profile.html", {"form": form})


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
