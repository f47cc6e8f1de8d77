"""lecture10.demos: precomputed tables, controls as Altair parameters and ipywidgets, the demo's output."""
from __future__ import annotations

import json
import math
import re

import altair as alt
import ipywidgets as widgets
import numpy as np
import pytest

from lecture10 import demos


def test_values_are_the_slider_steps_without_float_noise() -> None:
    assert demos.values(0.5, 1.5, 0.05) == [round(0.5 + 0.05 * i, 2) for i in range(21)]
    assert demos.values(1, 100, 1) == list(range(1, 101))
    assert all(isinstance(v, int) for v in demos.values(2, 10, 2))
    assert demos.values(2.5, 4.0, 0.05)[-1] == 4.0
    with pytest.raises(ValueError):
        demos.values(1.0, 0.5, 0.1)


def test_grid_has_one_row_per_point_and_parameter_combination() -> None:
    steps = np.arange(3)
    rows = demos.grid(lambda w, kind: {"t": steps, "y": w**steps, "kind_len": len(kind)},
                      w=[0.5, 2.0], kind=["a", "bb"])
    assert len(rows) == 2 * 2 * 3
    assert rows[0] == {"w": 0.5, "kind": "a", "t": 0, "y": 1.0, "kind_len": 1}
    last = rows[-1]
    assert (last["w"], last["kind"], last["t"], last["y"], last["kind_len"]) == (2.0, "bb", 2, 4.0, 2)
    json.dumps(rows)  # plain JSON: numpy scalars converted


def test_grid_rounds_to_six_significant_digits_and_drops_non_finite_values() -> None:
    rows = demos.grid(lambda a: {"y": np.array([math.pi * a, np.inf, np.nan])}, a=[1e-20])
    assert rows[0]["y"] == 3.14159e-20
    assert rows[1]["y"] is None and rows[2]["y"] is None


def test_grid_rejects_ragged_columns() -> None:
    with pytest.raises(ValueError, match="different lengths"):
        demos.grid(lambda a: {"x": np.arange(3), "y": np.arange(4)}, a=[1])


def test_controls_validate_their_start_value() -> None:
    with pytest.raises(ValueError):
        demos.slider("w", 0.5, 1.5, 0.05, value=2.0)
    with pytest.raises(ValueError):
        demos.choice("activation", ["tanh", "sigmoid"], value="relu")


def test_slider_filter_selects_the_grid_row_of_the_current_value() -> None:
    """The Vega expression keeps exactly the rows computed at the slider's value (half a step of tolerance)."""
    w = demos.slider("w", 0.5, 1.5, 0.05, value=1.1)
    expression = w.selects()
    match = re.fullmatch(r'abs\(datum\["w"\] - w\) < ([0-9.]+)', expression)
    assert match and float(match.group(1)) == pytest.approx(0.025)
    kept = [v for v in w.values if abs(v - 1.1000000000000003) < float(match.group(1))]
    assert kept == [1.1]
    assert demos.choice("act", ["tanh", "sigmoid"], value="tanh").selects() == 'datum["act"] === act'
    k = demos.slider("k", 1, 100, 1, value=50)
    assert k.at_least("t") == 'datum["t"] <= k'
    assert k.uses == [{"column": "t", "rule": "at_most"}]


def test_controls_become_bound_parameters_and_matching_widgets() -> None:
    w = demos.slider("w", 0.5, 1.5, 0.05, value=1.1, label="weight w")
    param = w.param.param.to_dict()
    assert param["name"] == "w" and param["value"] == 1.1
    assert param["bind"] == {"input": "range", "min": 0.5, "max": 1.5, "step": 0.05, "name": "weight w "}
    slider = w.widget()
    assert isinstance(slider, widgets.FloatSlider)
    assert (slider.min, slider.max, slider.step, slider.value) == (0.5, 1.5, 0.05, 1.1)
    assert isinstance(demos.slider("T", 2, 200, 1, value=50).widget(), widgets.IntSlider)
    menu = demos.choice("activation", ["identity", "tanh"], value="tanh")
    assert menu.param.param.to_dict()["bind"]["options"] == ["identity", "tanh"]
    assert isinstance(menu.widget(), widgets.Dropdown) and menu.widget().value == "tanh"


def _power_demo(live=None) -> demos.Demo:
    w = demos.slider("w", 0.5, 1.5, 0.05, value=1.1)
    k = demos.slider("k", 1, 20, 1, value=10)
    steps = np.arange(21)
    table = demos.grid(lambda w: {"t": steps, "power": w**steps}, w=w.values)
    chart = (alt.Chart(demos.data(table)).mark_line().encode(x="t:Q", y="power:Q")
             .transform_filter(w.selects()).transform_filter(k.at_least("t")))
    return demos.show(chart, [w, k], live=live, description="w to the power t")


def test_show_binds_the_controls_and_describes_them_for_the_site_test() -> None:
    spec = _power_demo().spec
    assert [p["name"] for p in spec["params"]] == ["w", "k"]
    assert spec["description"] == "w to the power t"
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v")
    controls = spec["usermeta"]["lecture10"]["controls"]
    assert [(c["name"], c["kind"], c["uses"]) for c in controls] == [
        ("w", "slider", [{"column": "w", "rule": "equals"}]), ("k", "slider", [{"column": "t", "rule": "at_most"}])]
    assert len(spec["data"]["values"]) == 21 * 21


def test_site_html_embeds_the_spec_safely() -> None:
    demo = _power_demo()
    demo.spec["description"] = "a </script> in the text"
    page = demo.site_html()
    assert page.startswith('<div class="lecture10-demo"><script type="application/vnd.lecture10.demo+json">')
    payload = page.split(">", 2)[2].split("</script>", 1)[0]
    assert json.loads(payload.replace("<\\/", "</")) == demo.spec
    assert "a &lt;/script&gt; in the text" in page


def test_the_output_is_the_live_widget_in_jupyter_and_html_on_the_site() -> None:
    def live(w: float, k: int) -> None:
        print(w**k)

    demo = _power_demo(live=live)
    assert isinstance(demo.live, widgets.interactive)
    assert [c.description for c in demo.live.children[:2]] == ["w", "k"]
    bundle = demo._repr_mimebundle_()
    assert bundle[demos.WIDGET_VIEW_MIME]["model_id"] == demo.live.model_id
    assert bundle["text/html"] == demo.site_html()
    assert set(_power_demo()._repr_mimebundle_()) == {"text/plain", "text/html"}


def test_show_needs_a_description_and_distinct_controls() -> None:
    w = demos.slider("w", 0.5, 1.5, 0.05, value=1.1)
    chart = alt.Chart(demos.data([{"w": 1.0}])).mark_point().encode(x="w:Q")
    with pytest.raises(ValueError, match="description"):
        demos.show(chart, [w], description=" ")
    with pytest.raises(ValueError, match="distinct"):
        demos.show(chart, [w, demos.slider("w", 0, 1, 0.5, value=0)], description="d")
