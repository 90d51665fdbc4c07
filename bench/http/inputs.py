#!/usr/bin/env python3
"""Inputs of the HTTP latency benchmark (bench/http_latency.sh).

    inputs.py make [--corpus DIR] [--out DIR]
        (Re)writes the fixed inputs, from bench/quality/ and the shared corpus, deterministically:
          queries.txt          one search query per line (the 106 judged queries, then queries
                               drawn from the corpus: error codes, event ids, metric names,
                               CLI commands, regions, resource ids, titles, headings)
          drafts.jsonl         suggest bodies {"title", "body", "limit"}, 1-4 KB (UTF-8)
          groonga_drafts.txt   for each draft, its content words ORed, as a Groonga query
    inputs.py groonga-content CONTENT_DIR OUT.grn
        A Groonga `load` of the starter content (content/): cases and blogs as one record per
        file, link-list files (`split: links`) as one record per list item, as sasae indexes them.
    inputs.py paths QUERIES DRAFTS GROONGA_DRAFTS OUTDIR
        The request files for wrk: sasae_search.txt, groonga_search.txt, groonga_search_snip.txt,
        groonga_suggest.txt (one URL path per line) and sasae_suggest.txt (one JSON body per line).
    inputs.py check BASE_SASAE BASE_GROONGA OUTDIR
        Sends every request once to each server (sequentially), checks status 200 and a valid
        answer, and prints hit statistics (also a warm-up).

Needs Python 3 and the `mecab` command (IPADIC) for `make`.
"""
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(HERE))
from groonga_load import title_of, clean  # noqa: E402  (bench/groonga_load.py)

SEED = 20261127
SASAE_SYNTAX = re.compile(r'^(kind|service|tag|lang):|^-|"|^OR$')


# --- MeCab -------------------------------------------------------------------------------------
def mecab(lines):
    """Token lists [(surface, pos, pos1, base)] for each line (newlines must not occur)."""
    out = subprocess.run(["mecab"], input="\n".join(lines) + "\n", capture_output=True,
                         text=True, check=True).stdout
    result, cur = [], []
    for row in out.split("\n"):
        if row == "EOS":
            result.append(cur)
            cur = []
        elif row:
            surface, _, feat = row.partition("\t")
            f = feat.split(",")
            cur.append((surface, f[0], f[1] if len(f) > 1 else "", f[6] if len(f) > 6 else "*"))
    assert len(result) == len(lines), (len(result), len(lines))
    return result


ASCII_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/+:-]*[A-Za-z0-9]|[A-Za-z0-9]")
EN_STOP = set("""a an the to for of in on at by with from into your you my our is are be was
were it its this that these those and or not how what when why do does can use using used via
about as if than then vs step steps part guide example examples overview introduction
getting started work working works tutorial""".split())
JA_STOP = set("""はじめに まとめ おわりに 概要 手順 方法 こと もの ため 場合 以下 今回 参考 参考文献
前提 背景 結論 感想 最後 最初 注意 注意点 補足 ポイント 目次 結果 内容 構成 説明 確認 対応 実施
続き その他 これ それ あれ どれ ここ そこ よう 感じ 自分 的 化 編 回 件 個 時 中 後 前 上 下 版
記事 本 今 について""".split())


def is_ascii(s):
    return all(ord(c) < 128 for c in s)


def segments(text):
    """Splits text into ('en', word) and ('ja', run) pieces, in order."""
    text = re.sub(r"\\(.)", r"\1", text)                      # Markdown escapes
    text = re.sub(r"^\s*(?:[0-9]+[.)-]?)+\s*", "", text)          # heading numbers (1.2.3)
    text = re.sub(r"[*`#]+", " ", text)
    text = re.sub(r"[【】「」『』（）()\[\]<>“”\"'!?！？。、，,:：;；/／|｜~〜・…\s]+", " ", text)
    out = []
    for part in text.split():
        pos = 0
        for m in ASCII_WORD.finditer(part):
            if m.start() > pos:
                out.append(("ja", part[pos:m.start()]))
            out.append(("en", m.group(0)))
            pos = m.end()
        if pos < len(part):
            out.append(("ja", part[pos:]))
    return out


