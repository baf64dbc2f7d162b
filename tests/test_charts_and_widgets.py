"""Every chart recipe compiles to valid Vega-Lite and renders offline; widgets drive their charts."""

from __future__ import annotations

import importlib
import inspect
import os
import pkgutil
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import altair as alt
import pytest
import vl_convert

import cartel_lab
from cartel_lab import charts, widgets
from cartel_lab.data import load
from cartel_lab.palette import OKABE_ITO
from tests.vega_spec import svg


def _package_modules() -> list[ModuleType]:
    """Every module of cartel_lab, so a new topic's chart recipes are tested without listing them."""
    return [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(cartel_lab.__path__, "cartel_lab.")
        if not info.ispkg
    ]


def recipes(*suffixes: str) -> list[Callable]:
    """Every public function of the package named ``*<suffix>`` that runs with no arguments."""
    return [
        function
        for module in _package_modules()
        for name, function in inspect.getmembers(module, inspect.isfunction)
        if name.endswith(suffixes)
        and not name.startswith("_")
        and function.__module__ == module.__name__
        and all(
            p.default is not inspect.Parameter.empty
            for p in inspect.signature(function).parameters.values()
        )
    ]


CHART_RECIPES = recipes("_chart")


def _encodings(spec: dict) -> list[tuple[str, dict]]:
    layers = spec.get("layer", [spec])
    return [
        (channel, enc) for layer in layers for channel, enc in layer.get("encoding", {}).items()
    ]


def test_charts_render_offline() -> None:
    assert alt.renderers.active == "jupyter"
    assert alt.JupyterChart._is_offline, "charts would load Vega from a CDN"


def test_charts_and_explorers_draw_as_svg_so_screen_readers_get_axes_and_marks() -> None:
    # Vega writes the ARIA labels and roles of axes and marks only into SVG, never onto its
    # default <canvas>; the browser tests read the drawn marks from that SVG.
    assert alt.renderers.options.get("embed_options") == {"renderer": "svg"}
    assert charts.live_chart(charts.claims_by_kind_chart()).embed_options == {"renderer": "svg"}
    package = Path(cartel_lab.__file__).parent
    direct = [
        path.name
        for path in sorted(package.rglob("*.py"))
        if "alt.JupyterChart(" in path.read_text(encoding="utf-8") and path.name != "charts.py"
    ]
    assert not direct, f"build explorers' charts with charts.live_chart (SVG): {direct}"


@pytest.mark.parametrize("recipe", CHART_RECIPES, ids=lambda f: f.__name__)
def test_chart_is_valid_titled_described_and_renders(recipe: Callable[[], alt.Chart]) -> None:
    chart = recipe()
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    assert spec["title"]["text"], "a chart needs a title"
    assert spec["title"].get("subtitle"), "a chart needs a source line"
    assert any("Source" in line for line in spec["title"]["subtitle"])
    assert len(spec.get("description", "")) > 40, "a chart needs a text description"
    for channel, encoding in _encodings(spec):
        if channel in ("x", "y") and "field" in encoding:
            assert encoding.get("title"), f"the {channel} axis needs a title"
    image = svg(spec)
    assert image.lstrip().startswith("<svg") and "<text" in image


def _colours(node: object) -> set[str]:
    """Every fixed colour value under a color, fill or stroke encoding of a spec."""
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("color", "fill", "stroke") and isinstance(value, dict):
                found |= {v for v in _values(value) if isinstance(v, str)}
            found |= _colours(value)
    elif isinstance(node, list):
        for item in node:
            found |= _colours(item)
    return found


def _values(encoding: dict) -> list[object]:
    conditions = encoding.get("condition", [])
    conditions = conditions if isinstance(conditions, list) else [conditions]
    return (
        [encoding.get("value")]
        + [c.get("value") for c in conditions]
        + encoding.get("scale", {}).get("range", [])
    )


@pytest.mark.parametrize("recipe", CHART_RECIPES, ids=lambda f: f.__name__)
def test_chart_uses_only_the_colour_blind_safe_palette(recipe: Callable[[], alt.Chart]) -> None:
    allowed = {*OKABE_ITO, charts.MUTED, "black"}
    colours = _colours(recipe().to_dict())
    assert colours, "no colour found: the test would accept anything"
    assert colours <= allowed, f"colours outside the palette: {colours - allowed}"


def test_claims_explorer_moves_the_highlight_and_the_table_together() -> None:
    explorer = widgets.claims_explorer()
    picker, chart, table = explorer.children
    assert chart.params.selected_kind == picker.value == "empirical"
    picker.value = "normative"
    assert chart.params.selected_kind == "normative"
    claims = load("article_claims")
    expected = claims.loc[claims["primary_kind"] == "normative", "claim_id"]
    assert all(claim_id in table.value for claim_id in expected)
    assert f"{len(expected)} claims of kind" in table.value
    picker.value = "causal"
    assert "1 claim of kind" in table.value, "one claim, not 'claims' or 'claim(s)'"


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# JupyterLab's light theme: a toggle button's face, and the page behind it.
JUPYTERLAB_BUTTON_FACES = ("#EEEEEE", "#BDBDBD", "#FFFFFF")


