"""How much memory one process holds serving a large board's search and role pages.

Builds a temporary SQLite board (`seed bench`, then `search reindex`), then, in a process of
its own, renders every page afresh (PAGE_CACHE_SECONDS=0): searches of common words, role
pages (each with its similar roles, a search), and the same searches again, page by page.
Prints the resident memory after each step and the peak. The target: a worker stays under
300 MB at 100,000 documents.

    python bench/memory.py [--roles 100000] [--mentors 10000] [--stories 10000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from run import flask_command, prepare  # noqa: E402

QUERIES = ("product strategy", "ai platform director", "head of ai", "machine learning", "data",
           "growth marketing", "vp engineering", "remote", "llm", "partnerships")  # fmt: skip

SERVE = """
import os, re, resource
from aicb_board import create_app

def resident():
    pages = int(open("/proc/self/statm").read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") // 2**20

client = create_app().test_client()
print(f"  started: {resident()} MB")
for q in QUERIES:
    assert client.get("/search", query_string={"q": q}).status_code == 200
print(f"  after {len(QUERIES)} searches: {resident()} MB")
listing = client.get("/roles/").get_data(as_text=True)
roles = sorted(set(re.findall(r'href="(/roles/\\d+-[a-z0-9-]+)"', listing)))[:10]
for page in roles:
    assert client.get(page).status_code == 200, page
print(f"  after {len(roles)} role pages: {resident()} MB")
for q in QUERIES:
    for number in (1, 2, 3):
        client.get("/search", query_string={"q": q, "page": number})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(f"  after {3 * len(QUERIES)} more search pages: {resident()} MB (peak {peak} MB)")
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--roles", type=int, default=100_000)
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        env = prepare(Path(folder))
        started = time.perf_counter()
        flask_command(env, "seed", "bench", "--roles", str(args.roles),
                      "--mentors", str(args.mentors), "--stories", str(args.stories))  # fmt: skip
        flask_command(env, "search", "reindex")
        print(f"Board of {args.roles:,} roles, {args.mentors:,} mentors and {args.stories:,} "
              f"stories, indexed in {time.perf_counter() - started:.0f} s")  # fmt: skip
        serve = f"QUERIES = {QUERIES!r}\n{SERVE}"
        subprocess.run([sys.executable, "-c", serve], env={**env, "PAGE_CACHE_SECONDS": "0"},
                       check=True, cwd=ROOT)  # fmt: skip


if __name__ == "__main__":
    main()
