// newsdesk-train-ner: trains and evaluates the named-entity tagger, and times extraction.
//
//   newsdesk-train-ner train --data DIR --train FILE [--gmb FILE] [--dev FILE] --out FILE
//   newsdesk-train-ner eval  --data DIR --dev FILE [--model FILE] [--pipeline]
//   newsdesk-train-ner extract FILE...      (built-in extractor; prints a summary line)
//   newsdesk-train-ner show [--unmerged|--tags] FILE...  (built-in extractor; one mention a
//                                           line, or each token with its tag)
//
// --data is the repository's data/ directory (gazetteers/, ner/common-words.txt). Used by
// scripts/train-ner.sh and bench/ner/*.sh; not installed.
#include <boost/program_options.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "corpus.hpp"
#include "extractor_impl.hpp"
#include "newsdesk/entities.hpp"
#include "newsdesk/error.hpp"
#include "trainer.hpp"

namespace po = boost::program_options;
using namespace newsdesk;

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw RuntimeError(path + ": cannot open");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// The lexicon from a data/ directory (files that are missing count as empty).
std::unique_ptr<entities::Lexicon> load_lexicon(const std::string& data) {
    std::vector<std::string> texts;
    std::vector<entities::GazetteerSource> sources;
    for (const auto& f : entities::kGazetteerFiles) {
        std::ifstream in(data + "/gazetteers/" + f.file, std::ios::binary);
        std::ostringstream ss;
        if (in)
            ss << in.rdbuf();
        else
            std::cerr << "note: no " << data << "/gazetteers/" << f.file << "\n";
        texts.push_back(ss.str());
    }
    for (std::size_t i = 0; i < texts.size(); ++i)
        sources.push_back({entities::kGazetteerFiles[i].cls, texts[i]});
    std::string common;
    std::ifstream in(data + "/ner/common-words.txt", std::ios::binary);
    if (in) {
        std::ostringstream ss;
        ss << in.rdbuf();
        common = ss.str();
    } else {
        std::cerr << "note: no " << data << "/ner/common-words.txt\n";
    }
    return std::make_unique<entities::Lexicon>(sources, common);
}

int run_train(const po::variables_map& vm) {
    const auto lex = load_lexicon(vm["data"].as<std::string>());
    entities::Featurizer fz(*lex);
    std::vector<ner_tool::Sentence> sents = ner_tool::read_conll(vm["train"].as<std::string>());
    std::cerr << "CoNLL train: " << sents.size() << " sentences\n";
    if (vm.count("gmb")) {
        auto g = ner_tool::read_gmb(vm["gmb"].as<std::string>(), *lex);
        std::cerr << "GMB: " << g.size() << " sentences\n";
        sents.insert(sents.end(), g.begin(), g.end());
    }
    std::vector<ner_tool::Sentence> dev;
    ner_tool::TrainParams p;
    p.epochs = vm["epochs"].as<int>();
    p.max_features = vm["max-features"].as<std::size_t>();
    p.augment = !vm.count("pool");
    if (vm.count("dev")) {
        dev = ner_tool::read_conll(vm["dev"].as<std::string>());
        p.dev = &dev;
    }
    const std::string model = ner_tool::train(sents, fz, p, std::cerr);
    const std::string out = vm["out"].as<std::string>();
    std::ofstream o(out, std::ios::binary);
    o.write(model.data(), static_cast<std::streamsize>(model.size()));
    if (!o.flush()) throw RuntimeError(out + ": cannot write");
    std::cerr << "wrote " << out << " (" << model.size() << " bytes)\n";
    if (p.dev) {
        entities::Model m(model);
        ner_tool::print_scores(ner_tool::evaluate(dev, fz, m), std::cout);
    }
    return 0;
}

