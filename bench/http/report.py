#!/usr/bin/env python3
"""Report of bench/http_latency.sh: results.tsv + meta.json + check.txt -> Markdown.

    report.py RESULTS.tsv META.json CHECK.txt [--readme bench/README.md]

Prints the report; with --readme also writes it between the http-latency-results markers of
that file (re-read right before writing; nothing else in the file is touched).
"""
import csv
import json
import sys

BEGIN = "<!-- http-latency-results:begin (written by bench/http_latency.sh) -->"
END = "<!-- http-latency-results:end -->"
TARGET_P99 = {"search": 10.0, "suggest": 30.0}
LABEL = {
    ("search", "sasae"): "sasae `GET /api/search`",
    ("search", "groonga"): "Groonga `select` (words ANDed)",
    ("search", "groonga-snippets"): "Groonga `select` + `snippet_html(body)` (informational)",
    ("suggest", "sasae"): "sasae `POST /api/suggest`",
    ("suggest", "groonga"): "Groonga `select`, all draft words ORed",
    ("suggest", "groonga-24words"): "Groonga `select`, first 24 draft words ORed (informational)",
}


def mean(xs):
    return sum(xs) / len(xs)


def main():
    args = sys.argv[1:]
    readme = None
    if "--readme" in args:
        i = args.index("--readme")
        readme = args[i + 1]
        del args[i:i + 2]
    results, meta, check = args
    with open(results) as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    with open(meta) as f:
        m = json.load(f)
    with open(check) as f:
        checks = [line.strip() for line in f if line.strip()]

    groups = {}
    for r in rows:
        groups.setdefault((r["endpoint"], r["contender"]), []).append(r)

    def stat(key, field):
        return [float(r[field]) for r in groups[key]]

    wrk_core = mean([float(r["wrk_cpu_s"]) for r in rows]) / float(m["duration"])
    out = []
    w = out.append
    w(f"Run of {m['date']}: `{m['command']}`; {m['rounds']} rounds, each test {m['warmup']} s of "
      f"warm-up (not counted) then {m['duration']} s measured, {m['conns']} connections, "
      f"{m['wrk_threads']} wrk threads; the order of the servers rotates each round.")
    w("")
    w(f"- machine: {m['nproc']} cores ({m['cpu']}), {m['mem_gib']} GiB RAM, Linux {m['kernel']}; "
      f"wrk runs on the same 2 cores and competes with the servers for CPU")
    waited = f", after waiting {m['waited_s']} s for it to drop" if m["waited_s"] else ""
    if m.get("quiet_waited_s"):
        waited += f"; the tests waited {m['quiet_waited_s']} s in all for the machine to be idle"
    w(f"- load average: {m['load_first']} when the servers were ready{waited}; "
      f"{m['load_before']} at the start of the timed tests, {m['load_after']} at the end")
    w(f"- sasae: commit {m['rev']}, binaries built {m['bin_mtime']}; `sasae-server` with its default "
      f"worker threads; Groonga {m['groonga']} (`groonga -s --protocol http`, "
      f"at most {m['groonga_threads'] or '?'} worker threads: its default, one per core; query cache off); "
      f"wrk {m['wrk']}, which used {wrk_core:.2f} of a core on average during the measured tests")
    w(f"- documents: sasae {m['docs_sasae']}, Groonga {m['docs_groonga']} (`content/` + `awsdocs/` + "
      f"`community-ja/`; sasae indexed them in {m['sasae_index_s']} s before the run)")
    w(f"- requests: {m['queries']} search queries (`bench/http/queries.txt`), {m['drafts']} drafts of 1–4 KB "
      f"(`bench/http/drafts.jsonl`); timed part {m['tests_s']} s, whole script {m['total_s']} s")
    w("")
    w("| endpoint | server | requests/s | p50 ms | p99 ms | requests/s per round | p99 ms per round | "
      "server CPU ms per request | other CPU (cores) | non-200 / socket errors |")
    w("|---|---|---:|---:|---:|---|---|---:|---|---:|")
    for key in [k for k in LABEL if k in groups]:
        rps, p50, p99 = stat(key, "rps"), stat(key, "p50_ms"), stat(key, "p99_ms")
        cpu = [float(r["server_cpu_s"]) * 1000 / max(int(r["requests"]), 1) for r in groups[key]]
        non200 = sum(int(r["non200"]) for r in groups[key])
        errs = sum(int(r["errors"]) for r in groups[key])
        w(f"| {key[0]} | {LABEL[key]} | {mean(rps):.0f} | {mean(p50):.2f} | {mean(p99):.2f} | "
          f"{', '.join(f'{x:.0f}' for x in rps)} | {', '.join(f'{x:.1f}' for x in p99)} | "
          f"{mean(cpu):.2f} | {', '.join(r['other_cores'] for r in groups[key])} | {non200} / {errs} |")
    w("")
    w(f"requests/s, p50 and p99 are the means of the rounds; p50/p99 are wrk's latency percentiles "
      "(from the first byte sent to the whole response, per request). Server CPU is the server "
      f"process's user + system time during the measured {m['duration']} s divided by the requests "
      "answered; \"other CPU\" is the CPU time used meanwhile by everything except the server under "
      "test and wrk (other people's work on the machine, the idle server), in cores.")
    w("")
    w("A round is marked \"busy machine\" when other processes used more than 0.25 cores during "
      "either server's test.")
    w("")
    verdict = []
    for ep in ("search", "suggest"):
        s, g = (ep, "sasae"), (ep, "groonga")
        if s not in groups or g not in groups:
            continue
        srps, grps = mean(stat(s, "rps")), mean(stat(g, "rps"))
        sp99, gp99 = stat(s, "p99_ms"), stat(g, "p99_ms")
        sp50, gp50 = mean(stat(s, "p50_ms")), mean(stat(g, "p50_ms"))
        ok_p99 = max(sp99) < TARGET_P99[ep]
        ratios = [a / b for a, b in zip(stat(s, "rps"), stat(g, "rps"))]
        noisy = [max(float(a["other_cores"]), float(b["other_cores"])) > 0.25
                 for a, b in zip(groups[s], groups[g])]
        ok_rps = all(x > 1 for x in ratios)
        per_round = ", ".join(f"{x:.2f}" + (" (busy machine)" if n else "") for x, n in zip(ratios, noisy))
        verdict.append(
            f"- **{ep}**: sasae/Groonga requests/s = **{srps / grps:.2f}** (per round {per_round}; "
            f"target above 1 in every round: {'met' if ok_rps else 'not met'}); p50 {sp50 / gp50:.2f}× and p99 "
            f"{mean(sp99) / mean(gp99):.2f}× Groonga's; sasae p99 {mean(sp99):.1f} ms "
            f"(worst round {max(sp99):.1f} ms; target under {TARGET_P99[ep]:.0f} ms: "
            f"{'met' if ok_p99 else 'not met'})")
    out.extend(verdict)
    w("")
    w("Every request once, one at a time, before the timed part (status, validity, hits):")
    w("")
    for c in checks:
        w(f"- {c}")
    text = "\n".join(out) + "\n"
    print(text)
    if readme:
        with open(readme, encoding="utf-8") as f:
            doc = f.read()
        block = BEGIN + "\n" + text + END
        if BEGIN in doc and END in doc:
            a, b = doc.index(BEGIN), doc.index(END) + len(END)
            doc = doc[:a] + block + doc[b:]
        else:
            doc = doc.rstrip("\n") + "\n\n## HTTP latency results\n\n" + block + "\n"
        with open(readme, "w", encoding="utf-8") as f:
            f.write(doc)
        print(f"(written to {readme})", file=sys.stderr)


if __name__ == "__main__":
    main()
