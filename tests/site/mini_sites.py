"""The mini-sites the site tests share: their posts and configuration snippets."""

from tools.building import mini_post

# -- The mini-sites the site tests share ----------------------------------------------------

CHECKED = """
$$ y = 2x $$ (doubling)

$$ f(x) = x^2 $$ (def-square)

```{code-cell} python
:checks: doubling
:tags: [hide-input]
import numpy as np
np.testing.assert_allclose(2 * 3.0, 6.0)
```
"""

# One post per failure mode: file name -> (post text, what the build output must say about it).
BROKEN = {
    "raising": (mini_post("def inner():\n    raise RuntimeError('the derivation is wrong')\ninner()"),
                ["RuntimeError: the derivation is wrong", "inner()"]),
    "slow": (mini_post("import time\ntime.sleep(20)", extra_front="mystnb:\n  execution_timeout: 3\n"),
             ["CellTimeoutError"]),
    "stderr": (mini_post("import sys\nprint('careful', file=sys.stderr)"), ["stderr was found in the cell outputs"]),
    "dangling-ref": (mini_post(extra_prose="\nSee {ref}`a-label-that-does-not-exist`.\n"),
                     ["a-label-that-does-not-exist"]),
    "katex": (mini_post(extra_prose="\nBroken: $\\frac{1}{$.\n"), ["KaTeX cannot typeset", "\\frac{1}{"]),
    "unchecked": (mini_post(extra_prose=CHECKED + "\n$$ z = 3 + 4 $$\n\n$$ w = 5 $$ (lonely)\n"),
                  ["neither checked nor marked a definition", "z = 3 + 4",
                   "formula (lonely) is checked by no cell"]),
    "wrong-label": (mini_post(extra_prose=CHECKED + "\n```{code-cell} python\n:checks: dubling\n"
                                                    "assert True\n```\n"),
                    ["names `dubling`, but no display formula on this page has that label"]),
    "no-assert": (mini_post(extra_prose="\n$$ a = 1 $$ (one)\n\n```{code-cell} python\n:checks: one\n"
                                        "print(1)\n```\n"),
                  ["the cell checking one contains no assertion"]),
}

GISCUS = """
giscus.update(repo="someone/blog", repo_id="R_1", category="Comments", category_id="C_1")
"""

# Two stdout chunks split between a line and its line break, as a periodic flush can do.
FLUSH = "import time\nprint('first', end='', flush=True)\ntime.sleep(0.3)\nprint('\\nsecond')"
