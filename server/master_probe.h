#pragma once
// A read replica's view of its master (sasae-server --replica-of URL): the master's own
// /healthz, asked at most every few seconds, so that the replica's /healthz can say how many
// revisions and seconds it is behind. Only a revision number and a time are read; a master that
// does not answer is reported as such, never as "not behind".
#include <chrono>
#include <mutex>
#include <optional>
#include <string>

#include <xapian.h>

namespace sasae {

struct MasterState {
    bool reachable = false;
    std::string error;             // when not reachable
    Xapian::rev revision = 0;
    std::string last_reindex;      // ISO 8601, UTC
};

class MasterProbe {
public:
    // `url`: the master's sasae-server, e.g. http://indexer.internal:8080. Throws
    // std::invalid_argument when it is not an http URL.
    explicit MasterProbe(std::string url);
    MasterState state() const;  // cached for kMaxAge
    const std::string& url() const { return url_; }

    static constexpr std::chrono::seconds kMaxAge{5};

private:
    MasterState ask() const;

    std::string url_;
    mutable std::mutex mutex_;
    mutable std::optional<MasterState> last_;
    mutable std::chrono::steady_clock::time_point asked_;
};

}  // namespace sasae
