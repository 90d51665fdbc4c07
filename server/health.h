#pragma once
// The index's health for /healthz: how many documents, which revision, and the record of the
// last indexer run; degraded when that run failed for some files or is too old.
#include <optional>
#include <string>
#include <vector>

#include "core/run_record.h"
#include "server/index_reader.h"

namespace sasae {

struct HealthReport {
    std::string status;  // "ok", or "degraded" (reasons say why)
    std::vector<std::string> reasons;
    Xapian::doccount documents = 0;
    Xapian::rev revision = 0;
    std::optional<RunRecord> last_run;  // as recorded by sasae-index (none before the first run)
};

// Degraded when the last indexer run failed for some files, or when the last run finished
// more than `stale_after_seconds` ago (0: never stale).
HealthReport health_of(const IndexReader& reader, long stale_after_seconds = 0);

}  // namespace sasae
