// The re-ranking filter over chosen documents behaves as a posting list: in docid order, each
// once, and skip_to lands on the first document at or after the target.
#include <catch2/catch.hpp>

#include "server/docid_source.h"

TEST_CASE("a docid source lists its documents in order, each once", "[docid_source]") {
    sasae::DocidSource s({7, 3, 9, 3});
    s.init(Xapian::Database());
    std::vector<Xapian::docid> seen;
    for (s.next(0); !s.at_end(); s.next(0)) seen.push_back(s.get_docid());
    CHECK(seen == std::vector<Xapian::docid>{3, 7, 9});
    CHECK(s.get_termfreq_est() == 3);
}

TEST_CASE("a docid source skips to the first document at or after the target, never back", "[docid_source]") {
    sasae::DocidSource s({3, 7, 9});
    s.init(Xapian::Database());
    s.skip_to(4, 0);
    REQUIRE_FALSE(s.at_end());
    CHECK(s.get_docid() == 7);
    s.skip_to(7, 0);
    CHECK(s.get_docid() == 7);
    s.skip_to(2, 0);
    CHECK(s.get_docid() == 7);
    s.skip_to(10, 0);
    CHECK(s.at_end());
}

TEST_CASE("an empty docid source is at its end at once", "[docid_source]") {
    sasae::DocidSource s({});
    s.init(Xapian::Database());
    s.next(0);
    CHECK(s.at_end());
}
