#include "indexer/index_updater.h"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/analyzer.h"
#include "core/hash.h"
#include "core/run_record.h"
#include "core/schema.h"
#include "indexer/document_builder.h"
#include "indexer/ingest_error.h"
#include "indexer/ordered_pipeline.h"

namespace sasae {
namespace {

std::string iso_now() {
    std::time_t t = std::time(nullptr);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
    return buf;
}

struct WorkItem {
    SourceFile file;
    std::string raw;
    std::string hash;
    std::string source_term;
    bool existed = false;
    bool read = false;  // raw and hash are filled in (else the analysis thread reads the file)
};

struct WorkResult {
    std::size_t bytes = 0;  // of the file read
    std::vector<BuiltDocument> documents;
    std::vector<std::string> ids;
    std::vector<std::string> warnings;
    std::optional<std::string> error;
};

std::optional<std::string> read_file(const std::string& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return "cannot be read";
    in.seekg(0, std::ios::end);
    auto size = static_cast<std::size_t>(in.tellg());
    if (size > kMaxFileBytes) return "file is larger than " + std::to_string(kMaxFileBytes >> 20) + " MiB";
    in.seekg(0);
    out.assign(size, '\0');
    in.read(out.data(), static_cast<std::streamsize>(size));
    if (!in) return "cannot be read";
    return std::nullopt;
}

// The source that currently owns `id`, if it is not `source_term`: one added earlier in this run
// (`added`: id -> source term), or one the index held before. An index that was empty at the
// start needs no look-up, which spares a full build thousands of them on the writer thread.
std::optional<std::string> other_owner(Xapian::WritableDatabase& db, bool index_was_empty,
                                       const std::unordered_map<std::string, std::string>& added,
                                       const std::string& id, const std::string& source_term) {
    if (auto it = added.find(id); it != added.end()) {
        if (it->second == source_term) return std::nullopt;
        return it->second.substr(schema::kSourcePrefix.size());
    }
    if (index_was_empty) return std::nullopt;
    std::string term = schema::id_term(id);
    auto pl = db.postlist_begin(term);
    if (pl == db.postlist_end(term)) return std::nullopt;
    Xapian::Document existing = db.get_document(*pl);
    auto t = existing.termlist_begin();
    t.skip_to(std::string(schema::kSourcePrefix));
    if (t == existing.termlist_end() || (*t).rfind(std::string(schema::kSourcePrefix), 0) != 0) return std::nullopt;
    if (*t == source_term) return std::nullopt;
    return (*t).substr(schema::kSourcePrefix.size());
}

class Transaction {
public:
    explicit Transaction(Xapian::WritableDatabase& db) : db_(db) { db_.begin_transaction(true); }
    void commit() {
        db_.commit_transaction();
        open_ = false;
    }
    ~Transaction() {
        if (open_) {
            try {
                db_.cancel_transaction();
            } catch (...) {
            }
        }
    }

private:
    Xapian::WritableDatabase& db_;
    bool open_ = true;
};

// Every content root may hold a synonyms.yaml: a YAML list of groups (lists of expressions).
// Returns the merged groups as JSON, or nothing when a file is broken (the old set stays).
std::optional<std::string> read_synonyms(const std::vector<ContentRoot>& roots, std::vector<std::string>& failures) {
    nlohmann::json groups = nlohmann::json::array();
    for (const auto& root : roots) {
        std::filesystem::path path = std::filesystem::path(root.path) / "synonyms.yaml";
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec)) continue;
        try {
            YAML::Node node = YAML::LoadFile(path.string());
            if (!node.IsSequence()) {
                failures.push_back(path.string() + ":1: synonyms must be a YAML list of lists");
                return std::nullopt;
            }
            for (const auto& group : node) {
                if (!group.IsSequence()) {
                    failures.push_back(path.string() + ":" + std::to_string(group.Mark().line + 1) +
                                       ": each synonym group must be a list");
                    return std::nullopt;
                }
                nlohmann::json g = nlohmann::json::array();
                for (const auto& member : group)
                    if (member.IsScalar()) g.push_back(member.Scalar());
                if (g.size() >= 2) groups.push_back(std::move(g));
            }
        } catch (const YAML::Exception& e) {
            failures.push_back(path.string() + ":" + std::to_string(e.mark.is_null() ? 0 : e.mark.line + 1) +
                               ": broken YAML: " + e.msg);
            return std::nullopt;
        }
    }
    return groups.dump();
}

constexpr const char* kFlushThreshold = "250";

