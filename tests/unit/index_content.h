#pragma once
// Indexes a test's content folder with the real indexer, for tests of what is read back.
#include <catch2/catch.hpp>

#include "indexer/index_updater.h"
#include "temp_dir.h"

namespace sasae::test {

// Indexes `content` into `db` (ids are paths under `content`); every file must index.
inline void index_content(const TempDir& content, const TempDir& db) {
    IndexOptions options;
    options.db_path = db.str();
    options.roots = {{"", content.str()}};
    REQUIRE(update_index(options).failed == 0);
}

}  // namespace sasae::test
