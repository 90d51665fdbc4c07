#!/usr/bin/env python3
"""Check the judged evaluation set in this folder (queries.tsv, drafts.jsonl).

Every judged document id is mapped back to a file with the id scheme sasae uses, and the
check fails on any id that does not resolve:

  cases/<stem>          -> content/cases/<stem>.md
  blogs/<stem>          -> content/blogs/<stem>.md
  docs/<service>/<slug> -> one list item "- [title](url) — summary" of content/docs/<service>.md;
                           <slug> is the last URL path segment with its extension (".html")
                           removed and every character outside [A-Za-z0-9_-] replaced by "-"
                           (so CHAP_CommonTasks.Connect.html -> CHAP_CommonTasks-Connect),
                           exactly as indexer/source_document.cpp slug_of_url() does
  awsdocs/<guide>/<stem> -> ../shared/corpus/awsdocs/<guide>/<stem>.md   (index.md excluded)
  community/<stem>      -> ../shared/corpus/community-ja/<stem>.md      (README.md excluded)

It also checks the format rules of the set (header, categories, grades, counts, draft length)
and the "twin" rule: a docs/ link-list entry and the awsdocs/ page with the same URL are the
same page, and a content/blogs/ note summarises one community-ja article; twins must be judged
together and with the same grade.

Usage:  python3 bench/quality/check_ids.py [--content DIR] [--corpus DIR] [--quiet]
Exit code 0 = all good, 1 = problems found (each printed as one line).
"""
import argparse
import collections
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CATEGORIES = ("ja", "mixed", "en", "code", "typo", "variant")
MIN_PER_CATEGORY = 12
MIN_QUERIES = 80
MIN_DRAFTS = 40

LINK_ITEM = re.compile(r"^\s*[-*+]\s+\[([^\]]*)\]\(([^)\s]+)[^)]*\)")


def slug_of_url(url, index):
    """Mirror of sasae's slug_of_url() (indexer/source_document.cpp)."""
    path = url
    for sep in "?#":
        if sep in path:
            path = path[: path.index(sep)]
    path = path.rstrip("/")
    last = path[path.rfind("/") + 1:]
    dot = last.rfind(".")
    if dot > 0:
        last = last[:dot]
    slug = "".join(c if (c.isascii() and (c.isalnum() or c in "-_")) else "-" for c in last)
    scheme = path.find("://")
    if not slug or (scheme != -1 and scheme + 3 > path.rfind("/")):
        slug = "item-%d" % (index + 1)
    return slug


