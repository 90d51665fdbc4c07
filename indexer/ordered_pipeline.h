#pragma once
// Analysis runs on worker threads while the calling thread writes finished items to the
// index in their original order, so both cores stay busy: the Xapian writer is single-threaded.
#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/thread_priority.h"

namespace sasae {

// The workers run at a lower priority than the consumer (core/thread_priority.h). With a
// worker per core plus the consumer there is one thread more than cores, and when the single
// consumer is the slower side every time slice the scheduler gives a worker instead is added
// to the run (bench/README.md, "Measured decisions").
// Calls produce(i) for every i in [0, n) on `workers` threads, never more than `window` items
// ahead of the consumer, and consume(i, result) on the calling thread in order of i. If
// consume throws, the workers stop and the exception propagates.
template <typename Result, typename Produce, typename Consume>
void run_ordered(std::size_t n, unsigned workers, std::size_t window, Produce produce, Consume consume) {
    std::vector<std::optional<Result>> slots(n);
    std::mutex mutex;
    std::condition_variable ready_cv, space_cv;
    std::size_t next = 0, consumed = 0;
    bool abort = false;

    auto worker = [&] {
        lower_this_thread_priority();
        for (;;) {
            std::size_t i;
            {
                std::unique_lock<std::mutex> lock(mutex);
                if (abort || next >= n) return;
                i = next++;
                space_cv.wait(lock, [&] { return abort || i < consumed + window; });
                if (abort) return;
            }
            Result r = produce(i);
            {
                std::lock_guard<std::mutex> lock(mutex);
                slots[i] = std::move(r);
            }
            ready_cv.notify_all();
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < std::max(1u, workers); ++t) pool.emplace_back(worker);

    std::exception_ptr failure;
    try {
        for (std::size_t i = 0; i < n; ++i) {
            Result r;
            {
                std::unique_lock<std::mutex> lock(mutex);
                ready_cv.wait(lock, [&] { return slots[i].has_value(); });
                r = std::move(*slots[i]);
                slots[i].reset();
            }
            consume(i, std::move(r));
            {
                std::lock_guard<std::mutex> lock(mutex);
                consumed = i + 1;
            }
            space_cv.notify_all();
        }
    } catch (...) {
        failure = std::current_exception();
        {
            std::lock_guard<std::mutex> lock(mutex);
            abort = true;
        }
        space_cv.notify_all();
    }
    for (auto& th : pool) th.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace sasae
