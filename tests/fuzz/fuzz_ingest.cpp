// Fuzz target: ingest from bytes, per format. The first byte picks the format (by the file name's
// extension: text, HTML, JSON Lines, JSON, none), the rest are the file. Every article that comes
// out must be valid UTF-8 with a non-empty text, and a file that yields none must say why.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ingest/ingest.hpp"
#include "newsdesk/internal/text.hpp"

using namespace newsdesk;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    static const char* kNames[] = {"fuzz.txt", "fuzz.html", "fuzz.jsonl", "fuzz.json", "fuzz"};
    const char* name = kNames[data[0] % 5];
    std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    ingest::Options options;
    ingest::FileResult r = ingest::parse_bytes(std::move(bytes), name, "2000-01-01", options);
    if (r.outcome != ingest::Outcome::ok && r.problems.empty()) std::abort();
    for (const Article& a : r.articles) {
        for (const std::string* s : {&a.title, &a.text, &a.byline, &a.source, &a.dateline}) {
            if (!text::is_valid_utf8(*s)) std::abort();
        }
        if (a.text.empty()) std::abort();
    }
    return 0;
}
