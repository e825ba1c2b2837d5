"""The security-hook command line: one module per verb, dispatched from main.py."""
