"""Each post as a notebook that runs anywhere: the download, Colab and Binder.

- The build writes the package as a wheel, `_downloads/<wheel>` (`site_wheel.py`), and tells
  the kernels executing the posts that they run inside the site's build (`BACKPROP_GLUE`), so
  `backprop.glue_numbers` glues for MyST-NB there and shows plain text everywhere else.
- Each executed post becomes a plain Jupyter notebook (`myst_to_jupyter.py` rewrites the
  markdown): a first cell installs the package when `import backprop` fails (from the site's
  wheel, or from PyPI once `notebook_package_source = "pypi"`) and has IPython expand the site's
  macros in the formulas the cells display (as they are in the stored outputs); it imports
  nothing heavy, so a post's own set-up still runs before numpy is imported.
  It is the `.ipynb` of the download menu and is also written to `_build/notebooks/posts/`,
  which the deploy workflow publishes to the `notebooks` branch of `repository_url`.
- "Open in Colab" and "Launch Binder" buttons point into that branch.
- Every page's context gets the package's version and wheel URL (the footer shows them).
"""

import ast
import copy
import json
import os
import posixpath
import shutil
from pathlib import Path

import nbformat
from pybtex.database import parse_file
from pybtex.plugin import find_plugin
from pybtex.richtext import Text
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ..judge.failures import facts, report
from . import site_wheel
from .myst_to_jupyter import Site, UnknownSyntax, convert_markdown, expand_macros

logger = logging.getLogger(__name__)
BINDER = "https://mybinder.org/v2/gh"
COLAB = "https://colab.research.google.com/github"


def _root(app) -> Path:
    return Path(app.confdir)


def package(app):
    """The package's name, distribution, version and wheel file name, or None for a site
    without one (the test suite's mini-sites carry no pyproject.toml)."""
    if not (_root(app) / "pyproject.toml").is_file():
        return None
    meta = site_wheel.project_metadata(_root(app))
    return {"name": meta["package"], "distribution": meta["project"]["name"],
            "version": meta["version"], "wheel": site_wheel.wheel_name(_root(app))}


def wheel_url(app) -> str:
    return f"{app.config.html_baseurl.rstrip('/')}/_downloads/{package(app)['wheel']}"


def github_parts(app):
    """(owner, repository) of `repository_url`, or None when it is not a GitHub URL."""
    url = app.config.repository_url.rstrip("/")
    if url.endswith(".git"):
        url = url[: -len(".git")]
    prefix = "https://github.com/"
    parts = url[len(prefix):].split("/") if url.startswith(prefix) else []
    return tuple(parts) if len(parts) == 2 and all(parts) else None


def launch_links(app, pagename) -> dict:
    """{"Colab": url, "Binder": url} for a post's notebook on the notebooks branch; {} while
    the site has no repository (a fork before its first push: the posts still download)."""
    if not app.config.repository_url:
        return {}
    owner, repository = github_parts(app)
    branch, path = app.config.notebooks_branch, f"{pagename}.ipynb"
    return {
        "Colab": f"{COLAB}/{owner}/{repository}/blob/{branch}/{path}",
        "Binder": f"{BINDER}/{owner}/{repository}/{branch}?urlpath=lab/tree/{path}",
    }


# -- Build start: the wheel, and the kernels told they run in the build ------------------

def prepare(app):
    os.environ["BACKPROP_GLUE"] = "myst-nb"  # the kernels inherit this process's environment
    # Empty means "no repository yet": no launch buttons. Anything else must be a GitHub URL.
    if app.config.repository_url and github_parts(app) is None:
        raise ExtensionError(
            f"repository_url must be https://github.com/<owner>/<repository> (Colab and Binder "
            f"open notebooks from GitHub), got {app.config.repository_url!r}"
        )
    if app.config.notebook_package_source not in ("site", "pypi"):
        raise ExtensionError(
            f'notebook_package_source must be "site" or "pypi", got {app.config.notebook_package_source!r}'
        )


def write_wheel(app, exception):
    if exception is None and app.builder.format == "html" and package(app):
        try:
            site_wheel.write_wheel(_root(app), Path(app.outdir) / "_downloads",
                                   cache_dir=Path(app.outdir).parent / "wheel-cache")
        except site_wheel.WheelError as error:
            logger.error(str(error))
            app.statuscode = 1  # the notebooks would install a missing or stale wheel


