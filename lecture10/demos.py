"""Demos that respond on the static site: Vega-Lite charts whose controls pick precomputed values.

On the book's website there is no kernel, so an ipywidgets demo is frozen. A demo made here is a
Vega-Lite chart (authored with Altair) whose sliders and menus select rows of a table the notebook
computed in Python; the site draws and redraws it in the browser (vega-embed, served by the site).
In Jupyter, Colab and Binder the very same output is the live ipywidgets demo instead.

    w = demos.slider("w", 0.5, 1.5, 0.05, value=1.1)
    k = demos.slider("k", 1, 100, 1, value=50)
    table = demos.grid(lambda w: {"t": steps, "power": w ** steps}, w=w.values)
    chart = alt.Chart(demos.data(table)).mark_line().encode(x="t:Q", y="power:Q")
    chart = chart.transform_filter(w.selects()).transform_filter(k.at_least("t"))
    demos.show(chart, [w, k], live=show_power, description="What the figure shows.")

On the site, `show`'s output is a ``<div class="lecture10-demo">`` holding the Vega-Lite spec
(`tools/site_assets/static/book-demos.js` draws it); `_config.yml` ranks that HTML above the widget
view for the site only. Jupyter front ends rank the widget view first and run it live.
"""
from __future__ import annotations

import html
import itertools
import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
SPEC_MIME = "application/vnd.lecture10.demo+json"  # the type of the <script> holding the spec
DEMO_CLASS = "lecture10-demo"
SIGNIFICANT_DIGITS = 6  # precomputed values are stored with this many significant digits


def values(start: float, stop: float, step: float) -> list[float]:
    """The values start, start + step, ..., stop of a slider, rounded to the step's decimals."""
    if step <= 0 or stop < start:
        raise ValueError(f"need step > 0 and stop >= start, got {start}, {stop}, {step}")
    count = int(math.floor((stop - start) / step + 1e-9)) + 1
    decimals = max(0, -math.floor(math.log10(step)) + 2) if step < 1 else 0
    numbers = [round(start + i * step, decimals) for i in range(count)]
    return [int(v) if float(v).is_integer() and float(step).is_integer() else v for v in numbers]


def _compact(value: Any) -> Any:
    """A JSON-ready copy of value: numpy scalars to Python, floats to SIGNIFICANT_DIGITS digits."""
    if isinstance(value, (np.integer, bool, int, str)) or value is None:
        return value.item() if isinstance(value, np.generic) else value
    if isinstance(value, (np.floating, float)):
        number = float(value)
        if not math.isfinite(number):
            return None  # Vega-Lite skips missing values instead of drawing NaN or infinity
        return float(f"{number:.{SIGNIFICANT_DIGITS}g}")
    raise TypeError(f"a table cell must be a number or a string, got {type(value).__name__}")


def grid(compute: Callable[..., Mapping[str, Any]], **axes: Iterable[Any]) -> list[dict[str, Any]]:
    """The table a demo selects from: the rows `compute(**params)` returns, for every combination of axes.

    `compute` returns columns (equal-length 1-D arrays, or scalars repeated on every row); each row
    also records its parameters, under the axes' names.
    """
    names = list(axes)
    rows: list[dict[str, Any]] = []
    for combination in itertools.product(*(list(axes[n]) for n in names)):
        params = dict(zip(names, combination))
        columns = {k: np.asarray(v) for k, v in compute(**params).items()}
        lengths = {v.shape[0] for v in columns.values() if v.ndim == 1}
        if len(lengths) > 1 or any(v.ndim > 1 for v in columns.values()):
            raise ValueError(f"compute({params}) returned columns of different lengths or shapes")
        length = lengths.pop() if lengths else 1
        for i in range(length):
            row = {n: _compact(v) for n, v in params.items()}
            row.update({k: _compact(v[i] if v.ndim == 1 else v.item()) for k, v in columns.items()})
            rows.append(row)
    return rows


def data(rows: Sequence[Mapping[str, Any]]) -> Any:
    """Altair inline data for a table made by `grid` (or any list of JSON-ready rows)."""
    import altair as alt

    return alt.Data(values=[dict(r) for r in rows])


