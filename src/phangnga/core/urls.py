from django.urls import path

from . import token_pages, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("map", views.place_map, name="map"),
    path("accounts/tokens/", token_pages.my_tokens, name="tokens"),
    path("accounts/tokens/<int:pk>/revoke", token_pages.revoke, name="token-revoke"),
]