def finish_notebooks_folder(app, exception):
    """The folder the deploy workflow publishes as the notebooks branch: no notebook of a
    removed post (an incremental build writes only changed pages), Binder's environment and a
    README."""
    folder = Path(app.outdir).parent / "notebooks"
    if exception is not None or not folder.is_dir():
        return
    if (_root(app) / "binder").is_dir():
        shutil.copytree(_root(app) / "binder", folder / "binder", dirs_exist_ok=True)
    for notebook in folder.rglob("*.ipynb"):
        if notebook.relative_to(folder).with_suffix("").as_posix() not in app.env.found_docs:
            notebook.unlink()
    (folder / "README.md").write_text(
        f"# Notebooks of {app.config.project}\n\n"
        f"Each post of {app.config.html_baseurl} as a Jupyter notebook: open one in Colab or "
        f"Binder from the post's page, or download it there. This branch is written by the "
        f"site's deploy workflow from the posts in {app.config.repository_url} on every "
        f"deploy; edit the posts there, not these files.\n",
        encoding="utf-8",
    )


# -- One post as a plain notebook ----------------------------------------------------------

def _person_names(entry):
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [Text.from_latex(" ".join(p.last_names)).render_as("text") for p in people]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


class Bibliography:
    """Author–year citations and a reference list in markdown, from the site's .bib files."""

    def __init__(self, app):
        self.entries = {}
        for name in getattr(app.config, "bibtex_bibfiles", ()):
            self.entries.update(parse_file(str(_root(app) / name)).entries)
        self.style = find_plugin("pybtex.style.formatting", getattr(app.config, "bibtex_default_style", "plain"))()

    def _entry(self, key):
        if key not in self.entries:
            raise UnknownSyntax(f"the citation key {key!r} is not in bibtex_bibfiles")
        return self.entries[key]

    def _url(self, entry, page_url, key):
        if "url" in entry.fields:
            return entry.fields["url"]
        if "doi" in entry.fields:
            return f"https://doi.org/{entry.fields['doi']}"
        return f"{page_url}#footcite-{key}"

    def cite(self, keys, mode, page_url):
        parts = []
        for key in keys:
            entry = self._entry(key)
            year, url = entry.fields.get("year", "n.d."), self._url(entry, page_url, key)
            if mode == "t":
                parts.append(f"{_person_names(entry)} ([{year}]({url}))")
            else:
                parts.append(f"[{_person_names(entry)}, {year}]({url})")
        return "; ".join(parts) if mode == "t" else "(" + "; ".join(parts) + ")"

    def references(self, keys):
        lines = []
        for number, key in enumerate(keys, 1):
            formatted = self.style.format_entry(str(number), self._entry(key))
            text = " ".join(formatted.text.render_as("markdown").split("\n"))  # one line per entry
            lines.append(f"{number}. {text}")
        return "\n".join(lines)


def glued_values(executed: Path) -> dict:
    """name → text of every value the post glued: MyST-NB takes the glue outputs out of the
    executed notebook and keeps them beside it, each as its repr."""
    path = executed.with_name(executed.stem + ".glue.json")
    if not path.is_file():
        return {}
    glued = {}
    for name, output in json.loads(path.read_text(encoding="utf-8")).items():
        text = output.get("data", {}).get("text/plain", "")
        glued[name] = ast.literal_eval(text) if text[:1] in "'\"" else text
    return glued


def _plain_outputs(outputs, macros):
    """The stored outputs as the page shows them (MyST-NB has taken the glue records out), with
    the site's macros expanded in formulas, which Jupyter and Colab do not know."""
    plain = []
    for output in outputs:
        output = copy.deepcopy(output)
        if "text/latex" in output.get("data", {}):
            output["data"]["text/latex"] = expand_macros(output["data"]["text/latex"], macros)
        plain.append(output)
    return plain


