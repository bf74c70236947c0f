"""The version of this distribution (read by hatch at build time and sent in User-Agent).

A 1.0 pre-release: it sorts above the official ``poststack`` 0.9.0 that it succeeds, so a
pin ``poststack>=0.9`` accepts it and ``pip install -U`` never replaces it with 0.9.0.
"""

__version__ = "1.0.0a1"