@dataclass
class Control:
    """One control of a demo: a slider over numbers or a menu of choices, as an Altair parameter."""

    name: str
    values: list[Any]
    value: Any
    label: str
    step: float | None = None  # None for a menu of choices
    uses: list[dict[str, str]] = field(default_factory=list)  # how the chart uses it (for the site test)

    def __post_init__(self) -> None:
        if not self.values:
            raise ValueError(f"control {self.name!r} has no values")
        if self.step is None and self.value not in self.values:
            raise ValueError(f"control {self.name!r}: {self.value!r} is not one of {self.values}")
        if self.step is not None and not self.values[0] <= self.value <= self.values[-1]:
            raise ValueError(f"control {self.name!r}: {self.value} is outside {self.values[0]}..{self.values[-1]}")

    @property
    def param(self) -> Any:
        """The Altair parameter (named after the control), bound to an input element."""
        import altair as alt

        if self.step is None:
            bind = alt.binding_select(options=list(self.values), name=self.label + " ")
        else:
            bind = alt.binding_range(min=self.values[0], max=self.values[-1], step=self.step, name=self.label + " ")
        return alt.param(name=self.name, value=self.value, bind=bind)

    def selects(self, column: str | None = None) -> str:
        """A filter keeping the rows computed at the control's current value (column: default its name)."""
        column = column or self.name
        self.uses.append({"column": column, "rule": "equals"})
        if self.step is None:
            return f"datum[{json.dumps(column)}] === {self.name}"
        return f"abs(datum[{json.dumps(column)}] - {self.name}) < {self.step / 2!r}"

    def at_least(self, column: str) -> str:
        """A filter keeping the rows whose `column` is at most the control's value (e.g. steps t <= T)."""
        self.uses.append({"column": column, "rule": "at_most"})
        return f"datum[{json.dumps(column)}] <= {self.name}"

    def widget(self) -> Any:
        """The same control as an ipywidget, for the live demo in Jupyter."""
        import ipywidgets as widgets

        if self.step is None:
            return widgets.Dropdown(options=list(self.values), value=self.value, description=self.label)
        if all(isinstance(v, int) for v in self.values) and float(self.step).is_integer():
            return widgets.IntSlider(value=int(self.value), min=self.values[0], max=self.values[-1],
                                     step=int(self.step), description=self.label)
        return widgets.FloatSlider(value=self.value, min=self.values[0], max=self.values[-1],
                                   step=self.step, description=self.label)

    def describe(self) -> dict[str, Any]:
        """What the site test needs to know: the values, the start value and how the chart uses it."""
        return {"name": self.name, "label": self.label, "values": self.values, "value": self.value,
                "kind": "menu" if self.step is None else "slider", "uses": self.uses}


def slider(name: str, start: float, stop: float, step: float, *, value: float, label: str | None = None) -> Control:
    """A slider over start, start + step, ..., stop (name: the parameter and grid column it drives)."""
    return Control(name=name, values=values(start, stop, step), value=value, label=label or name, step=step)


def choice(name: str, options: Sequence[Any], *, value: Any, label: str | None = None) -> Control:
    """A menu of options (strings or numbers)."""
    return Control(name=name, values=list(options), value=value, label=label or name)


@dataclass
class Demo:
    """A demo's output: the Vega-Lite chart on the site, the live ipywidgets demo in Jupyter."""

    spec: dict[str, Any]
    live: Any = None  # an ipywidgets widget, or None

    def site_html(self) -> str:
        """The HTML the site shows: the spec for book-demos.js, and a note where it is not drawn."""
        payload = json.dumps(self.spec, sort_keys=True, separators=(",", ":")).replace("</", "<\\/")
        note = html.escape(self.spec.get("description", "Interactive chart"))
        return (f'<div class="{DEMO_CLASS}"><script type="{SPEC_MIME}">{payload}</script>'
                f'<p class="{DEMO_CLASS}-note">{note} (An interactive chart: it is drawn on the book\'s '
                f'website, and runs live in Jupyter, Colab and Binder.)</p></div>')

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle: dict[str, Any] = {"text/plain": f"<demo: {self.spec.get('description', '')[:60]}>",
                                  "text/html": self.site_html()}
        if self.live is not None:
            bundle[WIDGET_VIEW_MIME] = {"model_id": self.live.model_id, "version_major": 2, "version_minor": 0}
        return bundle


def show(chart: Any, controls: Sequence[Control], *, description: str,
         live: Callable[..., Any] | Any | None = None) -> Demo:
    """Make the demo: chart with the controls bound, described for screen readers, and its live twin.

    `live` is the function the ipywidgets demo runs with the controls' values as keyword arguments
    (as `ipywidgets.interact` would), or a ready widget; None shows the chart everywhere.
    """
    if not description.strip():
        raise ValueError("a demo needs a description (its alt text)")
    names = [c.name for c in controls]
    if len(set(names)) != len(names):
        raise ValueError(f"controls must have distinct names: {names}")
    spec = chart.add_params(*(c.param for c in controls)).properties(description=description).to_dict()
    spec["usermeta"] = {**spec.get("usermeta", {}), "lecture10": {"controls": [c.describe() for c in controls]}}
    widget = live
    if callable(live) and not hasattr(live, "model_id"):
        import ipywidgets as widgets

        widget = widgets.interactive(live, **{c.name: c.widget() for c in controls})
    return Demo(spec=spec, live=widget)
