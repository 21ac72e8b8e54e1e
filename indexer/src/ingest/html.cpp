// HTML pages: libxml2's HTML parser (recovery mode), main-content extraction, page metadata.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ingest/assemble.hpp"
#include "ingest/dates.hpp"
#include "ingest/formats.hpp"
#include "ingest/metadata.hpp"
#include "newsdesk/internal/text.hpp"

namespace newsdesk::ingest {

namespace {

using Json = nlohmann::json;

struct DocFree {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};
using DocPtr = std::unique_ptr<xmlDoc, DocFree>;

bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_html_space(char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

}  // namespace

namespace {

std::string lower_name(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool is_void_element(std::string_view nm) {
    static constexpr std::string_view kVoid[] = {"area",  "base",   "br",    "col",  "embed",
                                                 "hr",    "img",    "input", "link", "meta",
                                                 "param", "source", "track", "wbr",  "keygen"};
    return std::find(std::begin(kVoid), std::end(kVoid), nm) != std::end(kVoid);
}

// Elements whose content is text up to their end tag, not markup.
bool is_raw_text_element(std::string_view nm) {
    return nm == "script" || nm == "style" || nm == "textarea" || nm == "title" || nm == "xmp";
}

// Whether opening `nm` closes the open element `top` first (the parser's implied end tags).
bool closes(std::string_view nm, std::string_view top) {
    if (nm == top)
        return nm == "p" || nm == "li" || nm == "option" || nm == "dt" || nm == "dd" ||
               nm == "tr" || nm == "td" || nm == "th";
    if (nm == "dt" || nm == "dd") return top == "dt" || top == "dd";
    if (nm == "td" || nm == "th" || nm == "tr") return top == "td" || top == "th";
    return false;
}

// The open elements as the parser sees them, counted per name so that an end tag with no open
// element skips the stack search.
class OpenElements {
  public:
    std::size_t size() const { return stack_.size(); }
    void push(std::string nm) {
        ++count_[nm];
        stack_.push_back(std::move(nm));
    }
    // Closes what a start tag `nm` ends implicitly.
    void implied_ends(const std::string& nm) {
        while (!stack_.empty() && closes(nm, stack_.back()))
            pop();
    }
    void close(const std::string& nm) {
        auto c = count_.find(nm);
        if (c == count_.end() || c->second == 0) return;  // a stray end tag
        while (stack_.back() != nm)
            pop();
        pop();
    }

  private:
    void pop() {
        --count_[stack_.back()];
        stack_.pop_back();
    }
    std::vector<std::string> stack_;
    std::unordered_map<std::string, std::size_t> count_;
};

}  // namespace

std::optional<std::string> bound_markup(std::string_view html, const MarkupLimits& limits) {
    std::string out;
    bool dropped = false;
    std::size_t copied = 0;  // html[0, copied) is in `out` (only once something is dropped)
    auto drop = [&](std::size_t from, std::size_t to) {
        if (!dropped) out.reserve(html.size());
        dropped = true;
        out.append(html.substr(copied, from - copied));
        copied = to;
    };
    OpenElements open;
    std::unordered_map<std::string, std::size_t> unopened;  // start tags cut, awaiting their ends
    const std::size_t n = html.size();
    auto name_end = [&](std::size_t i) {
        while (i < n && !is_html_space(html[i]) && html[i] != '>' && html[i] != '/')
            ++i;
        return i;
    };
    std::size_t i = 0;
    while (i < n) {
        i = html.find('<', i);
        if (i == std::string_view::npos) break;
        const std::size_t tag_start = i;
        if (html.compare(i, 4, "<!--") == 0) {  // a comment, skipped whole
            std::size_t end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? n : end + 3;
            continue;
        }
        ++i;
        if (i + 1 < n && html[i] == '/' && is_ascii_alpha(html[i + 1])) {  // an end tag
            const std::size_t e = name_end(i + 1);
            const std::string nm = lower_name(html.substr(i + 1, e - i - 1));
            const std::size_t gt = html.find('>', e);
            i = gt == std::string_view::npos ? n : gt + 1;
            if (auto u = unopened.find(nm); u != unopened.end() && u->second > 0) {
                --u->second;
                drop(tag_start, i);
            } else {
                open.close(nm);
            }
            continue;
        }
        if (i >= n || !is_ascii_alpha(html[i])) continue;  // not a start tag
        const std::size_t e = name_end(i);
        const std::string nm = lower_name(html.substr(i, e - i));
        i = e;
        std::size_t count = 0, excess_from = 0, excess_to = 0;
        bool self_closing = false;
        while (i < n) {
            while (i < n && is_html_space(html[i]))
                ++i;
            if (i < n && html[i] == '/') {
                self_closing = i + 1 < n && html[i + 1] == '>';
                ++i;
                continue;
            }
            if (i >= n || html[i] == '>') break;
            self_closing = false;
            const std::size_t start = i;
            // Its name, then maybe "=" and a value, quoted or not.
            while (i < n && !is_html_space(html[i]) && html[i] != '>' && html[i] != '=' &&
                   !(html[i] == '/' && i > start))
                ++i;
            std::size_t j = i;
            while (j < n && is_html_space(html[j]))
                ++j;
            if (j < n && html[j] == '=') {
                ++j;
                while (j < n && is_html_space(html[j]))
                    ++j;
                if (j < n && (html[j] == '"' || html[j] == '\'')) {
                    const std::size_t close = html.find(html[j], j + 1);
                    i = close == std::string_view::npos ? n : close + 1;
                } else {
                    i = j;
                    while (i < n && !is_html_space(html[i]) && html[i] != '>')
                        ++i;
                }
            }
            if (i == start) ++i;  // a stray character: move on
            if (++count == limits.attributes + 1) excess_from = start;
            if (count > limits.attributes) excess_to = i;
        }
        const std::size_t tag_end = i < n ? i + 1 : n;
        i = tag_end;
        if (is_raw_text_element(nm)) {  // its content is not markup: skip to its end tag
            if (excess_to) drop(excess_from, excess_to);
            std::size_t k = html.find("</", i);
            while (k != std::string_view::npos && lower_name(html.substr(k + 2, nm.size())) != nm)
                k = html.find("</", k + 2);
            i = k == std::string_view::npos ? n : k;
            continue;
        }
        const bool opens = !is_void_element(nm) && !self_closing;
        if (opens) open.implied_ends(nm);
        if (opens && open.size() >= limits.depth) {
            ++unopened[nm];
            drop(tag_start, tag_end);
            continue;
        }
        if (excess_to) drop(excess_from, excess_to);
        if (opens) open.push(nm);
    }
    if (!dropped) return std::nullopt;
    out.append(html.substr(copied));
    return out;
}

namespace {

DocPtr parse_document(std::string_view utf8) {
    static const bool initialised = [] {
        xmlInitParser();
        return true;
    }();
    (void)initialised;
    // libxml2 checks each attribute of a tag against all those before it (a tag of 40,000 took
    // 20 s) and gives up on a page nested deeper than 256: both are cut first.
    const std::optional<std::string> bounded = bound_markup(utf8);
    if (bounded) utf8 = *bounded;
    if (utf8.empty() || utf8.size() > static_cast<std::size_t>(INT32_MAX)) return nullptr;
    const int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                        HTML_PARSE_NONET | HTML_PARSE_COMPACT;
    return DocPtr(
        htmlReadMemory(utf8.data(), static_cast<int>(utf8.size()), nullptr, "UTF-8", options));
}

std::string_view name_of(const xmlNode* n) {
    return n->name ? std::string_view(reinterpret_cast<const char*>(n->name)) : std::string_view();
}

bool is_element(const xmlNode* n) {
    return n->type == XML_ELEMENT_NODE;
}

bool ieq(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

// The value of attribute `name` (case-insensitive), "" when absent.
std::string attr(const xmlNode* n, std::string_view name) {
    for (const xmlAttr* a = n->properties; a; a = a->next) {
        if (!a->name || !ieq(reinterpret_cast<const char*>(a->name), name)) continue;
        std::string v;
        for (const xmlNode* c = a->children; c; c = c->next)
            if (c->content) v += reinterpret_cast<const char*>(c->content);
        return v;
    }
    return {};
}

bool has_attr(const xmlNode* n, std::string_view name) {
    for (const xmlAttr* a = n->properties; a; a = a->next)
        if (a->name && ieq(reinterpret_cast<const char*>(a->name), name)) return true;
    return false;
}

// Appends the text under `n`, whitespace collapsed, skipping script and style.
void collect_text(const xmlNode* n, std::string& out) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            for (const char* p = reinterpret_cast<const char*>(c->content); p && *p; ++p) {
                char ch = *p;
                if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
                    if (!out.empty() && out.back() != ' ') out += ' ';
                } else {
                    out += ch;
                }
            }
        } else if (is_element(c)) {
            std::string_view nm = name_of(c);
            if (nm == "script" || nm == "style" || nm == "noscript" || nm == "template") continue;
            collect_text(c, out);
        }
    }
}

std::string text_of(const xmlNode* n) {
    std::string s;
    collect_text(n, s);
    return std::string(text::trim(s));
}

// ---- what to leave out --------------------------------------------------------------------

bool dropped_tag(std::string_view nm) {
    static constexpr std::string_view kTags[] = {
        "script", "style",    "noscript", "template", "nav",    "header",   "footer", "aside",
        "form",   "iframe",   "svg",      "button",   "select", "textarea", "input",  "figure",
        "object", "embed",    "canvas",   "video",    "audio",  "map",      "dialog", "menu",
        "label",  "fieldset", "head",     "title",    "link",   "meta"};
    return std::find(std::begin(kTags), std::end(kTags), nm) != std::end(kTags);
}

// Class and id words that mark page furniture.
bool furniture_hint(std::string_view value) {
    static constexpr std::string_view kWords[] = {"comment",
                                                  "comments",
                                                  "commentlist",
                                                  "respond",
                                                  "share",
                                                  "sharing",
                                                  "social",
                                                  "related",
                                                  "advert",
                                                  "advertisement",
                                                  "advertising",
                                                  "ad",
                                                  "ads",
                                                  "adslot",
                                                  "banner",
                                                  "promo",
                                                  "newsletter",
                                                  "subscribe",
                                                  "subscription",
                                                  "cookie",
                                                  "cookies",
                                                  "consent",
                                                  "sidebar",
                                                  "menu",
                                                  "nav",
                                                  "navbar",
                                                  "navigation",
                                                  "breadcrumb",
                                                  "breadcrumbs",
                                                  "footer",
                                                  "masthead",
                                                  "popup",
                                                  "modal",
                                                  "recommended",
                                                  "recommendations",
                                                  "trending",
                                                  "popular",
                                                  "outbrain",
                                                  "taboola",
                                                  "sponsored",
                                                  "widget",
                                                  "toolbar",
                                                  "disqus",
                                                  "header",
                                                  "byline",
                                                  "caption",
                                                  "tags",
                                                  "jp-relatedposts",
                                                  "newsletter-signup",
                                                  "paywall",
                                                  "skip"};
    std::string v = lower_name(value);
    std::size_t i = 0;
    while (i < v.size()) {
        while (i < v.size() && !std::isalnum(static_cast<unsigned char>(v[i])))
            ++i;
        std::size_t j = i;
        while (j < v.size() && std::isalnum(static_cast<unsigned char>(v[j])))
            ++j;
        if (j > i) {
            std::string_view w = std::string_view(v).substr(i, j - i);
            if (std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords)) {
                return true;
            }
        }
        i = j;
    }
    return false;
}

