"""`python -m tools.compat`: see tools/compat/__init__.py."""
from tools.compat import main

raise SystemExit(main())
