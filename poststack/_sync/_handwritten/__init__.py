# Generated from poststack/_async/_handwritten/__init__.py by scripts/unasync.py; do not edit by hand.
"""Hand-written resource methods: the ones that do more than pass their arguments on.

Each module holds one base class, ``Async<Resource>Handwritten``, that the generated
resource class in ``poststack/_sync/<resource>.py`` extends. Add a resource's module here
and run ``python scripts/generate.py``: the generated class then picks it up.
"""
