"""Export → import under another slug → publish gives the same resident pages (issue #14)."""

import re

from eservices.testing import csrf_token_from

from ._definitions import bin_problem
from ._runtime import post
from .test_cli import _file


def _page(client, url: str, slug: str) -> str:
    """A page's HTML with what differs by address or request taken out."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.get_data(as_text=True).replace(f"/{slug}/", "/SLUG/").replace(
        slug.replace("-", "_"), "MODULE_ID")
    return re.sub(r'value="[\w-]+\.[\w-]+\.[\w-]+"', 'value="CSRF"', html)  # signed tokens


def _walk(client, slug: str) -> list[str]:
    pages = [_page(client, f"/{slug}/", slug)]
    token = csrf_token_from(client.get(f"/{slug}/").get_data(as_text=True))
    url = client.post(f"/{slug}/", data={"csrf_token": token}).headers["Location"]
    for data in ({"problem": "broken"}, {"since-day": "1", "since-month": "2",
                                          "since-year": "2024"}, {"contact": "yes"},
                 {"mobile": "070-123 45 67"}):
        pages.append(_page(client, url, slug))
        url = post(client, url, data).headers["Location"]
    pages.append(_page(client, f"/{slug}/check-answers", slug))
    return pages


def test_an_imported_copy_serves_the_same_pages(app, tmp_path):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["journeys", "import",
                               str(_file(tmp_path, bin_problem()))]).exit_code == 0
    assert runner.invoke(args=["journeys", "publish", "bin-problem", "--stage",
                               "prototype"]).exit_code == 0
    exported = runner.invoke(args=["journeys", "export", "bin-problem", "--version", "1"])
    (tmp_path / "copy.yaml").write_text(exported.output, encoding="utf-8")
    copied = runner.invoke(args=["journeys", "import", str(tmp_path / "copy.yaml"),
                                 "--slug", "bin-copy"])
    assert copied.exit_code == 0, copied.output
    assert runner.invoke(args=["journeys", "publish", "bin-copy", "--stage",
                               "prototype"]).exit_code == 0

    original = _walk(app.test_client(), "bin-problem")
    copy = _walk(app.test_client(), "bin-copy")
    assert len(original) == 6
    for before, after in zip(original, copy, strict=True):
        assert before == after
