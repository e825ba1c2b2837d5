"""security-hooks: a defence-in-depth guard for AI coding agents."""

__version__ = "0.1.0"
