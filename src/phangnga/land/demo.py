"""Demo: a Khok Kloi-like readjustment project of 12 parcels (Ban Han Bua, Moo 5,
T. Khok Kloi, A. Takua Thung), near the Khok Kloi town place (8.270, 98.300), on land.

Invented geometry, owners and values (marked demo): a 230 m x 100 m block crossed by an
old 4 m lane; the plan widens the lane to an 8 m road, adds an 8 m east-west road, a
drain along the south edge, a small park and a reserve plot to be sold for the costs.
"""

from __future__ import annotations

import random

from django.db import transaction
from pyproj import Transformer

PROJECT_NAME = "Khok Kloi land readjustment (demo)"
CENTRE = (98.3005, 8.2705)  # lon, lat of the block's centre
W, H = 230.0, 100.0
SEED = 2547

# Parcel edges along x at the bottom and top of each row: irregular, as old plots are.
ROWS = [
    ((0.0, 50.0), [(0, 0), (36, 42), (82, 78), (113, 113)]),
    ((50.0, 100.0), [(0, 0), (28, 33), (72, 68), (113, 113)]),
    ((0.0, 50.0), [(117, 117), (150, 156), (196, 192), (230, 230)]),
    ((50.0, 100.0), [(117, 117), (162, 158), (200, 204), (230, 230)]),
]
PUBLIC_BEFORE = [("road", "ซอยเดิม (กว้าง 4 ม.)", (113, 0, 117, 100))]
PUBLIC_AFTER = [
    ("road", "ซอยหารบัว (กว้าง 8 ม. ขยายจากซอยเดิม)", (111, 0, 119, 100)),
    ("road", "ถนนใหม่แนวตะวันออก-ตะวันตก (กว้าง 8 ม.)", (0, 46, 111, 54)),
    ("road", "ถนนใหม่แนวตะวันออก-ตะวันตก (กว้าง 8 ม.)", (119, 46, 230, 54)),
    ("drainage", "ทางระบายน้ำ (กว้าง 2 ม.)", (0, 0, 111, 2)),
    ("drainage", "ทางระบายน้ำ (กว้าง 2 ม.)", (119, 0, 230, 2)),
    ("open_space", "สวนหย่อม", (200, 80, 230, 100)),
    ("reserve", "แปลงสำรอง (ขายเพื่อเป็นค่าใช้จ่ายโครงการ)", (0, 54, 20, 100)),
]
ZONES = [("A", "ที่ดินติดซอย", 600.0, 1300.0), ("B", "ที่ดินด้านใน", 450.0, 1100.0)]
FIRST = [
    "สมชาย",
    "สมศรี",
    "ประเสริฐ",
    "อารีย์",
    "บุญมี",
    "มาลี",
    "วิชัย",
    "สุนีย์",
    "อนันต์",
    "กัลยา",
    "ธนากร",
    "ปราณี",
    "สุรชัย",
    "นงลักษณ์",
]
LAST = ["ทองดี", "ศรีสุข", "แก้วมณี", "บุญยืน", "ใจดี", "หาญกล้า", "รักษ์ถิ่น", "สายทอง", "ทะเลงาม", "ปานแก้ว"]


def _to_lonlat():
    proj = f"+proj=tmerc +lat_0={CENTRE[1]} +lon_0={CENTRE[0]} +k=1 +x_0=0 +y_0=0 +ellps=WGS84 +units=m"
    tr = Transformer.from_crs(proj, "EPSG:4326", always_xy=True)

    def ring(pts: list[tuple[float, float]]) -> list[list[float]]:
        out = []
        for x, y in [*pts, pts[0]]:
            lon, lat = tr.transform(x - W / 2, y - H / 2)
            out.append([round(lon, 8), round(lat, 8)])
        return out

    return ring


