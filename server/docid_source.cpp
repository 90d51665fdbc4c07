#include "server/docid_source.h"

#include <algorithm>

namespace sasae {

DocidSource::DocidSource(std::vector<Xapian::docid> docids) : docids_(std::move(docids)) {
    std::sort(docids_.begin(), docids_.end());
    docids_.erase(std::unique(docids_.begin(), docids_.end()), docids_.end());
}

void DocidSource::next(double) {
    if (started_) ++at_;
    started_ = true;
}

void DocidSource::skip_to(Xapian::docid did, double) {
    started_ = true;
    at_ = static_cast<std::size_t>(std::lower_bound(docids_.begin() + static_cast<std::ptrdiff_t>(at_), docids_.end(), did) -
                                   docids_.begin());
}

}  // namespace sasae
