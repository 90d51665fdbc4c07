#pragma once
// Objects made from one committed revision of an index and shared by every worker thread that
// has reopened to it (each thread keeps its own Xapian::Database): the first thread to ask
// makes the object, and a new commit replaces it.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <xapian.h>

#include "server/index_reader.h"

namespace sasae {

template <typename T>
class PerRevision {
public:
    // The object for `revision` of the index at `db_path`, made by `make(previous)` if
    // there is none yet; `previous` is the object it replaces (null for the first), for what
    // carries over from one revision to the next.
    // A thread still on an older revision than the kept object's (it has not reopened since a
    // commit) gets an object of its own, not kept: replacing the newer one would make the next
    // request on the newer revision replace it again, back and forth while threads catch up.
    template <typename Make>
    std::shared_ptr<T> get(const IndexRevision& at, const std::string& db_path, Make&& make) {
        const std::string& uuid = at.uuid;
        const Xapian::rev revision = at.number;
        std::lock_guard<std::mutex> lock(mutex_);
        Kept& kept = objects_[db_path];
        if (kept.object && kept.uuid == uuid && kept.revision == revision) return kept.object;
        if (kept.object && kept.uuid == uuid && revision < kept.revision) return make(std::as_const(kept.object));
        kept.object = make(std::as_const(kept.object));
        kept.uuid = uuid;
        kept.revision = revision;
        return kept.object;
    }

private:
    struct Kept {
        std::string uuid;
        Xapian::rev revision = 0;
        std::shared_ptr<T> object;
    };
    std::mutex mutex_;
    std::map<std::string, Kept> objects_;  // by index path
};

}  // namespace sasae
