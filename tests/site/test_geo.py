"""Natural Earth shapes: the TopoJSON decoder, countries, and where the site graph puts places."""

from __future__ import annotations

import pytest

from chronicle.site import geo
from chronicle.content.load import load_content
from chronicle.site.graph import build_graph
from support import write

# Capitals (lon, lat) from GeoNames: facts to check the decoded shapes against.
CAPITALS = {
    "Iraq": (44.4009, 33.3406),  # Baghdad
    "France": (2.3488, 48.8534),  # Paris
    "Chile": (-70.6483, -33.4569),  # Santiago
    "Japan": (139.6917, 35.6895),  # Tokyo
    "Australia": (149.1281, -35.2835),  # Canberra
    "Brazil": (-47.9297, -15.7797),  # Brasília
}


@pytest.fixture(scope="module")
def atlas() -> geo.Atlas:
    return geo.load_atlas()


@pytest.fixture(scope="module")
def world() -> geo.Atlas:
    return geo.load_atlas(scale="110m")


def test_decoder_undoes_quantization_delta_encoding_and_reversed_arcs():
    # Two arcs making a unit square: arc 0 goes (0,0)->(2,0)->(2,2), arc 1 goes (0,0)->(0,2)->(2,2);
    # the ring is arc 0 then arc 1 reversed (~1). Quantized with scale 0.5 and shifted by (10, 20).
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.5], "translate": [10, 20]},
        "arcs": [[[0, 0], [2, 0], [0, 2]], [[0, 0], [0, 2], [2, 0]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "id": "001", "properties": {"name": "Squareland"}, "arcs": [[0, ~1]]},
            {"type": None, "properties": {"name": "Nowhere"}},
        ]}},
    }
    [country] = geo.countries_from_topology(topology)
    assert country.name == "Squareland" and country.key == "squareland" and country.code == "001"
    assert country.main.rings[0] == ((10, 20), (11, 20), (11, 21), (10, 21), (10, 20))
    assert country.main.bbox == (10, 20, 11, 21)
    assert country.main.area == pytest.approx(1.0)
    assert country.contains(10.5, 20.5) and not country.contains(11.5, 20.5)
    assert country.label() == pytest.approx((10.5, 20.5))


def test_every_decoded_ring_is_closed_and_every_label_point_is_inside(atlas):
    assert len(atlas.countries) > 200
    for country in atlas.countries:
        for polygon in country.polygons:
            for ring in polygon.rings:
                assert len(ring) >= 4 and ring[0] == ring[-1], country.name
        lon, lat = country.label()
        assert country.main.contains(lon, lat), country.name


@pytest.mark.parametrize("scale", ["50m", "110m"])
def test_capitals_lie_in_their_countries(scale, atlas, world):
    shapes = atlas if scale == "50m" else world
    for name, (lon, lat) in CAPITALS.items():
        country = shapes.named([name])
        west, south, east, north = country.main.bbox
        assert west <= lon <= east and south <= lat <= north, name
        assert shapes.at(lon, lat) is country, name
    assert shapes.at(-30.0, 0.0) is None  # mid-Atlantic


def test_holes_are_not_part_of_a_country(atlas):
    # Italy's 1:50m polygon has San Marino and the Vatican cut out of it.
    italy, san_marino = atlas.named(["Italy"]), atlas.named(["San Marino"])
    assert len(italy.main.rings) > 1
    assert not italy.contains(12.4578, 43.9424)
    assert atlas.at(12.4578, 43.9424) is san_marino
    assert atlas.at(12.4964, 41.9028) is italy  # Rome


def test_countries_found_by_geonames_id_and_geonames_name(atlas):
    assert atlas.named([], geonames_id=99237).name == "Iraq"
    assert atlas.named(["Democratic Republic of the Congo"]).name == "Dem. Rep. Congo"
    assert atlas.named(["United States"]).code == "840"
    assert atlas.named(["Atlantis"]) is None


def test_missing_shapes_stop_the_build_with_what_to_do(tmp_path):
    with pytest.raises(geo.AtlasMissing) as raised:
        geo.load_atlas(tmp_path)
    assert "countries-50m.json" in str(raised.value) and "make" in str(raised.value)


