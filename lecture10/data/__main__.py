"""Command line: ``python -m lecture10.data list | fetch NAME | path NAME | verify [NAME]``."""
from __future__ import annotations

import argparse
import sys

from lecture10 import data


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (1 with a clear message on failure)."""
    parser = argparse.ArgumentParser(prog="python -m lecture10.data",
                                     description="Fetch and check the course book's datasets.")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the datasets, their files and licences")
    fetch = commands.add_parser("fetch", help="fetch a dataset (if needed) and print its path")
    fetch.add_argument("name")
    fetch.add_argument("--quiet", action="store_true", help="no progress bars")
    commands.add_parser("path", help="print where a dataset is (or would be) cached").add_argument("name")
    commands.add_parser("verify", help="re-hash cached files").add_argument("name", nargs="?")
    args = parser.parse_args(argv)
    try:
        if args.command == "list":
            print(f"cache: {data.cache_dir()}\n")
            print("\n\n".join(data.describe(name) for name in data.datasets()))
        elif args.command == "fetch":
            print(data.fetch(args.name, progress=not args.quiet))
        elif args.command == "path":
            print(data.path(args.name))
        else:
            report = data.verify(args.name)
            for name, status in report.items():
                print(f"{name}: {status}")
            bad = [name for name, status in report.items() if status not in ("ok", "missing")]
            if bad or (args.name and report[args.name] != "ok"):
                return 1
    except (data.DatasetUnavailable, data.UnknownDataset) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
