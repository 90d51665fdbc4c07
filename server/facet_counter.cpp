#include "server/facet_counter.h"

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/facets.h"
#include "core/schema.h"
#include "server/query_builder.h"
#include "server/query_syntax.h"
#include "server/per_revision.h"

namespace sasae {
namespace {

FacetTable::Slot read_slot(const Xapian::Database& db, Xapian::valueno slot) {
    FacetTable::Slot s;
    std::unordered_map<std::string, std::uint32_t> id_of;
    const Xapian::docid last = db.get_lastdocid();
    s.first.assign(static_cast<std::size_t>(last) + 2, 0);
    Xapian::docid next = 1;  // documents before the current one without a value get empty ranges
    for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
        const Xapian::docid did = it.get_docid();
        if (did > last) break;
        for (; next <= did; ++next) s.first[next] = static_cast<std::uint32_t>(s.ids.size());
        const std::string value = *it;
        std::size_t start = 0;
        while (start < value.size()) {
            std::size_t end = value.find(schema::kListSeparator, start);
            if (end == std::string::npos) end = value.size();
            if (end > start) {
                auto [pos, added] = id_of.emplace(value.substr(start, end - start), static_cast<std::uint32_t>(s.names.size()));
                if (added) s.names.push_back(pos->first);
                s.ids.push_back(pos->second);
            }
            start = end + 1;
        }
    }
    for (; next <= last + 1; ++next) s.first[next] = static_cast<std::uint32_t>(s.ids.size());
    // Ids renumbered in name order, so that counts come out sorted without sorting them.
    std::vector<std::uint32_t> order(s.names.size());
    for (std::uint32_t id = 0; id < order.size(); ++id) order[id] = id;
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return s.names[a] < s.names[b]; });
    std::vector<std::uint32_t> renumbered(order.size());
    std::vector<std::string> names(order.size());
    for (std::uint32_t rank = 0; rank < order.size(); ++rank) {
        renumbered[order[rank]] = rank;
        names[rank] = std::move(s.names[order[rank]]);
    }
    for (auto& id : s.ids) id = renumbered[id];
    s.names = std::move(names);
    return s;
}

// A ValueCountMatchSpy's counts of joined values ("EC2\x1fVPC": 3) as counts of each value.
FacetCounts split_counts(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, Xapian::doccount> by_value;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const std::string joined = *it;
        std::size_t start = 0;
        while (start < joined.size()) {
            std::size_t end = joined.find(schema::kListSeparator, start);
            if (end == std::string::npos) end = joined.size();
            if (end > start) by_value[joined.substr(start, end - start)] += it.get_termfreq();
            start = end + 1;
        }
    }
    std::vector<FacetCounts::Entry> out(by_value.begin(), by_value.end());
    return FacetCounts(std::move(out));  // name order
}

}  // namespace

const FacetTable& FacetTable::by_value_counts() {
    static const FacetTable none;
    return none;
}

FacetTable::FacetTable(const Xapian::Database& db) {
    for (const Facet& facet : facets())
        if (facet.counted()) slots_.emplace(facet.name, read_slot(db, facet.slot));
}

std::shared_ptr<const FacetTable> FacetTable::for_revision(const Xapian::Database& db, const IndexRevision& revision,
                                                          const std::string& db_path) {
    static PerRevision<const FacetTable> tables;
    return tables.get(revision, db_path, [&](const auto&) { return std::make_shared<const FacetTable>(db); });
}

const FacetTable::Slot& FacetTable::slot(const std::string& facet) const { return slots_.at(facet); }

void FacetCounter::operator()(const Xapian::Document& doc, double) {
    const Xapian::docid did = doc.get_docid();
    if (did + 1 >= slot_.first.size()) return;  // cannot happen within one revision; never read past
    for (std::uint32_t k = slot_.first[did]; k < slot_.first[did + 1]; ++k) ++counts_[slot_.ids[k]];
}

FacetCounts FacetCounter::counts() const {
    std::vector<FacetCounts::Entry> out;
    for (std::size_t id = 0; id < counts_.size(); ++id)
        if (counts_[id]) out.emplace_back(slot_.names[id], counts_[id]);
    return FacetCounts(std::move(out));  // ids are in name order
}

FacetCounters::FacetCounters(const FacetTable& table) {
    for (const Facet& facet : facets()) {
        if (!facet.counted()) continue;
        if (table.counts_by_values())
            value_counters_.emplace_back(facet.name, std::make_unique<Xapian::ValueCountMatchSpy>(facet.slot));
        else
            counters_.emplace_back(facet.name, std::make_unique<FacetCounter>(table.slot(facet.name)));
    }
}

void FacetCounters::attach(Xapian::Enquire& enquire) {
    for (auto& [name, counter] : counters_) enquire.add_matchspy(counter.get());
    for (auto& [name, spy] : value_counters_) enquire.add_matchspy(spy.get());
}

Facets FacetCounters::counts() const {
    Facets out;
    for (const auto& [name, counter] : counters_) out[name] = counter->counts();
    for (const auto& [name, spy] : value_counters_) out[name] = split_counts(*spy);
    return out;
}

void count_selected_facets(const Xapian::Database& db, const FacetTable& table, const Xapian::Query& text_query,
                           const QuerySyntax& syntax, Facets& facets) {
    for (const auto& [field, values] : syntax.filters) {
        const Facet* facet = find_facet(field);
        if (!facet || !facet->counted() || values.empty()) continue;
        std::vector<Xapian::Query> others;
        for (const auto& [f, v] : syntax.filters)
            if (f != field) others.push_back(QueryBuilder::field_filter(f, v));
        Xapian::Query q = text_query.empty() ? Xapian::Query::MatchAll : text_query;
        if (!others.empty())
            q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(Xapian::Query::OP_AND, others.begin(), others.end()));
        Xapian::Enquire enquire(db);
        enquire.set_query(q);
        if (table.counts_by_values()) {
            Xapian::ValueCountMatchSpy spy(facet->slot);
            enquire.add_matchspy(&spy);
            enquire.get_mset(0, 0, db.get_doccount());
            facets[field] = split_counts(spy);
        } else {
            FacetCounter counter(table.slot(field));
            enquire.add_matchspy(&counter);
            enquire.get_mset(0, 0, db.get_doccount());
            facets[field] = counter.counts();
        }
    }
}

}  // namespace sasae
