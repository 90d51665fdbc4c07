#pragma once
// Facet counting, all of it: the values of every counted facet (core/facets.h) over every
// matching document. The values of every document are read once per index revision into a
// FacetTable, so counting is array look-ups by docid, not a B-tree read per matching document
// and slot.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "server/facet_counts.h"
#include "server/index_reader.h"

namespace sasae {

class FacetTable {
public:
    // One slot's values: `names[id]`, ids in name order, and for each docid the ids of its values.
    struct Slot {
        std::vector<std::string> names;
        std::vector<std::uint32_t> first;  // first[did] .. first[did + 1]: that document's range in `ids`
        std::vector<std::uint32_t> ids;
    };

    // Reads every counted facet's slot of every document (values split at schema::kListSeparator).
    explicit FacetTable(const Xapian::Database& db);

    // No table: counting uses Xapian's own ValueCountMatchSpy on the joined values and splits
    // them (each document adds one to each of its values), which also runs on remote shards,
    // where a custom MatchSpy cannot. For sharded search (IndexSnapshot::sharded).
    static const FacetTable& by_value_counts();
    bool counts_by_values() const { return by_values_; }

    // The table for `db`'s revision: loaded once per revision and shared by every thread.
    static std::shared_ptr<const FacetTable> for_revision(const Xapian::Database& db, const IndexRevision& revision,
                                                          const std::string& db_path);

    const Slot& slot(const std::string& facet) const;  // a counted facet's

private:
    FacetTable() : by_values_(true) {}
    std::map<std::string, Slot> slots_;
    bool by_values_ = false;
};

class FacetCounter : public Xapian::MatchSpy {
public:
    explicit FacetCounter(const FacetTable::Slot& slot) : slot_(slot), counts_(slot.names.size(), 0) {}
    void operator()(const Xapian::Document& doc, double wt) override;
    FacetCounts counts() const;

private:
    const FacetTable::Slot& slot_;
    std::vector<Xapian::doccount> counts_;
};

// Counts by facet name, each in value order.
using Facets = std::map<std::string, FacetCounts>;

// One counter per counted facet, attached to one match.
class FacetCounters {
public:
    explicit FacetCounters(const FacetTable& table);
    void attach(Xapian::Enquire& enquire);
    Facets counts() const;

private:
    std::vector<std::pair<std::string, std::unique_ptr<FacetCounter>>> counters_;
    std::vector<std::pair<std::string, std::unique_ptr<Xapian::ValueCountMatchSpy>>> value_counters_;
};

struct QuerySyntax;

// A facet with a selection is counted as if its own selection were not made, so that its
// other values stay visible with their counts (choosing kind=case still shows how many docs
// match, and a second kind can be added): one more count for each such facet, over
// `text_query` and the other facets' filters, replacing its entry in `facets`.
void count_selected_facets(const Xapian::Database& db, const FacetTable& table, const Xapian::Query& text_query,
                           const QuerySyntax& syntax, Facets& facets);

}  // namespace sasae
