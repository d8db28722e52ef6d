"""Apps add to the demo data without the core knowing them: `seed_demo` imports each
installed app's `demo` module (Django's autodiscover, as for admin.py), which registers a
builder here. Builders run in INSTALLED_APPS order with the demo accounts."""

BUILDERS = []


def register(builder=None, *, last=False):
    """builder(*, accounts, stdout) -> None; must be idempotent. `last`: run after every
    other builder (figures computed from everyone's demo data)."""

    def add(fn):
        fn.demo_last = last
        BUILDERS.append(fn)
        return fn

    return add(builder) if builder is not None else add


def ordered():
    """The builders in the order they run."""
    return sorted(BUILDERS, key=lambda fn: fn.demo_last)
