"""The weight of every resident page on a first visit, as served: HTML, CSS, JS, images.

Starts the app on a free local port with the whole demo (today's Näsåker round with voting
open, last year's closed round, Östra Norrbotten), joins as a resident, and loads each
resident page with a cold cache, asking for gzip like a browser: the pages of joining
and taking part, then every public page reached by following links from the start page
(model areas, rounds, follow-up, themes, responses). Counts the bytes on the wire
(compressed where the app compresses).
The last line printed is JSON.

    .venv/bin/python bench/page_weight.py
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script: put the repository first on the path instead of bench/, whose
# http.py would otherwise shadow the standard library's http package.
sys.path[0] = str(Path(__file__).resolve().parent.parent)

import argparse  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from urllib.parse import urljoin, urlsplit  # noqa: E402

import requests  # noqa: E402

from bench._seed import fresh_database, make_app, migrate  # noqa: E402

BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Accept": "text/html,*/*"}


class Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("href") and a.get("rel") in {"stylesheet", "icon"}:
            self.urls.append(a["href"])
        elif tag in {"script", "img"} and a.get("src"):
            self.urls.append(a["src"])


def wire_bytes(http: requests.Session, url: str) -> tuple[int, str]:
    response = http.get(url, headers=BROWSER_HEADERS, stream=True, timeout=10)
    raw = response.raw.read(decode_content=False)
    response.close()
    if response.status_code >= 400:
        raise SystemExit(f"{url} answered {response.status_code}")
    return len(raw), response.headers.get("Content-Type", "")


def page_weight(http: requests.Session, url: str) -> dict:
    response = http.get(url, headers=BROWSER_HEADERS, timeout=10)
    if response.status_code >= 400:
        raise SystemExit(f"{url} answered {response.status_code}")
    html_bytes, _ = wire_bytes(http, response.url)
    parser = Assets()
    parser.feed(response.text)
    assets = {}
    for asset in dict.fromkeys(parser.urls):
        assets[asset], _ = wire_bytes(http, urljoin(response.url, asset))
    total = html_bytes + sum(assets.values())
    parts = urlsplit(response.url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return {"url": path, "html": html_bytes, "assets": assets,
            "kb": round(total / 1024, 1)}


def resident_pages(base: str, http: requests.Session) -> list[str]:
    """The pages a resident meets, found by joining and following the round's links."""
    page = http.get(f"{base}/r/NASAKER", timeout=10).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    http.post(f"{base}/r/NASAKER/join", data={"csrf_token": token, "display_name": "Gunnel"},
              timeout=10)
    needs = http.get(f"{base}/r/NASAKER/needs", timeout=10).text
    need_link = re.search(r'href="(/r/NASAKER/needs/\d+)"', needs)
    meeting_link = re.search(r'href="(/r/NASAKER/meetings/\d+)"', page)
    pages = ["/", "/r/NASAKER", "/r/NASAKER/needs", "/r/NASAKER/needs?sort=random",
             "/r/NASAKER/needs?q=v%C3%A5rdcentralen", "/r/NASAKER/needs/new", "/r/NASAKER/me",
             "/resume"]
    pages += [m.group(1) for m in (need_link, meeting_link) if m]
    return pages


NOT_RESIDENT_PAGES = ("/staff", "/login", "/logout", "/admin", "/audit", "/static/", "/terminal")
NOT_PAGES = (".csv", ".json", ".txt", ".svg", ".png", "/export")


def public_pages(base: str, http: requests.Session, seen: list[str], limit: int) -> list[str]:
    """Pages reached from the start page by following its links (breadth first), HTML only."""
    found, queue = [], ["/"]
    known = set(seen) | {"/"}
    while queue and len(found) < limit:
        path = queue.pop(0)
        response = http.get(base + path, timeout=10)
        if response.status_code >= 400 or "html" not in response.headers.get("Content-Type", ""):
            continue
        if path not in seen:
            found.append(path)
        for link in re.findall(r'href="(/[^"#]*)"', response.text):
            link = link.replace("&amp;", "&")
            if (link not in known and not link.startswith(NOT_RESIDENT_PAGES)
                    and not any(part in link for part in NOT_PAGES) and "/staff" not in link
                    and "/manage" not in link):
                known.add(link)
                queue.append(link)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-kb", type=float, default=60.0)
    parser.add_argument("--crawl", type=int, default=80,
                        help="at most this many public pages found from the start page")
    args = parser.parse_args()

    from samskapande.demo import load_demo
    from samskapande.extensions import db
    from samskapande.rounds.models import Round
    from tests.conftest import LiveServer

    with fresh_database(None) as (url, instance):
        app = make_app(url, instance)
        migrate(app)
        with app.app_context():
            load_demo(production=False)
            db.session.scalar(db.select(Round).filter_by(code="NASAKER")).voting_open = True
            db.session.commit()
        with LiveServer(app) as server:
            results = []
            for terminal in (False, True):  # on one's own phone, and at the library
                http = requests.Session()
                if terminal:
                    http.get(f"{server.url}/terminal", timeout=10)
                paths = resident_pages(server.url, http)
                if not terminal:
                    paths += public_pages(server.url, http, paths, args.crawl)
                weighed = set()
                for path in paths:
                    result = page_weight(http, server.url + path)
                    if result["url"] in weighed:  # two links to one page (a redirect)
                        continue
                    weighed.add(result["url"])
                    result["url"] += " (terminal)" if terminal else ""
                    results.append(result)

    for r in results:
        assets = ", ".join(f"{Path(k).name} {v / 1024:.1f}" for k, v in r["assets"].items())
        flag = "  OVER" if r["kb"] > args.limit_kb else ""
        print(f"{r['kb']:6.1f} KB  {r['url']:32} html {r['html'] / 1024:.1f}; {assets}{flag}")
    sizes = [r["kb"] for r in results]
    print(json.dumps({"pages": len(results), "max_kb": max(sizes),
                      "median_kb": round(statistics.median(sizes), 1),
                      "limit_kb": args.limit_kb,
                      "over": [r["url"] for r in results if r["kb"] > args.limit_kb]}))


if __name__ == "__main__":
    main()
