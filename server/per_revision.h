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

namespace sasae {

// What names one committed revision of an index: a rebuilt index has a new uuid, so its
// revision numbers do not collide with the old one's.
inline std::string revision_key(const Xapian::Database& db) {
    return db.get_uuid() + "@" + std::to_string(db.get_revision());
}

template <typename T>
class PerRevision {
public:
    // The object for `db`'s revision of the index at `db_path`, made by `make()` if there is none yet.
    template <typename Make>
    std::shared_ptr<T> get(const Xapian::Database& db, const std::string& db_path, Make&& make) {
        const std::string version = revision_key(db);
        std::lock_guard<std::mutex> lock(mutex_);
        auto& [made_for, object] = objects_[db_path];
        if (!object || made_for != version) {
            object = make();
            made_for = version;
        }
        return object;
    }

private:
    std::mutex mutex_;
    std::map<std::string, std::pair<std::string, std::shared_ptr<T>>> objects_;  // by index path
};

}  // namespace sasae
