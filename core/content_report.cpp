#include "core/content_report.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "core/kinds.h"
#include "core/schema.h"
#include "core/secrets.h"
#include "core/stored_record.h"
#include "core/stored_text.h"

namespace sasae {
namespace {

// Notes that share this share of their most telling terms are probably the same case twice.
constexpr double kDuplicateOverlap = 0.6;
constexpr std::size_t kTellingTerms = 12;

const std::vector<ContentRule> kRules = {
    {"secret", "本文に秘密情報 (アクセスキー、トークン)"},
    {"broken-link", "存在しないノートへのリンク"},
    {"unindexed-reference", "索引にないドキュメントへの参照"},
    {"missing-services", "front matter に services がない"},
    {"missing-date", "front matter に date がない"},
    {"near-duplicate", "ほぼ同じ内容のノート"},
    {"unopened", "しばらく開かれていないノート"},
};

std::size_t rule_order(const std::string& id) {
    for (std::size_t i = 0; i < kRules.size(); ++i)
        if (kRules[i].id == id) return i;
    return kRules.size();
}

void sort_findings(std::vector<ContentFinding>& findings) {
    std::sort(findings.begin(), findings.end(), [](const auto& x, const auto& y) {
        return std::forward_as_tuple(rule_order(x.rule), x.id, x.detail) < std::forward_as_tuple(rule_order(y.rule), y.id, y.detail);
    });
}

struct Doc {
    Xapian::docid did;
    StoredRecord record;
    StoredDetails details;
};

std::string host_of(const std::string& url) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return {};
    const auto start = scheme + 3;
    return url.substr(start, url.find('/', start) - start);
}

// A note's most telling words: its plain terms (no prefix, no bigrams) by wdf x idf.
std::set<std::string> telling_terms(const Xapian::Database& db, Xapian::docid did) {
    const double n = std::max<double>(1, db.get_doccount());
    std::vector<std::pair<double, std::string>> scored;
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
        const std::string term = *t;
        if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;
        scored.emplace_back(t.get_wdf() * std::log(n / t.get_termfreq()), term);
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::set<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < kTellingTerms; ++i) out.insert(scored[i].second);
    return out;
}

std::size_t line_at(const std::string& text, std::size_t offset) {
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(offset), '\n'));
}

void check_note(const Xapian::Database& db, const Doc& d, const std::set<std::string>& doc_hosts,
                std::vector<ContentFinding>& out) {
    if (d.record.services.empty()) out.push_back({"missing-services", d.record.id, "front matter has no services"});
    if (d.record.date.empty()) out.push_back({"missing-date", d.record.id, "front matter has no date"});
    for (const auto& link : d.details.links) {
        if (link.url.rfind("id:", 0) == 0 || !doc_hosts.count(host_of(link.url))) continue;
        if (db.get_termfreq(schema::boolean_term(schema::kUrlPrefix, link.url)) == 0)
            out.push_back({"unindexed-reference", d.record.id, link.url});
    }
}

void check_links(const Xapian::Database& db, const Doc& d, std::vector<ContentFinding>& out) {
    for (const auto& link : d.details.links)
        if (link.url.rfind("id:", 0) == 0 && db.get_termfreq(schema::id_term(link.url.substr(3))) == 0)
            out.push_back({"broken-link", d.record.id, link.url.substr(3)});
}

// AWS's documentation writes its placeholder keys with EXAMPLE in them (AKIAIOSFODNN7EXAMPLE).
bool documented_example(std::string_view secret) { return secret.find("EXAMPLE") != std::string_view::npos; }

void check_secrets(const Xapian::Database& db, const Doc& d, std::vector<ContentFinding>& out) {
    const auto markdown = unpack_text(db.get_document(d.did).get_value(schema::kMarkdownSlot));
    if (!markdown) return;
    for (const auto& s : find_secrets(*markdown)) {
        if (documented_example(std::string_view(*markdown).substr(s.begin, s.end - s.begin))) continue;
        out.push_back({"secret", d.record.id, "line " + std::to_string(line_at(*markdown, s.begin)) + " of the body"});
    }
}

}  // namespace

const std::vector<ContentRule>& content_rules() { return kRules; }

ContentReport report_content(const Xapian::Database& db) {
    ContentReport report;
    std::string note_kind, doc_kind;
    for (const Kind& k : kinds()) {
        if (k.lends_citations) note_kind = k.name;
        if (k.primary_source) doc_kind = k.name;
    }
    std::vector<Doc> docs;
    std::set<std::string> doc_hosts;  // the sites the documentation roots hold pages of
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        Xapian::Document doc = db.get_document(*p);
        Doc d{*p, decode_record(doc.get_data()), decode_details(doc.get_value(schema::kDetailsSlot))};
        if (d.record.kind == doc_kind && !d.record.url.empty()) doc_hosts.insert(host_of(schema::normalize_url(d.record.url)));
        docs.push_back(std::move(d));
    }
    report.documents = docs.size();
    std::vector<std::pair<const Doc*, std::set<std::string>>> notes;
    for (const auto& d : docs) {
        check_links(db, d, report.findings);
        // Documentation pages are copies of the vendor's: their keys are examples by design.
        if (d.record.kind != doc_kind) check_secrets(db, d, report.findings);
        if (d.record.kind != note_kind) continue;
        check_note(db, d, doc_hosts, report.findings);
        notes.emplace_back(&d, telling_terms(db, d.did));
    }
    for (const auto& n : notes) report.notes.push_back(n.first->record.id);
    for (std::size_t i = 0; i < notes.size(); ++i) {
        for (std::size_t j = i + 1; j < notes.size(); ++j) {
            const auto& a = notes[i].second;
            const auto& b = notes[j].second;
            if (a.empty() || b.empty()) continue;
            std::size_t shared = 0;
            for (const auto& t : a) shared += b.count(t);
            if (shared >= kDuplicateOverlap * std::min(a.size(), b.size()))
                report.findings.push_back({"near-duplicate", notes[i].first->record.id, notes[j].first->record.id});
        }
    }
    sort_findings(report.findings);
    return report;
}

void add_unused_notes(ContentReport& report, const DocumentUse& use) {
    report.use_checked = use.checked;
    report.use_days = use.days;
    if (!use.checked) {
        report.use_not_checked = use.why_not;
        return;
    }
    const std::string days = std::to_string(use.days);
    for (const auto& id : report.notes)
        if (!use.used.count(id)) report.findings.push_back({"unopened", id, "not opened or cited in " + days + " days"});
    sort_findings(report.findings);
}

std::string format_report(const ContentReport& r) {
    std::string out = "sasae-index --report: " + std::to_string(r.documents) + " documents, " + std::to_string(r.notes.size()) +
                      " notes, " + std::to_string(r.findings.size()) + " findings";
    if (r.use_checked)
        out += "; notes checked for use over the last " + std::to_string(r.use_days) + " days";
    else if (!r.use_not_checked.empty())
        out += "; notes not checked for use: " + r.use_not_checked;
    out += "\n";
    for (const auto& f : r.findings) out += f.rule + "\t" + f.id + "\t" + f.detail + "\n";
    return out;
}

}  // namespace sasae
