"""``python -m billing_sandbox``: the same as the ``billing-sandbox`` command."""

import sys

from billing_sandbox.cli import main

sys.exit(main())
