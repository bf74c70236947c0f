"""Hand-written resource methods: the ones that do more than pass their arguments on.

Each module holds one base class, ``Async<Resource>Handwritten``, that the generated
resource class in ``poststack/_async/<resource>.py`` extends. Add a resource's module here
and run ``python scripts/generate.py``: the generated class then picks it up.
"""