def install_cell(app, page_url):
    name, distribution, version = (package(app)[key] for key in ("name", "distribution", "version"))
    source = (f"{distribution}=={version}" if app.config.notebook_package_source == "pypi"
              else wheel_url(app))
    macros = "".join(f'    r"{macro}": r"{body}",\n' for macro, body in app.config.katex_macros.items())
    code = f'''\
# {app.config.project}: {page_url}
# This notebook needs the blog's package `{name}` ({distribution} {version}), numpy and
# matplotlib. Where `{name}` is missing (Colab, Binder, a fresh Jupyter), install it.
import importlib.util
import subprocess
import sys

if importlib.util.find_spec("{name}") is None:
    package = "{source}"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", package], check=True)
    importlib.invalidate_caches()

# The formulas the cells display use the site's LaTeX macros, which Jupyter's and Colab's math
# renderers do not know: IPython expands them. `{name}` is imported at the first formula, after
# the post's own set-up (which may configure numpy before importing it).
_SITE_MACROS = {{
{macros}}}


def _expand_site_macros(formula):
    from {name} import expand_latex_macros

    return expand_latex_macros(formula._repr_latex_(), _SITE_MACROS)


for _kind in ("Math", "Latex"):
    get_ipython().display_formatter.formatters["text/latex"].for_type_by_name(
        "IPython.core.display", _kind, _expand_site_macros)'''
    return nbformat.v4.new_code_cell(code, metadata={"tags": ["install"]})


def with_cached_outputs(app, notebook):
    """The notebook with its outputs. When MyST-NB takes a post's results from the cache, it
    writes the notebook it read, without them, to jupyter_execute/ (myst_nb/sphinx_.py writes
    `notebook`, not the client's merged copy); the cache has them, keyed on the code."""
    if all(cell.get("execution_count") for cell in notebook.cells if cell.cell_type == "code"):
        return notebook
    from jupyter_cache import get_cache

    try:
        return get_cache(app.config.nb_execution_cache_path).merge_match_into_notebook(notebook)[1]
    except KeyError:
        return notebook  # not cached (the post failed): exported as it is


def markdown_line(env, docname: str, source: str) -> int | None:
    """The .md line where a markdown cell starts (its first non-blank line found in the post)."""
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    lines = Path(env.doc2path(docname)).read_text(encoding="utf-8").splitlines()
    return next((number for number, line in enumerate(lines, 1) if first and line.strip() == first), None)


