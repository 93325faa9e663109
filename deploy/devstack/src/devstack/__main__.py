"""Entry point for `python -m devstack`."""

from devstack.cli import main

raise SystemExit(main())