def test_graph_points_fall_back_from_coordinates_to_shape_to_parent(tmp_path, atlas):
    root = tmp_path / "content"
    write(root, "places/france.yaml", "id: france\nname: France\nkind: country\n")
    write(root, "places/ile-de-france.yaml", "id: ile-de-france\nname: Île-de-France\nkind: region\nwithin: france\n")
    write(root, "places/paris.yaml", "id: paris\nname: Paris\nkind: city\nwithin: ile-de-france\n"
                                     "coordinates: {lat: 48.8534, lon: 2.3488}\n")
    write(root, "places/atlantis.yaml", "id: atlantis\nname: Atlantis\nkind: country\n")
    write(root, "places/kessel.yaml", "id: kessel\nname: Kessel\nkind: city\n"
                                      "coordinates: {lat: 50.912, lon: 20.137}\n")
    content, problems = load_content(root)
    assert problems == []
    graph = build_graph(content, atlas)
    places = content.places

    assert graph.point(places["paris"]) == (48.8534, 2.3488)
    assert graph.location(places["paris"]).source == "coordinates"

    lat, lon = graph.point(places["france"])
    assert graph.location(places["france"]).source == "shape"
    assert atlas.named(["France"]).main.contains(lon, lat)

    region = graph.location(places["ile-de-france"])
    assert (region.source, region.place.id) == ("ancestor", "france")
    assert graph.point(places["ile-de-france"]) == graph.point(places["france"])

    assert graph.point(places["atlantis"]) is None  # no coordinates, no shape, no parent
    assert graph.country(places["paris"]).name == "France"  # by its parents' names
    assert graph.country(places["kessel"]).name == "Poland"  # by its position
    assert graph.country(places["atlantis"]) is None

    # Without shapes, only coordinates and parents.
    bare = build_graph(content)
    assert bare.point(places["france"]) is None and bare.point(places["paris"]) == (48.8534, 2.3488)


def test_a_port_just_off_the_drawn_coast_is_in_its_country(atlas):
    # GeoNames puts Beirut and New York City in the sea of Natural Earth's 1:50m coastline.
    for (lon, lat), name in (((35.50157, 33.89332), "Lebanon"), ((-74.00597, 40.71427), "United States of America")):
        assert atlas.at(lon, lat) is None
        assert atlas.near(lon, lat).name == name
    assert atlas.near(-30.0, 0.0) is None


# -- the indexes that spare testing every edge: same answers as the plain tests -----------------


def _points_around(rng, box, count):
    """Random points in and a little around a box, plus some exactly on its vertices' latitudes."""
    west, south, east, north = box
    pad_x, pad_y = (east - west) * 0.1 + 0.01, (north - south) * 0.1 + 0.01
    return [(rng.uniform(west - pad_x, east + pad_x), rng.uniform(south - pad_y, north + pad_y))
            for _ in range(count)]


def test_edge_bands_count_the_same_crossings_as_the_plain_ring_test(atlas):
    import random
    rng = random.Random(8)
    tested = 0
    for country in atlas.countries:
        for polygon in country.polygons[:3]:
            for ring, bands in zip(polygon.rings, polygon.edge_bands):
                points = _points_around(rng, geo.ring_bbox(ring), 40)
                # Latitudes of vertices (where an edge starts or ends) are the edge cases of the bands.
                points += [(rng.uniform(geo.ring_bbox(ring)[0], geo.ring_bbox(ring)[2]), lat)
                           for _, lat in rng.sample(ring, min(10, len(ring)))]
                for lon, lat in points:
                    assert bands.contains(lon, lat) == geo.in_ring(lon, lat, ring), (country.name, lon, lat)
                tested += len(points)
    assert tested > 10_000


def test_atlas_at_finds_the_country_a_test_of_every_country_finds(atlas):
    import random
    rng = random.Random(9)
    points = [(rng.uniform(-180, 180), rng.uniform(-60, 75)) for _ in range(1500)]
    points += [(lon + rng.uniform(-0.3, 0.3), lat + rng.uniform(-0.3, 0.3))
               for lon, lat in (c.label() for c in atlas.countries)]
    found = 0
    for lon, lat in points:
        expected = next((c for c in atlas.countries
                         if any(geo.in_ring(lon, lat, p.rings[0]) and not any(geo.in_ring(lon, lat, h) for h in p.rings[1:])
                                for p in c.polygons)), None)
        assert atlas.at(lon, lat) is expected, (lon, lat)
        found += expected is not None
    assert found > 500  # the test met land, not only sea


def test_chunk_boxes_hold_every_position_of_their_run():
    ring = tuple((float(i % 7), float(i // 3)) for i in range(40)) + ((0.0, 0.0),)
    boxes = geo.chunk_boxes(ring)
    assert len(boxes) == -(-(len(ring) - 1) // geo.CHUNK)
    for n, (lon, lat) in enumerate(ring[:-1]):
        west, south, east, north = boxes[n // geo.CHUNK]
        assert west <= lon <= east and south <= lat <= north
    assert any(geo.chunk_boxes(ring)[-1][k] != geo.ring_bbox(ring)[k] for k in range(4))  # boxes of runs, not of the ring