// Class and id words of comment sections.
bool comment_hint(std::string_view value) {
    static constexpr std::string_view kWords[] = {"comment", "comments", "commentlist",
                                                  "respond", "disqus",   "replies"};
    std::string v = lower_name(value);
    std::size_t i = 0;
    while (i < v.size()) {
        while (i < v.size() && !std::isalnum(static_cast<unsigned char>(v[i])))
            ++i;
        std::size_t j = i;
        while (j < v.size() && std::isalnum(static_cast<unsigned char>(v[j])))
            ++j;
        std::string_view w = std::string_view(v).substr(i, j - i);
        if (j > i && std::find(std::begin(kWords), std::end(kWords), w) != std::end(kWords)) {
            return true;
        }
        i = j;
    }
    return false;
}

bool inside_comments(const xmlNode* n) {
    for (const xmlNode* p = n; p && p->type == XML_ELEMENT_NODE; p = p->parent)
        if (comment_hint(attr(p, "class")) || comment_hint(attr(p, "id"))) return true;
    return false;
}

enum class Drop : std::uint8_t { no, by_tag, by_hint };

Drop drop_kind(const xmlNode* n) {
    std::string_view nm = name_of(n);
    if (dropped_tag(nm)) return Drop::by_tag;
    if (nm == "html" || nm == "body" || nm == "main" || nm == "article") return Drop::no;
    if (has_attr(n, "hidden")) return Drop::by_tag;
    std::string aria = attr(n, "aria-hidden");
    if (ieq(aria, "true")) return Drop::by_tag;
    std::string style = lower_name(attr(n, "style"));
    if (style.find("display:none") != std::string::npos ||
        style.find("display: none") != std::string::npos) {
        return Drop::by_tag;
    }
    std::string role = lower_name(attr(n, "role"));
    if (role == "navigation" || role == "banner" || role == "contentinfo" ||
        role == "complementary" || role == "search" || role == "menu" || role == "dialog" ||
        role == "alertdialog") {
        return Drop::by_tag;
    }
    if (furniture_hint(attr(n, "class")) || furniture_hint(attr(n, "id"))) return Drop::by_hint;
    return Drop::no;
}

