#pragma once
// Background threads that must not take time slices from the work people wait for (the
// indexer's analysis workers behind its single writer; the server's analytics writer behind
// the request workers) lower their own priority: nice +10, Linux keeps a nice value per
// thread. They still take every moment the others leave.
#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <algorithm>

namespace sasae {

inline void lower_this_thread_priority() {
#ifdef __linux__
    constexpr int kNiceIncrement = 10, kNiceMax = 19;
    const auto tid = static_cast<id_t>(gettid());
    const int nice = getpriority(PRIO_PROCESS, tid);  // inherited from the thread that started it
    setpriority(PRIO_PROCESS, tid, std::min(kNiceMax, nice + kNiceIncrement));  // best effort
#endif
}

}  // namespace sasae
