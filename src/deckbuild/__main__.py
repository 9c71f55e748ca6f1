"""`python -m deckbuild` — the same as the `deckbuild` command."""

import sys

from .cli import main

sys.exit(main())