// ---- per-node bookkeeping -----------------------------------------------------------------

struct NodeInfo {
    Drop drop = Drop::no;
    std::size_t p_direct = 0;   ///< text bytes of direct <p> children
    std::size_t p_subtree = 0;  ///< text bytes of all <p> below (drops ignored)
};

class Analysis {
  public:
    explicit Analysis(xmlNode* root) { visit(root, nullptr); }

    NodeInfo& info(const xmlNode* n) {
        auto idx = reinterpret_cast<std::uintptr_t>(n->_private);
        return infos_[idx - 1];
    }
    const std::vector<xmlNode*>& elements() const { return elements_; }

  private:
    std::size_t visit(xmlNode* n, xmlNode* parent) {
        infos_.emplace_back();
        elements_.push_back(n);
        n->_private = reinterpret_cast<void*>(static_cast<std::uintptr_t>(infos_.size()));
        std::size_t me = infos_.size() - 1;
        infos_[me].drop = drop_kind(n);
        std::size_t sub = 0;
        for (xmlNode* c = n->children; c; c = c->next) {
            if (!is_element(c)) continue;
            sub += visit(c, n);
        }
        if (name_of(n) == "p") {
            std::size_t len = text_of(n).size();
            sub += len;
            if (parent) parent_direct_.push_back({parent, len});
        }
        infos_[me].p_subtree = sub;
        return sub;
    }

