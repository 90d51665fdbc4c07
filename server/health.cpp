#include "server/health.h"

#include <ctime>

#include "core/schema.h"

namespace sasae {

HealthReport health_of(const IndexReader& reader, long stale_after_seconds) {
    return reader.with_snapshot([&](const IndexSnapshot& snap) {
        HealthReport report;
        report.documents = snap.db.get_doccount();
        report.revision = snap.db.get_revision();
        report.last_run = decode_run_record(snap.db.get_metadata(schema::kMetaLastRun));
        if (const auto& run = report.last_run) {
            if (run->failed > 0)
                report.reasons.push_back("the last reindex failed for " + std::to_string(run->failed) + " file(s)");
            std::tm tm{};
            if (stale_after_seconds > 0 && strptime(run->finished_at.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm)) {
                const long age = static_cast<long>(std::time(nullptr) - timegm(&tm));
                if (age > stale_after_seconds)
                    report.reasons.push_back("the last reindex finished " + std::to_string(age) + " s ago (more than " +
                                             std::to_string(stale_after_seconds) + " s)");
            }
        }
        report.status = report.reasons.empty() ? "ok" : "degraded";
        return report;
    });
}

}  // namespace sasae
