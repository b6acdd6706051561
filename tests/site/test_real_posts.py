"""The author's posts, built once: the suite's verdict on them is the build's own.

No test reads the real posts with criteria of its own (the fixture site is for that): every
rule a post must satisfy is a rule of `make html`, so a post the build accepts passes here.
"""

import re

from tools.building import POSTS


def test_the_posts_pass_the_build(real_site):
    problems = re.findall(r"^.*(?:WARNING|ERROR):.*$", real_site.output, re.M)
    assert real_site.returncode == 0 and not problems, (
        f"`make html` refuses {len(POSTS)} posts' site; what it said:\n" + "\n".join(problems[:40])
        + "\n" + real_site.output[-3000:])