  public:
    void finish() {
        for (const auto& [parent, len] : parent_direct_)
            info(parent).p_direct += len;
    }

  private:
    std::vector<NodeInfo> infos_;
    std::vector<xmlNode*> elements_;
    std::vector<std::pair<xmlNode*, std::size_t>> parent_direct_;
};

bool inside_tag_drop(Analysis& an, const xmlNode* n) {
    for (const xmlNode* p = n; p && is_element(p); p = p->parent)
        if (an.info(p).drop == Drop::by_tag) return true;
    return false;
}

// True when `n` sits in navigation, an aside or a footer (where a page's other headlines and
// dates are).
bool inside_page_chrome(const xmlNode* n) {
    for (const xmlNode* p = n; p && is_element(p); p = p->parent) {
        std::string_view nm = name_of(p);
        if (nm == "nav" || nm == "aside" || nm == "footer" || nm == "script") return true;
    }
    return false;
}

bool inside_drop(Analysis& an, const xmlNode* n) {
    for (const xmlNode* p = n; p && is_element(p); p = p->parent)
        if (an.info(p).drop != Drop::no) return true;
    return false;
}

// ---- paragraphs ---------------------------------------------------------------------------

bool block_tag(std::string_view nm) {
    static constexpr std::string_view kBlocks[] = {
        "p",     "div",   "section", "article",    "main",       "h1",      "h2",
        "h3",    "h4",    "h5",      "h6",         "li",         "ul",      "ol",
        "dl",    "dt",    "dd",      "blockquote", "pre",        "table",   "tr",
        "br",    "hr",    "address", "center",     "figcaption", "details", "summary",
        "tbody", "thead", "tfoot",   "body",       "html",       "caption"};
    return std::find(std::begin(kBlocks), std::end(kBlocks), nm) != std::end(kBlocks);
}

class ParagraphWriter {
  public:
    explicit ParagraphWriter(Analysis* an) : an_(an) {}

