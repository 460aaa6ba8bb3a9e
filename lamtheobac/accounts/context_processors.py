from lamtheobac.core import access

from .models import Role


def scope(request):
    """The units the signed-in user holds roles at, for the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def roles():
        return list(Role.objects.filter(user=user).select_related("unit").order_by("unit__path"))

    def sees_audit_trail():
        # The trail is for unit admins; the menu offers no link that would answer 404.
        return access.scope_paths(user, access.Action.ADMIN) != []

    return {
        "my_roles": roles,
        "is_unrestricted": access.is_unrestricted(user),
        "sees_audit_trail": sees_audit_trail,
    }
