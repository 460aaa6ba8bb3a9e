from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from lamtheobac.core import access
from lamtheobac.core.errors import DomainError, Throttled
from lamtheobac.core.views import add_domain_error

from . import services
from .forms import LoginForm
from .models import Role


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@never_cache
@csrf_protect
def login_view(request):
    status = 200
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.login_user(
                request, username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
        except DomainError as error:
            add_domain_error(form, error)
            if isinstance(error, Throttled):
                status = error.status
        else:
            login(request, user)
            return redirect(_safe_next(request))
    elif request.method == "GET" and request.user.is_authenticated:
        return redirect(_safe_next(request))
    context = {"form": form, "next": request.POST.get("next") or request.GET.get("next", "")}
    return render(request, "accounts/login.html", context, status=status)


@require_POST
def logout_view(request):
    logout(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
@require_POST
def revoke_role(request, pk):
    role = access.get_for_user(
        Role.objects.select_related("unit", "user"), request.user, access.Action.ADMIN, pk=pk
    )
    try:
        services.revoke_role(role, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("%(user)s no longer has the role %(role)s at %(unit)s.")
            % {"user": role.user.get_username(), "role": role.get_kind_display(), "unit": role.unit.name},
        )
    return redirect("units:detail", pk=role.unit_id)
