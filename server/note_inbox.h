#pragma once
// The server's inbox for notes (sasae-server --inbox DIR, POST /api/notes): a note saved from
// the page is written to DIR under a name the server chooses, never over an existing file and
// never outside DIR; the next reindex that lists DIR as a content root makes it searchable.
#include <mutex>
#include <string>

namespace sasae {

class NoteInbox {
public:
    static constexpr std::size_t kMaxNoteBytes = 64 * 1024;

    // Throws std::runtime_error when `dir` is not a writable directory.
    explicit NoteInbox(std::string dir);

    // Writes `markdown` (a note with front matter and a title) and returns the file's name in
    // the inbox. Throws InvalidRequest: note_too_large, invalid_utf8, invalid_note.
    std::string save(const std::string& markdown);

    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
    std::mutex mutex_;  // one writer at a time: names are picked by looking
};

}  // namespace sasae
