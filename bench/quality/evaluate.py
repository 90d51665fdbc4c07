#!/usr/bin/python3
"""Search-quality evaluation: sasae against three baselines on the judged set.

Usage (from anywhere; Debian's python, for python3-xapian and python3-mecab):

    /usr/bin/python3 bench/quality/evaluate.py              # full run, updates bench/README.md
    /usr/bin/python3 bench/quality/evaluate.py --no-readme  # print only
    /usr/bin/python3 bench/quality/evaluate.py --rebuild    # rebuild every cached index first

One run:
 1. indexes the whole collection with the binaries in build/ (copied first, so a rebuild
    under the run does not mix binaries): `sasae-index --db WORK/sasae-db -q --exclude index.md
    content awsdocs=… community=…` (incremental; --rebuild starts from an empty directory),
    starts `sasae-server --port 0 --no-access-log`, sends every query of queries.tsv to
    GET /api/search (per_page=10) and every draft of drafts.jsonl to POST /api/suggest
    (limit=10);
 2. exports the same documents (ids, titles, text) from the sasae index with python3-xapian
    and runs the same queries and drafts against Groonga (TokenMecab + NormalizerAuto),
    Xapian's own CJK n-grams, and SQLite FTS5 with the trigram tokenizer; their databases are
    cached under WORK (default /tmp/sasae-quality) and rebuilt when the exported documents
    change (a hash of them) or with --rebuild;
 3. prints MRR@10, nDCG@10 and success@5 per engine, overall and per category, and the
    queries/drafts sasae fails (no grade-2 document in its top 5);
 4. writes the tables to the "## Search quality" section of bench/README.md and per-query
    results to bench/quality/results/last.json.

Metrics (unjudged documents count as not relevant):
  MRR@10     1/rank of the first grade-2 document in the top 10 (0 if none)
  nDCG@10    graded, gain 2^g - 1, discount log2(rank + 1), ideal = the judged grades sorted
  success@5  1 if a grade-2 document is in the top 5
"""
import argparse
import collections
import datetime
import hashlib
import http.client
import json
import math
import os
import platform
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import zlib

try:
    import xapian
except ImportError:
    sys.exit("evaluate.py: python3-xapian is missing (apt-get install python3-xapian; "
             "run with /usr/bin/python3)")
try:
    import MeCab
except ImportError:
    sys.exit("evaluate.py: python3-mecab is missing (apt-get install python3-mecab; "
             "run with /usr/bin/python3)")

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
SHARED = os.path.abspath(os.path.join(REPO, "..", "shared", "corpus"))
ROOTS = [os.path.join(REPO, "content"),
         "awsdocs=" + os.path.join(SHARED, "awsdocs"),
         "community=" + os.path.join(SHARED, "community-ja")]
CATEGORIES = ("ja", "mixed", "en", "code", "typo", "variant")
ENGINES = ("sasae", "groonga", "xapian", "fts5")
ENGINE_LABEL = {"sasae": "sasae", "groonga": "Groonga", "xapian": "Xapian n-gram",
                "fts5": "FTS5 trigram"}
KINDS = ("case", "doc", "blog")
KIND_LIST = {"case": "cases", "doc": "docs", "blog": "blogs"}
TITLE_WEIGHT = 5          # title counts this many times the body in every baseline
DEEP = 300                # ranking depth kept for baselines' per-kind draft lists
DIAG_DEPTH = 50           # depth of the extra sasae request for failed items
SCHEMA_VERSION = "3"      # bump when the baseline builds change
MARKDOWN_SLOT = 5         # core/schema.h kMarkdownSlot
DETAILS_SLOT = 7          # core/schema.h kDetailsSlot


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- judged set

# The first round of the set (q001-q106, d01-d54) was written before session 6; later rounds
# were written from documents the earlier ones did not cover and judged by pooling (round 2 in
# session 6, rounds 3 and 4 of the drafts in session 9). Reported apart so that each round's numbers stay
# comparable across sessions. The last id of each round but the newest:
ROUND_ENDS = {"search": (106,), "suggest": (54, 89, 119)}
ROUNDS = ("round 1", "round 2", "round 3", "round 4")


def round_of(item_id, task):
    n = int(item_id[1:])
    ends = ROUND_ENDS[task]
    return ROUNDS[next((i for i, end in enumerate(ends) if n <= end), len(ends))]


