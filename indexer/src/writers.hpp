// One writer thread per shard, fed by the thread that decides what to write.
//
// Xapian's glass writer spends most of an index run inverting documents and flushing them: work
// that one shard cannot share between cores, but N shards can. Each shard of a ShardSet gets a
// thread of its own with a bounded queue (memory does not grow with the corpus); what the feeding
// thread asks of a shard is done in the order it was asked. While the writers run, only they
// touch the shards (Xapian's handles are not thread-safe): the feeding thread reads nothing of the
// database (story detection reads its StoryIndex).
//
// Commits stay consistent across shards: commit() has every shard commit what it was given so
// far, the metadata shard (the sync state) only once all the others have, so the sync state
// never names a file whose articles a shard has not committed. A writer that fails (a full disk)
// stops every writer before the metadata shard commits again; the error is rethrown to the
// feeding thread.
#pragma once

#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "shards.hpp"

namespace newsdesk::indexer {

class ShardWriters {
  public:
    /// Starts a writer for each shard of `shards`, which only the writers touch until finish().
    explicit ShardWriters(ShardSet& shards);
    /// Stops the writers, abandoning what they were not done with (after an error elsewhere).
    ~ShardWriters();
    ShardWriters(const ShardWriters&) = delete;
    ShardWriters& operator=(const ShardWriters&) = delete;

    // Each call throws a writer's error (Xapian::Error) once one has failed.

    /// Writes `doc` as the new document `did` (ShardSet::next_docid()).
    void add(Xapian::docid did, Xapian::Document doc);
    /// Replaces document `did` by `doc`, unless its data is the same (counted as unchanged).
    void replace(Xapian::docid did, Xapian::Document doc);
    /// Removes the documents indexed with `term` (a file's) that are not in `keep`.
    void remove_others(const std::string& term, const std::vector<Xapian::docid>& keep);
    /// Sets metadata on the metadata shard.
    void set_metadata(const std::string& key, const std::string& value);
    /// Commits what every shard was given so far, the metadata shard last.
    void commit();
    /// Waits until every shard has written what it was given (not committed: the caller
    /// commits the last batch), stops the writers, and hands the shards back.
    void finish();

    /// Replacements found to be the same, and documents removed, so far.
    std::size_t unchanged() const { return unchanged_; }
    std::size_t deleted() const { return deleted_; }

  private:
    struct Op {
        enum class Kind { add, replace, remove_others, metadata, commit, stop };
        Kind kind = Kind::stop;
        Xapian::docid did = 0;
        Xapian::Document doc;
        std::string key, value;
        std::vector<Xapian::docid> keep;  ///< sorted
        std::uint64_t commit = 0;
    };
    struct Writer {
        std::mutex mu;
        std::condition_variable cv;  ///< the queue changed
        std::deque<Op> queue;
        std::thread thread;
    };

    void push(unsigned shard, Op op);
    void run(unsigned shard);
    void perform(unsigned shard, Op& op);
    void fail(std::exception_ptr e);
    void rethrow();

    ShardSet& shards_;
    std::vector<std::unique_ptr<Writer>> writers_;
    std::uint64_t commits_ = 0;  ///< commits asked for (feeding thread)

    std::mutex state_mu_;
    std::condition_variable state_cv_;      ///< a shard committed, or one failed
    std::vector<std::uint64_t> committed_;  ///< by shard: the last commit done
    std::exception_ptr error_;
    std::atomic<bool> failed_{false};
    std::atomic<bool> abandon_{false};
    bool finished_ = false;

    std::atomic<std::size_t> unchanged_{0};
    std::atomic<std::size_t> deleted_{0};
};

}  // namespace newsdesk::indexer
