"""``python -m site_build finish|build|serve``: the site's build for either engine."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .engines import ENGINES, build, serve
from .finish import finish_from_environment
from .project import BuildError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m site_build", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    done = commands.add_parser("finish", help="ship the runtime and finish the pages of a build")
    done.add_argument("site_dir", type=Path)
    done.add_argument("--offline", action="store_true", help="the copy read from disk")
    made = commands.add_parser("build", help="build with an engine, then finish")
    made.add_argument("--engine", choices=ENGINES, default="mkdocs")
    made.add_argument("--site-dir", type=Path, default=Path("site"))
    made.add_argument("--offline", action="store_true", help="the copy read from disk")
    served = commands.add_parser("serve", help="build, serve and rebuild on change")
    served.add_argument("--engine", choices=ENGINES, default="mkdocs")
    served.add_argument("--addr", default="127.0.0.1:8000")
    served.add_argument("--path", default="/gist-guide/")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s - %(message)s")
    try:
        if args.command == "finish":
            finish_from_environment(args.site_dir.resolve(), offline_copy=args.offline)
        elif args.command == "build":
            print(build(args.engine, args.site_dir, offline=args.offline), end="")
        else:
            serve(args.engine, args.addr, args.path)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
