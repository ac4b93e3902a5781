"""The SVG bar chart kernel: one bar per year with data, a marker for reported, escaped text."""

from xml.etree import ElementTree

from phangnga.dashboard.charts import bars

NS = "{http://www.w3.org/2000/svg}"


def test_bars_and_reported_markers():
    svg = bars([("2561", 948000, 948000), ("2562", None, 1014000), ("2563", 600000, None)], "Savings <baht>")
    root = ElementTree.fromstring(svg)
    rects = root.findall(f"{NS}rect")
    assert [r.get("data-fy") for r in rects] == ["2561", "2563"]
    h = {r.get("data-fy"): float(r.get("height")) for r in rects}
    assert h["2561"] > h["2563"] > 0
    assert len([x for x in root.findall(f"{NS}line") if x.get("data-reported")]) == 2
    assert root.find(f"{NS}title").text == "Savings <baht>"


def test_negative_values_draw_below_the_axis():
    root = ElementTree.fromstring(bars([("2563", -12.5, None), ("2564", 5.0, None)]))
    axis_y = float(root.find(f"{NS}line").get("y1"))
    neg, pos = root.findall(f"{NS}rect")
    assert (
        float(neg.get("y")) >= axis_y - 0.1 and float(pos.get("y")) + float(pos.get("height")) <= axis_y + 0.1
    )


def test_no_data_draws_no_bar():
    root = ElementTree.fromstring(bars([("2561", None, None)]))
    assert root.findall(f"{NS}rect") == []
