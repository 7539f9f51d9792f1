"""What every one of our templates must get right, read from the templates themselves."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template import engines
from django.template.base import TokenType
from django.templatetags.i18n import BlockTranslateNode

TEMPLATES = Path(settings.BASE_DIR) / "templates"
NAMES = sorted(
    str(path.relative_to(TEMPLATES))
    for path in TEMPLATES.rglob("*")
    if path.suffix in {".html", ".txt"}
)


def unbound_variables(name: str) -> list[str]:
    """The `{{ a.b }}` inside a `{% blocktranslate %}` of this template: blocktranslate
    looks `a.b` up as one name, finds nothing and shows a blank; only names bound
    with `with` (or `count`) work there."""
    template = engines["django"].get_template(name).template
    return [
        token.contents
        for node in template.nodelist.get_nodes_by_type(BlockTranslateNode)
        for token in [*node.singular, *(node.plural or [])]
        if token.token_type == TokenType.VAR and "." in token.contents
    ]


def test_the_check_sees_our_templates():
    assert "papers/authorship_answer.html" in NAMES
    assert "emails/authorship_request_subject.txt" in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_no_blocktranslate_shows_a_dotted_variable_it_did_not_bind(name):
    assert unbound_variables(name) == []
