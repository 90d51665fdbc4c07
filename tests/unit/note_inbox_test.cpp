// The inbox on disk: names chosen by the server, nothing overwritten, nothing half-written.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "server/invalid_request.h"
#include "server/note_inbox.h"
#include "temp_dir.h"

using sasae::test::TempDir;

namespace {

const std::string kNote = "---\ntitle: \"起動しない\"\nkind: case\n---\n\n## 事象\n\n起動しない。\n";

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("a saved note is the file the inbox names, with the bytes sent", "[inbox]") {
    TempDir dir;
    sasae::NoteInbox inbox(dir.str());
    const auto name = inbox.save(kNote);
    CHECK(name.rfind("note-", 0) == 0);
    CHECK(read(dir.path() / name) == kNote);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path()), std::filesystem::directory_iterator()) == 1);
}

TEST_CASE("the same note saved twice makes two files, an existing file is never replaced", "[inbox]") {
    TempDir dir;
    sasae::NoteInbox inbox(dir.str());
    const auto first = inbox.save(kNote);
    const auto second = inbox.save(kNote);
    CHECK(first != second);
    CHECK(read(dir.path() / first) == kNote);
}

TEST_CASE("the inbox refuses notes the indexer could not take, and folders it cannot use", "[inbox][errors]") {
    TempDir dir;
    sasae::NoteInbox inbox(dir.str());
    auto code = [&](const std::string& md) {
        try {
            inbox.save(md);
        } catch (const sasae::InvalidRequest& e) {
            return e.code();
        }
        return std::string();
    };
    CHECK(code("") == "invalid_note");
    CHECK(code("# 見出しだけ\n") == "invalid_note");
    CHECK(code("---\ntitle: x\n") == "invalid_note");
    CHECK(code("---\nkind: case\n---\n") == "invalid_note");
    CHECK(code("---\ntitle: \xff\n---\n") == "invalid_utf8");
    CHECK(code("---\ntitle: x\n---\n" + std::string(64 * 1024, 'a')) == "note_too_large");
    CHECK(std::filesystem::is_empty(dir.path()));
    CHECK_THROWS_AS(sasae::NoteInbox((dir.path() / "missing").string()), std::runtime_error);
    const auto file = dir.write("plain.txt", "x");
    CHECK_THROWS_AS(sasae::NoteInbox(file.string()), std::runtime_error);
}
