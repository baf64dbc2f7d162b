"""The drawing server a mutation run's tests draw through (tests/svg_server.py)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import vl_convert

from tests.svg_server import SVG_SERVER_VARIABLE, request_svg

REPO = Path(__file__).resolve().parent.parent
SPEC = {
    "data": {"values": [{"year": 2004, "n": 1}, {"year": 2005, "n": 3}]},
    "mark": "line",
    "encoding": {
        "x": {"field": "year", "type": "ordinal"},
        "y": {"field": "n", "type": "quantitative"},
    },
}


def test_the_server_draws_what_vl_convert_draws_and_passes_its_errors_on(tmp_path: Path) -> None:
    address = tmp_path / "svg.sock"
    server = subprocess.Popen([sys.executable, "-m", "tests.svg_server", str(address)], cwd=REPO)
    try:
        for _ in range(300):
            if address.exists():
                break
            time.sleep(0.1)
        assert request_svg(str(address), SPEC) == vl_convert.vegalite_to_svg(SPEC)
        assert request_svg(str(address), SPEC) == vl_convert.vegalite_to_svg(SPEC)  # kept
        with pytest.raises(ValueError, match="vl-convert could not draw"):
            request_svg(str(address), {"mark": "no such mark"})
    finally:
        server.kill()


def test_the_mutation_tool_names_the_variable_the_tests_read() -> None:
    tool = (REPO / "tools" / "mutation_score.py").read_text(encoding="utf-8")
    assert f'SVG_SERVER_VARIABLE = "{SVG_SERVER_VARIABLE}"' in tool
