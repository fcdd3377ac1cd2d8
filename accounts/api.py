from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from knox import views as knox_views
from knox.models import AuthToken
from knox.settings import knox_settings
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import second_factor
from accounts.security import lockout_message
from common.schema import TOO_MANY_REQUESTS


class LockedOut(exceptions.Throttled):
    """Too many failed sign-ins for this name or address (django-axes)."""

    def __init__(self):
        super().__init__(detail=lockout_message())


class CredentialsSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("username"))
    password = serializers.CharField(
        label=_("password"), style={"input_type": "password"}, trim_whitespace=False
    )
    otp = serializers.CharField(
        label=_("one-time code"),
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=_(
            "The 6-digit code the user's authenticator app shows now, or one of their backup "
            "codes. Required from every user who has set up two-step sign-in, and — where "
            "two-step sign-in is enforced — from administrators and everyone who may read "
            "people's records."
        ),
    )

    def validate(self, attrs):
        request = self.context.get("request")
        user = authenticate(request=request, username=attrs["username"], password=attrs["password"])
        if getattr(request, "axes_locked_out", False):
            raise LockedOut
        if user is None:
            raise serializers.ValidationError(
                _("Unable to log in with these credentials."), code="authorization"
            )
        check_second_factor(user, attrs.get("otp", ""))
        attrs["user"] = user
        return attrs


def check_second_factor(user, code: str) -> None:
    """A token only with the second step, for whoever signs in to the pages with one."""
    if not second_factor.has_second_factor(user):
        if second_factor.must_have_second_factor(user):
            raise serializers.ValidationError(
                {
                    "otp": _(
                        "This account must sign in in two steps: set up an authenticator app on "
                        "your settings page (/accounts/profile/) first."
                    )
                },
                code="otp_not_set_up",
            )
        return
    if not code:
        raise serializers.ValidationError(
            {"otp": _("Send the 6-digit code from your authenticator app as “otp”.")},
            code="otp_required",
        )
    try:
        second_factor.verify(user, code)
    except second_factor.CodeRefusedError as refused:
        raise serializers.ValidationError({"otp": str(refused)}, code="otp_refused") from None


class ObtainTokenView(APIView):
    """Exchanges a username and password — and, for an account that signs in in two steps, a
    one-time code (``otp``) — for an API token that expires.

    Only a hash of the token is stored; send it back as ``Authorization: Token <token>``.
    """

    authentication_classes = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    @extend_schema(
        request=CredentialsSerializer,
        responses={
            200: inline_serializer(
                "TokenResponse",
                {"token": serializers.CharField(), "expiry": serializers.DateTimeField()},
            ),
            # The token throttle, or a lockout after repeated failed sign-ins (django-axes).
            429: TOO_MANY_REQUESTS,
        },
        auth=[],
    )
    def post(self, request):
        credentials = CredentialsSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        instance, token = AuthToken.objects.create(
            user=credentials.validated_data["user"], expiry=knox_settings.TOKEN_TTL
        )
        return Response({"token": token, "expiry": instance.expiry}, status=status.HTTP_200_OK)


class LogoutView(knox_views.LogoutView):
    """Revokes the token this request was sent with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)


class LogoutAllView(knox_views.LogoutAllView):
    """Revokes every API token of the user: after a lost device, or to start afresh."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format)
