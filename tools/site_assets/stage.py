"""Fetch the site's third-party JavaScript from npm (pinned) and stage it for the Sphinx build.

    python -m tools.site_assets.stage            # npm ci (only when the lockfile changed), then copy
    python -m tools.site_assets.stage --force    # always reinstall and copy again
    python -m tools.site_assets.stage --check    # no network: exit 1 unless the staged files match the lockfile

The pages would otherwise load MathJax, require.js, the ipywidgets HTML manager and vega (the interactive
demos of `lecture10.demos`, drawn by static/book-demos.js) from public CDNs.
`package.json` pins them, `package-lock.json` pins everything with integrity hashes, and `npm ci` installs
exactly that into `node_modules/` here. The few files a page needs are then copied to `dist/vendor/`, which
`_config.yml` names in `html_extra_path`, so Sphinx copies them to `_build/html/vendor/`. (Not a folder named
`_static`: Jupyter Book 1 would add every .js/.css in it to every page.) The book's own widgets-setup.js
goes there too. Nothing third-party is committed: `node_modules/` and `dist/` are git-ignored.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LOCKFILE = HERE / "package-lock.json"
MODULES = HERE / "node_modules"
DIST = HERE / "dist"
STAGING = HERE / "dist.staging"  # built here, then swapped in: a build running meanwhile keeps its dist/
VENDOR = DIST / "vendor"
STAMP = VENDOR / "VERSIONS.json"

# What each package contributes: (package, source folder inside it, target folder, glob patterns).
# MathJax loads TeX extensions, fonts and the accessibility/menu components on demand, relative to its own
# script, so those folders come too; the other prebuilt combinations of MathJax are left out.
COPIES: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("mathjax", "es5", "mathjax", ("tex-mml-chtml.js", "core.js", "loader.js", "startup.js",
                                     "a11y/**/*", "adaptors/**/*", "input/**/*", "output/**/*",
                                     "sre/**/*", "ui/**/*")),
    ("mathjax", "", "mathjax", ("LICENSE",)),
    ("requirejs", "", "requirejs", ("require.js",)),
    # embed-amd.js defines @jupyter-widgets/{base,controls,output} itself; its Font Awesome fonts sit
    # next to it (widgets-setup.js points the widget manager there).
    ("@jupyter-widgets/html-manager", "dist", "html-manager",
     ("embed-amd.js", "*.woff2", "*.woff", "*.ttf", "*.eot", "*.svg")),
    # The demos: vega draws, vega-lite compiles the specs Altair writes, vega-embed ties them together.
    # Their UMD builds; book-demos.js loads them after the page has painted, on demo pages only.
    ("vega", "build", "vega", ("vega.min.js",)),
    ("vega", "", "vega", ("LICENSE",)),
    ("vega-lite", "build", "vega-lite", ("vega-lite.min.js",)),
    ("vega-lite", "", "vega-lite", ("LICENSE",)),
    ("vega-embed", "build", "vega-embed", ("vega-embed.min.js",)),
    ("vega-embed", "", "vega-embed", ("LICENSE",)),
]
# The book's own script, loaded before embed-amd.js (see its comments); copied from here as it is.
OWN_FILES = ["widgets-setup.js"]


def lock_digest() -> str:
    """SHA-256 of package-lock.json: the staged files are current when it matches the stamp."""
    return hashlib.sha256(LOCKFILE.read_bytes()).hexdigest()


def locked_versions() -> dict[str, str]:
    """The version of each directly used package, as package-lock.json pins it."""
    packages = json.loads(LOCKFILE.read_text())["packages"]
    return {name: packages[f"node_modules/{name}"]["version"] for name in sorted({c[0] for c in COPIES})}


def staged_problem() -> str | None:
    """Why `dist/vendor/` cannot be used as it is (missing, or staged from another lockfile), or None."""
    if not STAMP.exists():
        return f"{VENDOR.relative_to(HERE.parent.parent)} is missing: run `python -m tools.site_assets.stage`"
    stamp = json.loads(STAMP.read_text())
    if stamp.get("lock_sha256") != lock_digest() or stamp.get("packages") != locked_versions():
        return "the staged site assets do not match package-lock.json: run `python -m tools.site_assets.stage`"
    for name in OWN_FILES:
        staged = VENDOR / name
        if not staged.exists() or staged.read_bytes() != (HERE / name).read_bytes():
            return f"the staged copy of {name} is stale: run `python -m tools.site_assets.stage`"
    return None


def npm_ci() -> None:
    """Install exactly the lockfile's packages into node_modules/ (no install scripts run)."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is not installed: it is needed once to fetch the site's JavaScript (see README)")
    subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=HERE, check=True)


def installed_versions() -> dict[str, str | None]:
    """The version of each directly used package in node_modules/ (None when missing)."""
    versions: dict[str, str | None] = {}
    for name in locked_versions():
        manifest = MODULES / name / "package.json"
        versions[name] = json.loads(manifest.read_text())["version"] if manifest.exists() else None
    return versions


def installed_matches_lock() -> bool:
    """Whether `npm ci` last installed this very lockfile (npm keeps a copy in node_modules/)."""
    hidden = MODULES / ".package-lock.json"
    if not hidden.exists() or installed_versions() != locked_versions():
        return False
    installed = json.loads(hidden.read_text())["packages"]
    locked = {k: v for k, v in json.loads(LOCKFILE.read_text())["packages"].items() if k}
    return {k: v.get("version") for k, v in installed.items()} == {k: v.get("version") for k, v in locked.items()}


def copy_assets() -> int:
    """Copy the needed files from node_modules/ (and ours from here) into a fresh dist/vendor/; return how many."""
    installed = installed_versions()
    if installed != locked_versions():
        raise SystemExit(f"node_modules/ ({installed}) differs from package-lock.json: run with --force")
    shutil.rmtree(STAGING, ignore_errors=True)
    vendor = STAGING / VENDOR.relative_to(DIST)
    count = 0
    for package, source, target, patterns in COPIES:
        root = MODULES / package / source
        for pattern in patterns:
            matches = [p for p in root.glob(pattern) if p.is_file()]
            if not matches:
                raise SystemExit(f"nothing in {root} matches {pattern!r}: has the package layout changed?")
            for path in matches:
                destination = vendor / target / path.relative_to(root)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, destination)
                count += 1
    for name in OWN_FILES:
        shutil.copy2(HERE / name, vendor / name)
        count += 1
    stamp = {"lock_sha256": lock_digest(), "packages": installed}
    (vendor / STAMP.name).write_text(json.dumps(stamp, indent=2) + "\n")
    previous = HERE / "dist.previous"
    shutil.rmtree(previous, ignore_errors=True)
    if DIST.exists():
        DIST.rename(previous)
    STAGING.rename(DIST)
    shutil.rmtree(previous, ignore_errors=True)
    return count


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--force", action="store_true", help="reinstall with npm ci and copy even if current")
    parser.add_argument("--check", action="store_true", help="only check the staged files (no network)")
    args = parser.parse_args(argv)
    problem = staged_problem()
    if args.check:
        print(problem or f"site assets are current: {locked_versions()}")
        return 1 if problem else 0
    if problem is None and not args.force:
        print(f"site assets are current: {locked_versions()}")
        return 0
    if args.force or not installed_matches_lock():
        npm_ci()
    count = copy_assets()
    print(f"staged {count} files of {locked_versions()} in {VENDOR.relative_to(HERE.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