def load_queries(path=None):
    items = []
    with open(path or os.path.join(HERE, "queries.tsv"), encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        assert header == ["id", "category", "query", "relevant"], header
        for line in f:
            line = line.rstrip("\n")
            if not line.strip():
                continue
            qid, cat, q, rel = line.split("\t")
            judged = {}
            for pair in rel.split():  # empty for a candidate not judged yet (--pool)
                doc, g = pair.rsplit(":", 1)
                judged[doc] = int(g)
            items.append({"id": qid, "category": cat, "query": q, "relevant": judged})
    return items


def load_drafts(path=None):
    items = []
    with open(path or os.path.join(HERE, "drafts.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                d = json.loads(line)
                d.setdefault("relevant", {})
                if "category" not in d:
                    # d01-d48 re-tell one of the 48 past cases; d49-d54 are covered only by
                    # community articles and AWS pages (see README.md); later drafts name
                    # their category
                    d["category"] = "case-like" if int(d["id"][1:]) <= 48 else "no-case"
                items.append(d)
    return items


# ---------------------------------------------------------------------------- metrics

def ndcg(grades, all_grades, k=10):
    """nDCG@k of the grades in ranked order, against the ideal ordering of all judged grades."""
    def dcg(gs):
        return sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gs[:k]))
    idcg = dcg(sorted(all_grades, reverse=True))
    return dcg(list(grades)) / idcg if idcg else 0.0


def metrics(ranking, judged, k=10):
    top = ranking[:k]
    mrr = 0.0
    for i, doc in enumerate(top):
        if judged.get(doc) == 2:
            mrr = 1.0 / (i + 1)
            break
    s5 = 1.0 if any(judged.get(doc) == 2 for doc in ranking[:5]) else 0.0
    return {"mrr10": mrr, "ndcg10": ndcg([judged.get(d, 0) for d in top], judged.values(), k), "s5": s5}


def first_grade2(ranking, judged):
    for i, doc in enumerate(ranking):
        if judged.get(doc) == 2:
            return i + 1
    return None


# ---------------------------------------------------------------------------- sasae

def snapshot_binaries(work, source=None):
    """Copy the binaries so that a rebuild during the run cannot mix two versions.
    source: a folder holding sasae-index and sasae-server (default: build/)."""
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir, exist_ok=True)
    info = {}
    for rel in ("indexer/sasae-index", "server/sasae-server"):
        src = (os.path.join(source, os.path.basename(rel)) if source
               else os.path.join(REPO, "build", rel))
        if not os.access(src, os.X_OK):
            sys.exit("evaluate.py: %s is missing; build sasae first (scripts/test.sh)" % src)
        dst = os.path.join(bindir, os.path.basename(rel))
        tmp = dst + ".tmp"
        shutil.copy2(src, tmp)
        os.replace(tmp, dst)
        st = os.stat(src)
        info[os.path.basename(rel)] = datetime.datetime.fromtimestamp(
            st.st_mtime, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    return bindir, info


def file_digest(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def run_indexer(bindir, db, rebuild):
    """Incremental run; from an empty directory with --rebuild or when the sasae-index
    binary differs from the one that built the cached index (an incremental run re-analyses
    only changed files, so a fixed or changed indexer would otherwise not show)."""
    binary_digest = file_digest(os.path.join(bindir, "sasae-index"))
    stamp = db + ".indexer-sha256"
    previous = open(stamp).read().strip() if os.path.exists(stamp) else None
    reason = None
    if rebuild:
        reason = "--rebuild"
    elif os.path.exists(db) and previous != binary_digest:
        reason = "sasae-index binary changed since the cached index was built"
    if reason and os.path.exists(db):
        log("  rebuilding the sasae index from scratch (%s)" % reason)
        shutil.rmtree(db)
    if os.path.exists(stamp):
        os.remove(stamp)
    cmd = [os.path.join(bindir, "sasae-index"), "--db", db, "-q", "--exclude", "index.md"] + ROOTS
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        # e.g. an index written by an older schema: start over once
        log("sasae-index exited %d (%s); rebuilding from an empty directory"
            % (p.returncode, (p.stderr or p.stdout).strip()[-300:]))
        shutil.rmtree(db, ignore_errors=True)
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit("evaluate.py: sasae-index failed (%d): %s" % (p.returncode, p.stderr))
    with open(stamp, "w") as f:
        f.write(binary_digest + "\n")
    summary = (p.stdout + p.stderr).strip().splitlines()
    return {"seconds": round(time.time() - t0, 2), "exit": p.returncode,
            "summary": summary[-1] if summary else "", "full": bool(reason) or previous is None}


class Server:
    LISTEN = re.compile(r"listening on http://127\.0\.0\.1:(\d+)/")

    def __init__(self, bindir, db):
        self.proc = subprocess.Popen(
            [os.path.join(bindir, "sasae-server"), "--db", db, "--port", "0", "--no-access-log",
             "--web", os.path.join(REPO, "web")],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
        self.port = None
        deadline = time.time() + 30
        lines = []
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            m = self.LISTEN.search(line)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            self.stop()
            sys.exit("evaluate.py: sasae-server did not start:\n" + "".join(lines))
        # keep draining its output so that it never blocks on a full pipe
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def request(self, method, path, body=None):
        headers = {"Content-Type": "application/json"} if body is not None else {}
        data = json.dumps(body).encode("utf-8") if body is not None else None
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                payload = r.read()
                if r.status != 200:
                    raise RuntimeError("%s %s -> %d %s" % (method, path, r.status, payload[:300]))
                return json.loads(payload)
            except (http.client.HTTPException, ConnectionError):
                if attempt == 2:
                    raise
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def search(self, q, per_page=10):
        return self.request("GET", "/api/search?" + urllib.parse.urlencode(
            {"q": q, "per_page": per_page}))

    def suggest(self, title, body, limit=10):
        return self.request("POST", "/api/suggest", {"title": title, "body": body, "limit": limit})

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def merge_suggest(resp):
    """cases + docs + blogs in one ranking by score (ties: the order of the response)."""
    allhits = []
    for kind in KINDS:
        for pos, h in enumerate(resp.get(KIND_LIST[kind], [])):
            allhits.append((-h.get("score", 0.0), KINDS.index(kind), pos, h["id"]))
    allhits.sort()
    return [x[3] for x in allhits]


# ---------------------------------------------------------------------------- documents

MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)")
HTML_TAG = re.compile(r"<[^>\n]{1,400}>")
MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
LINK_ITEM = re.compile(r"^\s*\[([^\]]*)\]\([^)]*\)\s*(?:[—–-]+\s*)?(.*)$", re.S)


def plain_text(md):
    """Markdown to searchable text: link targets, inline HTML tags and backslash escapes go;
    link texts, headings, lists and code stay."""
    md = MD_LINK.sub(lambda m: m.group(1), md)
    md = HTML_TAG.sub(" ", md)
    return MD_ESCAPE.sub(r"\1", md)


def kind_of(doc_id):
    """The kind by id (cases/ -> case, docs/ awsdocs/ -> doc, blogs/ community/ -> blog), so
    that the per-kind numbers do not depend on the kinds the index stored."""
    return {"cases": "case", "docs": "doc", "awsdocs": "doc", "blogs": "blog",
            "community": "blog"}.get(doc_id.split("/", 1)[0], "")


def unpack_text(packed):
    """The Markdown as core/stored_text.cpp stores it: 'z', 4-byte little-endian length, zlib."""
    if packed[:1] != b"z":
        raise ValueError("stored Markdown is not packed as core/stored_text.h describes")
    return zlib.decompress(packed[5:]).decode("utf-8")


def export_documents(db_path, with_tags=False):
    """Every document of the sasae index: id -> {kind, title, body, url, stored_kind}. For
    link-list items the body is the item's description (the text after the link). With
    with_tags, the front-matter tags are appended to the body (off by default)."""
    db = xapian.Database(db_path)
    docs = {}
    for post in db.postlist(""):
        doc = db.get_document(post.docid)
        data = json.loads(doc.get_data().decode("utf-8"))
        doc_id = data["id"]
        # Value slots of core/schema.h: the Markdown source and the document view's details.
        md = unpack_text(doc.get_value(MARKDOWN_SLOT))
        details = json.loads(doc.get_value(DETAILS_SLOT).decode("utf-8") or "{}")
        if details.get("meta", {}).get("split") == "links":
            m = LINK_ITEM.match(md)
            body = m.group(2).strip() if m else plain_text(md)
        else:
            body = plain_text(md)
        if with_tags and data.get("tags"):
            body += "\n" + " ".join(data["tags"])
        docs[doc_id] = {"kind": kind_of(doc_id), "stored_kind": data.get("kind", ""),
                        "title": data.get("title", ""), "body": body,
                        "url": data.get("url", "")}
    db.close()
    h = hashlib.sha256(SCHEMA_VERSION.encode())
    for doc_id in sorted(docs):
        d = docs[doc_id]
        h.update(("\0".join((doc_id, d["title"], d["body"])) + "\1").encode("utf-8"))
    return docs, h.hexdigest()[:16]


def collection_templates(root):
    """folder (relative to root) -> the url template of its _collection.yaml."""
    out = {}
    for dirpath, _, files in os.walk(root):
        if "_collection.yaml" in files:
            with open(os.path.join(dirpath, "_collection.yaml"), encoding="utf-8") as f:
                for line in f:
                    m = re.match(r"^url:\s*(\S+)\s*$", line)
                    if m:
                        out[os.path.relpath(dirpath, root)] = m.group(1).strip("'\"")
    return out


def expected_urls(docs):
    """id -> the url each awsdocs/ page must have by its folder's _collection.yaml (the
    pages have no front matter), computed from the files, not from the index."""
    templates = collection_templates(os.path.join(SHARED, "awsdocs"))
    out = {}
    for doc_id in docs:
        parts = doc_id.split("/")
        if parts[0] == "awsdocs" and len(parts) == 3 and parts[1] in templates:
            out[doc_id] = templates[parts[1]].replace("{stem}", parts[2])
    return out


def index_sanity(docs, expected):
    """Checks that the index applied each folder's collection defaults: awsdocs/ urls match
    their folder's template and stored kinds match the folder. Returns warning lines."""
    bad_url = [(i, docs[i]["url"], u) for i, u in sorted(expected.items()) if docs[i]["url"] != u]
    bad_kind = sorted(i for i, d in docs.items() if d["stored_kind"] != d["kind"])
    warnings = []
    if bad_url:
        i, got, want = bad_url[0]
        warnings.append(
            "%d of %d awsdocs/ pages carry a url that is not their folder's _collection.yaml "
            "template (e.g. %s: %s, expected %s): the index applied the wrong collection "
            "defaults (url, services, lang), which breaks cited_by and service filters"
            % (len(bad_url), len(expected), i, got, want))
    if bad_kind:
        warnings.append("%d documents have a stored kind that does not match their folder "
                        "(e.g. %s: %s)" % (len(bad_kind), bad_kind[0],
                                           docs[bad_kind[0]]["stored_kind"]))
    return warnings


GITHUB_BLOB = re.compile(r"^https://github\.com/([^/]+)/([^/]+)/blob/[^/]+/(?:.*/)?([^/]+)\.md$")


def twin_groups(docs, expected):
    """id -> twin key: a docs/ link-list entry and the awsdocs/ page of the same URL, and a
    blogs/ note and the community article it summarises (its url names the article's file)."""
    key = {}
    for i, u in expected.items():
        key[i] = u.rstrip("/")
    for i, d in docs.items():
        if i.startswith("docs/") and d["url"]:
            key[i] = d["url"].split("#")[0].rstrip("/")
        elif i.startswith("blogs/"):
            m = GITHUB_BLOB.match(d["url"])
            if m:
                key[i] = "community/%s__%s__%s" % m.groups()
        elif i.startswith("community/"):
            key[i] = i
    return key


def twin_slots(ranking, twin_key, k=10):
    """How many of the top k are a second copy of a document already ranked higher."""
    seen, n = set(), 0
    for d in ranking[:k]:
        t = twin_key.get(d, d)
        if t in seen:
            n += 1
        seen.add(t)
    return n


def ndcg_twins_as_one(ranking, judged, twin_key, k=10):
    """nDCG@10 with each twin pair counted once (its higher grade): an engine that lists a page
    once is not short of a second copy the ideal ordering would have."""
    grade = {}
    for d, g in judged.items():
        t = twin_key.get(d, d)
        grade[t] = max(grade.get(t, 0), g)
    seen, top = set(), []
    for d in ranking:
        t = twin_key.get(d, d)
        if t not in seen:
            seen.add(t)
            top.append(t)
        if len(top) == k:
            break
    return ndcg([grade.get(t, 0) for t in top], grade.values(), k)


def ranking_metrics(ranking, judged, twin_key):
    """Every per-item number of one engine's ranking: metrics() plus the twin counts."""
    out = metrics(ranking, judged)
    out["twins10"] = twin_slots(ranking, twin_key)
    out["ndcg10_twins1"] = ndcg_twins_as_one(ranking, judged, twin_key)
    return out


def cached(path, fingerprint, rebuild, build):
    """Build the database in `path` unless it holds one of the same fingerprint."""
    stamp = os.path.join(path, "FINGERPRINT")
    if not rebuild and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == fingerprint:
                return 0.0, False
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    t0 = time.time()
    build(path)
    with open(stamp, "w") as f:
        f.write(fingerprint + "\n")
    return time.time() - t0, True


# ---------------------------------------------------------------------------- draft words

EN_STOP = set("""a an the and or of to in on for is are was were be been being it its this that
these those with from at by as not no but we i you our my your they their them he she can do does
did done have has had after before when what how why which who will would should could there
than then so if only also any all into out about up down over under again very just more most
such each other some per via while since until both may might must shall us me
""".split())
KEEP_NOUN = {"一般", "固有名詞", "サ変接続", "形容動詞語幹", "ナイ形容詞語幹"}
ASCII_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/@+-]*[A-Za-z0-9]|[A-Za-z0-9]")
MAX_DRAFT_WORDS = 60
WORDLIKE = re.compile(r"^\w[\w・ー-]*$")


class DraftWords:
    """The draft's content words, shared by the Groonga and FTS5 baselines: technical/English
    tokens kept whole (no stop words, numbers of 3+ digits), and MeCab (IPADIC) nouns of 2+
    characters (general, proper, sa-hen, adjectival stems; no pronouns, numerals, suffixes,
    dependent nouns). In order of first occurrence, title first, at most 60."""

    def __init__(self):
        self.tagger = MeCab.Tagger()

    def words(self, title, body):
        text = title + "\n" + body
        words, compounds = [], []
        for m in ASCII_WORD.finditer(text):
            w = m.group(0)
            low = w.lower()
            if low in EN_STOP or len(w) < 2 or (w.isdigit() and len(w) < 3):
                continue
            words.append(w)
        # Japanese: MeCab over the text with the ASCII runs blanked out
        jp = ASCII_WORD.sub(" ", text)
        node = self.tagger.parseToNode(jp)
        run = []
        while node:
            surface = node.surface
            feats = node.feature.split(",")
            wordlike = bool(WORDLIKE.match(surface))
            keep = (feats[0] == "名詞" and feats[1] in KEEP_NOUN and len(surface) >= 2
                    and not surface.isascii() and wordlike)
            if feats[0] == "名詞" and feats[1] not in ("代名詞", "非自立") and wordlike:
                run.append(surface)
            else:
                if len(run) > 1:
                    compounds.append("".join(run))
                run = []
            if keep:
                words.append(surface)
            node = node.next
        if len(run) > 1:
            compounds.append("".join(run))
        return dedupe(words)[:MAX_DRAFT_WORDS], dedupe(compounds)


def dedupe(seq):
    seen, out = set(), []
    for w in seq:
        k = w.lower()
        if k not in seen:
            seen.add(k)
            out.append(w)
    return out


# ---------------------------------------------------------------------------- Groonga

GROONGA_SCHEMA = os.path.join(REPO, "bench", "groonga_schema.grn")


def groonga_build(path, docs):
    db = os.path.join(path, "db")
    with open(GROONGA_SCHEMA, "rb") as f:
        p = subprocess.run(["groonga", "-n", db], stdin=f, capture_output=True)
    # Each command answers [[status, ...]]; a missing TokenMecab plugin fails its commands while
    # groonga itself exits 0, and every query would then find nothing.
    failed = [line for line in p.stdout.decode("utf-8", "replace").splitlines()
              if line.startswith("[[") and not line.startswith("[[0,")]
    if p.returncode != 0 or failed:
        sys.exit("evaluate.py: groonga schema failed (is groonga-tokenizer-mecab installed?): %s %s"
                 % (failed[:1], p.stderr.decode()[-500:]))
    load = os.path.join(path, "load.grn")
    with open(load, "w", encoding="utf-8") as o:
        o.write("load --table Docs\n[\n")
        ids = sorted(docs)
        for n, doc_id in enumerate(ids):
            d = docs[doc_id]
            o.write(json.dumps({"_key": doc_id, "title": d["title"], "body": d["body"]},
                               ensure_ascii=False))
            o.write(",\n" if n + 1 < len(ids) else "\n")
        o.write("]\n")
    with open(load, "rb") as f:
        p = subprocess.run(["groonga", db], stdin=f, capture_output=True)
    out = p.stdout.decode("utf-8", "replace").strip().splitlines()
    if p.returncode != 0 or not out or not out[-1].startswith("[[0,"):
        sys.exit("evaluate.py: groonga load failed: %s %s" % (out[-1:] if out else "",
                                                             p.stderr.decode()[-500:]))
    os.remove(load)


def groonga_quote(term):
    return '"' + term.replace("\\", "\\\\").replace('"', '\\"') + '"'


def groonga_match_columns(scorer):
    if scorer == "tf_idf":
        return "scorer_tf_idf(title)*%d||scorer_tf_idf(body)" % TITLE_WEIGHT
    return "title*%d||body" % TITLE_WEIGHT


def groonga_run(path, queries, limit, scorer):
    """queries: list of Groonga query strings -> list of (ids, error) in the same order."""
    cmds = []
    for q in queries:
        params = {"table": "Docs", "match_columns": groonga_match_columns(scorer),
                  "query": q, "output_columns": "_key,_score", "sort_keys": "-_score,_key",
                  "limit": str(limit)}
        cmds.append("/d/select?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote))
    p = subprocess.run(["groonga", os.path.join(path, "db")], input="\n".join(cmds) + "\n",
                       capture_output=True, text=True)
    lines = [l for l in p.stdout.splitlines() if l.startswith("[[")]
    if len(lines) != len(queries):
        sys.exit("evaluate.py: groonga returned %d responses for %d queries: %s"
                 % (len(lines), len(queries), p.stderr[-500:]))
    results = []
    for line in lines:
        resp = json.loads(line)
        if resp[0][0] != 0:
            results.append(([], str(resp[0][3]) if len(resp[0]) > 3 else "error"))
            continue
        rows = resp[1][0][2:]
        results.append(([r[0] for r in rows], None))
    return results


class GroongaEngine:
    name = "groonga"

    def __init__(self, path, draft_words, scorer="tf_idf"):
        self.path = path
        self.dw = draft_words
        self.scorer = scorer

    def search_all(self, items):
        and_q = [" ".join(groonga_quote(t) for t in it["query"].split()) for it in items]
        res = groonga_run(self.path, and_q, 10, self.scorer)
        out = [{"ranking": r, "error": e, "mode": "AND"} for r, e in res]
        redo = [i for i, o in enumerate(out) if not o["ranking"] and len(items[i]["query"].split()) > 1]
        if redo:
            or_q = [" OR ".join(groonga_quote(t) for t in items[i]["query"].split()) for i in redo]
            for i, (r, e) in zip(redo, groonga_run(self.path, or_q, 10, self.scorer)):
                out[i] = {"ranking": r, "error": e, "mode": "OR (AND found nothing)"}
        return out

    def suggest_all(self, drafts):
        qs = []
        for d in drafts:
            words, _ = self.dw.words(d["title"], d["body"])
            qs.append(" OR ".join(groonga_quote(w) for w in words))
        res = groonga_run(self.path, qs, DEEP, self.scorer)
        return [{"ranking": r, "error": e, "mode": "OR", "terms": len(q.split(" OR "))}
                for (r, e), q in zip(res, qs)]


# ---------------------------------------------------------------------------- Xapian

def xapian_build(path, docs):
    db = xapian.WritableDatabase(os.path.join(path, "db"), xapian.DB_CREATE_OR_OVERWRITE)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)
    db.begin_transaction()
    for doc_id in sorted(docs):
        d = docs[doc_id]
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(d["title"], TITLE_WEIGHT)
        tg.increase_termpos()
        tg.index_text(d["body"])
        doc.set_data(doc_id)
        doc.add_boolean_term("Q" + doc_id)
        db.add_document(doc)
    db.commit_transaction()
    db.close()


class XapianEngine:
    name = "xapian"

    def __init__(self, path):
        self.db = xapian.Database(os.path.join(path, "db"))
        self.qp = xapian.QueryParser()
        self.qp.set_stemmer(xapian.Stem("english"))
        self.qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
        self.qp.set_database(self.db)
        self.tg = xapian.TermGenerator()
        self.tg.set_stemmer(xapian.Stem("english"))
        self.tg.set_flags(xapian.TermGenerator.FLAG_CJK_NGRAM)

    def _parse(self, text, op):
        """The query's whitespace-separated words, each parsed by the QueryParser, combined
        with op. (Parsing the whole string would be the obvious way, but Xapian 1.4.22's
        QueryParser with FLAG_CJK_NGRAM throws "parse error" on a Latin word, a CJK word and
        another Latin word in a row, e.g. "ALB ヘルスチェック 301".)"""
        ngram = xapian.QueryParser.FLAG_CJK_NGRAM
        subs, errors = [], []
        for word in text.split():
            for flags in (xapian.QueryParser.FLAG_DEFAULT | ngram, ngram):
                try:
                    q = self.qp.parse_query(word, flags)
                    break
                except xapian.QueryParserError as e:
                    errors.append("%s: %s" % (word, e))
            else:
                continue
            if not q.empty():
                subs.append(q)
        return xapian.Query(op, subs), ("; ".join(errors) or None)

    def _run(self, query, limit):
        enq = xapian.Enquire(self.db)
        enq.set_query(query)
        return [m.document.get_data().decode("utf-8") for m in enq.get_mset(0, limit)]

    def search_all(self, items):
        out = []
        for it in items:
            q, err = self._parse(it["query"], xapian.Query.OP_AND)
            ranking, mode = self._run(q, 10), "AND"
            if not ranking and len(it["query"].split()) > 1:
                q, err = self._parse(it["query"], xapian.Query.OP_OR)
                ranking, mode = self._run(q, 10), "OR (AND found nothing)"
            out.append({"ranking": ranking, "error": err, "mode": mode})
        return out

    def draft_query(self, title, body, n_terms=40):
        """RSet-free 'more like this': the draft's own terms (title weighted like a
        document title), ranked by wdf * idf against the index, the best n_terms ORed."""
        doc = xapian.Document()
        self.tg.set_document(doc)
        self.tg.index_text(title, TITLE_WEIGHT)
        self.tg.increase_termpos()
        self.tg.index_text(body)
        n = self.db.get_doccount()
        scored = []
        for t in doc.termlist():
            df = self.db.get_termfreq(t.term)
            if df == 0:
                continue
            scored.append((t.wdf * math.log(n / df), t.term))
        scored.sort(reverse=True)
        terms = [t for _, t in scored[:n_terms]]
        return xapian.Query(xapian.Query.OP_OR, [xapian.Query(t) for t in terms]), len(terms)

    def suggest_all(self, drafts):
        out = []
        for d in drafts:
            q, n = self.draft_query(d["title"], d["body"])
            out.append({"ranking": self._run(q, DEEP), "error": None, "mode": "OR", "terms": n})
        return out


# ---------------------------------------------------------------------------- SQLite FTS5

def fts5_build(path, docs):
    con = sqlite3.connect(os.path.join(path, "fts.sqlite"))
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body, "
                "tokenize='trigram')")
    con.executemany("INSERT INTO fts(id, title, body) VALUES (?, ?, ?)",
                    ((i, docs[i]["title"], docs[i]["body"]) for i in sorted(docs)))
    con.commit()
    con.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    con.commit()
    con.close()


