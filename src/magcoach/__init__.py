"""magcoach: could low magnesium be part of my back pain, and what can I do about it?

The public Python API is small and grows with the features; heavy modules are imported lazily
so that the command line starts quickly.
"""

from magcoach.errors import MagcoachError

__all__ = ["MagcoachError", "__version__"]
__version__ = "0.1.0"
