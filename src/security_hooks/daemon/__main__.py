"""`python -m security_hooks.daemon` runs the daemon."""

from __future__ import annotations

import sys

from .app import main

sys.exit(main())
