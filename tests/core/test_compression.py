"""Static assets are gzipped for browsers that accept it; pages never are (BREACH)."""

import gzip


def test_stylesheet_is_served_gzipped_and_intact(client):
    with client.get("/static/css/site.css") as plain:
        original = plain.get_data()
    zipped = client.get("/static/css/site.css", headers={"Accept-Encoding": "gzip, br"})
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.get_data()) == original
    assert int(zipped.headers["Content-Length"]) < len(original) / 2


def test_pages_are_not_compressed(client):
    response = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
