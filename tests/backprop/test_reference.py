"""The reference card's page: every registered op with its three checked formulas, and cells
that pass on the records and fail on a wrong one (the build then fails at reference.md:<line>)."""

import contextlib
import io
import re
from dataclasses import replace

import pytest

import backprop as bp
from backprop.reference import card_markdown

CELL = re.compile(r"```\{code-cell\} python\n(.*?)```", re.S)


def _cells(text):
    """(labels it checks, code) for each code cell of the page."""
    found = []
    for body in CELL.findall(text):
        labels = re.findall(r"^:checks: (\S+)$", body, re.M)
        code = "\n".join(line for line in body.splitlines() if not line.startswith(":"))
        found.append((labels, code))
    return found


def _run(cells):
    namespace, out = {}, io.StringIO()
    with contextlib.redirect_stdout(out):
        for _, code in cells:
            exec(code, namespace)
    return out.getvalue()


def test_every_op_has_three_formulas_each_checked_by_its_own_cell():
    text = card_markdown()
    labels = re.findall(r"^\$\$ \((\S+)\)$", text, re.M)
    checked = [label for cell_labels, _ in _cells(text) for label in cell_labels]
    assert sorted(labels) == sorted(checked) and len(set(labels)) == len(labels) == 3 * len(bp.RECORDS)
    for name in bp.RECORDS:
        label = "card-" + name.replace("_", "-")
        assert {f"{label}-forward", f"{label}-jacobian", f"{label}-vjp"} <= set(labels), name
        for part in ("forward", "jacobian", "vjp"):
            assert bp.RECORDS[name].latex[part] in text


def test_the_cells_pass_on_the_records():
    printed = _run(_cells(card_markdown()))
    assert printed.count("✓ agrees") == 3 * len(bp.RECORDS)


@pytest.mark.parametrize("name", ["tanh", "layer_norm", "attention"])
def test_a_wrong_vjp_fails_its_cell(name, monkeypatch):
    right = bp.RECORDS[name].vjp
    wrong = replace(bp.RECORDS[name], vjp=lambda G, saved, need=None: tuple(1.5 * g for g in right(G, saved, need)))
    monkeypatch.setitem(bp.RECORDS, name, wrong)
    text = card_markdown()
    cells = _cells(text)
    setup = [cell for cell in cells if not cell[0]]
    mine = [cell for cell in cells if any(label.startswith("card-" + name.replace("_", "-") + "-") for label in cell[0])]
    _run(setup + mine[:2])  # forward and Jacobian still agree
    with pytest.raises(AssertionError, match="check_close: the value differs"):
        _run(setup + mine)
