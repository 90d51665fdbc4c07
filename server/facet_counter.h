#pragma once
// Counts the values of a multi-valued slot (services, tags: joined by schema::kListSeparator)
// over every matching document, for facets.
#include <map>
#include <string>

#include <xapian.h>

namespace sasae {

class FacetCounter : public Xapian::MatchSpy {
public:
    explicit FacetCounter(Xapian::valueno slot) : slot_(slot) {}
    void operator()(const Xapian::Document& doc, double wt) override;
    const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

private:
    Xapian::valueno slot_;
    std::map<std::string, Xapian::doccount> counts_;
};

}  // namespace sasae
