// newsdesk-example: the embedding API in one small program. Indexes a folder of articles into a
// database, then searches it and prints the best results with their highlighted passage.
//
//   newsdesk-example DB_DIR ARTICLES_DIR QUERY
#include <iostream>
#include <newsdesk/newsdesk.hpp>

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: newsdesk-example DB_DIR ARTICLES_DIR QUERY\n";
        return 2;
    }
    try {
        newsdesk::Index index(argv[1]);  // created when missing
        newsdesk::IndexCallbacks callbacks;
        callbacks.warning = [](const newsdesk::IndexProblem& p) {
            std::cerr << p.to_string() << '\n';
        };
        std::cout << index.sync({argv[2]}, {}, callbacks).summary() << '\n';

        newsdesk::Searcher searcher(argv[1]);  // one per thread
        newsdesk::SearchRequest request;
        request.query = argv[3];
        request.limit = 3;
        const newsdesk::SearchResults results = searcher.search(request);
        std::cout << results.total << " results for \"" << results.query << "\" in "
                  << searcher.size() << " articles\n";
        for (const newsdesk::Hit& hit : results.hits) {
            std::cout << hit.rank << ". " << hit.title << '\n' << "   " << hit.snippet << '\n';
        }
        return 0;
    } catch (const newsdesk::UsageError& e) {
        std::cerr << "newsdesk-example: " << e.what() << '\n';
        return 2;
    } catch (const newsdesk::RuntimeError& e) {
        std::cerr << "newsdesk-example: " << e.what() << '\n';
        return 3;
    }
}
