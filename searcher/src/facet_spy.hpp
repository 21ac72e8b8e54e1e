// Exact counts of multi-valued facets over every matching document.
//
// Xapian's ValueCountMatchSpy counts one value per slot and document; a newsdesk document has
// several people, organisations and places, stored as a list in one slot per type
// (facets::encode_list). This spy counts each name of each list once per document. It serialises
// itself and its results, so counts from several shards or remote databases merge exactly.
#pragma once

#include <xapian.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "newsdesk/searcher.hpp"

namespace newsdesk::searcher {

class MultiValueCountSpy : public Xapian::MatchSpy {
  public:
    explicit MultiValueCountSpy(Xapian::valueno slot) : slot_(slot) {}

    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override { return new MultiValueCountSpy(slot_); }
    std::string name() const override { return "newsdesk::MultiValueCountSpy"; }
    std::string serialise() const override;
    Xapian::MatchSpy* unserialise(const std::string& serialised,
                                  const Xapian::Registry& context) const override;
    std::string serialise_results() const override;
    void merge_results(const std::string& serialised) override;
    std::string get_description() const override;

    /// Documents seen.
    Xapian::doccount documents() const { return documents_; }

    /// The `limit` most frequent values, count descending then value ascending.
    std::vector<FacetValue> top(std::size_t limit) const;

  private:
    Xapian::valueno slot_;
    Xapian::doccount documents_ = 0;
    std::unordered_map<std::string, Xapian::doccount> counts_;
};

}  // namespace newsdesk::searcher