def fts_quote(term):
    return '"' + term.replace('"', '""') + '"'


def like_pattern(term):
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class Fts5Engine:
    name = "fts5"
    BM25 = "bm25(fts, 0.0, %.1f, 1.0)" % TITLE_WEIGHT

    def __init__(self, path):
        self.con = sqlite3.connect(os.path.join(path, "fts.sqlite"))

    def _query(self, long_terms, short_terms, op, limit):
        """long_terms (3+ characters) go to MATCH; short ones are LIKE filters (AND) or
        alternatives (OR). Without any long term: LIKE only, ranked by occurrence counts."""
        args, where = [], []
        likes = []
        for t in short_terms:
            likes.append("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')")
            args += [like_pattern(t), like_pattern(t)]
        if long_terms:
            match = (" AND " if op == "AND" else " OR ").join(fts_quote(t) for t in long_terms)
            if op == "AND" or not likes:
                sql = "SELECT id FROM fts WHERE fts MATCH ?"
                if likes:
                    sql += " AND " + " AND ".join(likes)
                sql += " ORDER BY %s, id LIMIT %d" % (self.BM25, limit)
                return [r[0] for r in self.con.execute(sql, [match] + args)]
            # OR with short terms: MATCH hits by bm25, then LIKE-only hits
            first = [r[0] for r in self.con.execute(
                "SELECT id FROM fts WHERE fts MATCH ? ORDER BY %s, id LIMIT %d"
                % (self.BM25, limit), [match])]
            rest = self._like_only(short_terms, "OR", limit)
            seen = set(first)
            return (first + [i for i in rest if i not in seen])[:limit]
        return self._like_only(short_terms, op, limit)

    def _like_only(self, terms, op, limit):
        if not terms:
            return []
        conds, args, score, sargs = [], [], [], []
        for t in terms:
            conds.append("(title LIKE ? ESCAPE '\\' OR body LIKE ? ESCAPE '\\')")
            args += [like_pattern(t), like_pattern(t)]
            score.append("(%d * (length(title) - length(replace(lower(title), lower(?), ''))) "
                         "+ length(body) - length(replace(lower(body), lower(?), ''))) / %d"
                         % (TITLE_WEIGHT, len(t)))
            sargs += [t, t]
        sql = ("SELECT id, %s AS s FROM fts WHERE %s ORDER BY s DESC, id LIMIT %d"
               % (" + ".join(score), (" %s " % op).join(conds), limit))
        return [r[0] for r in self.con.execute(sql, sargs + args)]

    def search_all(self, items):
        out = []
        for it in items:
            terms = it["query"].split()
            long_t = [t for t in terms if len(t) >= 3]
            short_t = [t for t in terms if len(t) < 3]
            ranking, mode = self._query(long_t, short_t, "AND", 10), "AND"
            if not ranking and len(terms) > 1:
                ranking, mode = self._query(long_t, short_t, "OR", 10), "OR (AND found nothing)"
            if not long_t:
                mode += ", LIKE only"
            elif short_t:
                mode += ", LIKE for %d short" % len(short_t)
            out.append({"ranking": ranking, "error": None, "mode": mode})
        return out

    def suggest_all(self, drafts, draft_words):
        out = []
        for d in drafts:
            words, compounds = draft_words.words(d["title"], d["body"])
            terms = dedupe([w for w in words if len(w) >= 3] +
                           [c for c in compounds if len(c) >= 3])[:MAX_DRAFT_WORDS]
            ranking = self._query(terms, [], "OR", DEEP) if terms else []
            out.append({"ranking": ranking, "error": None, "mode": "OR", "terms": len(terms)})
        return out


