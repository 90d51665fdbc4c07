// What analytics keeps of a query: words, not the identifiers of a customer.
#include <catch2/catch.hpp>

#include "server/privacy_mask.h"

TEST_CASE("identifiers become placeholders, words and error codes stay", "[analytics][privacy]") {
    struct Row {
        const char* typed;
        const char* kept;
    };
    const Row rows[] = {
        {"EC2 起動しない", "EC2 起動しない"},
        {"InsufficientInstanceCapacity ap-northeast-1", "InsufficientInstanceCapacity ap-northeast-1"},
        {"アカウント 123456789012 で AccessDenied", "アカウント <account> で AccessDenied"},
        {"AKIA2OGYBAH6XRTQ4WLM が無効", "<key> が無効"},
        {"taro.yamada@example.co.jp からの問い合わせ", "<email> からの問い合わせ"},
        {"i-0123456789abcdef0 が停止", "<resource> が停止"},
        {"vol-0a1b2c3d4e5f67890 sg-0abc1234def567890", "<resource> <resource>"},
        {"arn:aws:iam::123456789012:role/admin で拒否", "<resource> で拒否"},
        {"10.0.1.23 から接続できない", "<ip> から接続できない"},
        {"502 エラー 2026 年", "502 エラー 2026 年"},
        {"", ""},
    };
    for (const auto& row : rows) {
        INFO(row.typed);
        CHECK(sasae::mask_identifiers(row.typed) == row.kept);
    }
}
