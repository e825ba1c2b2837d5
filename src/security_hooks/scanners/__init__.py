"""Content scanners: secrets, risky-code reminders and users' pattern files.

Each module is a pure library (no I/O except `user_patterns.load_user_patterns`)
and is imported on its own, so loading one scanner never pays for another.
"""