def export_notebook(app, pagename, executed: Path):
    """The plain Jupyter notebook of one post, from MyST-NB's executed notebook."""
    env = app.env
    notebook = with_cached_outputs(app, nbformat.read(executed, as_version=4))
    site_url = app.config.html_baseurl.rstrip("/") + "/"
    page_url = site_url + app.builder.get_target_uri(pagename)
    math = env.domains["math"]
    std = env.domains["std"]
    bibliography = Bibliography(app)

    def uri(docname, anchor=""):
        return site_url + app.builder.get_target_uri(docname) + (f"#{anchor}" if anchor else "")

    def equation(label):
        if label not in math.equations:
            raise UnknownSyntax(f"no equation is labelled {label!r}")
        docname, number = math.equations[label]
        return number, uri(docname, f"equation-{label}")

    def reference(label):
        if label in std.labels:
            docname, anchor, title = std.labels[label]
            return title, uri(docname, anchor)
        if label in std.anonlabels:  # a label on a box or paragraph: the role names its text
            docname, anchor = std.anonlabels[label]
            return None, uri(docname, anchor)
        raise UnknownSyntax(f"no section or figure is labelled {label!r}")

    def document(target):
        docname = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), target))
        docname = docname.removesuffix(".md").removesuffix(".ipynb")
        if docname not in env.titles:
            raise UnknownSyntax(f"no page {target!r} (from {pagename})")
        return env.titles[docname].astext(), uri(docname)

    def link(target):
        path, _, anchor = target.partition("#")
        if not path:
            return page_url + f"#{anchor}"
        docname = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), path))
        for suffix in (".md", ".ipynb", ".html"):
            docname = docname.removesuffix(suffix)
        if docname in env.titles:
            return uri(docname, anchor)
        if not anchor and path in std.labels:
            return reference(path)[1]
        return site_url + posixpath.normpath(posixpath.join(posixpath.dirname(pagename), target))

    def image(path):
        source = posixpath.normpath(posixpath.join(posixpath.dirname(pagename), path))
        if source not in app.builder.images:
            raise UnknownSyntax(f"the image {path!r} was not copied into the site")
        return site_url + "_images/" + app.builder.images[source]

    site = Site(
        macros=app.config.katex_macros,
        glued=glued_values(executed),
        equation=equation,
        reference=reference,
        document=document,
        link=link,
        image=image,
        cite=lambda keys, mode: bibliography.cite(keys, mode, page_url),
        bibliography=bibliography.references,
        extensions=tuple(sorted(app.config.myst_enable_extensions)),
    )
    cells = [install_cell(app, page_url)] if package(app) else []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            try:
                text = convert_markdown(cell.source, site)
            except ValueError as error:  # UnknownSyntax, or a macro with a missing argument
                report(env, pagename, markdown_line(env, pagename, cell.source), "notebook-export",
                       f"the downloadable notebook cannot write this as plain Jupyter markdown: {error}",
                       "write it with MyST the exporter knows (see the README's rules), or move code "
                       "into a top-level code cell")
                return None
            if text.strip():
                cells.append(nbformat.v4.new_markdown_cell(text))
        elif cell.cell_type == "code":
            tags = cell.metadata.get("tags", [])
            if "remove-cell" in tags:
                continue
            metadata = {"tags": tags} if tags else {}
            if cell.metadata.get("checks"):  # which formulas the cell proves, as on the page
                metadata["checks"] = cell.metadata["checks"]
            new = nbformat.v4.new_code_cell(cell.source, metadata=metadata)
            new.outputs = [] if "remove-output" in tags else _plain_outputs(cell.outputs, site.macros)
            new.execution_count = cell.get("execution_count")
            cells.append(new)
    exported = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "backprop_by_hand": {"page": page_url},
    })
    # Ids from the cell positions: two builds write the same file.
    for number, cell in enumerate(exported.cells):
        cell["id"] = f"cell-{number}"
    nbformat.validate(exported)
    return exported


def offer_notebook(app, pagename, templatename, context, doctree):
    """Export a post's notebook and name it in the download menu (before the theme, at 501,
    builds the buttons); give every page the package's version."""
    if package(app):
        context["package"] = package(app)
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if app.builder.format != "html" or not executed.is_file():
        return
    if facts(app.env, "failures").get(pagename):
        return  # the page's problems are reported already; its notebook would repeat them
    notebook = export_notebook(app, pagename, executed)
    if notebook is None:
        return
    text = json.dumps(notebook, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    for folder in (Path(app.outdir) / "_sources", Path(app.outdir).parent / "notebooks"):
        target = folder / f"{pagename}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    context["ipynb_source"] = f"{pagename}.ipynb"
    context["launch_links"] = launch_links(app, pagename)


def add_launch_buttons(app, pagename, templatename, context, doctree):
    """"Open in Colab" and "Launch Binder" in the theme's header, on every post."""
    links = context.get("launch_links")
    if not links or "header_buttons" not in context:
        return
    icons = {"Colab": "_static/images/logo_colab.png", "Binder": "_static/images/logo_binder.svg"}
    texts = {"Colab": "Open in Colab", "Binder": "Launch Binder"}
    context["header_buttons"].append({
        "type": "group",
        "tooltip": "Run this post",
        "icon": "fas fa-rocket",
        "label": "launch-buttons",
        "buttons": [
            {"type": "link", "text": texts[name], "tooltip": texts[name],
             "icon": icons[name], "url": url, "label": f"launch-{name.lower()}"}
            for name, url in links.items()
        ],
    })


def setup(app):
    app.add_config_value("repository_url", "", "html", types=[str])
    app.add_config_value("notebooks_branch", "notebooks", "html", types=[str])
    app.add_config_value("notebook_package_source", "site", "html", types=[str])
    app.connect("builder-inited", prepare)
    app.connect("build-finished", write_wheel)
    app.connect("build-finished", finish_notebooks_folder)
    app.connect("html-page-context", offer_notebook, priority=500)
    # After the theme's prep_header_buttons (500); registered before the theme's own 501s.
    app.connect("html-page-context", add_launch_buttons, priority=501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