int run_eval(const po::variables_map& vm) {
    const auto lex = load_lexicon(vm["data"].as<std::string>());
    entities::Featurizer fz(*lex);
    const std::string bytes =
        read_file(vm.count("model") ? vm["model"].as<std::string>()
                                    : vm["data"].as<std::string>() + "/ner/model.bin");
    entities::Model m(bytes);
    if (m.feature_version() != entities::kFeatureVersion)
        throw RuntimeError("model feature version differs from this build: retrain");
    const auto dev = ner_tool::read_conll(vm["dev"].as<std::string>());
    if (vm.count("pipeline")) {
        const auto ex = EntityExtractor::from_directory(vm["data"].as<std::string>());
        ner_tool::print_scores(
            ner_tool::evaluate_pipeline(dev, *ex, vm["pipeline"].as<std::string>() != "unmerged"),
            std::cout);
    } else {
        ner_tool::print_scores(ner_tool::evaluate(dev, fz, m), std::cout);
    }
    return 0;
}

int run_extract(const std::vector<std::string>& files) {
    const EntityExtractor& ex = EntityExtractor::builtin();
    std::size_t bytes = 0, mentions = 0;
    for (const auto& f : files) {
        const std::string text = read_file(f);
        bytes += text.size();
        mentions += ex.extract(text).size();
    }
    std::cout << files.size() << " files, " << bytes << " bytes, " << mentions << " mentions\n";
    return 0;
}

int run_show(std::vector<std::string> files) {
    const EntityExtractor& ex = EntityExtractor::builtin();
    bool unmerged = false;
    if (!files.empty() && files[0] == "--unmerged") {
        unmerged = true;
        files.erase(files.begin());
    }
    bool tags = false;
    if (!files.empty() && files[0] == "--tags") {
        tags = true;
        files.erase(files.begin());
    }
    for (const auto& f : files) {
        const std::string text = read_file(f);
        std::cout << "== " << f << "\n";
        if (tags) {  // the tagger's output, token by token
            entities::Document doc;
            ex.impl().analyse(text, doc);
            for (std::size_t i = 0; i < doc.tokens.size(); ++i)
                std::cout << (doc.tokens[i].sentence_start ? "\n" : "") << doc.tokens[i].norm << "/"
                          << entities::tag_name(doc.tags[i]) << " ";
            std::cout << "\n";
            continue;
        }
        for (const auto& m : unmerged ? ex.extract_unmerged(text) : ex.extract(text))
            std::cout << to_string(m.type) << "\t" << m.canonical << "\t" << m.text << "\t"
                      << m.start << "-" << m.end << "\n";
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc < 2) throw UsageError("usage: newsdesk-train-ner train|eval|extract ...");
        const std::string cmd = argv[1];
        if (cmd == "extract") return run_extract(std::vector<std::string>(argv + 2, argv + argc));
        if (cmd == "show") return run_show(std::vector<std::string>(argv + 2, argv + argc));
        po::options_description opts("options");
        opts.add_options()("data", po::value<std::string>()->default_value("data"),
                           "the repository's data/ directory")(
            "train", po::value<std::string>(), "CoNLL-2003 training file (eng.train)")(
            "gmb", po::value<std::string>(), "GMB CSV to add to the training data")(
            "pool", "train: pool the corpora (no per-corpus feature copies)")(
            "dev", po::value<std::string>(), "CoNLL-2003 development file (eng.testa)")(
            "out", po::value<std::string>(), "model file to write")(
            "model", po::value<std::string>(),
            "model file to evaluate (default DATA/ner/model.bin)")(
            "epochs", po::value<int>()->default_value(12), "training epochs")(
            "pipeline", po::value<std::string>()->implicit_value("merged"),
            "eval: score the whole extractor on joined text (merged, or unmerged)")(
            "max-features", po::value<std::size_t>()->default_value(180000),
            "feature rows kept in the model");
        po::variables_map vm;
        po::store(po::parse_command_line(argc - 1, argv + 1, opts), vm);
        po::notify(vm);
        if (cmd == "train") {
            if (!vm.count("train") || !vm.count("out"))
                throw UsageError("train needs --train FILE and --out FILE");
            return run_train(vm);
        }
        if (cmd == "eval") {
            if (!vm.count("dev")) throw UsageError("eval needs --dev FILE");
            return run_eval(vm);
        }
        throw UsageError("unknown command '" + cmd + "' (train, eval or extract)");
    } catch (const UsageError& e) {
        std::cerr << "newsdesk-train-ner: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "newsdesk-train-ner: " << e.what() << "\n";
        return 1;
    }
}