def ja_chunks(tokens):
    """Noun compounds (with prefixes) and negated verb phrases, in order."""
    chunks, cur, i = [], "", 0
    while i < len(tokens):
        s, pos, pos1, _ = tokens[i]
        if pos == "接頭詞" or (pos == "名詞" and pos1 not in ("非自立", "代名詞", "数", "接尾")) or \
                (pos == "名詞" and pos1 == "接尾" and cur):
            cur += s
            i += 1
            continue
        if pos == "動詞":
            j, phrase = i, ""
            while j < len(tokens) and (j == i or tokens[j][1] in ("助動詞", "動詞") and
                                       tokens[j][2] in ("", "*", "非自立", "接尾", "自立")):
                phrase += tokens[j][0]
                j += 1
            if re.search(r"(ない|なく|ず|ません|できな|られな)", phrase):
                if cur and i > 0 and tokens[i - 1][1] == "名詞":
                    cur += phrase
                else:
                    if cur:
                        chunks.append(cur)
                    cur = phrase
                chunks.append(cur)
                cur = ""
                i = j
                continue
        if cur:
            chunks.append(cur)
            cur = ""
        i += 1
    if cur:
        chunks.append(cur)
    return [c for c in chunks if len(c) >= 2 and c not in JA_STOP and
            re.search(r"[A-Za-z0-9ぁ-んァ-ン一-龥]", c)]


def keywords(texts):
    """Keyword lists (English words and Japanese chunks, in order) for each text."""
    segs = [segments(t) for t in texts]
    ja_runs = [s for seg in segs for kind, s in seg if kind == "ja"]
    analysed = iter(mecab(ja_runs))
    result = []
    for seg in segs:
        words = []
        for kind, s in seg:
            if kind == "en":
                if s.lower() not in EN_STOP and not re.fullmatch(r"[0-9.]+", s):
                    words.append(s)
            else:
                words.extend(ja_chunks(next(analysed)))
        seen, uniq = set(), []
        for w in words:
            if w.lower() not in seen and not SASAE_SYNTAX.search(w):
                seen.add(w.lower())
                uniq.append(w)
        result.append(uniq)
    return result


# --- corpus ------------------------------------------------------------------------------------
def corpus_files(corpus):
    files = []
    for root in ("awsdocs", "community-ja"):
        for d, dirs, names in os.walk(os.path.join(corpus, root)):
            dirs[:] = sorted(x for x in dirs if not x.startswith("."))
            for n in sorted(names):
                if n.endswith(".md") and not n.startswith(("_", ".")) and n != "index.md" and \
                        not (d == os.path.join(corpus, root) and n.lower() == "readme.md"):
                    files.append(os.path.join(d, n))
    return files


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def pick(rng, items, k):
    items = sorted(set(items))
    return rng.sample(items, min(k, len(items)))