    void walk(const xmlNode* n) {
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                text(reinterpret_cast<const char*>(c->content));
            } else if (is_element(c)) {
                std::string_view nm = name_of(c);
                if (an_ ? an_->info(c).drop != Drop::no : drop_kind(c) != Drop::no) continue;
                bool block = block_tag(nm);
                if (block) flush();
                if (nm == "td" || nm == "th") text(" ");
                walk(c);
                if (block) flush();
            }
        }
    }

    std::vector<std::string> take() {
        flush();
        return std::move(out_);
    }

  private:
    void text(const char* p) {
        for (; p && *p; ++p) {
            char ch = *p;
            if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f') {
                if (!cur_.empty() && cur_.back() != ' ') cur_ += ' ';
            } else {
                cur_ += ch;
            }
        }
    }
    void flush() {
        std::string_view t = text::trim(cur_);
        if (!t.empty()) out_.emplace_back(t);
        cur_.clear();
    }

    Analysis* an_;
    std::string cur_;
    std::vector<std::string> out_;
};

// ---- metadata -----------------------------------------------------------------------------

struct PageMeta {
    std::string og_title, twitter_title, html_title, h1, ld_headline;
    std::string site_name, ld_publisher, app_name;
    std::string published, ld_published, itemprop_published, meta_date, time_datetime;
    std::string canonical, og_url, ld_url;
    std::string author, ld_author, byline_text;
    const xmlNode* article_body = nullptr;
    std::vector<const xmlNode*> articles;
    const xmlNode* main = nullptr;
    const xmlNode* body = nullptr;
};

bool looks_like_url(std::string_view s) {
    return s.substr(0, 7) == "http://" || s.substr(0, 8) == "https://" || s.substr(0, 1) == "/";
}

// A JSON-LD value as text; arrays one level deep only.
std::string json_string(const Json& v, int depth = 0) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object()) {
        for (const char* k : {"name", "@id"}) {
            auto it = v.find(k);
            if (it != v.end() && it->is_string()) return it->get<std::string>();
        }
    }
    if (v.is_array() && depth == 0) {
        std::string out;
        for (const auto& e : v) {
            std::string s = json_string(e, depth + 1);
            if (s.empty()) continue;
            if (!out.empty()) out += ", ";
            out += s;
        }
        return out;
    }
    return {};
}

// Reads an Article object of JSON-LD: the value itself, an array of them, or an "@graph"
// (nesting limited, so hostile markup cannot exhaust the stack).
void read_json_ld(const Json& j, PageMeta& m, int depth = 0) {
    if (depth > 4) return;
    if (j.is_array()) {
        for (const auto& e : j)
            read_json_ld(e, m, depth + 1);
        return;
    }
    if (!j.is_object()) return;
    if (auto g = j.find("@graph"); g != j.end()) read_json_ld(*g, m, depth + 1);
    auto at = [&](const char* key) -> std::string {
        auto it = j.find(key);
        return it == j.end() ? std::string() : json_string(*it);
    };
    std::string type = at("@type");
    if (type.find("Article") == std::string::npos &&
        type.find("BlogPosting") == std::string::npos && type.find("Report") == std::string::npos) {
        return;
    }
    if (m.ld_headline.empty()) m.ld_headline = at("headline");
    if (m.ld_published.empty()) m.ld_published = at("datePublished");
    if (m.ld_author.empty()) m.ld_author = at("author");
    if (m.ld_publisher.empty()) m.ld_publisher = at("publisher");
    if (m.ld_url.empty()) m.ld_url = at("url");
    if (m.ld_url.empty()) m.ld_url = at("mainEntityOfPage");
}

