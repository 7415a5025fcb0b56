#!/usr/bin/env python3
"""Makes crates/newsroom/tests/fixtures/schema-N.db for every shipped schema N from 2 up: a data
folder written by the `newsroom` command of the last commit that had N migrations, built from git
history, doing what a newsroom did with that version (drafts and edits, the trash, photos,
profiles, people and review, comments, bundles' ids, the dictionary — whatever it could do). Beside
each, schema-N.json holds what that old version itself said it had (its own `--json` output): the
upgrade test checks today's code reads the same.

Run by hand when a migration is added (append the new schema to VERSIONS); it builds old versions
in /tmp/schema-fixtures (a few minutes each the first time). The fixtures are committed; CI only
reads them.
"""
import json
import os
import pathlib
import shutil
import sqlite3
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates/newsroom/tests/fixtures"
WORK = pathlib.Path("/tmp/schema-fixtures")
# Schema N: the commit before the one that added migration N+1.
VERSIONS = {
    2: "1be9c2f^",
    3: "e02db45^",
    4: "6d9f245^",
    5: "040abcc^",
    6: "cf01b17^",
    7: "6918b38^",
    8: "928d2e1^",
    9: "35fc879^",
    10: "95d48e7",
    11: "3a9e662",
    12: "9853357",
    13: "7d8f3b2",
    14: "8d3c3b8",
    15: "c52b38a",
}

BODY_A = (
    "Đảng ủy Sở đã chú trọng thực hiện các giải pháp.\n\n"
    "Sở đã tích cực thông tin tuyên truyền về bảo vệ môi trường.\n"
)


def sh(*args, **kw):
    return subprocess.run(args, check=True, text=True, capture_output=True, **kw).stdout


def build(n: int, commit: str) -> pathlib.Path:
    src = WORK / f"src-{n}"
    if not src.exists():
        sh("git", "-C", str(ROOT), "worktree", "add", "--detach", str(src), commit)
    # FIXTURES_TARGET_DIR: build in an existing target folder (its dependencies are reused).
    env = dict(os.environ, CARGO_TARGET_DIR=os.environ.get("FIXTURES_TARGET_DIR", str(WORK / "target")))
    subprocess.run(
        ["cargo", "build", "--locked", "-q", "-p", "newsroom-cli"], cwd=src, env=env, check=True
    )
    exe = WORK / f"newsroom-{n}"
    shutil.copy(pathlib.Path(env["CARGO_TARGET_DIR"]) / "debug/newsroom", exe)
    return exe


class Old:
    def __init__(self, exe: pathlib.Path, data: pathlib.Path):
        self.exe, self.data = exe, data
        self.help = sh(str(exe), "--help")

    def has(self, command: str) -> bool:
        return any(line.split()[:1] == [command] for line in self.help.splitlines())

    def flags(self, *command: str) -> str:
        return sh(str(self.exe), *command, "--help")

    def run(self, *args: str, who: str | None = None, stdin: str | None = None) -> str:
        pre = ["--data-dir", str(self.data)]
        if who is not None:
            pre += ["--as", who]
        env = dict(os.environ, USER="Hoàng Tùng")
        r = subprocess.run(
            [str(self.exe), *pre, *args], text=True, capture_output=True, env=env, input=stdin
        )
        if r.returncode != 0:
            sys.exit(f"{self.exe.name} {' '.join(args)}: {r.stderr}")
        return r.stdout

    def json(self, *args: str, who: str | None = None):
        return json.loads(self.run("--json", *args, who=who))


def jpeg(path: pathlib.Path) -> None:
    sh(
        "/usr/bin/python3",
        "-c",
        "import sys; from PIL import Image; "
        "im = Image.new('RGB', (640, 480)); "
        "im.putdata([((x * 7) % 256, (y * 5) % 256, 90) for y in range(480) for x in range(640)]); "
        "im.save(sys.argv[1], quality=90)",
        str(path),
    )


