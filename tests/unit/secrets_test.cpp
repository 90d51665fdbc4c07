// Credentials in text, and the look-alikes that are not.
#include <catch2/catch.hpp>

#include "core/secrets.h"

TEST_CASE("access keys, secret-key-shaped strings and private keys are found; look-alikes are not", "[secrets]") {
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
