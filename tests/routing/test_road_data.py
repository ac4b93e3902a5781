"""roads.json: a connected skeleton of the real highways, every node sourced and on land."""

import pytest
import shapely

from phangnga.geo.routing.roads import RoadNetwork
from phangnga.geo.routing.vehicles import load_fleet, read_json


def test_every_node_has_a_source_and_lies_on_land(land):
    data = read_json("roads.json")
    for node in data["nodes"]:
        assert node["source"] and node["accuracy_m"] > 0, node["id"]
        assert land.contains(shapely.Point(node["lon"], node["lat"])) or node["kind"] == "pier", node["id"]


def test_mainland_phuket_is_one_component_and_islands_are_separate():
    roads = RoadNetwork.load()
    ambulance = load_fleet().vehicle("ambulance")
    tree = roads.tree(roads.attach(roads.nodes[roads.index["khura_buri"]].point, ambulance), ambulance)
    reach = {n.id for n, m in zip(roads.nodes, tree.minutes, strict=True) if m < float("inf")}
    assert {
        "krabi_hospital",
        "vachira_phuket_hospital",
        "bang_rong_pier",
        "tha_dan_pier",
        "ban_takhun",
    } <= reach
    assert not reach & {"manoh_pier", "koh_yao_hospital", "chong_lad_pier", "ban_phru_nai"}


def test_edge_length_is_great_circle_times_class_circuity():
    roads = RoadNetwork.load()
    for edge in roads.edges:
        from phangnga.geo.routing.geometry import polyline_length_m

        assert edge.length_m == pytest.approx(polyline_length_m(edge.coords) * roads.classes[edge.road_class])
        assert 1.25 <= roads.classes[edge.road_class] <= 1.4


def test_override_can_add_a_node_and_edge():
    roads = RoadNetwork.load(
        {
            "nodes": read_json("roads.json")["nodes"]
            + [
                {
                    "id": "new_clinic",
                    "name": "New clinic",
                    "lat": 8.62,
                    "lon": 98.25,
                    "source": "test",
                    "accuracy_m": 50,
                }
            ],
            "edges": read_json("roads.json")["edges"]
            + [{"from": "khao_lak", "to": "new_clinic", "class": "district"}],
        }
    )
    assert "new_clinic" in roads.index


def test_unknown_node_or_class_is_rejected():
    with pytest.raises(ValueError, match="unknown node"):
        RoadNetwork.load({"edges": [{"from": "nowhere", "to": "khao_lak", "class": "highway"}]})
    with pytest.raises(ValueError, match="unknown class"):
        RoadNetwork.load({"edges": [{"from": "takua_pa", "to": "khao_lak", "class": "motorway"}]})
