"""The staff's accounts in the admin, for the editors, and the login lockout's page.

Editors (``directory.curation.roles``) add and change staff accounts and give them a role, but can
neither make anyone a superuser nor change a superuser's account, nor grant permissions one by
one: roles are groups, defined in code.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..curation.roles import ROLE_PERMISSIONS

# Too Many Requests, as django-axes answers by default.
LOCKED_OUT = 429


admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj=None) -> tuple[str, ...]:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return (*readonly, "is_superuser", "user_permissions", "last_login", "date_joined")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def formfield_for_manytomany(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            # The roles only: a group an editor could not see the permissions of is not offered.
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_PERMISSIONS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


# django-axes records the username each failed login typed, in a column of 255 characters.
USERNAME_MAX_LENGTH = User._meta.get_field("username").max_length


def login_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The username a login attempt typed, cut to the length a username may have: what
    django-axes counts and records (``AXES_USERNAME_CALLABLE``). No account has a longer one,
    and one of 2,000 characters was a server error."""
    source = credentials if credentials is not None else request.POST
    username = source.get("username")
    return username[:USERNAME_MAX_LENGTH] if isinstance(username, str) else username


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """django-axes's answer to a locked-out client (``AXES_LOCKOUT_CALLABLE``): a page in
    French that says for how long."""
    hours = int(settings.AXES_COOLOFF_TIME.total_seconds() // 3600)
    # What is locked: the account when failures are counted by username (the default, see
    # settings.py), otherwise the client's address.
    by_username = any(
        "username" in ([parameter] if isinstance(parameter, str) else parameter)
        for parameter in settings.AXES_LOCKOUT_PARAMETERS
    )
    context = {
        **admin.site.each_context(request),
        "title": "Connexion bloquée",
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "hours": hours,
        "by_username": by_username,
    }
    response: HttpResponse = render(request, "admin/locked_out.html", context, status=LOCKED_OUT)
    return response
