"""Every shipped language is complete: no untranslated or fuzzy message, nothing unextracted."""

import importlib.util
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("i18n_tool", ROOT / "tools" / "i18n.py")
i18n_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(i18n_tool)


def test_no_untranslated_or_fuzzy_messages():
    assert i18n_tool.problems() == []


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path):
    for sources, translations in i18n_tool.catalogues():
        pot = tmp_path / f"{translations.parent.name}.pot"
        subprocess.run([sys.executable, "-m", "babel.messages.frontend", "--quiet", "extract",
                        "-F", str(ROOT / "babel.cfg"), *i18n_tool.KEYWORDS, "-o", str(pot),
                        *map(str, sources)], check=True)
        with pot.open("rb") as fh:
            wanted = {m.id for m in read_po(fh) if m.id}
        with (translations / "sv" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
            have = {m.id for m in read_po(fh) if m.id and m.string}
        missing = sorted(str(m) for m in wanted - have)
        assert not missing, f"{translations}: run `make i18n-update` and translate: {missing}"
