#pragma once
// Counts the values of a multi-valued slot (services, tags: joined by schema::kListSeparator)
// over every matching document, for facets.
#include <map>
#include <string>
#include <unordered_map>

#include <xapian.h>

namespace sasae {

class FacetCounter : public Xapian::MatchSpy {
public:
    explicit FacetCounter(Xapian::valueno slot) : slot_(slot) {}
    void operator()(const Xapian::Document& doc, double wt) override;
    std::map<std::string, Xapian::doccount> counts() const;

private:
    Xapian::valueno slot_;
    // Counted per whole slot value (one hash lookup per document: many documents share a list
    // of services or tags) and split into single values only once, at the end.
    std::unordered_map<std::string, Xapian::doccount> lists_;
};

}  // namespace sasae