def make(corpus, out):
    rng = random.Random(SEED)
    with open(os.path.join(REPO, "bench/quality/queries.tsv"), encoding="utf-8") as f:
        judged = [line.rstrip("\n").split("\t")[2] for line in list(f)[1:] if line.strip()]
    files = corpus_files(corpus)
    texts = {p: read(p) for p in files}
    alltext = "\n".join(texts.values())
    counts = {}

    def frequent(regex, min_count=2):
        c = {}
        for m in re.finditer(regex, alltext):
            c[m.group(0)] = c.get(m.group(0), 0) + 1
        return [w for w, n in c.items() if n >= min_count]

    ja_tail = ["エラー", "原因", "対処", "発生", "解決方法", "とは"]
    ja_metric = ["アラーム", "監視", "急増", "メトリクス 見方"]
    services = ["EC2", "S3", "Lambda", "RDS", "VPC", "IAM", "CloudWatch", "Route 53", "ALB",
                "Transit Gateway", "Direct Connect", "Site-to-Site VPN", "CloudWatch Logs"]
    ja_words = ["料金", "レイテンシ", "エンドポイント", "制限", "障害", "移行", "設定", "証明書"]
    extra = []

    def add(kind, qs):
        counts[kind] = len(qs)
        extra.extend(qs)

    # Error codes (CamelCase names of exceptions and API errors found at least twice).
    tokens = {}
    for t in re.findall(r"[A-Za-z][A-Za-z0-9_]*", alltext):
        tokens[t] = tokens.get(t, 0) + 1
    codes = [t for t, n in tokens.items() if n >= 2 and re.match(r"[A-Z][a-z0-9]+[A-Z]", t) and
             t.endswith(("Exception", "Error", "Exceeded", "Denied", "NotFound", "Fault", "Failure",
                         "Mismatch", "Throttled", "Unavailable", "Conflict"))]
    add("error codes", [c + (" " + rng.choice(ja_tail) if rng.random() < 0.35 else "")
                        for c in pick(rng, codes, 35)])
    add("RDS event ids", pick(rng, frequent(r"RDS-EVENT-[0-9]{4}", 1), 6))
    metrics = [t for t, n in tokens.items() if n >= 3 and len(t) < 60 and (
        re.fullmatch(r"(?:[A-Z][a-z]+){2,}(?:Count|Utilization|Latency|Bytes|Errors|Throttles|"
                     r"Duration|State|Balance|Invocations|Connections)", t) or t.startswith("HTTPCode_"))]
    add("metric names", [m + (" " + rng.choice(ja_metric) if rng.random() < 0.5 else "")
                         for m in pick(rng, metrics, 12)])
    cli = frequent(r"\baws [a-z0-9]+(?:-[a-z0-9]+)* [a-z]+(?:-[a-z0-9]+)+\b", 2)
    add("CLI commands", pick(rng, cli, 15))
    regions = frequent(r"\b(?:ap|us|eu|sa|ca|me|af)-(?:north|south|east|west|central|northeast|"
                       r"southeast)-[1-3]\b", 5) + ["東京リージョン", "大阪リージョン", "バージニア北部"]
    rq = []
    for r in pick(rng, regions, 12):
        q = r + " " + rng.choice(services)
        if rng.random() < 0.5:
            q += " " + rng.choice(ja_words)
        rq.append(q)
    add("regions", rq)
    ids = frequent(r"\b(?:i|vol|vpc|sg|subnet|eni|tgw|vgw|rtb|igw|nat)-[0-9a-f]{8,17}\b", 2)
    add("resource ids", pick(rng, ids, 6))

    # Titles and headings, turned into 2-4 keywords as typed into a search box.
    comm = [p for p in files if "/community-ja/" in p]
    docs = [p for p in files if "/awsdocs/" in p]

    def title(p):
        return clean(title_of(texts[p], p))

    def queries_from(texts_, k, lower=0.0):
        qs = []
        for words in keywords(texts_):
            if len(words) < 2:
                continue
            n = min(len(words), rng.choice([2, 2, 3, 3, 4]))
            start = rng.randrange(0, len(words) - n + 1) if len(words) > n and rng.random() < 0.3 else 0
            q = " ".join(words[start:start + n])
            if rng.random() < lower:
                q = q.lower()
            if len(q.encode()) <= 120:
                qs.append(q)
            if len(qs) >= k:
                break
        return qs

    add("community titles (ja)", queries_from([title(p) for p in pick(rng, comm, 120)], 60))
    heads = [h for p in comm for h in re.findall(r"^##+ +(.+)$", texts[p], re.M)
             if re.search(r"[ぁ-んァ-ン一-龥]", h)]
    add("community headings (ja)", queries_from(pick(rng, heads, 90), 30))
    add("AWS page titles (en)", queries_from([title(p) for p in pick(rng, docs, 100)], 50, lower=0.5))

    seen = set(q.lower() for q in judged)
    queries = list(judged)
    for q in extra:
        q = " ".join(q.split())
        if q and q.lower() not in seen:
            seen.add(q.lower())
            queries.append(q)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "queries.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(queries) + "\n")

    # Drafts: every judged draft followed by the next one (1-2 KB), plus 27 long drafts (about
    # 4 KB: a draft followed by the next ones' bodies, cut at a sentence end at 4,096 bytes).
    with open(os.path.join(REPO, "bench/quality/drafts.jsonl"), encoding="utf-8") as f:
        base = [json.loads(line) for line in f if line.strip()]
    drafts = []
    for i, d in enumerate(base):
        nxt = base[(i + 1) % len(base)]
        drafts.append({"title": d["title"],
                       "body": d["body"] + "\n\n" + nxt["title"] + "\n" + nxt["body"], "limit": 5})
    for i in range(0, len(base), 2):
        d = base[i]
        body, j = d["body"], i + 1
        while len((d["title"] + body).encode()) < 4096:
            n = base[j % len(base)]
            body += "\n\n" + n["title"] + "\n" + n["body"]
            j += 1
        cut = body.encode()[:4096 - len(d["title"].encode())].decode("utf-8", "ignore")
        cut = cut[:cut.rfind("。") + 1] if "。" in cut[-400:] else cut
        drafts.append({"title": d["title"], "body": cut, "limit": 5})
    with open(os.path.join(out, "drafts.jsonl"), "w", encoding="utf-8") as f:
        for d in drafts:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")

    # Groonga's side: the draft's distinct content words (title first, then body, in order of
    # first appearance), ORed. Groonga 13 takes them all (tested up to 1,000 words, 42 KB URLs).
    words = keywords([d["title"] + "\n" + d["body"] for d in drafts])
    with open(os.path.join(out, "groonga_drafts.txt"), "w", encoding="utf-8") as f:
        for w in words:
            f.write(" OR ".join(groonga_word(x) for x in w) + "\n")

    sizes = sorted(len((d["title"] + d["body"]).encode()) for d in drafts)
    nwords = sorted(len(w) for w in words)
    print(f"queries: {len(queries)} ({len(judged)} judged + {len(queries) - len(judged)} from the corpus: "
          + ", ".join(f"{k} {v}" for k, v in counts.items()) + "; duplicates dropped)")
    print(f"drafts: {len(drafts)}, {sizes[0]}-{sizes[-1]} bytes (median {sizes[len(sizes) // 2]}); "
          f"Groonga OR words per draft: {nwords[0]}-{nwords[-1]} (median {nwords[len(nwords) // 2]})")


