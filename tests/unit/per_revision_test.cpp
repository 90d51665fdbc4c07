// Objects made once per committed revision of an index and shared by the worker threads.
#include <catch2/catch.hpp>

#include <xapian.h>

#include "server/per_revision.h"
#include "temp_dir.h"

using sasae::test::TempDir;

namespace {

struct Made {
    Xapian::rev revision;
    const Made* previous;
};

// An index with two committed revisions, and a reader left on each.
struct TwoRevisions {
    TempDir dir;
    Xapian::Database first, second;
    TwoRevisions() {
        Xapian::WritableDatabase w(dir.str(), Xapian::DB_CREATE_OR_OPEN);
        w.add_document(Xapian::Document());
        w.commit();
        first = Xapian::Database(dir.str());
        w.add_document(Xapian::Document());
        w.commit();
        second = Xapian::Database(dir.str());
    }
};

auto make_for(const Xapian::Database& db) {
    return [&db](const std::shared_ptr<Made>& previous) {
        return std::make_shared<Made>(Made{db.get_revision(), previous.get()});
    };
}

}  // namespace

TEST_CASE("one object per revision, made once and shared", "[per_revision]") {
    TwoRevisions index;
    sasae::PerRevision<Made> objects;
    auto a = objects.get(sasae::revision_of(index.first), index.dir.str(), make_for(index.first));
    CHECK(a->previous == nullptr);
    CHECK(objects.get(sasae::revision_of(index.first), index.dir.str(), make_for(index.first)) == a);
}

TEST_CASE("a new revision's object is made from the one it replaces", "[per_revision]") {
    TwoRevisions index;
    sasae::PerRevision<Made> objects;
    auto a = objects.get(sasae::revision_of(index.first), index.dir.str(), make_for(index.first));
    auto b = objects.get(sasae::revision_of(index.second), index.dir.str(), make_for(index.second));
    CHECK(b != a);
    CHECK(b->revision == index.second.get_revision());
    CHECK(b->previous == a.get());
}

TEST_CASE("a thread still on an older revision gets its own object and the newer one is kept", "[per_revision]") {
    TwoRevisions index;
    sasae::PerRevision<Made> objects;
    auto newer = objects.get(sasae::revision_of(index.second), index.dir.str(), make_for(index.second));
    auto older = objects.get(sasae::revision_of(index.first), index.dir.str(), make_for(index.first));
    CHECK(older != newer);
    CHECK(older->revision == index.first.get_revision());
    CHECK(objects.get(sasae::revision_of(index.second), index.dir.str(), make_for(index.second)) == newer);
}
