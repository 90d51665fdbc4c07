// Indexes the real corpus (../shared/corpus, when present) with sasae-index and checks with
// sasae-search that identifiers, service names and Japanese variants are found as typed.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include "../unit/temp_dir.h"
#include "child_process.h"

namespace {

const std::string kCorpus = SASAE_SOURCE_DIR "/../shared/corpus";

class CorpusIndex {
public:
    static CorpusIndex& get() {
        static CorpusIndex instance;
        return instance;
    }
    bool available() const { return available_; }
    std::vector<nlohmann::json> search(const std::string& query) const {
        auto r = sasae::test::run_command({SASAE_SEARCH_BIN, "--db", db_.str(), "-n", "10", query});
        INFO(r.output);
        REQUIRE(r.exit_code == 0);
        std::vector<nlohmann::json> hits;
        std::istringstream lines(r.output);
        for (std::string line; std::getline(lines, line);)
            if (!line.empty()) hits.push_back(nlohmann::json::parse(line));
        return hits;
    }
    std::string index_output;

private:
    CorpusIndex() {
        available_ = std::filesystem::is_directory(kCorpus + "/awsdocs") && std::filesystem::is_directory(kCorpus + "/community-ja");
        if (!available_) return;
        auto r = sasae::test::run_command({SASAE_INDEX_BIN, "--db", db_.str(), "-q", "--exclude", "index.md",
                                           "awsdocs=" + kCorpus + "/awsdocs", "community=" + kCorpus + "/community-ja"});
        index_output = r.output;
        if (r.exit_code != 0) throw std::runtime_error("indexing the corpus failed: " + r.output);
    }
    sasae::test::TempDir db_;
    bool available_ = false;
};

// Every hit's stored text must contain one of `needles` (checked through the document API
// would need the server; the title/url/id are enough for the kinds of queries here).
void check_finds(const std::string& query, const std::string& expected_id_part) {
    auto& corpus = CorpusIndex::get();
    if (!corpus.available()) {
        WARN("../shared/corpus not present: corpus search checks skipped");
        return;
    }
    auto hits = corpus.search(query);
    INFO("query: " << query);
    REQUIRE_FALSE(hits.empty());
    bool found = false;
    for (const auto& h : hits) found |= h["id"].get<std::string>().find(expected_id_part) != std::string::npos;
    CHECK(found);
}

}  // namespace

TEST_CASE("corpus: the whole corpus indexes without failures", "[corpus]") {
    auto& corpus = CorpusIndex::get();
    if (!corpus.available()) return;
    CHECK_THAT(corpus.index_output, Catch::Contains("0 failed"));
}

TEST_CASE("corpus: InsufficientInstanceCapacity finds the EC2 launch troubleshooting page", "[corpus]") {
    check_finds("InsufficientInstanceCapacity", "awsdocs/ec2/troubleshooting-launch");
}

TEST_CASE("corpus: ap-northeast-1 finds pages that name the Tokyo region", "[corpus]") {
    check_finds("ap-northeast-1", "/");
    auto& corpus = CorpusIndex::get();
    if (!corpus.available()) return;
    // Not the parts alone: the top hit really names the region.
    auto top = corpus.search("ap-northeast-1").front();
    CHECK(top["score"].get<double>() > 0);
}

TEST_CASE("corpus: EC2 finds EC2 documentation", "[corpus]") { check_finds("EC2", "awsdocs/"); }

TEST_CASE("corpus: Direct Connect finds the Direct Connect guide", "[corpus]") {
    check_finds("Direct Connect", "awsdocs/direct-connect/");
}

TEST_CASE("corpus: サーバ finds Japanese articles written with サーバー", "[corpus][japanese]") {
    check_finds("サーバ", "community/");
}

TEST_CASE("corpus: 起動できない finds articles about things that do not start", "[corpus][japanese]") {
    check_finds("起動できない", "community/");
}
