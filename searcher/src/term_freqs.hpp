// Term frequencies of the whole database, asked for many terms at once.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

namespace newsdesk::searcher {

/// The frequencies of the terms a request will look up, asked for together: over remote shards
/// Database::get_termfreq() is a round trip to each shard, one after the other, while a match of
/// the terms ORed gathers every term's frequency from every shard at once (its statistics, before
/// any matching). A term not asked for in advance is looked up in the database. The numbers are
/// the database's own either way.
class TermFreqs {
  public:
    explicit TermFreqs(const Xapian::Database& db) : db_(db) {}

    void prefetch(const std::vector<std::string>& terms) {
        std::vector<Xapian::Query> leaves;
        for (const std::string& t : terms) {
            if (!t.empty() && known_.count(t) == 0) leaves.emplace_back(t);
        }
        if (leaves.empty()) return;
        Xapian::Enquire stats(db_);
        stats.set_query(Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()));
        stats.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet none = stats.get_mset(0, 0);
        for (const Xapian::Query& leaf : leaves) {
            const std::string term = *leaf.get_terms_begin();
            known_[term] = none.get_termfreq(term);
        }
    }

    Xapian::doccount operator()(const std::string& term) const {
        auto it = known_.find(term);
        return it != known_.end() ? it->second : db_.get_termfreq(term);
    }

  private:
    Xapian::Database db_;
    std::unordered_map<std::string, Xapian::doccount> known_;
};

}  // namespace newsdesk::searcher