void read_meta(const xmlNode* n, PageMeta& m) {
    std::string key = lower_name(attr(n, "property"));
    if (key.empty()) key = lower_name(attr(n, "name"));
    if (key.empty()) key = lower_name(attr(n, "itemprop"));
    if (key.empty()) return;
    std::string content = std::string(text::trim(attr(n, "content")));
    if (content.empty()) return;
    auto set = [&](std::string& field) {
        if (field.empty()) field = content;
    };
    if (key == "og:title") {
        set(m.og_title);
    } else if (key == "twitter:title") {
        set(m.twitter_title);
    } else if (key == "og:site_name") {
        set(m.site_name);
    } else if (key == "application-name") {
        set(m.app_name);
    } else if (key == "article:published_time" || key == "og:published_time" ||
               key == "og:article:published_time" || key == "article.published") {
        set(m.published);
    } else if (key == "datepublished") {
        set(m.itemprop_published);
    } else if (key == "date" || key == "pubdate" || key == "publishdate" || key == "publish-date" ||
               key == "dc.date" || key == "dc.date.issued" || key == "dcterms.date" ||
               key == "dcterms.created" || key == "sailthru.date" || key == "parsely-pub-date" ||
               key == "citation_publication_date" || key == "article:modified_time" ||
               key == "og:updated_time") {
        // Modification times last: they only count when nothing else is there.
        if (key == "article:modified_time" || key == "og:updated_time") {
            if (m.meta_date.empty()) m.meta_date = "~" + content;
        } else if (m.meta_date.empty() || m.meta_date[0] == '~') {
            m.meta_date = content;
        }
    } else if (key == "og:url") {
        set(m.og_url);
    } else if (key == "author" || key == "article:author" || key == "dc.creator" ||
               key == "parsely-author" || key == "sailthru.author" || key == "byl") {
        if (!looks_like_url(content)) set(m.author);
    }
}

void scan(const xmlNode* n, PageMeta& m, Analysis& an) {
    for (const xmlNode* c = n->children; c; c = c->next) {
        if (!is_element(c)) continue;
        std::string_view nm = name_of(c);
        if (nm == "meta") {
            read_meta(c, m);
        } else if (nm == "title") {
            if (m.html_title.empty()) m.html_title = text_of(c);
        } else if (nm == "link") {
            std::string rel = lower_name(attr(c, "rel"));
            if (rel.find("canonical") != std::string::npos && m.canonical.empty()) {
                m.canonical = attr(c, "href");
            }
        } else if (nm == "script") {
            if (lower_name(attr(c, "type")).find("ld+json") != std::string::npos) {
                Json j = Json::parse(text_of(c), nullptr, /*allow_exceptions=*/false);
                if (!j.is_discarded()) read_json_ld(j, m);
            }
            continue;
        } else if (nm == "time") {
            std::string dt = attr(c, "datetime");
            if (!dt.empty()) {
                std::string ip = lower_name(attr(c, "itemprop"));
                if (ip == "datepublished" && m.itemprop_published.empty()) {
                    m.itemprop_published = dt;
                } else if (m.time_datetime.empty() && !inside_page_chrome(c)) {
                    m.time_datetime = dt;
                }
            }
        } else if (nm == "h1") {
            if (m.h1.empty() && !inside_page_chrome(c)) m.h1 = text_of(c);
        } else if (nm == "article") {
            if (!inside_drop(an, c)) m.articles.push_back(c);
        } else if (nm == "main") {
            if (!m.main) m.main = c;
        } else if (nm == "body") {
            if (!m.body) m.body = c;
        }
        if (!m.main && ieq(attr(c, "role"), "main")) m.main = c;
        std::string itemprop = lower_name(attr(c, "itemprop"));
        if (!itemprop.empty()) {
            if (itemprop == "articlebody" && !m.article_body) m.article_body = c;
            if (itemprop == "author" && m.byline_text.empty() && nm != "meta") {
                std::string t = text_of(c);
                if (t.size() <= 120) m.byline_text = t;
            }
            if (itemprop == "datepublished" && nm != "time" && nm != "meta" &&
                m.itemprop_published.empty()) {
                m.itemprop_published = attr(c, "content");
            }
        }
        if (m.byline_text.empty() && nm != "body" && nm != "html" && nm != "article") {
            std::string cls = lower_name(attr(c, "class"));
            if ((cls.find("byline") != std::string::npos || ieq(attr(c, "rel"), "author")) &&
                cls.find("bylines") == std::string::npos) {
                std::string t = text_of(c);
                if (!t.empty() && t.size() <= 120) m.byline_text = t;
            }
        }
        scan(c, m, an);
    }
}