class Collection:
    """All document ids the set may refer to, with the twin relations."""

    def __init__(self, content, corpus):
        self.ids = {}            # id -> file (for docs/: "file#item")
        self.url_of = {}         # id -> canonical page URL (docs/ entries and awsdocs pages)
        self.blog_source = {}    # blogs/<stem> -> community/<stem> it summarises
        self._load_content(content)
        self._load_corpus(corpus)
        by_url = collections.defaultdict(list)
        for doc_id, url in self.url_of.items():
            by_url[url].append(doc_id)
        self.twins = collections.defaultdict(set)
        for group in by_url.values():
            for a in group:
                for b in group:
                    if a != b:
                        self.twins[a].add(b)
        for blog, comm in self.blog_source.items():
            if comm in self.ids:
                self.twins[blog].add(comm)
                self.twins[comm].add(blog)

    def _load_content(self, content):
        for kind in ("cases", "blogs"):
            folder = os.path.join(content, kind)
            for name in sorted(os.listdir(folder)):
                if name.endswith(".md"):
                    path = os.path.join(folder, name)
                    self.ids["%s/%s" % (kind, name[:-3])] = path
                    if kind == "blogs":
                        self._note_blog_source(kind + "/" + name[:-3], path)
        folder = os.path.join(content, "docs")
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".md"):
                continue
            path = os.path.join(folder, name)
            service = name[:-3]
            seen = set()
            index = 0
            with open(path, encoding="utf-8") as f:
                for line in f:
                    m = LINK_ITEM.match(line)
                    if not m:
                        continue
                    url = m.group(2)
                    doc_id = "docs/%s/%s" % (service, slug_of_url(url, index))
                    if doc_id in seen:
                        doc_id += "-%d" % (index + 1)
                    seen.add(doc_id)
                    self.ids[doc_id] = "%s#item%d" % (path, index + 1)
                    self.url_of[doc_id] = normalize_url(url)
                    index += 1

    def _note_blog_source(self, blog_id, path):
        with open(path, encoding="utf-8") as f:
            text = f.read(4000)
        m = re.search(r"^url:\s*(\S+)", text, re.M)
        if not m:
            return
        m = re.match(r"https://github\.com/([^/]+)/([^/]+)/blob/[^/]+/(?:.*/)?([^/]+)\.md$", m.group(1))
        if m:
            self.blog_source[blog_id] = "community/%s__%s__%s" % m.groups()

    def _load_corpus(self, corpus):
        aws = os.path.join(corpus, "awsdocs")
        for guide in sorted(os.listdir(aws)):
            folder = os.path.join(aws, guide)
            if not os.path.isdir(folder):
                continue
            template = None
            coll = os.path.join(folder, "_collection.yaml")
            if os.path.exists(coll):
                with open(coll, encoding="utf-8") as f:
                    m = re.search(r"^url:\s*(\S+)", f.read(), re.M)
                    template = m.group(1) if m else None
            for name in os.listdir(folder):
                if name.endswith(".md") and name != "index.md":
                    doc_id = "awsdocs/%s/%s" % (guide, name[:-3])
                    self.ids[doc_id] = os.path.join(folder, name)
                    if template:
                        self.url_of[doc_id] = normalize_url(template.replace("{stem}", name[:-3]))
        comm = os.path.join(corpus, "community-ja")
        for name in os.listdir(comm):
            if name.endswith(".md") and name != "README.md":
                self.ids["community/" + name[:-3]] = os.path.join(comm, name)


def normalize_url(url):
    url = url.split("#")[0].split("?")[0]
    url = re.sub(r"^http://", "https://", url)
    return url.rstrip("/")


def parse_relevant_field(text):
    out = {}
    for pair in text.split():
        doc_id, sep, grade = pair.rpartition(":")
        if not sep or grade not in ("1", "2"):
            raise ValueError("bad pair %r (want docid:1 or docid:2)" % pair)
        if doc_id in out:
            raise ValueError("doc %s judged twice" % doc_id)
        out[doc_id] = int(grade)
    return out


def sentence_count(body):
    """Sentences of prose: split at 。！？ and line ends; fenced code blocks are not prose."""
    prose = re.sub(r"```.*?```", "\n", body, flags=re.S)
    parts = [p for p in re.split(r"[。！？]+|[!?]+(?=\s|$|[^\x00-\x7f])|\n+", prose) if p.strip()]
    return len(parts)