def test_the_selected_kind_shows_without_colour() -> None:
    """A check mark, bold text and an outline that contrasts 3:1 or more with the button."""
    picker, _, table = widgets.claims_explorer().children
    assert widgets.PICKER_CLASS in picker._dom_classes
    rule = re.search(
        rf"\.{widgets.PICKER_CLASS} \.widget-toggle-button\.mod-active \{{([^}}]*)\}}", table.value
    )
    assert rule, "no style for the selected button"
    assert "font-weight: bold" in rule[1]
    outline = re.search(r"outline: (\d+)px solid (#[0-9A-Fa-f]{6})", rule[1])
    assert outline and int(outline[1]) >= 2
    assert all(contrast(outline[2], face) >= 3 for face in JUPYTERLAB_BUTTON_FACES)
    mark = re.search(r"mod-active::before \{ content: \"(.+?) \"; \}", table.value)
    assert mark and mark[1] == "✓"
    assert contrast("#000000", "#FFFFFF") > 20 and contrast("#777777", "#FFFFFF") < 4.5


_BUNDLE_PROBE = """
import sys
import cartel_lab.charts as charts
import altair as alt
print(alt.JupyterChart._is_offline, charts.offline_bundle_cache(), len(alt.JupyterChart._esm))
print("rfc3987_syntax" in sys.modules and sys.modules["rfc3987_syntax"] is None)
"""


@pytest.mark.parametrize("xdg", [None, "", "cache-here"], ids=["unset", "empty", "set"])
def test_the_bundle_is_cached_under_xdg_cache_home_or_the_home_cache(
    xdg: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / xdg) if xdg else "")
    root = tmp_path / xdg if xdg else tmp_path / "home" / ".cache"
    name = f"altair-{alt.__version__}-vl-convert-{vl_convert.__version__}.js"
    assert charts.offline_bundle_cache() == root / "cartel_lab" / name


def test_switching_offline_bundles_once_then_reads_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same steps as the kernel test below, in this process, with a stand-in bundler."""
    for attribute in ("_esm", "_is_offline"):  # restored after the test
        monkeypatch.setattr(alt.JupyterChart, attribute, getattr(alt.JupyterChart, attribute))
    bundled: list[str] = []

    def bundle() -> None:
        bundled.append("bundled")
        alt.JupyterChart._esm = "// the bundle"
        alt.JupyterChart._is_offline = True

    monkeypatch.setattr(alt.JupyterChart, "enable_offline", bundle)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not" / "made yet"))
    cache = charts.offline_bundle_cache()
    alt.JupyterChart._is_offline = False
    alt.renderers.enable("default")
    charts.switch_charts_offline()
    assert bundled == ["bundled"] and cache.read_text(encoding="utf-8") == "// the bundle"
    assert list(cache.parent.iterdir()) == [cache], "no partial file is left behind"
    assert alt.renderers.active == "jupyter"
    assert alt.renderers.options == {"offline": True, "embed_options": {"renderer": "svg"}}

    cache.write_text("// planted", encoding="utf-8")
    alt.JupyterChart._esm, alt.JupyterChart._is_offline = "", False
    charts.switch_charts_offline()
    assert bundled == ["bundled"], "read from the cache, not bundled again"
    assert (alt.JupyterChart._esm, alt.JupyterChart._is_offline) == ("// planted", True)

    cache.unlink()  # its folder is there now: bundled again and written again
    charts.switch_charts_offline()
    assert (
        bundled == ["bundled", "bundled"] and cache.read_text(encoding="utf-8") == "// the bundle"
    )

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "planted-bundle-is-a-file"))
    (tmp_path / "planted-bundle-is-a-file").write_text("", encoding="utf-8")
    charts.switch_charts_offline()  # the cache cannot be written: bundle anyway, never raise
    assert bundled == ["bundled"] * 3 and alt.JupyterChart._esm == "// the bundle"


def test_the_offline_bundle_is_made_once_then_read_from_the_cache(tmp_path: Path) -> None:
    """A fresh kernel reads the offline JavaScript from disk instead of bundling it again."""
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}

    def probe() -> list[str]:
        run = subprocess.run(
            [sys.executable, "-c", _BUNDLE_PROBE],
            env=environment,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert run.returncode == 0, run.stderr[-2000:]
        return run.stdout.split()

    offline, path, length, skipped = probe()
    cache = Path(path)
    assert offline == "True" and cache.is_relative_to(tmp_path) and cache.is_file()
    assert int(length) == len(cache.read_text(encoding="utf-8")) > 100_000, "the real bundle"
    assert skipped == "True", "the slow IRI grammar is not built in a lesson's kernel"
    cache.write_text("// planted bundle", encoding="utf-8")
    offline, _, length, _ = probe()
    assert offline == "True" and int(length) == len("// planted bundle"), "read, not rebuilt"


def test_a_topic_chart_module_imports_altair_without_the_iri_grammar() -> None:
    """Its `import altair` sorts above `cartel_lab` imports; the package still runs first."""
    probe = (
        "import sys, cartel_lab.coalition_charts\n"
        "print(sys.modules.get('rfc3987_syntax', 'absent') is None)"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300, check=True
    )
    assert run.stdout.split() == ["True"], "Altair's import would build the unused IRI grammar"
