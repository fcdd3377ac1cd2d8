from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.second_factor_code, name="second_factor_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="switch_language"),
    path("profile/", views.profile, name="profile"),
    path("two-step/", views.second_factor_setup, name="second_factor_setup"),
    path("two-step/remove/", views.second_factor_remove, name="second_factor_remove"),
    path(
        "two-step/backup-codes/",
        views.second_factor_backup_codes,
        name="second_factor_backup_codes",
    ),
    path("views/", views.save_view, name="save_view"),
    path("views/<int:pk>/delete/", views.delete_view, name="delete_view"),
]
