// Ingestion of one file: front matter in all the shapes real collections have, and the
// errors a person gets for a broken file.
#include <catch2/catch.hpp>

#include "core/html_text.h"
#include "core/stored_text.h"
#include "indexer/ingest_error.h"
#include "indexer/source_document.h"

using sasae::IngestError;
using sasae::SourceFile;

namespace {

SourceFile file_at(const std::string& rel, const std::string& defaults_yaml = "") {
    return SourceFile{"", "content", rel, "content/" + rel, defaults_yaml};
}

sasae::SourceDocument only_doc(const std::string& rel, const std::string& text) {
    auto ingested = sasae::ingest_text(file_at(rel), text);
    REQUIRE(ingested.documents.size() == 1);
    return ingested.documents.front();
}

std::string error_of(const std::string& rel, const std::string& text) {
    try {
        sasae::ingest_text(file_at(rel), text);
    } catch (const IngestError& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

TEST_CASE("a case note with full front matter keeps every field", "[ingest]") {
    auto doc = only_doc("cases/ec2-capacity.md",
                        "---\n"
                        "kind: case\n"
                        "title: \"EC2 が InsufficientInstanceCapacity で起動しない\"\n"
                        "services: [EC2]\n"
                        "region: ap-northeast-1\n"
                        "severity: high\n"
                        "opened: 2025-03-04\n"
                        "tags: [capacity, 起動失敗]\n"
                        "links:\n"
                        "  - https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html\n"
                        "---\n"
                        "## 事象\n\n起動できない。\n");
    CHECK(doc.id == "cases/ec2-capacity");
    CHECK(doc.kind == "case");
    CHECK(doc.title == "EC2 が InsufficientInstanceCapacity で起動しない");
    CHECK(doc.values("service") == std::vector<std::string>{"EC2"});
    CHECK(doc.values("tag") == std::vector<std::string>{"capacity", "起動失敗"});
    CHECK(doc.date == "2025-03-04");
    CHECK(doc.meta["severity"] == "high");
    REQUIRE(doc.links.size() == 1);
    CHECK(doc.links[0].url == "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html");
    CHECK(doc.headings == std::vector<std::string>{"事象"});
}

TEST_CASE("a note without front matter takes its title from the first heading", "[ingest]") {
    auto doc = only_doc("notes/vpn.md", "# VPN トンネルが DOWN\n\n本文\n");
    CHECK(doc.title == "VPN トンネルが DOWN");
    CHECK(doc.kind == "case");
}

TEST_CASE("a note without front matter or heading is titled by its file name", "[ingest]") {
    CHECK(only_doc("cases/no-title.md", "ただの本文です。\n").title == "no-title");
}

TEST_CASE("unknown front matter keys are kept, not rejected", "[ingest]") {
    auto doc = only_doc("cases/x.md", "---\ntitle: t\nowner: 山田\ncustom:\n  a: 1\n---\nbody\n");
    CHECK(doc.meta["owner"] == "山田");
    CHECK(doc.meta["custom"]["a"] == "1");
}

TEST_CASE("Zenn-style front matter makes a community post with topics as tags", "[ingest][zenn]") {
    auto doc = only_doc("articles/ec2-image-builder.md",
                        "---\ntitle: \"Amazon EC2 Image Builder入門\"\nemoji: \"💬\"\ntype: \"tech\"\n"
                        "topics: [\"aws\", \"ec2\"]\npublished: true\n---\n## 概要\n");
    CHECK(doc.kind == "blog");
    CHECK(doc.values("tag") == std::vector<std::string>{"aws", "ec2"});
    CHECK(doc.date.empty());  // published: true is not a date
}

TEST_CASE("Qiita-style tags given as maps are read by name", "[ingest]") {
    auto doc = only_doc("blogs/q.md", "---\ntitle: q\ntags:\n  - name: AWS\n  - name: Lambda\n---\n");
    CHECK(doc.values("tag") == std::vector<std::string>{"AWS", "Lambda"});
}

TEST_CASE("broken YAML front matter names the file and the line", "[ingest][errors]") {
    std::string err = error_of("cases/broken.md", "---\ntitle: ok\ntags: [a, b\nservices: [EC2]\n---\nbody\n");
    CHECK_THAT(err, Catch::Contains("content/cases/broken.md:"));
    CHECK_THAT(err, Catch::Contains("broken YAML front matter"));
}

TEST_CASE("front matter that never closes is an error on line 1", "[ingest][errors]") {
    CHECK_THAT(error_of("cases/open.md", "---\ntitle: x\nbody without end\n"),
               Catch::Contains("content/cases/open.md:1: front matter starts with '---'"));
}

TEST_CASE("front matter that is a list, not a mapping, is an error", "[ingest][errors]") {
    CHECK_THAT(error_of("cases/list.md", "---\n- a\n- b\n---\n"), Catch::Contains("must be a YAML mapping"));
}

TEST_CASE("an unknown kind is an error pointing at its line", "[ingest][errors]") {
    CHECK_THAT(error_of("cases/k.md", "---\ntitle: x\nkind: memo\n---\n"),
               Catch::Contains("content/cases/k.md:3: kind 'memo' is not one of case, doc, blog"));
}

TEST_CASE("TOML-looking front matter is skipped with a warning, the note still indexes", "[ingest]") {
    auto ingested = sasae::ingest_text(file_at("cases/hugo.md"), "+++\ntitle = \"x\"\n+++\n# 見出し\n本文\n");
    REQUIRE(ingested.documents.size() == 1);
    CHECK(ingested.documents[0].title == "見出し");
    REQUIRE(ingested.warnings.size() == 1);
    CHECK_THAT(ingested.warnings[0], Catch::Contains("TOML"));
}

TEST_CASE("a UTF-8 byte order mark does not hide the front matter", "[ingest]") {
    CHECK(only_doc("cases/bom.md", "\xEF\xBB\xBF---\ntitle: BOM付き\n---\n本文\n").title == "BOM付き");
}

TEST_CASE("CRLF line endings are read like LF", "[ingest]") {
    auto doc = only_doc("cases/crlf.md", "---\r\ntitle: Windows\r\nservices: [S3]\r\n---\r\n# H\r\n本文\r\n");
    CHECK(doc.title == "Windows");
    CHECK(doc.values("service") == std::vector<std::string>{"S3"});
}

TEST_CASE("invalid UTF-8 is an error naming the line", "[ingest][errors]") {
    CHECK_THAT(error_of("cases/bad.md", "---\ntitle: x\n---\nline4\nbad \xff here\n"),
               Catch::Contains("content/cases/bad.md:5: invalid UTF-8"));
}

TEST_CASE("a file with NUL bytes is rejected as binary", "[ingest][errors]") {
    CHECK_THAT(error_of("cases/bin.md", std::string("abc\0def", 7)), Catch::Contains("binary"));
}

TEST_CASE("an empty file indexes as an untitled note named after the file", "[ingest]") {
    auto doc = only_doc("cases/empty.md", "");
    CHECK(doc.title == "empty");
}

TEST_CASE("collection defaults apply, file keys win, and {stem} fills the URL", "[ingest][collection]") {
    std::string defaults("kind: doc\nlang: en\nservices: [EC2]\n"
                         "url: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/{stem}.html\n");
    auto ingested = sasae::ingest_text(SourceFile{"awsdocs", "corpus", "ec2/troubleshooting-launch.md", "x", defaults},
                                       "# Troubleshoot instance launch issues<a name=\"troubleshooting-launch\"></a>\n\n"
                                       "InsufficientInstanceCapacity\n");
    REQUIRE(ingested.documents.size() == 1);
    const auto& doc = ingested.documents[0];
    CHECK(doc.id == "awsdocs/ec2/troubleshooting-launch");
    CHECK(doc.kind == "doc");
    CHECK(doc.values("lang") == std::vector<std::string>{"en"});
    CHECK(doc.values("service") == std::vector<std::string>{"EC2"});
    CHECK(doc.url == "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html");
    CHECK(doc.title == "Troubleshoot instance launch issues");  // inline HTML anchors are not text

    auto overridden = sasae::ingest_text(SourceFile{"", "c", "x.md", "x", defaults}, "---\nlang: ja\n---\n");
    CHECK(overridden.documents[0].values("lang") == std::vector<std::string>{"ja"});
}

TEST_CASE("a link list with split: links becomes one reference per item", "[ingest][linklist]") {
    auto ingested = sasae::ingest_text(
        file_at("docs/ec2.md"),
        "---\nkind: doc\nservices: [EC2]\nsplit: links\n---\n# EC2 ドキュメント\n\n"
        "- [Troubleshoot instance launch issues](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html)"
        " — 起動時のエラー (InsufficientInstanceCapacity) の対処。\n"
        "- [Instance types](https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instance-types.html) — 種類の一覧。\n"
        "- 説明だけの項目\n");
    REQUIRE(ingested.documents.size() == 2);
    const auto& first = ingested.documents[0];
    CHECK(first.id == "docs/ec2/troubleshooting-launch");
    CHECK(first.title == "Troubleshoot instance launch issues");
    CHECK(first.url == "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html");
    CHECK(first.prose == "起動時のエラー (InsufficientInstanceCapacity) の対処。");
    CHECK(first.kind == "doc");
    CHECK(ingested.documents[1].id == "docs/ec2/instance-types");
}

TEST_CASE("relative links to other notes become id links, fragments are dropped from URLs", "[ingest][links]") {
    auto doc = only_doc("cases/a.md",
                        "[other](../cases/b.md) [doc](https://Docs.AWS.amazon.com/vpc/latest/userguide/x.html#sec) "
                        "[escape](../../etc/passwd.md)\n");
    REQUIRE(doc.links.size() == 2);
    CHECK(doc.links[0].url == "id:cases/b");
    CHECK(doc.links[1].url == "https://docs.aws.amazon.com/vpc/latest/userguide/x.html");
}

TEST_CASE("code blocks are kept apart from prose", "[ingest][markdown]") {
    auto doc = only_doc("cases/c.md", "本文\n\n```\naws ec2 describe-instances\n```\n");
    CHECK_THAT(doc.code, Catch::Contains("aws ec2 describe-instances"));
    CHECK_THAT(doc.prose, !Catch::Contains("describe-instances"));
}

TEST_CASE("a file over the size limit is refused with a clear reason", "[ingest][errors]") {
    CHECK_THAT(error_of("cases/huge.md", std::string(sasae::kMaxFileBytes + 1, 'a')), Catch::Contains("larger than"));
}

TEST_CASE("stored text: packed Markdown unpacks to the same bytes, Japanese and empty included", "[stored-text]") {
    for (std::string text : {std::string(), std::string("# 見出し\n\nEC2 インスタンスが起動しない。\n"), std::string(100000, 'x')}) {
        auto packed = sasae::pack_text(text);
        REQUIRE(sasae::unpack_text(packed).has_value());
        CHECK(*sasae::unpack_text(packed) == text);
    }
    CHECK(sasae::pack_text(std::string(100000, 'x')).size() < 1000);
}

TEST_CASE("stored text: a damaged or foreign value is refused, never read past", "[stored-text][errors]") {
    auto packed = sasae::pack_text("本文です。本文です。本文です。");
    CHECK_FALSE(sasae::unpack_text("").has_value());
    CHECK_FALSE(sasae::unpack_text("# plain Markdown").has_value());
    CHECK_FALSE(sasae::unpack_text(packed.substr(0, packed.size() - 3)).has_value());  // truncated
    std::string huge = packed;
    huge[4] = '\x7f';  // claims a length of about 2 GB
    CHECK_FALSE(sasae::unpack_text(huge).has_value());
}

TEST_CASE("text inside a one-line HTML block is prose, its markup is not", "[ingest][markdown][html]") {
    auto doc = only_doc("cases/h.md", "前文\n\n<div class=\"note\">htmlblockword ブロック内の文</div>\n\n後文\n");
    CHECK_THAT(doc.prose, Catch::Contains("htmlblockword ブロック内の文"));
    CHECK_THAT(doc.prose, !Catch::Contains("class"));
    CHECK_THAT(doc.prose, !Catch::Contains("<div"));
}

TEST_CASE("a <details> block's summary is prose, and the Markdown inside it stays Markdown", "[ingest][markdown][html]") {
    auto doc = only_doc("blogs/d.md",
                        "<details>\n<summary>エラーログ全文</summary>\n\n```\nInvalidParameterValue\n```\n\n</details>\n");
    CHECK_THAT(doc.prose, Catch::Contains("エラーログ全文"));
    CHECK_THAT(doc.code, Catch::Contains("InvalidParameterValue"));
}

TEST_CASE("cells of an HTML table do not run together, entities are decoded", "[ingest][markdown][html]") {
    auto doc = only_doc("blogs/t.md", "<table><tr><td>t3.micro</td><td>2&nbsp;vCPU &amp; 1GiB</td></tr></table>\n");
    CHECK_THAT(doc.prose, Catch::Contains("t3.micro\n"));
    CHECK_THAT(doc.prose, Catch::Contains("2\xC2\xA0vCPU & 1GiB"));
}

TEST_CASE("HTML comments, scripts and styles give no text", "[ingest][markdown][html]") {
    auto doc = only_doc("blogs/c.md",
                        "<!-- textlint-disable hiddenword -->\n\n<script>var secretvar = 1;</script>\n\n"
                        "<style>.x { color: red }</style>\n\n本文\n");
    CHECK_THAT(doc.prose, !Catch::Contains("hiddenword"));
    CHECK_THAT(doc.prose, !Catch::Contains("secretvar"));
    CHECK_THAT(doc.prose, !Catch::Contains("color"));
    CHECK_THAT(doc.prose, Catch::Contains("本文"));
}

TEST_CASE("broken HTML and invalid bytes in an HTML block still give its text", "[ingest][markdown][html]") {
    CHECK(sasae::html_text("<div><p>unclosed <b>bold</div>") == "unclosed bold");
    CHECK(sasae::html_text("<div>a\xff b</div>").find("b") != std::string::npos);
    CHECK(sasae::html_text("").empty());
    CHECK(sasae::html_text("<div></div>").empty());
}