def groonga_word(w):
    """One word of Groonga's query syntax, quoted so that no character is an operator."""
    return '"' + w.replace("\\", "\\\\").replace('"', '\\"') + '"'


def groonga_query(q):
    return " ".join(groonga_word(w) for w in q.split())


# --- starter content for Groonga ---------------------------------------------------------------
LINK_ITEM = re.compile(r"^\s*[-*]\s+\[([^\]]+)\]\(([^)\s]+)\)\s*(?:[—–-]+\s*)?(.*)$")


def slug_of_url(url):
    last = url.rstrip("/").rsplit("/", 1)[-1]
    last = re.sub(r"\.[A-Za-z0-9]+$", "", last)
    return re.sub(r"[^A-Za-z0-9_-]", "-", last)


def groonga_content(content, out):
    recs = []
    for sub in ("cases", "blogs", "docs"):
        d = os.path.join(content, sub)
        for n in sorted(os.listdir(d)):
            if not n.endswith(".md") or n.startswith(("_", ".")) or n == "index.md":
                continue
            text = read(os.path.join(d, n))
            stem = n[:-3]
            if re.search(r"^split:\s*links\s*$", text.split("\n---", 1)[0], re.M):
                for line in text.split("\n"):
                    m = LINK_ITEM.match(line)
                    if m:
                        recs.append({"_key": f"docs/{stem}/{slug_of_url(m.group(2))}",
                                     "title": m.group(1), "body": line.strip()})
            else:
                recs.append({"_key": f"{sub}/{stem}", "title": clean(title_of(text, n))[:1000],
                             "body": text})
    with open(out, "w", encoding="utf-8") as o:
        o.write("load --table Docs\n[\n")
        o.write(",\n".join(json.dumps(r, ensure_ascii=False) for r in recs))
        o.write("\n]\n")
    print(len(recs))


# --- request files -----------------------------------------------------------------------------
def q(s):
    return urllib.parse.quote(s, safe="")


GROONGA_SELECT = ("/d/select?table=Docs&match_columns=" + q("title*10||body")
                  + "&sort_keys=-_score&limit={limit}&output_columns={cols}&query={query}")
COLS = q("_key,title,_score")
COLS_SNIP = q("_key,title,_score,snippet_html(body)")


