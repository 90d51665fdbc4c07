#include "server/health.h"

#include <ctime>

#include "core/schema.h"
#include "server/replica_stub.h"

namespace sasae {
namespace {

std::optional<long> unix_time(const std::string& iso) {
    std::tm tm{};
    const char* end = strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
    if (!end || *end) return std::nullopt;
    return static_cast<long>(timegm(&tm));
}

std::optional<long> age_of(const RunRecord& run) {
    const auto t = unix_time(run.finished_at);
    if (!t) return std::nullopt;
    return static_cast<long>(std::time(nullptr)) - *t;
}

// A replica is as many revisions behind as the master has committed since, and as many seconds
// as lie between the master's last run and the newest one the replica holds.
void compare_with_master(const MasterState& master, HealthReport& report) {
    report.master = master;
    if (!master.reachable) return;
    report.revisions_behind = master.revision > report.revision ? static_cast<long>(master.revision - report.revision) : 0;
    report.seconds_behind = 0;
    const auto theirs = unix_time(master.last_reindex);
    const auto ours = report.last_run ? unix_time(report.last_run->finished_at) : std::nullopt;
    if (*report.revisions_behind > 0 && theirs && ours && *theirs > *ours) report.seconds_behind = *theirs - *ours;
}

// Ids are unique within one index; over shards only distinct root labels keep them so, and a
// document view, link or "cited by" would find either copy.
void check_unique_ids(const Xapian::Database& db, HealthReport& report) {
    const std::string prefix(schema::kIdPrefix);
    std::size_t twice = 0;
    std::string example;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        if (t.get_termfreq() < 2) continue;
        if (twice++ == 0) example = (*t).substr(prefix.size());
    }
    if (twice)
        report.reasons.push_back(std::to_string(twice) + " document id(s) are in more than one shard, e.g. " + example +
                                 ": give each shard's content roots their own labels (LABEL=PATH)");
}

// Why a run makes the index degraded: failed files, or too long ago. `whose` names the run.
void check_run(const RunRecord& run, const std::string& whose, long stale_after_seconds, HealthReport& report) {
    if (run.failed > 0) report.reasons.push_back(whose + " failed for " + std::to_string(run.failed) + " file(s)");
    const long age = age_of(run).value_or(0);
    if (stale_after_seconds > 0 && age > stale_after_seconds)
        report.reasons.push_back(whose + " finished " + std::to_string(age) + " s ago (more than " +
                                 std::to_string(stale_after_seconds) + " s)");
}

}  // namespace

HealthReport health_of(const IndexReader& reader, long stale_after_seconds, const MasterState* master) {
    return reader.with_snapshot([&](const IndexSnapshot& snap) {
        HealthReport report;
        report.documents = snap.db.get_doccount();
        report.revision = snap.revision.number;
        // With several shards, metadata is the first shard's (Xapian): its run record.
        report.last_run = decode_run_record(snap.db.get_metadata(schema::kMetaLastRun));
        if (report.last_run) report.last_run_age_seconds = age_of(*report.last_run);
        if (snap.sharded) {
            for (const auto& spec : reader.shards()) {
                const Xapian::Database shard = open_shard(spec);
                HealthReport::Shard s{spec.name, shard.get_doccount(), decode_run_record(shard.get_metadata(schema::kMetaLastRun))};
                if (s.last_run) check_run(*s.last_run, "the last reindex of shard " + spec.name, stale_after_seconds, report);
                report.shards.push_back(std::move(s));
            }
            check_unique_ids(snap.db, report);
            report.notes = {"synonyms and last_run are the first shard's", kShardedSpellingNote};
        } else {
            report.replica_copy = replica_copy(reader.path());
            if (report.last_run)
                check_run(*report.last_run, report.replica_copy ? "the newest master reindex on this replica" : "the last reindex",
                          stale_after_seconds, report);
            if (master) compare_with_master(*master, report);
        }
        report.status = report.reasons.empty() ? "ok" : "degraded";
        return report;
    });
}

}  // namespace sasae
