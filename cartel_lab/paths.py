"""Where the module's files are, found relative to the repository, never by absolute path."""

from __future__ import annotations

import os
from pathlib import Path

DATA_ENV_VAR = "CARTEL_LAB_DATA"
_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Return the folder that holds ``datapackage.json``.

    Looked up in this order, so it works in a source checkout (``make lab``),
    on Binder (package installed into site-packages, notebooks run from the
    repository) and in tests (a temporary copy pointed to by the variable):
    the ``CARTEL_LAB_DATA`` environment variable; ``data/`` beside the
    package; ``data/`` in the working folder or any folder above it.
    """
    override = os.environ.get(DATA_ENV_VAR)
    if override:
        return Path(override)
    candidates = [_PACKAGE_DIR.parent / "data"]
    here = Path.cwd().resolve()
    candidates += [folder / "data" for folder in (here, *here.parents)]
    for candidate in candidates:
        if (candidate / "datapackage.json").is_file():
            return candidate
    raise FileNotFoundError(
        "Could not find the module's data folder (data/datapackage.json). Open the notebook "
        f"from inside the repository, or set {DATA_ENV_VAR} to the data folder."
    )
