#pragma once
// A solved case as a note of the knowledge base ("ナレッジとして保存"): the draft becomes a
// Markdown file in the content format (front matter title, kind, services, tags, region,
// date; sections 事象 / 環境 / 原因 / 対応 / 参考 with the references the draft cited), ready to
// be edited, downloaded or put in the server's inbox. The format is written here only.
#include <string>
#include <vector>

namespace sasae {

struct NoteReference {
    std::string url;    // http(s)
    std::string title;  // the link text ("" uses the URL)
};

struct NoteRequest {
    std::string title, body;
    std::string date;  // YYYY-MM-DD, the writer's day; "" for none
    std::vector<std::string> services, tags;
    std::string region;  // "" takes the first region code the title or body names
    std::vector<NoteReference> references;

    static constexpr std::size_t kMaxTitleBytes = 300;
    static constexpr std::size_t kMaxBodyBytes = 64 * 1024;
    static constexpr std::size_t kMaxListItems = 50;
};

struct NoteFile {
    std::string markdown;
    std::string file_name;  // a suggestion for a download: note-<date>-<hash>.md
};

// Throws InvalidRequest (missing_title, title_too_long, draft_too_large, invalid_utf8,
// invalid_date, invalid_field) naming what is wrong.
NoteFile render_note(const NoteRequest& request);

}  // namespace sasae
