"""Locust load for users coming from the original service (its tool was Locust).

    apt-get install -y python3-locust          # Debian's package (Locust 2.12, python-requests)
    locust -f bench/locustfile.py --headless -u 300 -r 50 -t 60s --host http://127.0.0.1:3000

Every request goes through Locust's HttpSession (python-requests), so it carries the headers
Locust really sends: ``Accept-Encoding: gzip, deflate``, ``Accept: */*``,
``User-Agent: python-requests/<version>``, keep-alive. None is overridden here: the server
sees what a Locust user's server sees (gzip answers, not identity ones).

The mix is the original Locust file's: 60 % rankings, 25 % artist pages, 10 % the original
``/tracks?date&region`` route, 5 % searches; paths are drawn at random over every region and
date the server has (from /regions and /dates), artists from the rankings it answers.
Requests are grouped by route in Locust's table (``name=``).
"""

import random
from urllib.parse import quote

from locust import HttpUser, between, events, task

# filled once per run by on_test_start, from the server under test
REGIONS = []  # (name, [dates])
ARTISTS = []


@events.test_start.add_listener
def on_test_start(environment, **_kwargs):
    """Reads the regions, their top200 dates and a few hundred artist names from the server."""
    import requests

    session = requests.Session()
    host = environment.host.rstrip("/")
    regions = session.get(f"{host}/regions", timeout=30).json()["regions"]
    for region in regions:
        if "top200" not in region["charts"]:
            continue
        name = region["name"]
        dates = session.get(
            f"{host}/dates?region={quote(name)}&chart=top200", timeout=30
        ).json()["dates"]
        if dates:
            REGIONS.append((name, dates))
    if not REGIONS:
        raise RuntimeError(f"{host}/regions lists no region with a top200 chart")
    rng = random.Random(42)
    seen = set()
    for _ in range(40):
        name, dates = rng.choice(REGIONS)
        ranking = session.get(
            f"{host}/rankings?region={quote(name)}&date={rng.choice(dates)}&limit=50",
            timeout=30,
        ).json()
        for entry in ranking["entries"]:
            for artist in entry["artists"]:
                if artist not in seen:
                    seen.add(artist)
                    ARTISTS.append(artist)


def _region_date():
    name, dates = random.choice(REGIONS)
    return quote(name), random.choice(dates)


class ChartsUser(HttpUser):
    """A user of the original service: rankings, artist pages, its /tracks route, searches."""

    wait_time = between(0.5, 1.5)

    @task(12)
    def rankings(self):
        region, date = _region_date()
        self.client.get(f"/rankings?region={region}&date={date}", name="/rankings")

    @task(5)
    def artist(self):
        self.client.get(f"/artist?name={quote(random.choice(ARTISTS))}", name="/artist")

    @task(2)
    def tracks(self):
        region, date = _region_date()
        self.client.get(f"/tracks?date={date}&region={region}", name="/tracks (seed route)")

    @task(1)
    def search(self):
        name = random.choice(ARTISTS)
        self.client.get(f"/search?q={quote(name[: random.randint(2, 4)])}", name="/search")
