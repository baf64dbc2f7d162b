"""Write the module's Binder link once the repository is published: ``make binder-link REPO=owner/name``.

It rewrites the marked block of README.md's "Start" section (between
``<!-- binder-link -->`` and ``<!-- /binder-link -->``) with a Binder badge and
the link that opens the first notebook, and sets ``repository-code`` in
CITATION.cff. The student edition (``make student-edition``) copies the same
link into the students' README, unless it is given the students' own
repository. ``REF=v1.0.0`` pins the link to a release instead of ``main``.

Standard library only, so it runs before ``make setup``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BEGIN, END = "<!-- binder-link -->", "<!-- /binder-link -->"
FIRST_NOTEBOOK = "notebooks/00-start-here.ipynb"
BADGE = "https://mybinder.org/badge_logo.svg"
_REPO = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
_REF = re.compile(r"^[A-Za-z0-9._/-]{1,100}$")
_BLOCK = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^\s)>`\]]+")
NO_LINK = (
    "**In the browser, nothing to install:** once this repository is published on GitHub, "
    "whoever publishes it runs `make binder-link REPO=owner/name` (its GitHub owner and name), "
    "which writes the Binder link here and into the student edition."
)


def check_repo(repo: str, ref: str = "main") -> None:
    """Raise ValueError unless ``repo`` looks like GitHub's owner/name and ``ref`` like a branch or tag."""
    if not _REPO.match(repo) or repo.endswith((".", ".git")) or repo.split("/")[1] == "..":
        raise ValueError(
            f"{repo!r} is not a GitHub repository as owner/name (e.g. my-org/cartel-lab)"
        )
    if not _REF.match(ref) or ".." in ref:
        raise ValueError(f"{ref!r} is not a branch or tag name")


def binder_url(repo: str, ref: str = "main") -> str:
    """The Binder address that builds ``repo`` at ``ref`` and opens the first notebook."""
    check_repo(repo, ref)
    return f"https://mybinder.org/v2/gh/{repo}/{ref}?urlpath=lab/tree/{FIRST_NOTEBOOK}"


def link_block(url: str | None) -> str:
    """The README's marked block: badge and link, or how to make them."""
    if url is None:
        return f"{BEGIN}\n{NO_LINK}\n{END}"
    return (
        f"{BEGIN}\n[![Open in Binder]({BADGE})]({url})\n\n"
        f"**In the browser, nothing to install:** [open the module on Binder]({url}) "
        f"(`{url}`). The first start takes a few minutes while Binder builds it.\n{END}"
    )


def readme_with_link(text: str, url: str | None) -> str:
    """``text`` with its marked block replaced (ValueError when the markers are missing)."""
    if not _BLOCK.search(text):
        raise ValueError(f"README.md has no {BEGIN} ... {END} block to write the link into")
    return _BLOCK.sub(lambda _: link_block(url), text, count=1)


def link_in(text: str) -> str | None:
    """The Binder link written in a README's marked block, if any."""
    block = _BLOCK.search(text)
    found = _LINK.search(block[0]) if block else None
    return found[0] if found else None


def citation_with_repository(text: str, repo: str) -> str:
    """CITATION.cff with ``repository-code`` set to the GitHub address."""
    line = f'repository-code: "https://github.com/{repo}"'
    if re.search(r"^repository-code:.*$", text, re.MULTILINE):
        return re.sub(r"^repository-code:.*$", line, text, count=1, flags=re.MULTILINE)
    return text.replace("\nversion:", f"\n{line}\nversion:", 1)


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    """Write the link into README.md and the repository into CITATION.cff."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", help="the GitHub repository as owner/name")
    parser.add_argument("--ref", default="main", help="branch or tag (default: main)")
    args = parser.parse_args(argv)
    try:
        url = binder_url(args.repo.strip(), args.ref.strip())
        readme = root / "README.md"
        readme.write_text(
            readme_with_link(readme.read_text(encoding="utf-8"), url), encoding="utf-8"
        )
    except ValueError as problem:
        print(f"No link written: {problem}", file=sys.stderr)
        return 1
    citation = root / "CITATION.cff"
    if citation.exists():
        text = citation.read_text(encoding="utf-8")
        citation.write_text(citation_with_repository(text, args.repo.strip()), encoding="utf-8")
    print(f"README.md and CITATION.cff now point to {url}")
    print("The student edition copies it: make student-edition DEST=... (STUDENT_REPO=owner/name")
    print("for the students' own repository). Commit README.md and CITATION.cff.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
