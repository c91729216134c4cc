"""`make audit`: the installed dependencies' known vulnerabilities, or a failure saying why not.

pip-audit asks PyPI's JSON API about each installed release. A machine that reaches only the
package index (or a mirror of it) gets 404 there, which pip-audit reports as "Dependency not
found on PyPI and could not be audited" for every package: --strict fails the run, but the
message reads as if the packages were at fault. And without --strict such a run would pass.

So the API is asked first about a release with published advisories (Django 3.2). Unless the
answer lists them, nothing is checked and the run fails (exit status 3) saying why; otherwise
pip-audit runs, with --strict, and its verdict is the run's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.error
import urllib.request

# Django 3.2 has had advisories since 2021; an answer without them is not the advisory feed.
CANARY = "https://pypi.org/pypi/django/3.2/json"
UNCHECKED = 3

PIP_AUDIT = [sys.executable, "-m", "pip_audit", "--strict", "--skip-editable"]


def feed_problem(url: str = CANARY, timeout: float = 20) -> str | None:
    """Why `url` does not answer as PyPI's advisory feed does; None when it does."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            release = json.load(response)
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except urllib.error.URLError as error:
        return str(error.reason)
    except (OSError, ValueError) as error:
        return str(error) or type(error).__name__
    if not isinstance(release, dict) or not release.get("vulnerabilities"):
        return "回答中没有这个版本已公布的漏洞"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--canary", default=CANARY, help="the release asked about first")
    args = parser.parse_args(argv)
    problem = feed_problem(args.canary)
    if problem:
        print(
            f"未能检查依赖的已知漏洞：PyPI 的漏洞数据接口（{args.canary}）没有正常回答"
            f"（{problem}）。\n"
            "这台机器可能只能访问软件包索引，访问不到 PyPI 的 JSON 接口；"
            "请在能访问它的机器上运行 make audit。\n"
            "没有检查，不等于没有漏洞。",
            file=sys.stderr,
        )
        return UNCHECKED
    return subprocess.call([*PIP_AUDIT, "--progress-spinner", "off"])


if __name__ == "__main__":
    sys.exit(main())