# ---------------------------------------------------------------------------- report

def mean(xs):
    return sum(xs) / len(xs) if xs else float("nan")


def aggregate(rows, engines, groups):
    """rows: per item {category, metrics: {engine: {...}}} -> {group: {engine: {metric}}}"""
    table = {}
    for g in groups:
        sel = rows if g == "all" else [r for r in rows if g in (r["category"], r["round"])]
        table[g] = {"n": len(sel)}
        for e in engines:
            table[g][e] = {m: mean([r["metrics"][e][m] for r in sel])
                           for m in ("mrr10", "ndcg10", "s5")}
    return table


def present_groups(rows, groups):
    """The groups that hold at least one row, in the given order."""
    return [g for g in groups
            if g == "all" or any(g in (r["category"], r["round"]) for r in rows)]


def fmt_metric_tables(table, groups, engines, first_col):
    """One table per metric: rows = groups, columns = engines (easier to read side by side)."""
    out = []
    for m, label in (("mrr10", "MRR@10"), ("ndcg10", "nDCG@10"), ("s5", "success@5")):
        out.append("%s:" % label)
        out.append("")
        out.append("| %s | n | %s |" % (first_col, " | ".join(ENGINE_LABEL[e] for e in engines)))
        out.append("|---|---:|" + "---:|" * len(engines))
        for g in groups:
            row = table[g]
            vals = [row[e][m] for e in engines]
            best = max(vals)
            cells = ["**%.3f**" % v if v == best else "%.3f" % v for v in vals]
            out.append("| %s | %d | %s |" % ("**all**" if g == "all" else g, row["n"],
                                             " | ".join(cells)))
        out.append("")
    return out


