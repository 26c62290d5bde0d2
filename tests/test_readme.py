"""The README's copy of `billing-sandbox routes` is what the command prints."""

from __future__ import annotations

import re

from support.server import ROOT

from billing_sandbox.cli import main


def test_the_readme_lists_the_operations_routes_prints(capsys):
    assert main(["routes"]) == 0
    printed = capsys.readouterr().out.rstrip("\n")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    copy = re.search(r"<!-- routes:begin -->\n```\n(.*?)\n```\n<!-- routes:end -->", readme,
                     re.S)
    assert copy is not None, "README.md has no routes block"
    assert copy.group(1) == printed, "update README.md with `billing-sandbox routes`"
