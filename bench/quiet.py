"""How far apart the file events of one save, or of one checkout, arrive (watchdog, as `deckbuild watch` sees them).

    python bench/quiet.py [--load]

`deckbuild watch` waits until a folder has been quiet for `watch.QUIET` before it rebuilds, so
that an editor's write-and-rename, or a checkout touching several files, is one change: the
wait must be longer than the largest gap between the events of one such burst. This saves a
file 20 times in each way editors do (write a temporary file and rename it over; rename the
original away, write, delete; write in place) and switches a git checkout of three files 20
times, and prints the largest gap and the burst's span. `--load` runs two busy processes beside it.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from watchdog.observers import Observer
from watchdog.events import FileSystemEventHandler
busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)] if "--load" in sys.argv else []
root = Path(tempfile.mkdtemp(prefix="deckbuild-quiet-")); (root/"deck").mkdir(parents=True); (root/"data").mkdir()
events = []
class H(FileSystemEventHandler):
    def on_any_event(self, e):
        if e.event_type in ("opened", "closed_no_write"): return
        events.append((time.perf_counter(), e.event_type, e.src_path))
def git(*a): subprocess.run(["git", *a], cwd=root, check=True, capture_output=True)
big = "x: " + "가" * 200 + "\n"
(root/"deck/a.yaml").write_text(big*50); (root/"data/d.csv").write_text("a,b\n1,2\n"*2000)
git("init", "-q"); git("-c", "user.email=a@b", "-c", "user.name=a", "add", "."); git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "a")
git("checkout", "-qb", "other"); (root/"deck/a.yaml").write_text(big*60); (root/"data/d.csv").write_text("a,b\n1,3\n"*2000); (root/"deck/b.yaml").write_text(big)
git("-c", "user.email=a@b", "-c", "user.name=a", "add", "."); git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "b"); git("checkout", "-q", "master")
obs = Observer(); h = H()
for d in (root, root/"deck", root/"data"): obs.schedule(h, str(d), recursive=False)
obs.start(); time.sleep(0.3)
def burst(name, action, n=20):
    gaps = []; spans = []
    for i in range(n):
        events.clear(); action(i); time.sleep(0.25)
        ts = [t for t, *_ in events]
        if len(ts) > 1:
            gaps.append(max(b - a for a, b in zip(ts, ts[1:]))); spans.append(ts[-1] - ts[0])
    gaps.sort(); spans.sort()
    print(f"{name}: {len(events)} events; largest gap between events median {1000*gaps[len(gaps)//2]:.2f} ms, max {1000*gaps[-1]:.2f} ms; burst span max {1000*spans[-1]:.2f} ms")
def rename_save(i):
    p = root/"deck/a.yaml"; tmp = p.with_name(".a.yaml.tmp"); tmp.write_text(big*(50+i)); os.replace(tmp, p)
def vim_save(i):  # backupcopy=no: rename the original away, write anew, remove the backup
    p = root/"deck/a.yaml"; bak = p.with_name("a.yaml~"); os.replace(p, bak); p.write_text(big*(50+i)); os.remove(bak)
def inplace(i):
    with open(root/"deck/a.yaml", "w") as f: f.write(big*(50+i))
def checkout(i): git("checkout", "-qf", "other" if i % 2 == 0 else "master")
burst("write, then rename over", rename_save)
burst("vim (rename away, write, delete)", vim_save)
burst("in place (truncate, write)", inplace)
burst("git checkout (3 files)", checkout)
obs.stop()
for p in busy:
    p.kill()
shutil.rmtree(root, ignore_errors=True)
