// A solved case saved as a note: the Markdown is in the content format, and the indexer takes
// it as a past case with its title, services, region and references.
#include <catch2/catch.hpp>

#include "indexer/source_document.h"
#include "server/invalid_request.h"
#include "server/note_export.h"

namespace {

sasae::NoteRequest sample() {
    sasae::NoteRequest r;
    r.title = "EC2 が \"InsufficientInstanceCapacity\" で起動しない";
    r.body = "ap-northeast-1a で起動できない。\n```\nAn error occurred (InsufficientInstanceCapacity)\n```";
    r.date = "2026-12-04";
    r.services = {"EC2"};
    r.references = {{"https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html", "Troubleshoot [launch]"},
                    {"https://example.com/a b(c)", ""}};
    return r;
}

std::string code_of(const sasae::NoteRequest& r) {
    try {
        sasae::render_note(r);
    } catch (const sasae::InvalidRequest& e) {
        return e.code();
    }
    return "";
}

}  // namespace

TEST_CASE("a note has the content format's front matter and sections", "[note]") {
    auto r = sample();
    r.body = "東京 (ap-northeast-1) の i-0123 が起動しない。";
    const auto note = sasae::render_note(r);
    CHECK(note.markdown.rfind("---\ntitle: \"EC2 が \\\"InsufficientInstanceCapacity\\\" で起動しない\"\nkind: case\n", 0) == 0);
    CHECK(note.markdown.find("services: [\"EC2\"]\ntags: []\nregion: \"ap-northeast-1\"\ndate: 2026-12-04\n---\n") != std::string::npos);
    for (const char* section : {"## 事象\n\n東京", "## 環境\n\n- リージョン: ap-northeast-1\n- サービス: EC2\n", "## 原因\n\n（記入してください）",
                                "## 対応\n\n（記入してください）", "## 参考\n\n- [Troubleshoot \\[launch\\]](https://docs.aws.amazon.com/"})
        CHECK(note.markdown.find(section) != std::string::npos);
    CHECK(note.markdown.find("- [https://example.com/a b(c)](https://example.com/a%20b%28c%29)\n") != std::string::npos);
    CHECK(note.file_name.rfind("note-20261204-", 0) == 0);
}

TEST_CASE("the indexer takes a saved note as a past case with its fields and links", "[note][ingest]") {
    const auto note = sasae::render_note(sample());
    auto ingested = sasae::ingest_text(sasae::SourceFile{"inbox", "inbox", note.file_name, note.file_name, ""}, note.markdown);
    REQUIRE(ingested.documents.size() == 1);
    const auto& doc = ingested.documents[0];
    CHECK(doc.kind == "case");
    CHECK(doc.title == sample().title);
    CHECK(doc.date == "2026-12-04");
    CHECK(doc.values("service") == std::vector<std::string>{"EC2"});
    REQUIRE(doc.links.size() == 2);
    CHECK(doc.links[0].url == "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/troubleshooting-launch.html");
}

TEST_CASE("a note is refused with a code that says what is wrong", "[note][errors]") {
    struct Row {
        const char* what;
        void (*change)(sasae::NoteRequest&);
        const char* code;
    };
    const Row rows[] = {
        {"fine", [](sasae::NoteRequest&) {}, ""},
        {"no title", [](sasae::NoteRequest& r) { r.title = " \n"; }, "missing_title"},
        {"long title", [](sasae::NoteRequest& r) { r.title = std::string(301, 'a'); }, "title_too_long"},
        {"huge body", [](sasae::NoteRequest& r) { r.body = std::string(65 * 1024, 'a'); }, "draft_too_large"},
        {"bad bytes", [](sasae::NoteRequest& r) { r.body = "\xff"; }, "invalid_utf8"},
        {"bad date", [](sasae::NoteRequest& r) { r.date = "2026/12/04"; }, "invalid_date"},
        {"service of two lines", [](sasae::NoteRequest& r) { r.services = {"EC2\nkind: doc"}; }, "invalid_field"},
        {"script URL", [](sasae::NoteRequest& r) { r.references = {{"javascript:alert(1)", "x"}}; }, "invalid_field"},
        {"many tags", [](sasae::NoteRequest& r) { r.tags.assign(51, "t"); }, "invalid_field"},
    };
    for (const auto& row : rows) {
        INFO(row.what);
        auto r = sample();
        row.change(r);
        CHECK(code_of(r) == row.code);
    }
}
