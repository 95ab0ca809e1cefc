"""The user's page (``/accounts/me/``): roles, and the personal access tokens of the API.

A new token is shown once, in the answer to the POST that made it, and never again: it is not
redirected through a session or message (the message store may be a cookie), and the answer
is not cached. Revoking takes a POST (with CSRF) and touches only the user's own tokens:
anyone else's token id answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from forbedring.web.api.forms import TokenForm
from forbedring.web.api.models import AccessToken
from forbedring.web.api.tokens import create_token
from forbedring.web.api.tokens import revoke_token as revoke


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    tokens = AccessToken.objects.filter(user=request.user)
    active = sum(token.is_active for token in tokens)
    form = TokenForm(active_tokens=active)
    new_token = None
    status = 200
    if request.method == "POST":
        form = TokenForm(request.POST, active_tokens=active)
        if form.is_valid():
            _token, new_token = create_token(
                by=request.user, name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"], expires_at=form.expires_at(),
            )  # fmt: skip
            form = TokenForm(active_tokens=active + 1)
        else:
            status = 400
    memberships = request.user.memberships.select_related("team__unit", "organisation")
    context = {
        "form": form,
        "new_token": new_token,
        "tokens": tokens,
        "memberships": memberships,
    }
    return render(request, "accounts/account.html", context, status=status)


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = AccessToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404
    if revoke(token=token, by=request.user):
        messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("account")
