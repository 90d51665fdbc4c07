#include "server/content_health.h"

#include <ctime>

#include "server/per_revision.h"

namespace sasae {

ContentReport ContentHealthService::report(int unopened_days) const {
    static PerRevision<const ContentReport> reports;
    ContentReport report = *reader_.with_snapshot([&](const IndexSnapshot& snap) {
        return reports.get(snap.revision, reader_.path(), [&](const auto&) {
            return std::make_shared<const ContentReport>(report_content(snap.db));
        });
    });
    report.use_days = unopened_days;
    if (analytics_path_.empty()) {
        report.use_not_checked = "this server keeps no usage analytics (--no-analytics)";
        return report;
    }
    add_unused_notes(report, read_document_use(analytics_path_, unopened_days, std::time(nullptr)));
    return report;
}

}  // namespace sasae
