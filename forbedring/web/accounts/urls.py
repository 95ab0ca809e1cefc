"""The user's own page: who they are, their roles, their personal access tokens."""

from django.urls import path

from forbedring.web.accounts import views

urlpatterns = [
    path("me/", views.account, name="account"),
    path("me/tokens/<int:token_id>/revoke/", views.revoke_token, name="account_revoke_token"),
]
