"""Rewrite the sha256 hash and byte count of every file in data/datapackage.json.

Run it after an intentional edit of a data file, then commit both:

    .venv/bin/python tools/update_data_hashes.py          # rewrite
    .venv/bin/python tools/update_data_hashes.py --check  # exit 1 if any is stale

The hashes use the form Frictionless 5 verifies (``"hash": "sha256:<hex>"``
plus ``"bytes"``), so a validation run reports a file edited without this step.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def file_digest(path: Path) -> tuple[str, int]:
    """Return ``("sha256:<hex>", size in bytes)`` for ``path``."""
    content = path.read_bytes()
    return f"sha256:{hashlib.sha256(content).hexdigest()}", len(content)


def update(folder: Path = DATA_DIR, check_only: bool = False) -> list[str]:
    """Update (or, with ``check_only``, only compare) the hashes; return the stale resource names."""
    descriptor_path = folder / "datapackage.json"
    package = json.loads(descriptor_path.read_text(encoding="utf-8"))
    stale = []
    for resource in package["resources"]:
        digest, size = file_digest(folder / resource["path"])
        if resource.get("hash") != digest or resource.get("bytes") != size:
            stale.append(resource["name"])
            resource["hash"] = digest
            resource["bytes"] = size
    if stale and not check_only:
        text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
        descriptor_path.write_text(text, encoding="utf-8")
    return stale


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report stale hashes")
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: data/)")
    args = parser.parse_args(argv)
    stale = update(args.data, check_only=args.check)
    verb = "stale" if args.check else "updated"
    print(f"{len(stale)} {verb}: {', '.join(stale) or '-'}")
    return 1 if (args.check and stale) else 0


if __name__ == "__main__":
    sys.exit(main())