def _rect(x0, y0, x1, y1):
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def features() -> dict:
    """Boundary, parcels (GeoJSON FeatureCollection with deed properties), public land."""
    ring = _to_lonlat()
    rng = random.Random(SEED)
    parcels = []
    n = 0
    for (y0, y1), edges in ROWS:
        for (b0, t0), (b1, t1) in zip(edges, edges[1:], strict=False):
            n += 1
            pts = [(b0, y0), (b1, y0), (t1, y1), (t0, y1)]
            exact = abs(
                sum(x * yy - xx * y for (x, y), (xx, yy) in zip(pts, pts[1:] + pts[:1], strict=True)) / 2
            )
            deed = round(exact / 4) * 4  # deeds are in square wah
            if n in (4, 9):  # two old deeds that disagree with the survey, to be flagged
                deed = round(exact * (1.025 if n == 4 else 0.97) / 4) * 4
            near_lane = abs(b1 - 113) < 1 or abs(b0 - 117) < 1
            owners = [f"{rng.choice(FIRST)} {rng.choice(LAST)}"]
            if rng.random() < 0.3:
                owners.append(f"{rng.choice(FIRST)} {rng.choice(LAST)}")
            parcels.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "Polygon", "coordinates": [ring(pts)]},
                    "properties": {
                        "deed_no": f"โฉนด {41200 + n * 7}",
                        "owners": owners,
                        "deed_area_m2": deed,
                        "zone": "A" if near_lane else "B",
                    },
                }
            )
    public = {
        phase: [
            (kind, name, {"type": "Polygon", "coordinates": [ring(_rect(*box))]}) for kind, name, box in items
        ]
        for phase, items in (("before", PUBLIC_BEFORE), ("after", PUBLIC_AFTER))
    }
    return {
        "boundary": {"type": "Polygon", "coordinates": [ring(_rect(0, 0, W, H))]},
        "parcels": {"type": "FeatureCollection", "features": parcels},
        "public": public,
    }


def create_project(name: str = PROJECT_NAME, is_demo: bool = True, with_layout: bool = True):
    """The whole demo project in one transaction (also used by tests)."""
    from phangnga.core.audit import Actor

    from . import plans, services
    from .models import Project, Zone

    data = features()
    loader = Actor(channel="demo")
    with transaction.atomic():
        project = Project(
            name=name,
            name_th="โครงการจัดรูปที่ดินโคกกลอย (ตัวอย่าง)",
            location="บ้านหารบัว หมู่ 5 ต.โคกกลอย อ.ตะกั่วทุ่ง จ.พังงา",
            is_demo=is_demo,
        )
        plans.set_boundary(project, data["boundary"])
        project.save()
        Zone.objects.bulk_create(
            [Zone(project=project, code=c, name=n, value_before=b, value_after=a) for c, n, b, a in ZONES]
        )
        services.import_parcels(loader, project, "geojson", data["parcels"])
        for phase, items in data["public"].items():
            for kind, pname, geom in items:
                services.add_public_land(loader, project, phase, kind, geom, pname)
        if with_layout:
            plan = plans.compute_plan(project)
            services.save_layout(loader, project, plan)
        _participation(project)
    return project


def _participation(project) -> None:
    from datetime import date

    from .models import Consent, Meeting

    parcels = list(project.parcels.all())
    owners = [o for p in parcels for o in p.owners]
    officials = [
        "เทศบาลตำบลโคกกลอย",
        "สำนักงานโยธาธิการและผังเมืองจังหวัดพังงา",
        "สำนักงานที่ดินจังหวัดพังงา สาขาตะกั่วทุ่ง",
        "สำนักงานธนารักษ์พื้นที่พังงา",
    ]
    meetings = [
        ("initiation", date(2020, 11, 12), "เจ้าของที่ดินเห็นชอบให้ศึกษาการจัดรูปที่ดินบริเวณซอย"),
        (
            "survey",
            date(2021, 1, 20),
            "ยอมรับผลการสำรวจด้วย LandsMaps โฉนดสองแปลงให้สำนักงานที่ดินรังวัดใหม่",
        ),
        (
            "plan",
            date(2021, 4, 8),
            "เห็นชอบผังที่มีถนนกว้าง 8 ม. ทางระบายน้ำ สวนหย่อม และแปลงสำรอง คิดตามวิธีเนื้อที่",
        ),
        (
            "allocation",
            date(2021, 6, 17),
            "แสดงแปลงใหม่บนแผนที่ เจ้าของหนึ่งรายขอทบทวนเงินชดเชย",
        ),
    ]
    Meeting.objects.bulk_create(
        [
            Meeting(
                project=project,
                step=s,
                date=d,
                attendees="\n".join(officials + owners),
                resolution=r,
                created_by="demo",
            )
            for s, d, r in meetings
        ]
    )
    consents = []
    for i, p in enumerate(parcels):
        for step, d, _ in meetings:
            agreed = not (step == "allocation" and i == 8)
            consents.append(
                Consent(
                    parcel=p,
                    step=step,
                    agreed=agreed,
                    date=d,
                    note="" if agreed else "ขอทบทวนเงินชดเชย",
                )
            )
    Consent.objects.bulk_create(consents)


def load() -> str:
    from .models import Project

    if Project.objects.filter(name=PROJECT_NAME, is_demo=True).exists():
        return "Khok Kloi demo project already loaded"
    project = create_project()
    return f"Khok Kloi demo project: {project.parcels.count()} parcels, new layout saved"
