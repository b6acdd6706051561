"""The mini-sites the site tests share: their posts and configuration snippets."""

from datetime import date, timedelta

from tools.building import POST_HEADER, mini_post

TOMORROW = (date.today() + timedelta(days=1)).isoformat()  # an author a time zone ahead


def checked(label: str = "doubling") -> str:
    """A checked formula and a definition (labels are site-wide: one `label` per post)."""
    return f"""
$$ y = 2x $$ ({label})

$$ f(x) = x^2 $$ (def-{label}-square)

```{{code-cell}} python
:checks: {label}
import numpy as np
np.testing.assert_allclose(2 * 3.0, 6.0)
print("✓ agrees")
```
"""


CHECKED = checked()

FIRST_CELL = "```{code-cell} python"  # the line the build names for the mini post's only cell


def figure(size: str = "") -> str:
    """A cell drawing a small line plot (font size `size`, if given)."""
    font = f", fontsize={size}" if size else ""
    return ("import matplotlib\nmatplotlib.use('module://matplotlib_inline.backend_inline')\n"
            "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
            f"ax.plot([0, 1], [0, 1])\nax.set_title('slope'{font})\nplt.show()")


MANY_LINES = "\n".join(f"v{i} = {i}" for i in range(85))

# One post per author mistake: file name -> (post text, what the build must say, and a piece of
# the .md line it must name: the error reads `posts/<name>.md:<that line>: ERROR: <message>`).
BROKEN = {
    "raising": (mini_post("def inner():\n    raise RuntimeError('the derivation is wrong')\ninner()"),
                ["a cell raised RuntimeError: the derivation is wrong", "raise RuntimeError('the derivation is wrong')"], FIRST_CELL),
    "raising-helper": (mini_post("def helper():\n    raise ValueError('shapes (2,) and (3,) differ')",
                                 extra_prose="\nThen:\n\n```{code-cell} python\nhelper()\n```\n"),
                       ["a cell raised ValueError: shapes (2,) and (3,) differ"], "helper()"),
    "slow": (mini_post("import time\ntime.sleep(20)", extra_front="mystnb:\n  execution_timeout: 3\n"),
             ["the cell ran past the time limit and was stopped", "time.sleep(20)"], FIRST_CELL),
    "stderr": (mini_post("import sys\nprint('careful', file=sys.stderr)"),
               ["the cell wrote to stderr", "careful"], FIRST_CELL),
    "katex": (mini_post(extra_prose="\nBroken: $\\frac{1}{$.\n"),
              ["KaTeX cannot typeset this formula", "\\frac{1}{"], "Broken: "),
    "unlabelled": (mini_post(extra_prose=checked("unlabelled") + "\n$$ z = 3 + 4 $$\n"),
                   ["a display formula is neither checked nor marked a definition", "z = 3 + 4"], "$$ z = 3 + 4"),
    "unchecked": (mini_post(extra_prose=checked("unchecked") + "\n$$ w = 5 $$ (lonely)\n"),
                  ["formula (lonely) is checked by no cell"], "(lonely)"),
    "dangling-checks": (mini_post(extra_prose=checked("dangling") + "\n```{code-cell} python\n:checks: dubling\n"
                                                        "assert True\n```\n"),
                        ["names `dubling`, but no display formula on this page has that label"], ":checks: dubling"),
    "no-assert": (mini_post(extra_prose="\n$$ a = 1 $$ (one)\n\n```{code-cell} python\n:checks: one\n"
                                        "print(1)\n```\n"),
                  ["the cell checking one contains no assertion"], ":checks: one"),
    "no-tags": (mini_post(tags=None), ["the front matter has no `tags`"], "description:"),
    "ambiguous-date": (mini_post(date="04/12/2026"),
                       ["the date `04/12/2026` is not a date the build can read without guessing"], "date: 04/12"),
    "png-figure": (mini_post("%config InlineBackend.figure_formats = ['png']\n" + figure()),
                   ["the cell's figure is PNG, not SVG"], FIRST_CELL),
    "tiny-text": (mini_post(figure("4")), ["the smallest text of the cell's figure", "on a 390 px phone"], FIRST_CELL),
    "code-lines": (mini_post(MANY_LINES), ["lines of code (at most 80)"], FIRST_CELL),
    "visible-assert": (mini_post("assert VALUE == 41"), ["a visible cell asserts: `assert VALUE == 41`"], FIRST_CELL),
    "e-notation": (mini_post(extra_prose="\nThe error is 3.2e-11 here.\n"),
                   ["e-notation in prose: `3.2e-11`"], "The error is 3.2e-11"),
    "dangling-ref": (mini_post(extra_prose="\nSee {ref}`a-label-that-does-not-exist`.\n"),
                     ["a-label-that-does-not-exist"], "See {ref}"),
    # A typo in a label: the role's own line (not its paragraph's), the nearest label suggested.
    "eq-typo": (mini_post(extra_prose=checked("typo-slope") + "\nAs the formula says,\nsee {eq}`typo-slpe`.\n"),
                ["{eq}`typo-slpe` names no equation", "did you mean `typo-slope`"], "see {eq}"),
    # A MyST link resolved by MyST itself (judge/links.py): the link's line, the nearest label;
    # the `<project:#…>` form is checked by its own test.
    "link-typo": (mini_post(extra_prose=checked("link-slope") + "\nAs [the slope](#link-slpe) shows.\n"
                                                              "\nAnd <project:#link-slope-x> says so.\n"
                                                              "\nSee <project:raising.md>, not <project:raisng.md>.\n"),
                  ["the link `(#link-slpe)` names no label", "did you mean `link-slope`"], "As [the slope]"),
    "checks-typo": (mini_post(extra_prose=checked("near-label") + "\n```{code-cell} python\n:checks: near-lable\n"
                                                              "assert True\n```\n"),
                    ["names `near-lable`", "did you mean `near-label`"], ":checks: near-lable"),
    "future-date": (mini_post(date=TOMORROW), [f"the date {TOMORROW} is after today", "draft: true"],
                    f"date: {TOMORROW}"),
    "draft-in-the-past": (mini_post(extra_front="draft: true\n"), ["`draft: true`, but the date"], "draft: true"),
}

# A short post that passes: inline math only, no figure, no glued number, an ISO date.
VALID_SHORT = POST_HEADER + """date: 2026-12-04
author: Kai
tags: maths
category: machine-learning
description: A short post with inline math only.
---

# A Short Note

The slope of $x^2$ at $x = 3$ is $6$, which a line of numpy confirms.

```{code-cell} python
print(2 * 3)
```
"""

# The repository the fixture site's second build names (conftest.build_fixture_site_for_a_server),
# so the notebook tests can tell its launch links from the default's.
SERVED_REPOSITORY = "https://github.com/reader-test/backprop-by-hand"

GISCUS = """
giscus.update(repo="someone/blog", repo_id="R_1", category="Comments", category_id="C_1")
"""

# Two stdout chunks split between a line and its line break, as a periodic flush can do.
FLUSH = "import time\nprint('first', end='', flush=True)\ntime.sleep(0.3)\nprint('\\nsecond')"