def kind_of(doc_id):
    top = doc_id.split("/", 1)[0]
    return {"cases": "case", "docs": "doc", "awsdocs": "doc", "blogs": "blog", "community": "blog"}[top]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", default=os.path.normpath(os.path.join(HERE, "..", "..", "content")))
    ap.add_argument("--corpus", default=os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "corpus")))
    ap.add_argument("--quiet", action="store_true", help="print only problems and the summary line")
    args = ap.parse_args()

    coll = Collection(args.content, args.corpus)
    problems = []
    judged = {}  # (set item id) -> {doc: grade}

    # ---- queries.tsv
    per_cat = collections.Counter()
    with open(os.path.join(HERE, "queries.tsv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0] != "id\tcategory\tquery\trelevant":
        problems.append("queries.tsv: header must be 'id<TAB>category<TAB>query<TAB>relevant'")
    seen_q = set()
    seen_text = {}
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        where = "queries.tsv:%d" % n
        if len(cols) != 4:
            problems.append("%s: expected 4 tab-separated columns, got %d" % (where, len(cols)))
            continue
        qid, cat, query, rel = cols
        if qid in seen_q:
            problems.append("%s: duplicate id %s" % (where, qid))
        seen_q.add(qid)
        if cat not in CATEGORIES:
            problems.append("%s: unknown category %r" % (where, cat))
        per_cat[cat] += 1
        if not query.strip():
            problems.append("%s: empty query" % where)
        if query in seen_text:
            problems.append("%s: same query text as %s" % (where, seen_text[query]))
        seen_text[query] = qid
        try:
            judged[qid] = parse_relevant_field(rel)
        except ValueError as e:
            problems.append("%s: %s" % (where, e))
            continue
        if 2 not in judged[qid].values():
            problems.append("%s: %s has no grade-2 document" % (where, qid))
    total_q = sum(per_cat.values())
    if total_q < MIN_QUERIES:
        problems.append("queries.tsv: %d queries, need at least %d" % (total_q, MIN_QUERIES))
    for cat in CATEGORIES:
        if per_cat[cat] < MIN_PER_CATEGORY:
            problems.append("queries.tsv: category %s has %d queries, need at least %d" % (cat, per_cat[cat], MIN_PER_CATEGORY))

    # ---- drafts.jsonl
    n_drafts = 0
    with open(os.path.join(HERE, "drafts.jsonl"), encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            where = "drafts.jsonl:%d" % n
            if not line.strip():
                continue
            try:
                d = json.loads(line)
            except json.JSONDecodeError as e:
                problems.append("%s: invalid JSON (%s)" % (where, e))
                continue
            n_drafts += 1
            if set(d) - {"category"} != {"id", "title", "body", "relevant"}:  # category is optional
                problems.append("%s: keys must be id, title, body, relevant [, category] (got %s)" % (where, sorted(d)))
                continue
            did = d["id"]
            if did in judged:
                problems.append("%s: duplicate id %s" % (where, did))
            rel = d["relevant"]
            if not isinstance(rel, dict) or any(g not in (1, 2) for g in rel.values()):
                problems.append("%s: relevant must map doc id -> 1 or 2" % where)
                continue
            judged[did] = dict(rel)
            if 2 not in rel.values():
                problems.append("%s: %s has no grade-2 document" % (where, did))
            s = sentence_count(d["body"])
            max_s = 25 if d.get("category") == "messy" else 10  # "messy" drafts: long pasted cases
            if not 3 <= s <= max_s:
                problems.append("%s: %s body has %d sentences (want 3-%d)" % (where, did, s, max_s))
            if len({kind_of(x) for x in rel if x in coll.ids}) < 2:
                problems.append("%s: %s judges only one kind of document" % (where, did))
    if n_drafts < MIN_DRAFTS:
        problems.append("drafts.jsonl: %d drafts, need at least %d" % (n_drafts, MIN_DRAFTS))

    # ---- ids and twins
    used = collections.Counter()
    for item, rel in judged.items():
        for doc_id, grade in rel.items():
            used[doc_id] += 1
            if doc_id not in coll.ids:
                problems.append("%s: unknown document id %s" % (item, doc_id))
                continue
            for twin in sorted(coll.twins.get(doc_id, ())):
                if twin not in rel:
                    problems.append("%s: %s is judged but its twin %s is not" % (item, doc_id, twin))
                elif rel[twin] != grade:
                    problems.append("%s: %s:%d but its twin %s:%d" % (item, doc_id, grade, twin, rel[twin]))

    for p in problems:
        print(p)
    if not args.quiet:
        kinds = collections.Counter(kind_of(d) if d in coll.ids else "unknown" for d in used)
        tops = collections.Counter(d.split("/", 1)[0] for d in used)
        print("queries: %d (%s)" % (total_q, ", ".join("%s %d" % (c, per_cat[c]) for c in CATEGORIES)))
        print("drafts: %d" % n_drafts)
        print("distinct judged documents: %d (%s)" % (len(used), ", ".join("%s %d" % kv for kv in sorted(tops.items()))))
        print("collection: %d ids resolvable" % len(coll.ids))
    print("OK" if not problems else "FAILED: %d problem(s)" % len(problems))
    return 0 if not problems else 1


if __name__ == "__main__":
    sys.exit(main())