def paths(queries, drafts, gdrafts, outdir):
    with open(queries, encoding="utf-8") as f:
        qs = [line.rstrip("\n") for line in f if line.strip()]
    with open(drafts, encoding="utf-8") as f:
        ds = [line.rstrip("\n") for line in f if line.strip()]
    with open(gdrafts, encoding="utf-8") as f:
        gs = [line.rstrip("\n") for line in f if line.strip()]

    def write(name, lines):
        with open(os.path.join(outdir, name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    write("sasae_search.txt", ["/api/search?q=" + q(x) for x in qs])
    write("groonga_search.txt", [GROONGA_SELECT.format(limit=10, cols=COLS, query=q(groonga_query(x)))
                                 for x in qs])
    write("groonga_search_snip.txt", [GROONGA_SELECT.format(limit=10, cols=COLS_SNIP,
                                                            query=q(groonga_query(x))) for x in qs])
    write("sasae_suggest.txt", ds)
    # sasae answers 5 per kind (cases, docs, blogs): Groonga gets limit=15.
    write("groonga_suggest.txt", [GROONGA_SELECT.format(limit=15, cols=COLS, query=q(x)) for x in gs])
    # Variant: only the first 24 words (sasae searches at most 24 draft terms).
    write("groonga_suggest24.txt", [GROONGA_SELECT.format(limit=15, cols=COLS,
                                                          query=q(" OR ".join(x.split(" OR ")[:24])))
                                    for x in gs])


# --- check -------------------------------------------------------------------------------------
def fetch(url, body=None):
    req = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}
                                 if body else {})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def check(sasae, groonga, outdir):
    def lines(name):
        with open(os.path.join(outdir, name), encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    ok = True
    report = []
    for label, base, name, post in (("sasae search", sasae, "sasae_search.txt", False),
                                    ("Groonga search", groonga, "groonga_search.txt", False),
                                    ("Groonga search + snippets", groonga, "groonga_search_snip.txt", False),
                                    ("sasae suggest", sasae, "sasae_suggest.txt", True),
                                    ("Groonga suggest", groonga, "groonga_suggest.txt", False),
                                    ("Groonga suggest, 24 words", groonga, "groonga_suggest24.txt", False)):
        bad, hits, zero, returned, times = [], [], 0, [], []
        for x in lines(name):
            t0 = time.perf_counter()
            status, body = fetch(base + "/api/suggest", x.encode()) if post else fetch(base + x)
            times.append(time.perf_counter() - t0)
            try:
                j = json.loads(body)
            except ValueError:
                j = None
            if status != 200 or j is None:
                bad.append((status, x[:80], body[:200]))
                continue
            if post:
                n = sum(len(j[k]) for k in ("cases", "docs", "blogs"))
                total = n
            elif "hits" in j:
                total, n = j["total"], len(j["hits"])
            else:  # Groonga: [[rc, start, elapsed], [[[n_hits], columns, rows...]]]
                if j[0][0] != 0:
                    bad.append((status, x[:80], body[:200]))
                    continue
                total, n = j[1][0][0][0], len(j[1][0]) - 2
            hits.append(total)
            returned.append(n)
            zero += n == 0
        m = len(hits)
        if bad:
            ok = False
            for b in bad[:5]:
                print(f"  {label}: status {b[0]} for {b[1]!r}: {b[2]!r}", file=sys.stderr)
        hs = sorted(hits) or [0]
        ts = sorted(times)
        report.append(f"{label}: {m + len(bad)} requests, {len(bad)} not 200/valid, "
                      f"{zero} with no hit, {sum(returned) / max(m, 1):.1f} results returned per request "
                      f"(median {hs[len(hs) // 2]} matching documents); one at a time: "
                      f"median {1000 * ts[len(ts) // 2]:.1f} ms, slowest {1000 * ts[-1]:.1f} ms")
    print("\n".join(report))
    return ok


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "make":
        corpus = os.path.join(REPO, "..", "shared", "corpus")
        out = HERE
        while args:
            if args[0] == "--corpus":
                corpus = args[1]
            elif args[0] == "--out":
                out = args[1]
            else:
                sys.exit(__doc__)
            args = args[2:]
        make(corpus, out)
    elif cmd == "groonga-content":
        groonga_content(*args)
    elif cmd == "paths":
        paths(*args)
    elif cmd == "check":
        sys.exit(0 if check(*args) else 1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
