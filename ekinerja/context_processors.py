from .access import admin_scope


def roles(request):
    """What the navigation may show. Cheap: admin scope is a column on the user; whether
    someone is an atasan is decided on the home page, not on every request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = admin_scope(user)
    return {"nav_admin": scope is not None, "nav_scope": scope}
