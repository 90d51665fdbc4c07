// Credentials in text, and the look-alikes that are not.
#include <catch2/catch.hpp>

#include "core/secrets.h"

TEST_CASE("access keys, secret-key-shaped strings and private keys are found, look-alikes are not", "[secrets]") {
    struct Row {
        const char* text;
        std::size_t found;
    };
    const Row rows[] = {
        {"key AKIA2OGYBAH6XRTQ4WLM here", 1},
        {"ASIA2OGYBAH6XRTQ4WLM", 1},
        {"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", 1},
        {"-----BEGIN RSA PRIVATE KEY-----\nMIIE...", 1},
        {"-----BEGIN CERTIFICATE-----\nMIID...", 0},
        {"AKIA2OGYBAH6XRTQ4WL", 0},                        // 19 characters
        {"akia2ogybah6xrtq4wlm", 0},                       // lower case
        {"AgentCoreMastraX402GeminiApiKeyParameter", 0},   // a CloudFormation logical id
        {"CDKTESTHIROGAPublicSubnet1SubnetEDE92B34", 0},
        {"0123456789012345678901234567890123456789", 0},   // digits only
        {"arn:aws:iam::123456789012:role/AKIA2OGYBAH6XRTQ4WLM", 0},  // inside a longer word
        {"", 0},
    };
    for (const auto& row : rows) {
        INFO(row.text);
        CHECK(sasae::find_secrets(row.text).size() == row.found);
    }
    const auto spans = sasae::find_secrets("キー AKIA2OGYBAH6XRTQ4WLM");
    REQUIRE(spans.size() == 1);
    CHECK(spans[0].begin == 7);
    CHECK(spans[0].end == 27);
}

TEST_CASE("a private key block is one secret, from BEGIN to END or to its last line", "[secrets]") {
    const std::string block = "前\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1\nabcDEF+/=\n-----END RSA PRIVATE KEY-----\n後";
    auto spans = sasae::find_secrets(block);
    REQUIRE(spans.size() == 1);
    CHECK(block.substr(spans[0].begin, spans[0].end - spans[0].begin).rfind("-----BEGIN", 0) == 0);
    CHECK(block.substr(spans[0].end) == "\n後");
    const std::string cut = "-----BEGIN PRIVATE KEY-----\nMIIEowIBAAKCAQEA1\nabcDEF\n\n次の段落";
    spans = sasae::find_secrets(cut);
    REQUIRE(spans.size() == 1);
    CHECK(cut.substr(spans[0].end) == "\n\n次の段落");
}

TEST_CASE("masked text keeps its length and the first four characters of each secret", "[secrets]") {
    CHECK(sasae::mask_secrets("キー AKIA2OGYBAH6XRTQ4WLM です") == "キー AKIA**************** です");
    CHECK(sasae::mask_secrets("鍵なし InsufficientInstanceCapacity") == "鍵なし InsufficientInstanceCapacity");
    const std::string masked = sasae::mask_secrets("-----BEGIN PRIVATE KEY-----\nMIIEowIB\n-----END PRIVATE KEY-----");
    CHECK(masked.find("MIIEowIB") == std::string::npos);
    CHECK(masked.rfind("----", 0) == 0);
}
