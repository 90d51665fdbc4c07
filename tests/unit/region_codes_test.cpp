// Region codes as AWS writes them, alone and inside ARNs and endpoints.
#include <catch2/catch.hpp>

#include "core/region_codes.h"

TEST_CASE("a word is a region code only when it has the code's shape", "[regions]") {
    struct Row {
        const char* word;
        bool region;
    };
    const Row rows[] = {
        {"ap-northeast-1", true},   {"us-east-1", true},         {"eu-central-2", true},   {"us-gov-west-1", true},
        {"cn-north-1", true},       {"us-iso-east-1", true},     {"ap-southeast-10", true}, {"ap-northeast-1a", false},
        {"AP-NORTHEAST-1", false},  {"ap-northeast", false},     {"tokyo-east-1", false},  {"12-north-1", false},
        {"us-east-", false},        {"ap-upward-1", false},      {"", false},              {"us-east-100", false},
    };
    for (const auto& row : rows) {
        INFO(row.word);
        CHECK(sasae::is_region_code(row.word) == row.region);
    }
}

TEST_CASE("region codes are found in prose, ARNs and endpoints, each once, in order", "[regions]") {
    CHECK(sasae::region_codes_in("東京リージョン (ap-northeast-1) と us-east-1 で、ap-northeast-1 だけ失敗") ==
          std::vector<std::string>{"ap-northeast-1", "us-east-1"});
    CHECK(sasae::region_codes_in("arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc") ==
          std::vector<std::string>{"eu-west-1"});
    CHECK(sasae::region_codes_in("https://s3.ap-southeast-2.amazonaws.com/bucket") ==
          std::vector<std::string>{"ap-southeast-2"});
    CHECK(sasae::region_codes_in("AZ ap-northeast-1a の i-0123 が停止").empty());
    CHECK(sasae::region_codes_in("").empty());
}
