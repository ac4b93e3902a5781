"""The "My API tokens" page: the signed-in user's tokens, a form to make one, a button to revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from . import tokens
from .access import visible_tokens
from .models import ApiToken


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        required=False,
        help_text=_("What the token is for, e.g. the phone or device that will use it."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_tokens(request):
    form = TokenForm(request.POST if request.method == "POST" else None)
    new_raw = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _token, new_raw = tokens.issue(request, request.user, form.cleaned_data["name"])
            form = TokenForm()
            status = 201
        else:
            status = 422
    # The page is "my" tokens, an admin's too; an admin manages others' in the API or /admin/.
    mine = visible_tokens(request.user).filter(user=request.user)
    return render(
        request, "core/tokens.html", {"tokens": mine, "form": form, "new_raw": new_raw}, status=status
    )


@login_required
@require_POST
def revoke(request, pk: int):
    token = visible_tokens(request.user).filter(pk=pk).first()
    if token is None:
        raise Http404("token")
    tokens.revoke(request, token)
    messages.success(
        request, gettext("Token %(prefix)s… revoked: it is refused from now on.") % {"prefix": token.prefix}
    )
    return redirect("core:tokens")
