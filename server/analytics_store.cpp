#include "server/analytics_store.h"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <stdexcept>

#include "core/normalizer.h"
#include "core/sqlite_db.h"
#include "core/usage_history.h"
#include "core/thread_priority.h"
#include "server/invalid_request.h"
#include "server/privacy_mask.h"

namespace sasae {
namespace {

constexpr auto kBatchWait = std::chrono::milliseconds(250);
constexpr std::size_t kBatchSize = 2000;
constexpr std::int64_t kPurgeEverySeconds = 3600;
constexpr int kListLength = 20;

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

// Rows of (normalised query, count[, average hits]) for one WHERE clause over searches.
nlohmann::json query_counts(const SqliteDb& db, const std::string& where, std::int64_t from, std::int64_t to) {
    const std::string sql = "SELECT normalised, COUNT(*), AVG(hits) FROM searches WHERE at >= ?1 AND at < ?2 AND normalised <> '' AND " +
                            where + " GROUP BY normalised ORDER BY COUNT(*) DESC, normalised LIMIT " + std::to_string(kListLength);
    Statement s(db, sql);
    s.bind(1, from).bind(2, to);
    nlohmann::json out = nlohmann::json::array();
    while (s.step()) out.push_back({{"query", s.text(0)}, {"searches", s.integer(1)}, {"average_hits", s.real(2)}});
    return out;
}

nlohmann::json doc_counts(const SqliteDb& db, const char* type, std::int64_t from, std::int64_t to) {
    const std::string sql = "SELECT doc, COUNT(*), group_concat(DISTINCT NULLIF(reason, '')) FROM events "
                            "WHERE at >= ?1 AND at < ?2 AND type = ?3 GROUP BY doc ORDER BY COUNT(*) DESC, doc LIMIT " +
                            std::to_string(kListLength);
    Statement s(db, sql);
    s.bind(1, from).bind(2, to).bind(3, std::string(type));
    nlohmann::json out = nlohmann::json::array();
    while (s.step()) {
        nlohmann::json row = {{"id", s.text(0)}, {"count", s.integer(1)}};
        if (std::string(type) == usage_event::kUnhelpful) row["reasons"] = s.text(2);
        out.push_back(std::move(row));
    }
    return out;
}

std::int64_t start_of_day(const std::string& day) {
    std::tm tm{};
    const char* end = strptime(day.c_str(), "%Y-%m-%d", &tm);
    if (day.size() != 10 || !end || *end) throw InvalidRequest("invalid_date", "from and to are dates: YYYY-MM-DD");
    return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace

SearchRecord search_record_of(const SearchRequest& request, std::uint64_t hits, std::string typing_key) {
    std::string filters;
    for (const auto& [field, values] : request.filters)
        for (const auto& v : values) filters += (filters.empty() ? "" : "&") + field + "=" + v;
    return {request.query, hits, filters, 0, std::move(typing_key)};
}

std::vector<UsageRecord> shown_records_of(const SuggestRequest& request, const SuggestResponse& response) {
    std::vector<UsageRecord> out;
    for (const auto& [kind, list] : response.by_kind)
        for (std::size_t i = 0; i < list.size(); ++i)
            out.push_back({usage_event::kShown, list[i].hit.id, request.title, static_cast<int>(i + 1), "", 0});
    return out;
}

AnalyticsRange analytics_range(const std::string& from, const std::string& to) {
    constexpr std::int64_t kDay = 86400;
    AnalyticsRange r;
    const std::int64_t today = now_seconds() / kDay * kDay;
    r.to = (to.empty() ? today : start_of_day(to)) + kDay;
    r.from = from.empty() ? r.to - 30 * kDay : start_of_day(from);
    if (r.from >= r.to) throw InvalidRequest("invalid_date", "from must not be after to");
    r.from_day = utc_day(r.from);
    r.to_day = utc_day(r.to - kDay);
    return r;
}

std::string AnalyticsStore::normalise_masked(const std::string& masked) {
    const std::string folded = fold_case(normalize(masked).text);
    std::string out;
    for (char c : folded) {
        const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
        if (space && (out.empty() || out.back() == ' ')) continue;
        out += space ? ' ' : c;
    }
    if (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

AnalyticsStore::AnalyticsStore(const std::string& path, int retention_days, std::chrono::milliseconds typing_window)
    : path_(path),
      retention_days_(retention_days),
      db_(std::make_unique<SqliteDb>(path, SqliteDb::Mode::ReadWriteCreate)),
      typing_window_(typing_window) {
    db_->exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;");
    create_usage_tables(*db_, retention_days);
    purge();
    writer_ = std::thread([this] { run(); });
}

AnalyticsStore::~AnalyticsStore() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    writer_.join();
}

void AnalyticsStore::enqueue(Item item) {
    if (queue_.size() >= kMaxQueued) {
        ++dropped_;
        return;
    }
    queue_.push_back(std::move(item));
    ++enqueued_;
}

bool AnalyticsStore::hold(const std::string& key, Item& item) {
    if (typing_.size() >= kMaxTyping && !typing_.count(key)) return false;
    const auto now = SteadyClock::now();
    auto [it, fresh] = typing_.try_emplace(key, Typing{item, now + typing_window_});
    if (fresh) return true;
    Typing& held = it->second;
    // A search being typed on (or erased back) replaces the last; anything else is a new one.
    // A draft's shown set always replaces the last: a draft is one piece of work.
    bool replaces = held.until > now;
    if (item.is_search && replaces) {
        const std::string& before = held.item.search.query;
        const std::string& after = item.search.query;
        replaces = item.search.filters == held.item.search.filters &&
                   (after.compare(0, before.size(), before) == 0 || before.compare(0, after.size(), after) == 0);
    }
    if (!replaces) enqueue(std::move(held.item));
    held = Typing{std::move(item), now + typing_window_};
    return true;
}

void AnalyticsStore::record(SearchRecord search) {
    std::lock_guard<std::mutex> lock(mutex_);
    Item item{true, std::move(search), {}};
    const std::string key = item.search.typing_key;
    if (key.empty() || !hold("search:" + key, item)) enqueue(std::move(item));
}

void AnalyticsStore::record(UsageRecord event) {
    std::lock_guard<std::mutex> lock(mutex_);
    enqueue({false, {}, {std::move(event)}});
}

void AnalyticsStore::record_shown(std::vector<UsageRecord> shown, const std::string& typing_key) {
    std::lock_guard<std::mutex> lock(mutex_);
    Item item{false, {}, std::move(shown)};
    if (typing_key.empty() || !hold("draft:" + typing_key, item)) enqueue(std::move(item));
}

void AnalyticsStore::release_typing(bool all) {
    const auto now = SteadyClock::now();
    for (auto it = typing_.begin(); it != typing_.end();) {
        if (!all && it->second.until > now) {
            ++it;
            continue;
        }
        enqueue(std::move(it->second.item));
        it = typing_.erase(it);
    }
}

void AnalyticsStore::flush() {
    std::unique_lock<std::mutex> lock(mutex_);
    release_typing(true);
    const std::uint64_t target = enqueued_;
    flush_wanted_ = true;
    wake_.notify_all();
    written_.wait(lock, [&] { return done_ >= target; });
}

std::uint64_t AnalyticsStore::dropped() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return dropped_;
}

void AnalyticsStore::run() {
    lower_this_thread_priority();  // behind the request workers
    std::int64_t last_purge = now_seconds();
    for (;;) {
        std::vector<Item> batch;
        bool stop = false;
        {
            // One transaction for everything a quarter second brings, sooner when asked.
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait_for(lock, kBatchWait, [&] { return stopping_ || flush_wanted_ || queue_.size() >= kBatchSize; });
            flush_wanted_ = false;
            release_typing(stopping_);
            batch.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
            queue_.clear();
            stop = stopping_;
        }
        if (!batch.empty()) write(batch);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_ += batch.size();
        }
        written_.notify_all();
        if (now_seconds() - last_purge >= kPurgeEverySeconds) {
            last_purge = now_seconds();
            try {
                purge();
            } catch (const std::exception& e) {
                std::fprintf(stderr, "sasae-server: %s\n", e.what());
            }
        }
        if (stop) return;
    }
}

void AnalyticsStore::write(std::vector<Item>& batch) {
    try {
        db_->exec("BEGIN");
        Statement search(*db_, "INSERT INTO searches(at, query, normalised, hits, filters) VALUES (?1, ?2, ?3, ?4, ?5)");
        Statement event(*db_, "INSERT INTO events(at, type, doc, query, normalised, position, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        for (auto& item : batch) {
            if (item.is_search) {
                const auto& s = item.search;
                const std::string masked = mask_identifiers(s.query);
                search.bind(1, s.at ? s.at : now_seconds()).bind(2, masked).bind(3, normalise_masked(masked));
                search.bind(4, static_cast<std::int64_t>(s.hits)).bind(5, s.filters.empty() ? s.filters : mask_identifiers(s.filters));
                search.step();
                search.reset();
            } else {
                for (const auto& u : item.events) {
                    const std::string masked = mask_identifiers(u.query);
                    event.bind(1, u.at ? u.at : now_seconds()).bind(2, u.type).bind(3, u.doc_id).bind(4, masked);
                    event.bind(5, normalise_masked(masked)).bind(6, u.position).bind(7, mask_identifiers(u.reason));
                    event.step();
                    event.reset();
                }
            }
        }
        db_->exec("COMMIT");
    } catch (const std::exception& e) {
        // A locked or full database loses this batch, never a request.
        db_->exec_quietly("ROLLBACK");
        std::lock_guard<std::mutex> lock(mutex_);
        dropped_ += batch.size();
        std::fprintf(stderr, "sasae-server: %s (%zu analytics events dropped)\n", e.what(), batch.size());
    }
}

void AnalyticsStore::purge() {
    if (retention_days_ <= 0) return;
    const std::int64_t cutoff = now_seconds() - static_cast<std::int64_t>(retention_days_) * 86400;
    for (const char* table : {"searches", "events"}) {
        Statement s(*db_, std::string("DELETE FROM ") + table + " WHERE at < ?1");
        s.bind(1, cutoff);
        s.step();
    }
}

nlohmann::json AnalyticsStore::report(std::int64_t from, std::int64_t to) const {
    const SqliteDb db(path_, SqliteDb::Mode::ReadOnly);
    nlohmann::json out;
    {
        out["top_queries"] = query_counts(db, "1", from, to);
        out["zero_result_queries"] = query_counts(db, "hits = 0", from, to);
        out["queries_without_click"] = query_counts(
            db, "hits > 0 AND normalised NOT IN (SELECT normalised FROM events WHERE type = 'open' AND at >= ?1 AND at < ?2)",
            from, to);
        {
            Statement s(db, "SELECT COUNT(*), SUM(hits > 0) FROM searches WHERE at >= ?1 AND at < ?2");
            s.bind(1, from).bind(2, to);
            s.step();
            out["searches"] = s.integer(0);
            out["searches_with_hits"] = s.integer(1);
        }
        {
            Statement s(db, "SELECT position, COUNT(*) FROM events WHERE at >= ?1 AND at < ?2 AND type = 'open' AND position > 0 "
                            "GROUP BY position ORDER BY position");
            s.bind(1, from).bind(2, to);
            nlohmann::json rows = nlohmann::json::array();
            const double base = std::max<std::int64_t>(1, out["searches_with_hits"].get<std::int64_t>());
            while (s.step()) rows.push_back({{"position", s.integer(0)}, {"opens", s.integer(1)}, {"rate", s.integer(1) / base}});
            out["clicks_by_position"] = rows;
        }
        out["most_opened"] = doc_counts(db, usage_event::kOpen, from, to);
        out["most_cited"] = doc_counts(db, usage_event::kCite, from, to);
        out["helpful"] = doc_counts(db, usage_event::kHelpful, from, to);
        out["unhelpful"] = doc_counts(db, usage_event::kUnhelpful, from, to);
        {
            // What became of suggestions: how often each was shown to a draft, and cited or rated.
            Statement s(db, "SELECT doc, SUM(type = ?3), SUM(type = ?4), SUM(type = ?5), SUM(type = ?6) FROM events "
                            "WHERE at >= ?1 AND at < ?2 AND type IN (?3, ?4, ?5, ?6) GROUP BY doc HAVING SUM(type = ?3) > 0 "
                            "ORDER BY 2 DESC, doc LIMIT " + std::to_string(kListLength));
            s.bind(1, from).bind(2, to).bind(3, std::string(usage_event::kShown)).bind(4, std::string(usage_event::kCite));
            s.bind(5, std::string(usage_event::kHelpful)).bind(6, std::string(usage_event::kUnhelpful));
            nlohmann::json rows = nlohmann::json::array();
            while (s.step())
                rows.push_back({{"id", s.text(0)}, {"shown", s.integer(1)}, {"cited", s.integer(2)},
                                {"helpful", s.integer(3)}, {"unhelpful", s.integer(4)}});
            out["suggestions"] = rows;
        }
        {
            Statement s(db, R"sql(
                SELECT day, SUM(searches), SUM(zero), SUM(opens) FROM (
                  SELECT date(at, 'unixepoch') AS day, 1 AS searches, hits = 0 AS zero, 0 AS opens FROM searches WHERE at >= ?1 AND at < ?2
                  UNION ALL
                  SELECT date(at, 'unixepoch'), 0, 0, 1 FROM events WHERE type = 'open' AND at >= ?1 AND at < ?2)
                GROUP BY day ORDER BY day)sql");
            s.bind(1, from).bind(2, to);
            nlohmann::json rows = nlohmann::json::array();
            while (s.step())
                rows.push_back({{"day", s.text(0)}, {"searches", s.integer(1)}, {"zero_result", s.integer(2)}, {"opens", s.integer(3)}});
            out["daily"] = rows;
        }
    }
    return out;
}

}  // namespace sasae
