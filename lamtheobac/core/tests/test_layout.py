"""The house shape of the code: no module grows past the size at which it is
split by sub-domain (STYLE.md), tests and migrations aside."""

from pathlib import Path

import lamtheobac

LIMIT = 800  # lines


def test_no_module_is_over_the_house_limit():
    root = Path(lamtheobac.__file__).parent
    over = {
        str(path.relative_to(root)): length
        for path in root.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(root).parts)
        and (length := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert over == {}, f"split these by sub-domain: {over}"
