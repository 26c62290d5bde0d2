"""The ledger stays pure: standard library and its own modules only, and no vendor names."""

import ast
import sys
from pathlib import Path

import billing_sandbox.core as core

CORE = Path(core.__file__).parent
SOURCES = sorted(CORE.glob("*.py"))


def test_core_imports_only_the_standard_library_and_itself():
    outside = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                if node.level > 1:
                    outside.append(f"{path.name}: from {'.' * node.level}{node.module or ''}")
                continue
            if isinstance(node, ast.ImportFrom):
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "__future__" and top not in sys.stdlib_module_names:
                    outside.append(f"{path.name}: import {name}")
    assert len(SOURCES) > 10 and outside == []


def test_core_never_names_a_vendor():
    vendors = ("zenskar", "chargebee", "dayzero")
    named = [p.name for p in SOURCES for v in vendors if v in p.read_text().lower()]
    assert named == []


def test_everything_exported_exists():
    missing = [name for name in core.__all__ if not hasattr(core, name)]
    assert missing == []
