"""The reference card page (_ext/blog/pages/reference_card.py): written from the registry,
rewritten only when its text changes, and judged like a post. That a wrong record fails the
build at reference.md:<line> is the checked-formula machinery's own behaviour, tested there."""

import os
from types import SimpleNamespace

from backprop.reference import card_markdown
from blog.pages import reference_card


def test_the_card_is_written_once_and_rewritten_only_when_it_changes(tmp_path):
    app = SimpleNamespace(srcdir=str(tmp_path), config=SimpleNamespace(blog_reference_card="reference"))
    reference_card.write_card(app)
    page = tmp_path / "reference.md"
    assert page.read_text(encoding="utf-8") == card_markdown()
    os.utime(page, (1, 1))
    reference_card.write_card(app)
    assert page.stat().st_mtime == 1  # unchanged text: not touched, so nothing is re-read
    page.write_text("stale", encoding="utf-8")
    reference_card.write_card(app)
    assert page.read_text(encoding="utf-8") == card_markdown()


def test_the_card_is_judged_like_a_post():
    config = SimpleNamespace(checked_formulas_pages=["posts/*"], blog_reference_card="reference")
    reference_card.judge_the_card(None, config)
    reference_card.judge_the_card(None, config)
    assert config.checked_formulas_pages == ["posts/*", "reference"]


def test_a_site_without_a_card_gets_none(tmp_path):
    config = SimpleNamespace(checked_formulas_pages=["posts/*"], blog_reference_card="")
    reference_card.write_card(SimpleNamespace(srcdir=str(tmp_path), config=config))
    reference_card.judge_the_card(None, config)
    assert not (tmp_path / "reference.md").exists()
    assert config.checked_formulas_pages == ["posts/*"]
