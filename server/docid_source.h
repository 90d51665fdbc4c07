#pragma once
// A Xapian posting source over a fixed list of documents: as a filter, it limits a query to
// documents already chosen (a re-ranking pass over the top hits) without a term per document.
#include <vector>

#include <xapian.h>

namespace sasae {

class DocidSource : public Xapian::PostingSource {
public:
    explicit DocidSource(std::vector<Xapian::docid> docids);  // any order, duplicates allowed

    Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(docids_.size()); }
    Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(docids_.size()); }
    Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(docids_.size()); }
    void init(const Xapian::Database&) override { started_ = false; at_ = 0; }
    void next(double) override;
    void skip_to(Xapian::docid did, double) override;
    bool at_end() const override { return started_ && at_ >= docids_.size(); }
    Xapian::docid get_docid() const override { return docids_[at_]; }
    DocidSource* clone() const override { return new DocidSource(docids_); }

private:
    std::vector<Xapian::docid> docids_;  // sorted, unique
    std::size_t at_ = 0;
    bool started_ = false;
};

}  // namespace sasae