def populate(n: int, old: Old, tmp: pathlib.Path) -> dict:
    said: dict = {"schema": n}
    new_flags = old.flags("new")
    body = tmp / "a.md"
    body.write_text(BODY_A, encoding="utf-8")
    extra = ["--lead", "Sáng 3/12, Sở họp bàn."] if "--lead" in new_flags else []
    a = old.json(
        "new", "--title", "Tăng cường quản lý nhà nước về bảo vệ môi trường",
        "--body-file", str(body), *extra,
    )
    # Two edits: revisions to carry over.
    for rev, title in [(1, "Tăng cường hiệu lực quản lý môi trường"), (2, "Tăng cường hiệu lực, hiệu quả quản lý môi trường")]:
        old.json("edit", a["id"], "--base-revision", str(rev), "--title", title)
    b = old.json("new", "--title", "Hải Phòng khánh thành cầu Hoàng Văn Thụ")
    old.run("spike", b["id"])
    c = old.json("new", "--title", "Lễ hội Chọi trâu Đồ Sơn")
    said["photos"] = 0
    if old.has("photo"):
        img = tmp / "trau.jpg"
        jpeg(img)
        add = ["photo", "add", c["id"], str(img)]
        if "--caption" in old.flags("photo", "add"):
            add += ["--caption", "Trâu vào sới"]
        old.run(*add)
        said["photos"] = 1
    if old.has("profile"):
        exported = tmp / "hp.json"
        old.run("profile", "export", "hai-phong", "--out", str(exported))
        p = json.loads(exported.read_text(encoding="utf-8"))
        p["id"], p["name"] = "do-son", "Cổng thông tin quận Đồ Sơn"
        exported.write_text(json.dumps(p, ensure_ascii=False), encoding="utf-8")
        old.run("profile", "import", str(exported))
        said["profiles"] = sorted(e["profile"]["id"] for e in old.json("profile", "list"))
    d = None
    if old.has("user"):
        old.run("user", "add", "Lan", "--role", "admin", who="Lan")
        old.run("user", "add", "Minh", "--role", "reporter", who="Lan")
        old.run("user", "add", "Hà", "--role", "editor", "--new-pin", "2468", who="Lan")
        d = old.json("new", "--title", "Phường Lê Chân ra quân dọn vệ sinh", who="Minh")
        old.run("submit", d["id"], who="Minh")
        hpin = ["--pin", "2468"]
        old.run(*hpin, "claim", d["id"], who="Hà")
        if old.has("comment"):
            old.run(*hpin, "comment", d["id"], "--text", "Kiểm tra lại tên phường", who="Hà")
            said["comments"] = [
                x["body"] if "body" in x else x["text"] for x in old.json(*hpin, "comments", d["id"], who="Hà")
            ]
        old.run(*hpin, "approve", d["id"], who="Hà")
        said["users"] = sorted((u["name"], u["role"], u["has_pin"]) for u in old.json("user", "list"))
        said["log"] = [(e["actor"], e["action"]) for e in old.json("log", d["id"])]
    if old.has("dictionary"):
        old.run("dictionary", "Vinhomes", who="Lan" if d else None)
        said["words"] = ["Vinhomes"]
    ids = [a["id"], b["id"], c["id"]] + ([d["id"]] if d else [])
    said["articles"] = []
    for i in ids:
        s = old.json("show", i)
        hist = old.json("history", i)
        said["articles"].append(
            {
                "id": s["id"],
                "title": s["title"],
                "status": s.get("status", ""),
                "revision": s.get("revision"),
                "history": [h.get("number") for h in hist],
            }
        )
    return said


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    wanted = [int(a) for a in sys.argv[1:]] or sorted(VERSIONS)
    for n in wanted:
        exe = build(n, VERSIONS[n])
        data = WORK / f"data-{n}"
        shutil.rmtree(data, ignore_errors=True)
        tmp = WORK / f"tmp-{n}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        said = populate(n, Old(exe, data), tmp)
        db = data / "newsroom.db"
        conn = sqlite3.connect(db)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version != n:
            sys.exit(f"{VERSIONS[n]} wrote schema {version}, not {n}")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("PRAGMA journal_mode=DELETE")
        conn.execute("VACUUM")
        conn.close()
        shutil.copy(db, OUT / f"schema-{n}.db")
        said["made_by"] = sh("git", "-C", str(ROOT), "rev-parse", "--short", VERSIONS[n]).strip()
        (OUT / f"schema-{n}.json").write_text(
            json.dumps(said, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(f"schema {n}: {len(said['articles'])} articles, made by {said['made_by']}")
        sh("git", "-C", str(ROOT), "worktree", "remove", "--force", str(WORK / f"src-{n}"))


if __name__ == "__main__":
    main()
