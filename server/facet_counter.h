#pragma once
// Facets: the values of the kind, services and tags slots, counted over every matching
// document. The values of every document are read once per index revision into a FacetTable,
// so counting is array look-ups by docid, not a B-tree read per matching document and slot.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "server/facet_counts.h"

namespace sasae {

class FacetTable {
public:
    // One slot's values: `names[id]`, ids in name order, and for each docid the ids of its values.
    struct Slot {
        std::vector<std::string> names;
        std::vector<std::uint32_t> first;  // first[did] .. first[did + 1]: that document's range in `ids`
        std::vector<std::uint32_t> ids;
    };

    // Reads the slots of every document (multi-valued slots are split at schema::kListSeparator).
    explicit FacetTable(const Xapian::Database& db);

    // The table for `db`'s revision: loaded once per revision and shared by every thread.
    static std::shared_ptr<const FacetTable> for_revision(const Xapian::Database& db, const std::string& db_path);

    const Slot& slot(Xapian::valueno slot) const;

private:
    std::map<Xapian::valueno, Slot> slots_;
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

}  // namespace sasae
