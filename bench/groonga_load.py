#!/usr/bin/env python3
"""Writes a Groonga command file that loads the benchmark documents.

Usage: groonga_load.py CORPUS_DIR FILE_LIST OUT.grn

FILE_LIST holds one path per line, relative to CORPUS_DIR (the same files every contender
reads). Each document becomes one record of table Docs: _key = the path without ".md",
title = the front-matter title, else the first Markdown heading, else the file name,
body = the whole file text. The output is a `load` command with a JSON array, one record
per line, ready to feed to `groonga DB < OUT.grn` after the schema commands.
"""
import json
import os
import re
import sys

HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")
FM_TITLE = re.compile(r"^title\s*:\s*(.*?)\s*$")


TAG = re.compile(r"<[^>]*>")
ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def clean(title):
    # Drop inline HTML such as <a name="..."></a> and Markdown backslash escapes.
    return ESCAPE.sub(r"\1", TAG.sub("", title)).strip()


def title_of(text, path):
    lines = text.split("\n")
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                start = i + 1
                break
            m = FM_TITLE.match(lines[i])
            if m and m.group(1):
                t = m.group(1)
                if len(t) >= 2 and t[0] == t[-1] and t[0] in "\"'":
                    t = t[1:-1]
                return t
    for line in lines[start:]:
        m = HEADING.match(line)
        if m:
            return m.group(1)
    return os.path.splitext(os.path.basename(path))[0]


def main():
    corpus, file_list, out = sys.argv[1:4]
    with open(file_list, encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]
    with open(out, "w", encoding="utf-8") as o:
        o.write("load --table Docs\n[\n")
        for n, rel in enumerate(paths):
            with open(os.path.join(corpus, rel), "rb") as f:
                text = f.read().decode("utf-8", errors="replace")
            rec = {"_key": rel[:-3] if rel.endswith(".md") else rel,
                   "title": clean(title_of(text, rel))[:1000],
                   "body": text}
            o.write(json.dumps(rec, ensure_ascii=False))
            o.write(",\n" if n + 1 < len(paths) else "\n")
        o.write("]\n")


if __name__ == "__main__":
    main()
