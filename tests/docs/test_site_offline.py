"""The docs build's guard: a built page that would load anything from another host fails it."""

from __future__ import annotations

from pathlib import Path

from docs_hooks import remote_loads


def test_remote_scripts_styles_fonts_and_frames_are_found(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(
        '<html><head><script src="https://unpkg.com/iframe-worker/shim"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css?family=Roboto">'
        '<link rel="preconnect" href="https://fonts.gstatic.com">'
        "<style>body { background: url('https://cdn.example/bg.png') }</style></head>"
        '<body><iframe src="http://tracker.example/"></iframe>'
        '<div style="background: url(https://cdn.example/x.svg)"></div></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "assets" / "site.css").write_text(
        '@import "https://fonts.example/font.css";\n.a { src: url(https://fonts.example/a.woff2) }',
        encoding="utf-8",
    )
    assert remote_loads(tmp_path) == [
        "assets/site.css: https://fonts.example/font.css",
        "assets/site.css: https://fonts.example/a.woff2",
        "index.html: <script src=https://unpkg.com/iframe-worker/shim>",
        "index.html: <link rel=stylesheet href=//fonts.googleapis.com/css?family=Roboto>",
        "index.html: <link rel=preconnect href=https://fonts.gstatic.com>",
        "index.html: https://cdn.example/bg.png",
        "index.html: <iframe src=http://tracker.example/>",
        "index.html: https://cdn.example/x.svg",
    ]


def test_local_resources_and_links_to_other_sites_are_fine(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(
        '<script src="assets/javascripts/bundle.js"></script>'
        '<link rel="stylesheet" href="../assets/stylesheets/main.css">'
        '<link rel="canonical" href="https://poststack.dev/docs/">'
        '<img src="img/benchmarks.png"><a href="https://poststack.dev">PostStack</a>'
        "<style>.x { background: url(data:image/svg+xml;base64,AAAA) }</style>",
        encoding="utf-8",
    )
    assert remote_loads(tmp_path) == []
