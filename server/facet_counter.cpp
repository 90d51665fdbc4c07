#include "server/facet_counter.h"

#include <algorithm>
#include <unordered_map>

#include "core/schema.h"
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

}  // namespace

FacetTable::FacetTable(const Xapian::Database& db) {
    for (Xapian::valueno slot : {schema::kKindSlot, schema::kServicesSlot, schema::kTagsSlot})
        slots_.emplace(slot, read_slot(db, slot));
}

std::shared_ptr<const FacetTable> FacetTable::for_revision(const Xapian::Database& db, const std::string& db_path) {
    static PerRevision<const FacetTable> tables;
    return tables.get(db, db_path, [&](const auto&) { return std::make_shared<const FacetTable>(db); });
}

const FacetTable::Slot& FacetTable::slot(Xapian::valueno slot) const { return slots_.at(slot); }

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

}  // namespace sasae
