#pragma once
// Usage analytics in SQLite: the searches people make (query masked by privacy_mask, its
// normalised form, hit count, filters) and what they do with results and suggestions (open,
// cite, helpful, unhelpful). Writes go through a queue to one writer thread, in batches, so a
// slow, locked or full database never holds up or fails a request: events are dropped instead,
// and counted. Old rows go after the retention period.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "server/search_request.h"
#include "server/suggest_service.h"


namespace sasae {

class SqliteDb;

struct SearchRecord {
    std::string query;    // as typed (masked before storage)
    std::uint64_t hits = 0;
    std::string filters;  // "kind=case&service=EC2", "" for none
    std::int64_t at = 0;  // unix seconds; 0: now
    // The page's name for one search box as someone types in it (never stored): searches under
    // one name that extend or shorten one another within the typing window are one search,
    // recorded as the last, so "E", "EC", "EC2 起" do not fill the report.
    std::string typing_key;
};

struct UsageRecord {
    std::string type;     // core/usage_history.h: open, cite, helpful, unhelpful, shown
    std::string doc_id;
    std::string query;    // the search or draft title it came from (masked before storage)
    int position = 0;     // 1-based rank of an opened result, 0 when none
    std::string reason;   // why a suggestion was unhelpful (masked)
    std::int64_t at = 0;
};

// What is recorded of a search: the query as typed and its filters ("kind=case&service=EC2").
SearchRecord search_record_of(const SearchRequest& request, std::uint64_t hits, std::string typing_key = {});

// What is recorded of the suggestions a draft was shown: one "shown" event per suggestion, with
// the draft's title and its position within its kind.
std::vector<UsageRecord> shown_records_of(const SuggestRequest& request, const SuggestResponse& response);

// The days a report covers: `from` and `to` as YYYY-MM-DD (UTC), both included; the last 30
// days when not given. Throws InvalidRequest (invalid_date) otherwise.
struct AnalyticsRange {
    std::int64_t from = 0, to = 0;  // unix seconds, [from, to)
    std::string from_day, to_day;
};
AnalyticsRange analytics_range(const std::string& from, const std::string& to);

class AnalyticsStore {
public:
    static constexpr std::size_t kMaxQueued = 10000;
    static constexpr std::size_t kMaxTyping = 1000;  // search boxes being typed in at once
    static constexpr std::chrono::milliseconds kTypingWindow{5000};

    // Opens or creates the database (WAL); throws std::runtime_error when it cannot.
    AnalyticsStore(const std::string& path, int retention_days, std::chrono::milliseconds typing_window = kTypingWindow);
    ~AnalyticsStore();  // writes what is queued

    void record(SearchRecord search);
    void record(UsageRecord event);
    // The suggestions one draft was shown (type "shown", position within its kind). Under a
    // typing key (the page's name for its draft pane, never stored), only the set on screen
    // when the writer paused for the typing window is kept: every pause in a draft asks again.
    void record_shown(std::vector<UsageRecord> shown, const std::string& typing_key);
    // Waits until everything recorded so far is written, searches still being typed included
    // (tests, shutdown).
    void flush();
    std::uint64_t dropped() const;
    const std::string& path() const { return path_; }

    // GET /api/analytics: the report over [from, to) (unix seconds).
    nlohmann::json report(std::int64_t from, std::int64_t to) const;

    // The normalised form queries are grouped by, of a query masked already (privacy_mask):
    // case and width folded, one space.
    static std::string normalise_masked(const std::string& masked);

private:
    struct Item {
        bool is_search = false;
        SearchRecord search;
        std::vector<UsageRecord> events;  // when not a search: one event, or a draft's shown set
    };
    using SteadyClock = std::chrono::steady_clock;
    struct Typing {
        Item item;
        SteadyClock::time_point until;
    };
    bool hold(const std::string& key, Item& item);  // with mutex_ held: false when it cannot
    void enqueue(Item item);  // with mutex_ held
    void release_typing(bool all);  // with mutex_ held: what waited out its window, or all
    void run();
    void write(std::vector<Item>& batch);
    void purge();

    std::string path_;
    int retention_days_;
    std::unique_ptr<SqliteDb> db_;  // the writer thread's
    mutable std::mutex mutex_;
    std::condition_variable wake_, written_;
    std::deque<Item> queue_;
    std::chrono::milliseconds typing_window_;
    std::map<std::string, Typing> typing_;  // by "search:" or "draft:" and the typing key
    std::uint64_t enqueued_ = 0, done_ = 0, dropped_ = 0;
    bool stopping_ = false, flush_wanted_ = false;
    std::thread writer_;
};

}  // namespace sasae
