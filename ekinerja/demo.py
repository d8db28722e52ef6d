"""Apps add to the demo data without the core knowing them: `seed_demo` imports each
installed app's `demo` module (Django's autodiscover, as for admin.py), which registers a
builder here. Builders run in INSTALLED_APPS order with the demo accounts."""

BUILDERS = []


def register(builder):
    """builder(*, accounts, stdout) -> None; must be idempotent."""
    BUILDERS.append(builder)
    return builder
