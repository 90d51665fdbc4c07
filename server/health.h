#pragma once
// The index's health for /healthz: how many documents, which revision, and the record of the
// last indexer run; degraded when that run failed for some files or is too old.
#include <optional>
#include <string>
#include <vector>

#include "core/run_record.h"
#include "server/master_probe.h"
#include "server/index_reader.h"

namespace sasae {

struct HealthReport {
    std::string status;  // "ok", or "degraded" (reasons say why)
    std::vector<std::string> reasons;
    Xapian::doccount documents = 0;
    Xapian::rev revision = 0;
    std::optional<RunRecord> last_run;  // as recorded by sasae-index (none before the first run)
    std::optional<long> last_run_age_seconds;  // since last_run finished
    // On a read replica (server/replica_stub.h): the live copy. The run record came with the
    // master's commit, so its age bounds how far behind the master the replica is.
    std::optional<std::string> replica_copy;
    // With the master's state (sasae-server --replica-of): how far behind this replica is.
    std::optional<MasterState> master;
    std::optional<long> revisions_behind, seconds_behind;
    // Several shards: each one's own state (its documents and its last run), and what a
    // sharded search does differently.
    struct Shard {
        std::string source;
        Xapian::doccount documents = 0;
        std::optional<RunRecord> last_run;
    };
    std::vector<Shard> shards;
    std::vector<std::string> notes;
};

// Degraded when the last indexer run failed for some files, or when the last run finished
// more than `stale_after_seconds` ago (0: never stale); on a replica, that is the master's last
// run that has reached it. `master`: a replica's master as last asked (server/master_probe.h).
HealthReport health_of(const IndexReader& reader, long stale_after_seconds = 0, const MasterState* master = nullptr);

}  // namespace sasae