// `file` read into `item` and hashed; the error, with the file's name, when it cannot be read.
std::optional<std::string> read_and_hash(WorkItem& item, const SourceFile& file) {
    if (auto err = read_file(file.abs_path, item.raw)) return file.display_path() + ": " + *err;
    item.hash = content_hash(item.raw, file);
    item.read = true;
    return std::nullopt;
}

WorkResult analyse(WorkItem& item, const Analyzer& analyzer) {
    WorkResult r;
    if (!item.read) {
        if (auto err = read_and_hash(item, item.file)) {
            r.error = std::move(err);
            return r;
        }
    }
    r.bytes = item.raw.size();
    try {
        IngestedFile ingested = ingest_text(item.file, std::move(item.raw));
        for (auto& w : ingested.warnings) r.warnings.push_back(item.file.display_path() + ": warning: " + w);
        for (const auto& doc : ingested.documents) {
            r.documents.push_back(build_document(doc, analyzer, item.hash));
            r.ids.push_back(doc.id);
        }
    } catch (const IngestError& e) {
        r.error = e.what();
    } catch (const std::exception& e) {
        r.error = item.file.display_path() + ": " + e.what();
    }
    item.raw.clear();
    item.raw.shrink_to_fit();
    return r;
}

}  // namespace

std::string content_hash(const std::string& raw, const SourceFile& file) {
    std::uint64_t h = fnv1a(raw);
    h = fnv1a(file.defaults_yaml, h);
    h = fnv1a(file.root_label, h);
    h = fnv1a(std::to_string(schema::kSchemaVersion), h);
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

std::string IndexSummary::summary_line() const {
    char buf[256];
    double mb = static_cast<double>(bytes_analysed) / (1024.0 * 1024.0);
    std::snprintf(buf, sizeof buf,
                  "%zu added, %zu updated, %zu deleted, %zu unchanged, %zu failed; %zu documents; %.2f s; "
                  "%.1f MB analysed (%.1f MB/s)",
                  added, updated, deleted, unchanged, failed, documents, seconds, mb,
                  seconds > 0 ? mb / seconds : 0.0);
    return buf;
}

namespace {

// The index, locked for writing: the lock comes first, so a second indexer stops at once
// instead of after walking.
Xapian::WritableDatabase open_for_writing(const std::string& path) {
    // Xapian buffers postings in memory until this many documents have changed (default
    // 10,000), and the buffer's maps get slower to insert into as they grow: writing them out
    // every few hundred documents makes a full build faster (bench/README.md). Inside our one
    // transaction nothing is committed early. Xapian 1.4 reads this setting only from the
    // environment; an operator's own value wins.
    setenv("XAPIAN_FLUSH_THRESHOLD", kFlushThreshold, 0);
    try {
        return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
    } catch (const Xapian::DatabaseLockError&) {
        throw IndexLockedError("index '" + path + "' is locked: another sasae-index is writing it");
    }
}

// Sources in the index now (by source term), with the hash they were indexed from.
std::map<std::string, std::string> indexed_sources(const Xapian::Database& db) {
    std::map<std::string, std::string> out;
    const std::string source_prefix(schema::kSourcePrefix);
    for (auto t = db.allterms_begin(source_prefix); t != db.allterms_end(source_prefix); ++t) {
        auto pl = db.postlist_begin(*t);
        if (pl != db.postlist_end(*t)) out[*t] = db.get_document(*pl).get_value(schema::kHashSlot);
    }
    return out;
}

// The files to analyse: new ones, and (unless `full`) changed ones; unchanged files are
// counted. Every walked source goes into `seen`.
std::vector<WorkItem> plan_work(WalkResult& walk, const std::map<std::string, std::string>& existing, bool full,
                                IndexSummary& summary, std::set<std::string>& seen) {
    for (const auto& key : walk.skipped_sources) seen.insert(schema::boolean_term(schema::kSourcePrefix, key));
    std::vector<WorkItem> work;
    for (auto& file : walk.files) {
        WorkItem item;
        item.source_term = schema::boolean_term(schema::kSourcePrefix, file.source_key());
        seen.insert(item.source_term);
        auto old = existing.find(item.source_term);
        item.existed = old != existing.end();
        // Only a file the index has needs reading here, to tell whether it changed; a new one
        // (every file of a first or full build) is read and hashed by the analysis threads.
        if (item.existed && !full) {
            if (auto err = read_and_hash(item, file)) {
                summary.failures.push_back(*err);
                continue;
            }
            if (old->second == item.hash) {
                ++summary.unchanged;
                continue;
            }
        }
        item.file = std::move(file);
        work.push_back(std::move(item));
    }
    return work;
}

// Writes analysed files into the index in walk order, on the calling thread.
class IndexWriter {
public:
    IndexWriter(Xapian::WritableDatabase& db, IndexSummary& summary)
        : db_(db), summary_(summary), index_was_empty_(db.get_doccount() == 0) {}

    void write(WorkItem& item, WorkResult r) {
        summary_.bytes_analysed += r.bytes;
        summary_.warnings.insert(summary_.warnings.end(), r.warnings.begin(), r.warnings.end());
        if (!r.error) {
            for (const auto& id : r.ids) {
                if (auto owner = other_owner(db_, index_was_empty_, added_ids_, id, item.source_term)) {
                    r.error = item.file.display_path() + ": document id '" + id + "' is already used by " + *owner;
                    break;
                }
            }
        }
        if (r.error) {
            // The last good version stays searchable; the failure is reported.
            summary_.failures.push_back(*r.error);
            return;
        }
        // The file's old documents go by their source term; its ids were just checked to
        // belong to no other file, so the new documents are plain additions.
        if (item.existed) db_.delete_document(item.source_term);
        for (const auto& id : r.ids) added_ids_[id] = item.source_term;
        for (const auto& built : r.documents) {
            db_.add_document(built.document);
            for (const auto& word : built.spelling_words) ++spelling_[word];
            for (const auto& word : built.spelling_identifiers) ++identifiers_[word];
        }
        ++(item.existed ? summary_.updated : summary_.added);
    }

    // Gives Xapian each spelling word once, counted: a call per word per document was a
    // noticeable part of a full build on the writer thread. An identifier of the body or code
    // becomes a correction target once two documents use it (in this run, or in the index after
    // it): one seen once is as often a typo or a local variable name as an error code.
    void add_spelling() {
        for (const auto& [word, count] : identifiers_)
            if (count >= 2 || spelling_.count(word) || db_.get_termfreq(word) >= 2) spelling_[word] += count;
        for (const auto& [word, count] : spelling_) db_.add_spelling(word, count);
    }

private:
    Xapian::WritableDatabase& db_;
    IndexSummary& summary_;
    const bool index_was_empty_;
    std::unordered_map<std::string, std::string> added_ids_;  // id -> source term, this run
    std::unordered_map<std::string, Xapian::termcount> spelling_, identifiers_;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

RunRecord IndexSummary::run_record() const {
    return {started_at, finished_at, added, updated, deleted, unchanged, failed, failures, seconds, documents};
}

IndexSummary update_index(const IndexOptions& options) {
    const auto t0 = std::chrono::steady_clock::now();
    IndexSummary summary;
    summary.started_at = iso_now();
    Xapian::WritableDatabase db = open_for_writing(options.db_path);
    WalkResult walk = walk_content(options.roots, options.walk);
    for (const auto& f : walk.failures) summary.failures.push_back(f.what());
    std::optional<std::string> synonyms = read_synonyms(options.roots, summary.failures);
    const bool full = options.full || db.get_metadata(schema::kMetaSchemaVersion) != std::to_string(schema::kSchemaVersion);

    const std::map<std::string, std::string> existing = indexed_sources(db);
    std::set<std::string> seen;
    std::vector<WorkItem> work = plan_work(walk, existing, full, summary, seen);

    Analyzer analyzer;
    IndexWriter writer(db, summary);
    Transaction txn(db);
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    constexpr std::size_t kWindow = 256;  // items analysed ahead of the writer (bounds memory)
    std::size_t done = 0;
    run_ordered<WorkResult>(
        work.size(), threads, kWindow, [&](std::size_t i) { return analyse(work[i], analyzer); },
        [&](std::size_t i, WorkResult r) {
            writer.write(work[i], std::move(r));
            if (options.progress) options.progress(++done, work.size());
        });
    writer.add_spelling();
    for (const auto& [term, hash] : existing) {
        if (!seen.count(term)) {
            db.delete_document(term);
            ++summary.deleted;
        }
    }
    summary.failed = summary.failures.size();
    summary.finished_at = iso_now();
    summary.seconds = seconds_since(t0);
    summary.documents = db.get_doccount();
    if (synonyms) db.set_metadata(schema::kMetaSynonyms, *synonyms);
    db.set_metadata(schema::kMetaLastRun, encode_run_record(summary.run_record()));
    db.set_metadata(schema::kMetaSchemaVersion, std::to_string(schema::kSchemaVersion));
    txn.commit();
    // The commit writes the batched postings: it belongs in the run's time.
    summary.seconds = seconds_since(t0);
    return summary;
}

}  // namespace sasae
