"""Every page of the facilitator's workspace is reachable by links from /staff/rounds."""

from __future__ import annotations

from tests.test_crawl import LinkCollector, same_site_path


def _crawl_from(client, start: str, prefix: str, limit: int = 400) -> dict[str, int]:
    seen: dict[str, int] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.mimetype != "text/html":
            continue
        parser = LinkCollector(url)
        parser.feed(response.get_data(as_text=True))
        for link in parser.links:
            target = same_site_path(url, link)
            if target and target.startswith(prefix) and target not in seen:
                queue.append(target)
    return seen


def test_the_workspace_is_reachable_by_links_and_never_fails(facilitator_client, demo):
    rid = demo["round_id"]
    overview = facilitator_client.get("/staff/rounds").get_data(as_text=True)
    assert f'href="/manage/rounds/{rid}"' in overview and 'href="/manage/rounds/new"' in overview

    seen = _crawl_from(facilitator_client, "/staff/rounds", "/manage/")
    base = f"/manage/rounds/{rid}"
    expected = {"/manage/rounds/new", base, f"{base}/edit", f"{base}/phase",
                f"{base}/phase/vote", f"{base}/phase/closed", f"{base}/phase/voting-open",
                f"{base}/needs", f"{base}/needs?status=pending", f"{base}/print"}
    assert expected <= seen.keys(), sorted(expected - seen.keys())
    assert sum(1 for url in seen if url.startswith(f"{base}/needs/")) >= 30
    broken = {url: status for url, status in seen.items() if status >= 400}
    assert broken == {}