def kind_table(rows, engines):
    """Suggest, per kind: success@5 / MRR@10 within that kind's list, over drafts with a
    grade-2 document of that kind."""
    out = ["| kind | drafts | " + " | ".join("%s S@5 / MRR@10" % ENGINE_LABEL[e] for e in engines)
           + " |", "|---|---:|" + "---:|" * len(engines)]
    summary = {}
    for kind in KINDS:
        sel = [r for r in rows if kind in r["per_kind"]]
        summary[kind] = {"n": len(sel)}
        cells = []
        s5s = {e: mean([r["per_kind"][kind][e]["s5"] for r in sel]) for e in engines}
        best = max(s5s.values()) if sel else 0
        for e in engines:
            s5 = s5s[e]
            mrr = mean([r["per_kind"][kind][e]["mrr10"] for r in sel])
            summary[kind][e] = {"s5": s5, "mrr10": mrr}
            s = "%.3f / %.3f" % (s5, mrr)
            cells.append("**%s**" % s if s5 == best else s)
        out.append("| %s | %d | %s |" % (kind, len(sel), " | ".join(cells)))
    return out, summary


def describe_hit(doc_id, judged, docs):
    g = judged.get(doc_id)
    title = docs.get(doc_id, {}).get("title", "?")
    if len(title) > 60:
        title = title[:59] + "…"
    return "%s [%s] %s" % (doc_id, "g%d" % g if g else "–", title)


def failures(rows, docs, what):
    out = []
    fails = [r for r in rows if r["metrics"]["sasae"]["s5"] == 0]
    fails.sort(key=lambda r: (r["metrics"]["sasae"]["mrr10"], r["metrics"]["sasae"]["ndcg10"],
                              r["id"]))
    for r in fails:
        m = r["metrics"]["sasae"]
        deep = r.get("sasae_first_grade2")
        where = ("first grade-2 at rank %d" % deep) if deep else (
            "no grade-2 in top %d" % (DIAG_DEPTH if what == "search" else 10))
        extra = ""
        if what == "search" and r.get("sasae_partial"):
            extra = ", partial"
        out.append("- %s %s `%s` — MRR %.2f nDCG %.2f, %s%s" % (
            r["id"], r["category"], r["label"], m["mrr10"], m["ndcg10"], where, extra))
        for doc_id in r["rankings"]["sasae"][:3]:
            out.append("    - " + describe_hit(doc_id, r["relevant"], docs))
        if not r["rankings"]["sasae"]:
            out.append("    - (no hits)")
    return fails, out


def write_pool(path, search_rows, suggest_rows, results, docs, engines):
    """Per item, every document some engine put in its top 10 (for drafts also sasae's
    per-kind top 5), with the engines and ranks that brought it, its current grade and the
    file to read: the pool that new items are judged from."""
    out = ["# Judging pool: union of the top 10 of %s" % ", ".join(engines), ""]
    for rows, task in ((search_rows, "search"), (suggest_rows, "suggest")):
        for i, row in enumerate(rows):
            found = collections.OrderedDict()
            for e in engines:
                for rank, d in enumerate(row["rankings"][e][:10]):
                    found.setdefault(d, []).append("%s#%d" % (e, rank + 1))
            if task == "suggest":
                for kind, lst in results["suggest"]["sasae"][i]["per_kind"].items():
                    for rank, d in enumerate(lst[:5]):
                        found.setdefault(d, []).append("sasae-%s#%d" % (kind, rank + 1))
            out.append("## %s %s: %s" % (row["id"], row["category"], row["label"]))
            out.append("")
            for d, how in found.items():
                g = row["relevant"].get(d)
                out.append("- %s [%s] %s — %s — %s" % (
                    d, "g%d" % g if g else "unjudged", docs.get(d, {}).get("title", "?"),
                    source_file(d), " ".join(how)))
            missed = [d for d in row["relevant"] if d not in found]
            if missed:
                out.append("- judged, in no top 10: " + " ".join(
                    "%s:%d" % (d, row["relevant"][d]) for d in missed))
            out.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def source_file(doc_id):
    """The file a document id comes from (a link-list entry: its list file)."""
    head, _, rest = doc_id.partition("/")
    if head == "awsdocs":
        return os.path.join(SHARED, "awsdocs", rest + ".md")
    if head == "community":
        return os.path.join(SHARED, "community-ja", rest + ".md")
    if head == "docs":
        return os.path.join(REPO, "content", "docs", rest.split("/", 1)[0] + ".md")
    return os.path.join(REPO, "content", doc_id + ".md")


