#include "server/health.h"

#include <ctime>

#include "core/schema.h"
#include "server/replica_stub.h"

namespace sasae {

HealthReport health_of(const IndexReader& reader, long stale_after_seconds) {
    return reader.with_snapshot([&](const IndexSnapshot& snap) {
        HealthReport report;
        report.documents = snap.db.get_doccount();
        report.revision = snap.db.get_revision();
        report.last_run = decode_run_record(snap.db.get_metadata(schema::kMetaLastRun));
        report.replica_copy = replica_copy(reader.path());
        if (const auto& run = report.last_run) {
            if (run->failed > 0)
                report.reasons.push_back("the last reindex failed for " + std::to_string(run->failed) + " file(s)");
            std::tm tm{};
            if (strptime(run->finished_at.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm))
                report.last_run_age_seconds = static_cast<long>(std::time(nullptr) - timegm(&tm));
            const long age = report.last_run_age_seconds.value_or(0);
            if (stale_after_seconds > 0 && age > stale_after_seconds)
                report.reasons.push_back(std::string(report.replica_copy ? "the newest master reindex on this replica" : "the last reindex") +
                                         " finished " + std::to_string(age) + " s ago (more than " +
                                         std::to_string(stale_after_seconds) + " s)");
        }
        report.status = report.reasons.empty() ? "ok" : "degraded";
        return report;
    });
}

}  // namespace sasae
