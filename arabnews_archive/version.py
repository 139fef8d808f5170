"""The package's version, in a module of its own: every layer can name it without
importing the package's public face, which reaches up to `Archive`."""

__version__ = "0.1.0"
