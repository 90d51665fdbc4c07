// The indexer's pipeline: analysis on worker threads, writing on the calling thread in order.
#include <catch2/catch.hpp>

#include <atomic>
#include <stdexcept>
#include <vector>

#include "indexer/ordered_pipeline.h"

TEST_CASE("results are consumed in input order whatever order the workers finish in", "[pipeline]") {
    std::vector<std::size_t> seen;
    sasae::run_ordered<std::size_t>(
        200, 3, 8,
        [](std::size_t i) {
            if (i % 7 == 0) std::this_thread::sleep_for(std::chrono::microseconds(200));  // finish late
            return i * 10;
        },
        [&](std::size_t i, std::size_t r) {
            CHECK(r == i * 10);
            seen.push_back(i);
        });
    REQUIRE(seen.size() == 200);
    for (std::size_t i = 0; i < seen.size(); ++i) CHECK(seen[i] == i);
}

#ifdef __linux__
TEST_CASE("workers run at a lower priority than the consumer, which is the bottleneck", "[pipeline]") {
    const int consumer_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
    std::atomic<int> worker_nice{-100};
    sasae::run_ordered<int>(
        4, 2, 4, [&](std::size_t) { return worker_nice = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())); },
        [](std::size_t, int) {});
    // Nice values stop at 19: a consumer already at 10 or more leaves less room.
    CHECK(worker_nice == std::min(19, consumer_nice + 10));
    CHECK(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())) == consumer_nice);
}
#endif

TEST_CASE("a failure while consuming stops the workers and reaches the caller", "[pipeline]") {
    std::atomic<std::size_t> produced{0};
    CHECK_THROWS_WITH(sasae::run_ordered<int>(
                          10000, 2, 16, [&](std::size_t) { return static_cast<int>(++produced); },
                          [](std::size_t i, int) {
                              if (i == 5) throw std::runtime_error("disk full");
                          }),
                      "disk full");
    CHECK(produced < 10000);  // the window keeps the workers near the consumer
}
