#include "core/usage_history.h"

#include <algorithm>
#include <ctime>
#include <optional>

namespace sasae {
namespace {

constexpr std::int64_t kDay = 86400;

const char* kTables = R"sql(
CREATE TABLE IF NOT EXISTS searches(at INTEGER NOT NULL, query TEXT NOT NULL, normalised TEXT NOT NULL,
                                    hits INTEGER NOT NULL, filters TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS searches_at ON searches(at);
CREATE TABLE IF NOT EXISTS events(at INTEGER NOT NULL, type TEXT NOT NULL, doc TEXT NOT NULL, query TEXT NOT NULL,
                                  normalised TEXT NOT NULL, position INTEGER NOT NULL, reason TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_at ON events(at);
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO meta(key, value)
  SELECT 'since', COALESCE(MIN(at), CAST(strftime('%s', 'now') AS INTEGER))
  FROM (SELECT at FROM searches UNION ALL SELECT at FROM events);
)sql";

// One number, or nothing when the row, the value or the table (a database written before the
// meta table existed) is missing.
std::optional<std::int64_t> single_integer(SqliteDb& db, const std::string& sql) {
    try {
        Statement s(db, sql);
        if (s.step() && !s.is_null(0)) return s.integer(0);
    } catch (const SqliteError&) {
    }
    return std::nullopt;
}

}  // namespace

std::string utc_day(std::int64_t unix_seconds) {
    const std::time_t tt = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&tt, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

bool usage_event::valid(const std::string& type) {
    return type == kOpen || type == kCite || type == kHelpful || type == kUnhelpful;
}

void create_usage_tables(SqliteDb& db, int retention_days) {
    db.exec(kTables);
    Statement s(db, "INSERT OR REPLACE INTO meta(key, value) VALUES ('retention_days', ?1)");
    s.bind(1, std::int64_t{retention_days});
    s.step();
}

DocumentUse read_document_use(const std::string& path, int days, std::int64_t now) {
    DocumentUse use;
    use.days = days;
    std::optional<SqliteDb> db;
    try {
        db.emplace(path, SqliteDb::Mode::ReadOnly);
        Statement probe(*db, "SELECT 1 FROM events LIMIT 1");
        probe.step();
    } catch (const SqliteError&) {
        use.why_not = "no usage analytics at " + path;
        return use;
    }
    // Records reach back to the first one, or to when recording began if that is earlier.
    std::int64_t since = now;
    for (const char* sql : {"SELECT value FROM meta WHERE key = 'since'", "SELECT MIN(at) FROM events",
                            "SELECT MIN(at) FROM searches"})
        if (auto t = single_integer(*db, sql)) since = std::min(since, *t);
    const auto retention = single_integer(*db, "SELECT value FROM meta WHERE key = 'retention_days'");
    if (retention && *retention > 0 && *retention < days) {
        use.why_not = "the analytics keep " + std::to_string(*retention) + " days (--analytics-retention-days), fewer than " +
                      std::to_string(days);
        return use;
    }
    const std::int64_t start = now - static_cast<std::int64_t>(days) * kDay;
    if (since > start) {
        use.why_not = "the analytics reach back to " + utc_day(since) + " only, fewer than " + std::to_string(days) + " days";
        return use;
    }
    Statement s(*db, "SELECT DISTINCT doc FROM events WHERE at >= ?1 AND type IN (?2, ?3)");
    s.bind(1, start).bind(2, std::string(usage_event::kOpen)).bind(3, std::string(usage_event::kCite));
    while (s.step()) use.used.insert(s.text(0));
    use.checked = true;
    return use;
}

}  // namespace sasae
