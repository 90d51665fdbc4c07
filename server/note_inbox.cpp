#include "server/note_inbox.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <stdexcept>

#include "core/hash.h"
#include "core/utf8.h"
#include "server/invalid_request.h"

namespace sasae {
namespace {

namespace fs = std::filesystem;

// A note the indexer will take: front matter first, closed, with a title.
void check_note(const std::string& md) {
    if (md.size() > NoteInbox::kMaxNoteBytes) throw InvalidRequest("note_too_large", "a note is at most 64 KiB");
    if (utf8::find_invalid(md)) throw InvalidRequest("invalid_utf8", "the note is not valid UTF-8");
    if (md.rfind("---\n", 0) != 0) throw InvalidRequest("invalid_note", "a note starts with its front matter (---)");
    const auto close = md.find("\n---\n", 3);
    if (close == std::string::npos) throw InvalidRequest("invalid_note", "the front matter is not closed (---)");
    const std::string front = md.substr(3, close - 3 + 1);
    if (front.find("\ntitle:") == std::string::npos) throw InvalidRequest("invalid_note", "the front matter has no title");
}

bool write_all(int fd, const std::string& data) {
    for (std::size_t done = 0; done < data.size();) {
        const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += static_cast<std::size_t>(n);
    }
    return ::fsync(fd) == 0;
}

}  // namespace

NoteInbox::NoteInbox(std::string dir) : dir_(std::move(dir)) {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) throw std::runtime_error("the inbox " + dir_ + " is not a directory");
    if (::access(dir_.c_str(), W_OK) != 0) throw std::runtime_error("the inbox " + dir_ + " is not writable");
}

std::string NoteInbox::save(const std::string& markdown) {
    check_note(markdown);
    std::lock_guard<std::mutex> lock(mutex_);
    // Written under a hidden temporary name (the indexer reads only *.md), then linked to its
    // name: link() fails rather than replace an existing file, and a reindex never sees half
    // a note.
    const fs::path tmp = fs::path(dir_) / (".incoming-" + std::to_string(::getpid()) + ".tmp");
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw std::runtime_error("cannot write in the inbox " + dir_);
    const bool written = write_all(fd, markdown);
    ::close(fd);
    if (!written) {
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot write in the inbox " + dir_ + " (disk full?)");
    }
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm);
    char hash[9];
    std::snprintf(hash, sizeof hash, "%08llx", static_cast<unsigned long long>(fnv1a(markdown) & 0xffffffffULL));
    for (int attempt = 1; attempt <= 100; ++attempt) {
        std::string name = std::string("note-") + stamp + "-" + hash + (attempt > 1 ? "-" + std::to_string(attempt) : "") + ".md";
        if (::link(tmp.c_str(), (fs::path(dir_) / name).c_str()) == 0) {
            ::unlink(tmp.c_str());
            return name;
        }
        if (errno != EEXIST) break;
    }
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot name a note in the inbox " + dir_);
}

}  // namespace sasae
