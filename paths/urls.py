from django.urls import path

from paths import views

app_name = "paths"
urlpatterns = [
    path("<int:pk>/path/", views.path_page, name="path"),
    path("<int:pk>/path/easy/", views.easy_page, name="easy"),
]