SECTION = "## Search quality"


def write_readme(text):
    path = os.path.join(REPO, "bench", "README.md")
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    start = next((i for i, l in enumerate(lines) if l.strip() == SECTION), None)
    if start is None:
        while lines and not lines[-1].strip():
            lines.pop()
        new = lines + [""] + text.rstrip("\n").split("\n") + [""]
    else:
        end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")),
                   len(lines))
        tail = lines[end:]
        new = lines[:start] + text.rstrip("\n").split("\n") + ([""] + tail if tail else [""])
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write("\n".join(new))
    os.replace(tmp, path)


def git_commit():
    try:
        c = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
                           capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--",
                                "core", "indexer", "server", "content"],
                               capture_output=True, text=True).stdout.strip()
        return c + (" (with uncommitted changes in core/indexer/server/content)" if dirty else "")
    except OSError:
        return "?"


def tool_versions():
    v = {"xapian": xapian.version_string(), "sqlite": sqlite3.sqlite_version}
    try:
        out = subprocess.run(["groonga", "--version"], capture_output=True, text=True).stdout
        v["groonga"] = out.split()[1] if out else "?"
    except OSError:
        v["groonga"] = "?"
    try:
        v["mecab"] = subprocess.run(["mecab", "-v"], capture_output=True,
                                    text=True).stdout.strip().replace("mecab of ", "")
    except OSError:
        v["mecab"] = "?"
    return v


