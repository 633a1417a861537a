"""The resident query mix (issue 15): writes COUNT distinct request paths, one per line, for
bench/mix.lua to send. Deterministic for a seed; activity ids are taken from the loaded data.

    35 %  district + age, half of them with a weekday
    25 %  one free-text word, a third of them with a district
    15 %  category + district + free
    10 %  near a point in Drammen within 2 km, sorted by distance
    15 %  one activity by id

Each kind's share is a quota of distinct paths; the paths are then shuffled.

Usage: python3 bench/mix.py BASE_URL COUNT OUT_FILE [SEED]
"""

import json
import random
import sys
import urllib.parse
import urllib.request

DISTRICTS = ["mjondalen", "krokstadelva", "solbergelva", "rodskog-gulskogen", "konnerud",
             "stromso-ovre", "stromso-nedre", "bragernes", "skoger-askollen", "svelvik"]
CATEGORIES = ["idrett", "fotball", "handball", "svomming", "ski", "friidrett", "kampsport",
              "friluftsliv", "speider", "musikk", "korps", "kor", "dans", "teater", "kunst", "spill"]
WORDS = ["trening", "barn", "kurs", "lag", "ungdom", "voksne", "musikk", "tur", "fotball", "dans",
         "kor", "svømming", "klatring", "sjakk", "teater", "korps", "ski", "tegning", "senior",
         "familie", "jenter", "gutter", "nybegynner", "åpen", "hall", "bane", "skole", "natur"]
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
# Drammen, roughly: where the near searches are centred.
LAT, LON = (59.70, 59.78), (10.05, 10.30)


def activity_ids(base: str, most: int = 5000) -> list:
    """Up to `most` public activity ids, by following the API's keyset pages."""
    ids, cursor = [], None
    while len(ids) < most:
        url = f"{base}/api/v1/activities?limit=100" + (f"&cursor={cursor}" if cursor else "")
        with urllib.request.urlopen(url, timeout=30) as r:
            page = json.load(r)
        ids += [a["id"] for a in page["items"]]
        cursor = page.get("next_cursor")
        if not cursor:
            break
    return ids


def district_age(rng: random.Random, ids: list) -> str:
    q = f"district={rng.choice(DISTRICTS)}&age={rng.randint(3, 80)}"
    if rng.random() < 0.5:
        q += f"&weekday={rng.choice(WEEKDAYS)}"
    # There are only 6 240 district, age and weekday combinations: the page size, as for the
    # other lists, keeps 35 % of 20 000 requests distinct (residents page further too).
    if rng.random() < 0.5:
        q += f"&limit={rng.randint(10, 40)}"
    return f"/api/v1/activities?{q}"


def one_word(rng: random.Random, ids: list) -> str:
    q = f"q={urllib.parse.quote(rng.choice(WORDS))}"
    if rng.random() < 1 / 3:
        q += f"&district={rng.choice(DISTRICTS)}"
    # Paging deeper keeps otherwise equal word searches distinct, as residents scroll.
    return f"/api/v1/activities?{q}&limit={rng.randint(10, 40)}"


def category_district_free(rng: random.Random, ids: list) -> str:
    return (f"/api/v1/activities?category={rng.choice(CATEGORIES)}"
            f"&district={rng.choice(DISTRICTS)}&free=true&limit={rng.randint(10, 40)}")


def near(rng: random.Random, ids: list) -> str:
    lat, lon = rng.uniform(*LAT), rng.uniform(*LON)
    return f"/api/v1/activities?near={lat:.4f},{lon:.4f}&radius_km=2&sort=distance"


def by_id(rng: random.Random, ids: list) -> str:
    return f"/api/v1/activities/{rng.choice(ids)}"


# Each kind's share of the requests. Drawn as quotas, not by chance per request: dropping
# repeated paths must not shift the mix towards the kinds that rarely repeat.
KINDS = [(district_age, 0.35), (one_word, 0.25), (category_district_free, 0.15),
         (near, 0.10), (by_id, 0.15)]


def main() -> int:
    base, count, out = sys.argv[1].rstrip("/"), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 15)
    ids = activity_ids(base)
    if not ids:
        print("no public activities to take ids from", file=sys.stderr)
        return 1
    paths = []
    for kind, share in KINDS:
        quota = round(count * share)
        if kind is by_id and len(ids) < quota:
            # Fewer activities than the quota (a small seed): ids repeat.
            paths += [kind(rng, ids) for _ in range(quota)]
            continue
        seen = set()
        while len(seen) < quota:
            seen.add(kind(rng, ids))
        paths += sorted(seen)
    rng.shuffle(paths)
    with open(out, "w") as f:
        f.write("\n".join(paths) + "\n")
    kinds = {k: sum(1 for p in paths if k in p) for k in ("age=", "q=", "free=true", "near=")}
    kinds["by id"] = sum(1 for p in paths if "?" not in p)
    print(f"   {len(paths)} distinct requests ({len(ids)} activity ids): {kinds}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
