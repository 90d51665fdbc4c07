#pragma once
// The usage analytics database: its tables (server/analytics_store writes them) and what the
// content report reads back, which documents people opened or cited in the last days. Both
// the server and `sasae-index --report` read it, so its layout is defined here once.
#include <cstdint>
#include <set>
#include <string>

#include "core/sqlite_db.h"

namespace sasae {

// Where the server keeps the analytics unless told (--analytics), and where the report looks.
inline std::string default_analytics_path(const std::string& db_path) { return db_path + ".analytics.sqlite"; }

// The day (YYYY-MM-DD, UTC) of a unix time.
std::string utc_day(std::int64_t unix_seconds);

// The kinds of event a person's action is recorded as (POST /api/events).
namespace usage_event {
inline constexpr const char* kOpen = "open";        // a result or suggestion opened
inline constexpr const char* kCite = "cite";        // a citation inserted into a draft
inline constexpr const char* kHelpful = "helpful";  // a suggestion marked 役に立った
inline constexpr const char* kUnhelpful = "unhelpful";  // marked 関係ない, with a reason
inline constexpr const char* kShown = "shown";  // a suggestion on screen while a draft paused (the server's)
// The types a client may send (POST /api/events): all but kShown.
bool valid(const std::string& type);
}  // namespace usage_event

// Creates the tables when missing and records since when the database keeps records and for
// how many days (the server's --analytics-retention-days; 0: forever).
void create_usage_tables(SqliteDb& db, int retention_days);

// Which documents were opened or cited in the `days` days before `now` (unix seconds), when
// the records reach back that far; otherwise `checked` is false and `why_not` says why.
struct DocumentUse {
    int days = 0;
    bool checked = false;
    std::string why_not;
    std::set<std::string> used;
};
DocumentUse read_document_use(const std::string& path, int days, std::int64_t now);

}  // namespace sasae