# ---------------------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", default="/tmp/sasae-quality",
                    help="cache folder for the sasae index and the baseline databases")
    ap.add_argument("--rebuild", action="store_true",
                    help="rebuild the sasae index (--full, empty directory) and the baselines")
    ap.add_argument("--no-readme", action="store_true", help="do not update bench/README.md")
    ap.add_argument("--with-tags", action="store_true",
                    help="append front-matter tags to the baselines' text (sasae indexes them; "
                         "off by default: the baselines get title + body)")
    ap.add_argument("--engines", default=",".join(ENGINES),
                    help="comma-separated subset of %s (sasae is always run)" % ",".join(ENGINES))
    ap.add_argument("--bin", metavar="DIR",
                    help="take sasae-index and sasae-server from DIR instead of build/")
    ap.add_argument("--queries", metavar="TSV", help="another queries file (default: the judged set)")
    ap.add_argument("--drafts", metavar="JSONL", help="another drafts file (default: the judged set)")
    ap.add_argument("--pool", metavar="FILE",
                    help="also write, per item, the union of every engine's top 10 (and sasae's "
                         "per-kind top 5) with titles and grades, for judging new items")
    args = ap.parse_args()
    if args.queries or args.drafts or args.bin:
        args.no_readme = True  # the README reports the judged set with the built binaries
    engines = ["sasae"] + [e for e in args.engines.split(",") if e in ENGINES and e != "sasae"]
    if sqlite3.sqlite_version_info < (3, 34, 0) and "fts5" in engines:
        sys.exit("evaluate.py: SQLite %s has no trigram tokenizer (needs 3.34)"
                 % sqlite3.sqlite_version)
    t_start = time.time()
    started = datetime.datetime.now(datetime.timezone.utc)
    os.makedirs(args.work, exist_ok=True)
    queries, drafts = load_queries(args.queries), load_drafts(args.drafts)
    timing = {}

    bindir, bininfo = snapshot_binaries(args.work, args.bin)
    sasae_db = os.path.join(args.work, "sasae-db")
    log("sasae-index → %s" % sasae_db)
    idx = run_indexer(bindir, sasae_db, args.rebuild)
    log("  %s (%.1f s)" % (idx["summary"], idx["seconds"]))
    timing["sasae-index"] = idx["seconds"]

    t0 = time.time()
    docs, fingerprint = export_documents(sasae_db, args.with_tags)
    timing["export"] = round(time.time() - t0, 2)
    log("exported %d documents (fingerprint %s, %.1f s)" % (len(docs), fingerprint,
                                                           timing["export"]))
    missing = sorted({d for it in queries + drafts for d in it["relevant"] if d not in docs})
    if missing:
        log("warning: %d judged ids are not in the index: %s" % (len(missing), missing[:10]))
    expected = expected_urls(docs)
    warnings = index_sanity(docs, expected)
    if missing:
        warnings.append("%d judged ids are not in the index (e.g. %s)" % (len(missing), missing[0]))
    for w in warnings:
        log("WARNING: " + w)
    twin_key = twin_groups(docs, expected)

    dw = DraftWords()
    results = {"search": {}, "suggest": {}}
    latency = {}

    # ---- sasae
    server = Server(bindir, sasae_db)
    try:
        t0 = time.time()
        lat = []
        sres = []
        for it in queries:
            t1 = time.time()
            r = server.search(it["query"], 10)
            lat.append(time.time() - t1)
            sres.append({"ranking": [h["id"] for h in r["hits"]], "partial": r.get("partial"),
                         "did_you_mean": r.get("did_you_mean"), "total": r.get("total")})
        results["search"]["sasae"] = sres
        gres = []
        for it in drafts:
            t1 = time.time()
            r = server.suggest(it["title"], it["body"], 10)
            lat.append(time.time() - t1)
            gres.append({"ranking": merge_suggest(r), "terms": r.get("terms"),
                         "per_kind": {k: [h["id"] for h in r.get(KIND_LIST[k], [])]
                                      for k in KINDS}})
        results["suggest"]["sasae"] = gres
        # diagnosis for failed queries: where is the first grade-2 hit further down?
        for it, res in zip(queries, sres):
            if not any(it["relevant"].get(d) == 2 for d in res["ranking"][:5]):
                deep = server.search(it["query"], DIAG_DEPTH)
                res["first_grade2"] = first_grade2([h["id"] for h in deep["hits"]],
                                                   it["relevant"])
        timing["sasae"] = round(time.time() - t0, 2)
        latency["sasae"] = lat
    finally:
        server.stop()
    log("sasae: %d queries, %d drafts (%.1f s)" % (len(queries), len(drafts), timing["sasae"]))

    # ---- baselines
    builds = {}
    extra = {}
    for name in engines[1:]:
        path = os.path.join(args.work, name + ("-tags" if args.with_tags else ""))
        builder = {"groonga": groonga_build, "xapian": xapian_build, "fts5": fts5_build}[name]
        log("%s: %s" % (name, "checking cache " + path))
        secs, built = cached(path, fingerprint, args.rebuild, lambda p: builder(p, docs))
        builds[name] = {"built": built, "seconds": round(secs, 1)}
        if built:
            log("  built in %.1f s" % secs)
        t0 = time.time()
        if name == "groonga":
            eng = GroongaEngine(path, dw)
            results["search"][name] = eng.search_all(queries)
            t1 = time.time()
            results["suggest"][name] = eng.suggest_all(drafts)
            # the same with Groonga's default scorer, reported in one line
            plain = GroongaEngine(path, dw, scorer="default")
            extra["groonga-default-scorer"] = {
                "search": [metrics(r["ranking"], it["relevant"])
                           for r, it in zip(plain.search_all(queries), queries)],
                "suggest": [metrics(r["ranking"], it["relevant"])
                            for r, it in zip(plain.suggest_all(drafts), drafts)]}
        elif name == "xapian":
            eng = XapianEngine(path)
            results["search"][name] = eng.search_all(queries)
            t1 = time.time()
            results["suggest"][name] = eng.suggest_all(drafts)
        else:
            eng = Fts5Engine(path)
            results["search"][name] = eng.search_all(queries)
            t1 = time.time()
            results["suggest"][name] = eng.suggest_all(drafts, dw)
        t2 = time.time()
        timing[name] = round(t2 - t0, 2)
        latency[name] = {"search_mean_ms": 1000 * (t1 - t0) / len(queries),
                         "suggest_mean_ms": 1000 * (t2 - t1) / len(drafts)}
        log("  queries and drafts in %.1f s" % (t2 - t0))

    # ---- metrics
    search_rows = []
    for i, it in enumerate(queries):
        row = {"id": it["id"], "category": it["category"], "round": round_of(it["id"], "search"),
               "label": it["query"],
               "query": it["query"], "relevant": it["relevant"], "rankings": {}, "metrics": {},
               "modes": {}}
        for e in engines:
            res = results["search"][e][i]
            row["rankings"][e] = res["ranking"][:10]
            row["metrics"][e] = ranking_metrics(res["ranking"], it["relevant"], twin_key)
            if e != "sasae":
                row["modes"][e] = res["mode"] + ("; error: %s" % res["error"] if res["error"] else "")
        s = results["search"]["sasae"][i]
        row["sasae_partial"] = s["partial"]
        row["sasae_did_you_mean"] = s["did_you_mean"]
        row["sasae_total"] = s["total"]
        if "first_grade2" in s:
            row["sasae_first_grade2"] = s["first_grade2"]
        search_rows.append(row)

    suggest_rows = []
    for i, it in enumerate(drafts):
        row = {"id": it["id"], "category": it["category"], "round": round_of(it["id"], "suggest"),
               "label": it["title"],
               "title": it["title"], "relevant": it["relevant"], "rankings": {}, "metrics": {},
               "per_kind": {}, "terms": {}}
        for e in engines:
            res = results["suggest"][e][i]
            row["rankings"][e] = res["ranking"][:10]
            row["metrics"][e] = ranking_metrics(res["ranking"], it["relevant"], twin_key)
            row["terms"][e] = res.get("terms")
        for kind in KINDS:
            if not any(g == 2 and kind_of(d) == kind
                       for d, g in it["relevant"].items()):
                continue
            row["per_kind"][kind] = {}
            for e in engines:
                res = results["suggest"][e][i]
                if e == "sasae":
                    lst = res["per_kind"][kind]
                else:
                    lst = [d for d in res["ranking"] if kind_of(d) == kind]
                m = metrics(lst, it["relevant"])
                row["per_kind"][kind][e] = {"s5": m["s5"], "mrr10": m["mrr10"],
                                            "top5": lst[:5]}
        fg = first_grade2(row["rankings"]["sasae"], it["relevant"])
        if fg:
            row["sasae_first_grade2"] = fg
        suggest_rows.append(row)

    sgroups = present_groups(search_rows, ["all", *ROUNDS] + list(CATEGORIES))
    dgroups = present_groups(suggest_rows, ["all", *ROUNDS] +
                             sorted({r["category"] for r in suggest_rows}))
    s_table = aggregate(search_rows, engines, sgroups)
    d_table = aggregate(suggest_rows, engines, dgroups)
    k_lines, k_summary = kind_table(suggest_rows, engines)
    s_fails, s_fail_lines = failures(search_rows, docs, "search")
    d_fails, d_fail_lines = failures(suggest_rows, docs, "suggest")
    n_fallback = {e: sum(1 for r in search_rows if "OR" in r["modes"].get(e, "")) for e in engines[1:]}
    n_empty = {e: sum(1 for r in search_rows if not r["rankings"][e]) for e in engines}
    extra_summary = {v: {task: {m: mean([x[m] for x in rows]) for m in ("mrr10", "ndcg10", "s5")}
                         for task, rows in val.items()} for v, val in extra.items()}
    extra_lines = []
    for v, val in extra_summary.items():
        extra_lines.append(
            "Groonga with its default scorer (`--match_columns 'title*%d||body'`, matched-token "
            "counts): search MRR@10 %.3f, nDCG@10 %.3f, success@5 %.3f; suggest MRR@10 %.3f, "
            "nDCG@10 %.3f, success@5 %.3f." % ((TITLE_WEIGHT,) + tuple(
                val[t][m] for t in ("search", "suggest") for m in ("mrr10", "ndcg10", "s5"))))
    twins = {task: {e: mean([r["metrics"][e]["twins10"] for r in rows]) for e in engines}
             for task, rows in (("search", search_rows), ("suggest", suggest_rows))}
    twin_line = ("Second copies in the top 10 (a `docs/` entry and its `awsdocs/` page, or a "
                 "`blogs/` note and its community article, both listed), average per item: "
                 "search %s; suggest %s." % tuple(
                     ", ".join("%s %.2f" % (ENGINE_LABEL[e], twins[t][e]) for e in engines)
                     for t in ("search", "suggest")))
    twins1 = {task: {e: mean([r["metrics"][e]["ndcg10_twins1"] for r in rows]) for e in engines}
              for task, rows in (("search", search_rows), ("suggest", suggest_rows))}
    twin_line += (" nDCG@10 with each twin pair counted once (a page listed once is not short of "
                  "its copy): search %s; suggest %s." % tuple(
                      ", ".join("%s %.3f" % (ENGINE_LABEL[e], twins1[t][e]) for e in engines)
                      for t in ("search", "suggest")))
    elapsed = time.time() - t_start

    # ---- print
    vers = tool_versions()
    lat_s = statistics.median(latency["sasae"][:len(queries)]) * 1000
    lat_d = statistics.median(latency["sasae"][len(queries):]) * 1000
    out = []
    out.append("Search (GET /api/search, %d queries; graded by queries.tsv)" % len(queries))
    out.append("")
    out += fmt_metric_tables(s_table, sgroups, engines, "category")
    out.append("Suggest (POST /api/suggest, %d drafts; sasae's cases+docs+blogs merged by score)"
               % len(drafts))
    out.append("")
    out += fmt_metric_tables(d_table, dgroups, engines, "drafts")
    out.append("Suggest per kind (the kind's own list; drafts with a grade-2 document of that kind)")
    out.append("")
    out += k_lines
    out.append("")
    console = list(out)
    console.append("sasae search failures (no grade-2 in the top 5): %d of %d"
                   % (len(s_fails), len(queries)))
    console += s_fail_lines
    console.append("")
    console.append("sasae suggest failures (no grade-2 in the merged top 5): %d of %d"
                   % (len(d_fails), len(drafts)))
    console += d_fail_lines
    console.append("")
    console += extra_lines
    console.append(twin_line)
    console += ["WARNING: " + w for w in warnings]
    console.append("baseline OR fallbacks (AND found nothing): %s; empty result lists: %s"
                   % (n_fallback, n_empty))
    console.append("timing (s): %s; whole run %.1f s" % (timing, elapsed))
    print("\n".join(console))

    # ---- results/last.json
    resdir = os.path.join(HERE, "results")
    os.makedirs(resdir, exist_ok=True)
    meta = {"date": started.strftime("%Y-%m-%d %H:%M UTC"), "commit": git_commit(),
            "binaries_built": bininfo, "indexer": idx, "documents": len(docs),
            "fingerprint": fingerprint, "tools": vers, "timing_s": timing,
            "baseline_builds": builds, "seconds": round(elapsed, 1),
            "baseline_latency": {e: latency[e] for e in engines[1:]},
            "sasae_median_ms": {"search": lat_s, "suggest": lat_d},
            "fallbacks": n_fallback, "empty": n_empty, "warnings": warnings,
            "twins_top10_mean": twins, "ndcg10_twins_as_one": twins1,
            "baselines_with_tags": args.with_tags}
    with open(os.path.join(resdir, "last.json"), "w", encoding="utf-8") as f:
        json.dump({"meta": meta,
                   "summary": {"search": s_table, "suggest": d_table,
                               "suggest_per_kind": k_summary, "variants": extra_summary},
                   "search": search_rows, "suggest": suggest_rows}, f, ensure_ascii=False,
                  indent=1)
    log("wrote %s" % os.path.relpath(os.path.join(resdir, "last.json"), REPO))
    if args.pool:
        write_pool(args.pool, search_rows, suggest_rows, results, docs, engines)
        log("wrote the judging pool to %s" % args.pool)

    # ---- README
    if not args.no_readme:
        fail_ids_s = ", ".join(r["id"] for r in s_fails)
        fail_ids_d = ", ".join(r["id"] for r in d_fails)
        md = [SECTION, "",
              "<!-- written by bench/quality/evaluate.py; edit the script, not this section -->",
              "",
              "    /usr/bin/python3 bench/quality/evaluate.py            # updates this section",
              "    /usr/bin/python3 bench/quality/evaluate.py --rebuild  # rebuild the cached indexes first",
              "    /usr/bin/python3 bench/quality/evaluate.py --no-readme  # print only",
              "",
              "The judged set of [quality/README.md](quality/README.md) (%d queries, %d drafts) run "
              "through sasae and three baselines over the same %d documents (same ids). "
              "Per-query rankings are in `bench/quality/results/last.json` (not committed)."
              % (len(queries), len(drafts), len(docs)), "",
              "- run of %s; sasae commit %s; binaries built %s (sasae-index) / %s "
              "(sasae-server); whole run %.0f s, of which %.0f s building indexes (%s)"
              % (meta["date"], meta["commit"], bininfo["sasae-index"], bininfo["sasae-server"],
                 elapsed, idx["seconds"] + sum(b["seconds"] for b in builds.values()),
                 ", ".join(["sasae " + ("from scratch" if idx["full"] else "incremental")] +
                           ["%s %s" % (ENGINE_LABEL[e], "built" if b["built"] else "cached")
                            for e, b in builds.items()])),
              "- command: `/usr/bin/python3 bench/quality/evaluate.py %s`"
              % " ".join(sys.argv[1:]),
              "- tools: Groonga %s, Xapian %s, SQLite %s, %s (IPADIC)"
              % (vers["groonga"], vers["xapian"], vers["sqlite"], vers["mecab"]),
              "- metrics: **MRR@10** = 1/rank of the first grade-2 document; **nDCG@10** with gain "
              "2^grade − 1 against the ideal ordering of all judged documents; **success@5** = a "
              "grade-2 document in the top 5. Unjudged documents count as not relevant "
              "(judgments of the 4,191 AWS pages are not exhaustive).",
              "",
              "**Setups.** Every engine sees, per document, its title and its text: the Markdown "
              "sasae stores (front matter removed) with link targets, inline HTML tags and "
              "backslash escapes stripped; for a link-list item (`docs/…`) the item's title and "
              "its one-line description. %s Titles count %d× the body in every baseline. When "
              "the AND of a query's words finds nothing, each baseline retries with OR (as "
              "sasae itself returns partial matches)." % (
                  "Front-matter tags are appended to the text (`--with-tags`)." if args.with_tags
                  else "Front-matter fields (tags, services), which sasae indexes, are not "
                       "given to the baselines (`--with-tags` adds the tags).", TITLE_WEIGHT),
              "",
              "- **sasae**: `sasae-index --db WORK/sasae-db -q --exclude index.md content "
              "awsdocs=… community=…`, `sasae-server --port 0`; queries: `GET /api/search?q=…"
              "&per_page=10`; drafts: `POST /api/suggest` with `limit=10`, the three lists "
              "(cases, docs, blogs) merged by `score` (relative to the best of its kind) into one "
              "top 10 (docs added for `cited_by` have score 0 and fall to the end).",
              "- **Groonga** (`bench/groonga_schema.grn`: `TokenMecab` + `NormalizerAuto`, "
              "positional indexes on `title` and `body`): `select --match_columns "
              "'scorer_tf_idf(title)*%d||scorer_tf_idf(body)' --sort_keys -_score` (Groonga "
              "has no BM25; its default scorer, plain matched-token counts, is much worse on "
              "drafts, see below) and the default `match_escalation_threshold` (0); queries: every "
              "whitespace-separated word quoted (`\"w1\" \"w2\"`: AND, each word a phrase of "
              "its MeCab tokens); drafts: the draft's content words (below) joined by `OR`."
              % TITLE_WEIGHT,
              "- **Xapian n-gram**: python3-xapian `TermGenerator` with `FLAG_CJK_NGRAM` and the "
              "English stemmer (title indexed with wdf increment %d), BM25 defaults; queries: "
              "`QueryParser` with `FLAG_DEFAULT|FLAG_CJK_NGRAM`, `STEM_SOME`, default operator "
              "AND (a CJK run becomes the AND of its unigrams and bigrams); drafts: "
              "RSet-free more-like-this — the draft indexed by the same TermGenerator, its "
              "terms ranked by wdf × log(N/df) and the best 40 ORed." % TITLE_WEIGHT,
              "- **FTS5 trigram** (SQLite %s, `tokenize='trigram'`, bm25 with title weight %d): "
              "queries: each word of 3+ characters quoted in `MATCH` (AND); words of 1–2 "
              "characters (`設定`, `IP`, `2`) become `LIKE '%%w%%'` filters, and a query made only "
              "of such words is ranked by occurrence counts; drafts: OR of the content words "
              "and MeCab noun compounds of 3+ characters." % (vers["sqlite"], TITLE_WEIGHT),
              "- **Draft content words** (Groonga, FTS5): ASCII/technical tokens kept whole "
              "(`HTTPCode_ELB_5XX_Count`, `502`; English stop words, 1-character tokens and "
              "1–2-digit numbers dropped) and MeCab/IPADIC nouns of 2+ characters (general, "
              "proper, サ変, adjectival stems), first 60 in order of appearance.",
              "",
              "### Search (`GET /api/search`)", "",
              "`round 1` = q001–q106 (the set sasae was tuned on until session 5), `round 2` = "
              "q107– (written later from documents round 1 does not cover, judged by pooling); "
              "the categories span both.", ""]
        md += fmt_metric_tables(s_table, sgroups, engines, "category")
        md += ["### Suggest (`POST /api/suggest`)", "",
               "Merged ranking. `round 1` = d01–d54, `round 2` = d55–d89, `round 3` = d90–d119, `round 4` = d120– "
               "(each written later from documents the earlier rounds do not cover, by someone "
               "who had not read the ranking code, judged by pooling; see quality/README.md). "
               "`case-like`: a past case is the answer (d01–d48 and the later drafts so marked); "
               "`no-case`: only articles and AWS pages answer; `messy`: long drafts as pasted into "
               "a case, with greetings, logs and CLI output.", ""]
        md += fmt_metric_tables(d_table, dgroups, engines, "drafts")
        md += ["Per kind: success@5 / MRR@10 inside one kind's list (sasae's `cases`, `docs`, "
               "`blogs`; a baseline's ranking filtered to the kind), over the drafts that have "
               "a grade-2 document of that kind.", ""]
        md += k_lines
        md += ["",
               "sasae fails (no grade-2 document in its top 5) on %d of %d queries (%s) and "
               "%d of %d drafts (%s); the list with what it returned instead is printed by the "
               "script. Baseline queries retried with OR: %s."
               % (len(s_fails), len(queries), fail_ids_s or "none", len(d_fails), len(drafts),
                  fail_ids_d or "none",
                  ", ".join("%s %d" % (ENGINE_LABEL[e], n) for e, n in n_fallback.items())),
               ""]
        md += extra_lines + ([""] if extra_lines else [])
        md += [twin_line, ""]
        if warnings:
            md += ["**Index warnings of this run:**", ""] + ["- " + w for w in warnings] + [""]
        write_readme("\n".join(md))
        log("updated bench/README.md (%s)" % SECTION)


if __name__ == "__main__":
    main()
