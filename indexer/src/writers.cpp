#include "writers.hpp"

#include <algorithm>

namespace newsdesk::indexer {

namespace {

// Operations a shard's queue holds before the feeding thread waits: enough to keep the writer
// busy, few enough that the documents waiting stay a few megabytes.
constexpr std::size_t kQueued = 256;

}  // namespace

ShardWriters::ShardWriters(ShardSet& shards) : shards_(shards), committed_(shards.size(), 0) {
    for (unsigned k = 0; k < shards.size(); ++k)
        writers_.push_back(std::make_unique<Writer>());
    for (unsigned k = 0; k < shards.size(); ++k)
        writers_[k]->thread = std::thread([this, k] { run(k); });
}

ShardWriters::~ShardWriters() {
    if (finished_) return;
    abandon_ = true;
    for (auto& w : writers_) {
        {
            std::lock_guard<std::mutex> lock(w->mu);
            w->queue.clear();
            Op stop;
            stop.kind = Op::Kind::stop;
            w->queue.push_back(std::move(stop));
        }
        w->cv.notify_all();
    }
    state_cv_.notify_all();
    for (auto& w : writers_)
        if (w->thread.joinable()) w->thread.join();
}

void ShardWriters::rethrow() {
    if (!failed_) return;
    std::lock_guard<std::mutex> lock(state_mu_);
    std::rethrow_exception(error_);
}

void ShardWriters::fail(std::exception_ptr e) {
    {
        std::lock_guard<std::mutex> lock(state_mu_);
        if (!error_) error_ = e;
        failed_ = true;
    }
    state_cv_.notify_all();
    // Wake the feeding thread if it waits for room in a queue this writer no longer empties.
    for (auto& w : writers_)
        w->cv.notify_all();
}

void ShardWriters::push(unsigned shard, Op op) {
    rethrow();
    Writer& w = *writers_[shard];
    {
        std::unique_lock<std::mutex> lock(w.mu);
        w.cv.wait(lock, [&] { return w.queue.size() < kQueued || failed_; });
        if (!failed_) w.queue.push_back(std::move(op));
    }
    w.cv.notify_all();
    rethrow();
}

void ShardWriters::add(Xapian::docid did, Xapian::Document doc) {
    Op op;
    op.kind = Op::Kind::add;
    op.did = did;
    op.doc = std::move(doc);
    push(shards_.shard_of_docid(did), std::move(op));
}

void ShardWriters::replace(Xapian::docid did, Xapian::Document doc) {
    Op op;
    op.kind = Op::Kind::replace;
    op.did = did;
    op.doc = std::move(doc);
    push(shards_.shard_of_docid(did), std::move(op));
}

void ShardWriters::remove_others(const std::string& term, const std::vector<Xapian::docid>& keep) {
    std::vector<std::vector<Xapian::docid>> by_shard(shards_.size());
    for (Xapian::docid did : keep)
        by_shard[shards_.shard_of_docid(did)].push_back(did);
    for (unsigned k = 0; k < shards_.size(); ++k) {
        Op op;
        op.kind = Op::Kind::remove_others;
        op.key = term;
        op.keep = std::move(by_shard[k]);
        std::sort(op.keep.begin(), op.keep.end());
        push(k, std::move(op));
    }
}

void ShardWriters::set_metadata(const std::string& key, const std::string& value) {
    Op op;
    op.kind = Op::Kind::metadata;
    op.key = key;
    op.value = value;
    push(0, std::move(op));
}

void ShardWriters::commit() {
    ++commits_;
    for (unsigned k = 0; k < shards_.size(); ++k) {
        Op op;
        op.kind = Op::Kind::commit;
        op.commit = commits_;
        push(k, std::move(op));
    }
}

void ShardWriters::finish() {
    for (unsigned k = 0; k < shards_.size(); ++k) {
        Op op;
        op.kind = Op::Kind::stop;
        push(k, std::move(op));
    }
    for (auto& w : writers_)
        w->thread.join();
    finished_ = true;
    rethrow();
}

void ShardWriters::run(unsigned shard) {
    Writer& w = *writers_[shard];
    for (;;) {
        Op op;
        {
            std::unique_lock<std::mutex> lock(w.mu);
            w.cv.wait(lock, [&] { return !w.queue.empty(); });
            op = std::move(w.queue.front());
            w.queue.pop_front();
        }
        w.cv.notify_all();
        if (op.kind == Op::Kind::stop || abandon_) return;
        if (failed_) continue;  // until told to stop: nothing more is written anywhere
        try {
            perform(shard, op);
        } catch (...) {
            fail(std::current_exception());
        }
    }
}

void ShardWriters::perform(unsigned shard, Op& op) {
    Xapian::WritableDatabase& db = shards_.shard(shard);
    switch (op.kind) {
        case Op::Kind::add:
            db.replace_document(shards_.local(op.did), op.doc);
            break;
        case Op::Kind::replace: {
            const Xapian::docid local = shards_.local(op.did);
            bool same = false;
            try {
                same = db.get_document(local).get_data() == op.doc.get_data();
            } catch (const Xapian::DocNotFoundError&) {
            }
            if (same) {
                ++unchanged_;
            } else {
                db.replace_document(local, op.doc);
            }
            break;
        }
        case Op::Kind::remove_others: {
            std::vector<Xapian::docid> gone;
            for (auto p = db.postlist_begin(op.key); p != db.postlist_end(op.key); ++p) {
                const Xapian::docid whole = shards_.whole(shard, *p);
                if (!std::binary_search(op.keep.begin(), op.keep.end(), whole)) gone.push_back(*p);
            }
            for (Xapian::docid local : gone) {
                db.delete_document(local);
                ++deleted_;
            }
            break;
        }
        case Op::Kind::metadata:
            db.set_metadata(op.key, op.value);
            break;
        case Op::Kind::commit:
            if (shard == 0) {
                // The sync state only once every other shard holds what it names.
                std::unique_lock<std::mutex> lock(state_mu_);
                state_cv_.wait(lock, [&] {
                    if (failed_ || abandon_) return true;
                    for (unsigned k = 1; k < committed_.size(); ++k)
                        if (committed_[k] < op.commit) return false;
                    return true;
                });
                if (failed_ || abandon_) return;
            }
            db.commit();
            {
                std::lock_guard<std::mutex> lock(state_mu_);
                committed_[shard] = op.commit;
            }
            state_cv_.notify_all();
            break;
        case Op::Kind::stop:
            break;
    }
}

}  // namespace newsdesk::indexer