// The element holding the article's paragraphs.
const xmlNode* main_container(Analysis& an, const PageMeta& m) {
    if (m.article_body && !inside_tag_drop(an, m.article_body)) return m.article_body;
    // The element with the most paragraph text directly inside it, outside furniture...
    const xmlNode* best = nullptr;
    std::size_t best_score = 0;
    const xmlNode* any = nullptr;
    std::size_t any_score = 0;
    for (const xmlNode* n : an.elements()) {
        std::size_t s = an.info(n).p_direct;
        if (s <= any_score && s <= best_score) continue;
        if (inside_tag_drop(an, n)) continue;
        if (s > any_score) {
            any = n;
            any_score = s;
        }
        if (s > best_score && !inside_drop(an, n)) {
            best = n;
            best_score = s;
        }
    }
    // ... unless far more sits under a class hint that is not a comment section: then the hint
    // was wrong about the article ("post has-share-bar"), and class hints never remove the
    // article itself or its ancestors.
    if (any && any_score > 2 * best_score && !inside_comments(any)) {
        best = any;
        best_score = any_score;
    }
    if (best) {
        for (const xmlNode* p = best; p && is_element(p); p = p->parent)
            if (an.info(p).drop == Drop::by_hint) an.info(p).drop = Drop::no;
    }
    const xmlNode* article = nullptr;
    std::size_t article_score = 0;
    for (const xmlNode* a : m.articles) {
        if (inside_drop(an, a)) continue;
        if (an.info(a).p_subtree > article_score) {
            article = a;
            article_score = an.info(a).p_subtree;
        }
    }
    if (article && article_score * 2 >= best_score) return article;
    if (m.main && !inside_drop(an, m.main) && an.info(m.main).p_subtree * 2 >= best_score) {
        return m.main;
    }
    if (best && best_score >= 200) return best;
    return m.body;
}

std::optional<Date> first_date(std::initializer_list<const std::string*> values) {
    for (const std::string* v : values) {
        if (v->empty()) continue;
        std::string_view s = *v;
        if (s[0] == '~') s.remove_prefix(1);
        if (auto d = parse_date_value(s)) return d;
    }
    return std::nullopt;
}

}  // namespace

Article parse_html(std::string_view utf8, const std::string& path, const std::string& mtime_date) {
    Draft d;
    d.article.path = path;
    d.article.format = "html";
    d.mtime_date = mtime_date;
    DocPtr doc = parse_document(utf8);
    xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (!root) return assemble(std::move(d));

    Analysis an(root);
    an.finish();
    PageMeta m;
    scan(root, m, an);
    if (!m.body) m.body = root;

    Article& a = d.article;
    std::string site = !m.site_name.empty() ? m.site_name : m.ld_publisher;
    a.source = canonical_outlet(site);
    for (const std::string* t :
         {&m.og_title, &m.twitter_title, &m.ld_headline, &m.h1, &m.html_title}) {
        if (t->empty()) continue;
        std::string removed;
        a.title = strip_site_suffix(*t, site, &removed);
        if (a.source.empty() && !removed.empty()) {
            if (auto o = known_outlet(removed)) a.source = *o;
        }
        break;
    }
    if (auto date = first_date({&m.published, &m.ld_published, &m.itemprop_published, &m.meta_date,
                                &m.time_datetime})) {
        a.date = date->iso();
        a.date_source = DateSource::metadata;
    }
    for (const std::string* u : {&m.canonical, &m.og_url, &m.ld_url}) {
        if (!u->empty() && looks_like_url(*u) && (*u)[0] != '/') {
            a.url = std::string(text::trim(*u));
            break;
        }
    }
    if (!m.author.empty()) {
        a.byline = m.author;
    } else if (!m.ld_author.empty()) {
        a.byline = m.ld_author;
    } else if (!m.byline_text.empty()) {
        if (auto b = parse_byline(m.byline_text)) {
            a.byline = b->names;
            if (a.source.empty()) a.source = b->outlet;
        } else if (m.byline_text.size() <= 60) {
            a.byline = m.byline_text;
        }
    }

    const xmlNode* container = main_container(an, m);
    if (container) {
        ParagraphWriter w(&an);
        w.walk(container);
        d.paragraphs = w.take();
    }
    return assemble(std::move(d));
}

std::vector<std::string> html_fragment_paragraphs(std::string_view utf8) {
    std::string page = "<html><body>";
    page += utf8;
    page += "</body></html>";
    DocPtr doc = parse_document(page);
    xmlNode* root = doc ? xmlDocGetRootElement(doc.get()) : nullptr;
    if (!root) return {};
    ParagraphWriter w(nullptr);
    w.walk(root);
    return w.take();
}

}  // namespace newsdesk::ingest
